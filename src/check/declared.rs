//! The target's own schemas: `/Schemas` and `/ResourceTypes` answers read into attribute
//! definitions (RFC 7643 §6, §7), for the checks that hold resources to what the target
//! itself declares (`own-schema`, `immutable`).
//!
//! Reading is lenient where RFC 7643 §2.2 gives defaults (a missing `type` is `string`, a
//! missing `multiValued`/`required` is false, a missing `returned` is `default`) and strict
//! where a definition cannot mean anything (no `name`, an unknown `type`, `attributes` or
//! `subAttributes` that are not lists). Both answers may be a ListResponse or a bare list.

use super::util::{get_ci, json_str};
use serde_json::Value;

/// RFC 7643 §2.3 data types (`binary` from §2.3.6, although §7 leaves it out: checklist Q.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttrType {
    String,
    Boolean,
    Decimal,
    Integer,
    DateTime,
    Binary,
    Reference,
    Complex,
}

impl AttrType {
    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "string" => Self::String,
            "boolean" => Self::Boolean,
            "decimal" => Self::Decimal,
            "integer" => Self::Integer,
            "datetime" => Self::DateTime,
            "binary" => Self::Binary,
            "reference" => Self::Reference,
            "complex" => Self::Complex,
            _ => return None,
        })
    }

    /// The name as RFC 7643 spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Boolean => "boolean",
            Self::Decimal => "decimal",
            Self::Integer => "integer",
            Self::DateTime => "dateTime",
            Self::Binary => "binary",
            Self::Reference => "reference",
            Self::Complex => "complex",
        }
    }
}

/// One attribute definition.
#[derive(Clone, Debug)]
pub(crate) struct AttrDef {
    pub(crate) name: String,
    pub(crate) ty: AttrType,
    pub(crate) multi: bool,
    pub(crate) required: bool,
    /// `mutability`, lower-cased (`readwrite` when absent).
    pub(crate) mutability: String,
    /// `returned`, lower-cased (`default` when absent).
    pub(crate) returned: String,
    pub(crate) canonical: Vec<Value>,
    /// `None` when a complex attribute declares no `subAttributes` (a SHOULD in §7).
    pub(crate) sub: Option<Vec<AttrDef>>,
}

impl AttrDef {
    /// Never in a response: `returned: never` or `mutability: writeOnly` (RFC 7643 §7).
    pub(crate) fn never_returned(&self) -> bool {
        self.returned == "never" || self.mutability == "writeonly"
    }
}

/// One Schema resource.
#[derive(Clone, Debug)]
pub(crate) struct SchemaDef {
    pub(crate) id: String,
    pub(crate) attrs: Vec<AttrDef>,
}

/// One ResourceType: its endpoint, base schema and extensions (URN, required).
#[derive(Clone, Debug)]
pub(crate) struct ResourceTypeDef {
    pub(crate) endpoint: String,
    pub(crate) schema: String,
    pub(crate) extensions: Vec<(String, bool)>,
}

/// Everything the target declares.
#[derive(Clone, Debug)]
pub(crate) struct Declared {
    pub(crate) schemas: Vec<SchemaDef>,
    pub(crate) types: Vec<ResourceTypeDef>,
}

/// Finds a definition by name, case-insensitively (RFC 7643 §2.1).
pub(crate) fn find<'a>(attrs: &'a [AttrDef], name: &str) -> Option<&'a AttrDef> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

impl Declared {
    /// Reads captured `/Schemas` and `/ResourceTypes` answers.
    pub(crate) fn parse(schemas: &Value, types: &Value) -> Result<Self, String> {
        let schemas = resources(schemas, "/Schemas")?
            .iter()
            .enumerate()
            .map(|(i, s)| schema(s).map_err(|e| format!("/Schemas resource {i}: {e}")))
            .collect::<Result<_, _>>()?;
        let types = resources(types, "/ResourceTypes")?
            .iter()
            .enumerate()
            .map(|(i, t)| resource_type(t).map_err(|e| format!("/ResourceTypes resource {i}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(Self { schemas, types })
    }

    /// The schema with this id, case-insensitively.
    pub(crate) fn schema(&self, id: &str) -> Option<&SchemaDef> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }

    /// The resource type served at `endpoint` (`/Users`), case-insensitively.
    pub(crate) fn resource_type(&self, endpoint: &str) -> Option<&ResourceTypeDef> {
        let norm = |e: &str| e.trim_end_matches('/').to_ascii_lowercase();
        self.types
            .iter()
            .find(|t| norm(&t.endpoint).ends_with(&norm(endpoint)))
    }
}

fn resources<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    match v {
        Value::Array(items) => Ok(items),
        Value::Object(_) => get_ci(v, "Resources")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{what} is a JSON object without a `Resources` list")),
        _ => Err(format!("{what} is neither a ListResponse nor a list")),
    }
}

fn schema(v: &Value) -> Result<SchemaDef, String> {
    let id = json_str(v, "id").ok_or("no string `id`")?;
    let attrs = match get_ci(v, "attributes") {
        None | Some(Value::Null) => Vec::new(),
        Some(a) => attributes(a).map_err(|e| format!("{id}: {e}"))?,
    };
    Ok(SchemaDef { id, attrs })
}

fn attributes(v: &Value) -> Result<Vec<AttrDef>, String> {
    let items = v.as_array().ok_or("`attributes` is not a list")?;
    items.iter().map(attribute).collect()
}

fn attribute(v: &Value) -> Result<AttrDef, String> {
    let name = json_str(v, "name").ok_or("an attribute without a string `name`")?;
    let ty = match get_ci(v, "type") {
        None | Some(Value::Null) => AttrType::String,
        Some(Value::String(t)) => {
            AttrType::parse(t).ok_or_else(|| format!("attribute `{name}`: unknown type {t:?}"))?
        }
        Some(other) => return Err(format!("attribute `{name}`: type {other} is not a string")),
    };
    let flag = |key: &str| get_ci(v, key).and_then(Value::as_bool).unwrap_or(false);
    let word = |key: &str, default: &str| {
        json_str(v, key).map_or_else(|| default.to_owned(), |s| s.to_ascii_lowercase())
    };
    let sub = match get_ci(v, "subAttributes") {
        None | Some(Value::Null) => None,
        Some(s) => Some(attributes(s).map_err(|e| format!("attribute `{name}`: {e}"))?),
    };
    Ok(AttrDef {
        ty,
        multi: flag("multiValued"),
        required: flag("required"),
        mutability: word("mutability", "readwrite"),
        returned: word("returned", "default"),
        canonical: get_ci(v, "canonicalValues")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        sub,
        name,
    })
}

fn resource_type(v: &Value) -> Result<ResourceTypeDef, String> {
    let endpoint = json_str(v, "endpoint").ok_or("no string `endpoint`")?;
    let schema = json_str(v, "schema").ok_or("no string `schema`")?;
    let extensions = match get_ci(v, "schemaExtensions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|e| {
                let urn = json_str(e, "schema").ok_or("a schemaExtension without `schema`")?;
                Ok((
                    urn,
                    get_ci(e, "required")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                ))
            })
            .collect::<Result<_, String>>()?,
        Some(_) => return Err("`schemaExtensions` is not a list".to_owned()),
    };
    Ok(ResourceTypeDef {
        endpoint,
        schema,
        extensions,
    })
}

/// An xsd:dateTime (RFC 7643 §2.3.5): date and time, optional fraction, optional offset.
/// RFC 3339 requires the offset; xsd allows leaving it out, so both pass.
pub(crate) fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10)) {
        return false;
    }
    if !(matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        None => true,
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len() && digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6)
        }
        Some(_) => false,
    }
}

/// Base64 (RFC 4648 §4; padding may be left out, and the URL-safe alphabet of §5 passes too).
/// Line breaks (as in PEM-wrapped certificates) are ignored.
pub(crate) fn is_base64(s: &str) -> bool {
    let s: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let body = s.trim_end_matches('=');
    s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_list_responses_and_applies_the_rfc_defaults() {
        let schemas = json!({"Resources": [{"id": "urn:x:User", "attributes": [
            {"name": "userName", "required": true},
            {"name": "emails", "type": "complex", "multiValued": true,
             "subAttributes": [{"name": "value"}]}]}]});
        let types = json!([{"endpoint": "/Users", "schema": "urn:x:User",
                            "schemaExtensions": [{"schema": "urn:x:ext", "required": true}]}]);
        let d = Declared::parse(&schemas, &types).expect("parses");
        let user = d.schema("URN:X:USER").expect("found");
        let name = find(&user.attrs, "USERNAME").expect("found");
        assert_eq!(
            (name.ty, name.required, name.multi),
            (AttrType::String, true, false)
        );
        assert_eq!(name.returned, "default");
        let rt = d.resource_type("/users").expect("found");
        assert_eq!(rt.extensions, vec![("urn:x:ext".to_owned(), true)]);
    }

    #[test]
    fn says_what_cannot_be_read() {
        let bad = json!([{"id": "urn:x", "attributes": [{"name": "a", "type": "text"}]}]);
        let err = Declared::parse(&bad, &json!([])).unwrap_err();
        assert!(err.contains("unknown type \"text\""), "{err}");
        let err = Declared::parse(&json!("nope"), &json!([])).unwrap_err();
        assert!(err.contains("neither"), "{err}");
    }

    #[test]
    fn date_times_follow_xsd() {
        for ok in [
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.123+02:00",
            "2024-01-02T03:04:05",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2024-01-02",
            "2024-01-02 03:04:05Z",
            "2024-01-02T03:04:05+0200",
            "x",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        assert!(is_base64("AQID") && is_base64("AQI") && is_base64("AQ\r\nID"));
        assert!(!is_base64("A.Q") && !is_base64("AQ==="));
    }
}
