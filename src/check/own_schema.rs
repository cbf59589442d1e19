//! `own-schema`: User and Group bodies (a single resource or every item of a ListResponse)
//! match the schemas the target itself declares at `/Schemas`, extensions included, for the
//! resource type `/ResourceTypes` declares at the endpoint (RFC 7643 §2, §3, §3.3, §6, §7).
//!
//! ```yaml
//! - check: own-schema
//!   schemas: "{{target_schemas}}"         # a captured GET /Schemas body
//!   resource_types: "{{target_types}}"    # a captured GET /ResourceTypes body
//! ```
//!
//! What is held: every attribute present is declared (in the base schema, or in an extension
//! of the resource type, under that extension's URN key, which `schemas` then lists); its
//! type, plurality and sub-attributes are the declared ones; required attributes are present;
//! `returned: never` / `writeOnly` attributes are absent. `schemas`, `id`, `externalId` and
//! `meta` are common attributes (§3.1) and always allowed. Not held, on purpose:
//! `canonicalValues` (§7: "suggested" values a provider MAY restrict to, so another value is
//! no violation), `returned: request` (whether the client asked is not in one response), and
//! the default sub-attributes of multi-valued attributes (`type`, `primary`, `display`,
//! `value`, `$ref`, §2.4) are allowed even when undeclared, which also passes
//! `members.display`, used in every example but missing from the §8.7.1 schema (checklist Q.6).

use super::catalogue::CheckId;
use super::declared::{AttrDef, AttrType, Declared, find, is_base64, is_date_time};
use super::outcome::CheckOutcome;
use super::util::{get_ci, show};
use crate::http::ReceivedResponse;
use crate::scenario::ResourceKind;
use serde_json::{Map, Value};

/// Common attributes (RFC 7643 §3.1): allowed on every resource whatever the schemas say.
const COMMON: &[&str] = &["schemas", "id", "externalId", "meta"];
/// Default sub-attributes of a multi-valued attribute (RFC 7643 §2.4).
const MULTI_DEFAULTS: &[&str] = &["type", "primary", "display", "value", "$ref"];

/// Judges a response against the target's own declarations.
pub(crate) fn eval_own_schema(
    resp: &ReceivedResponse,
    kind: Option<ResourceKind>,
    schemas: &Value,
    types: &Value,
) -> CheckOutcome {
    let id = CheckId::OwnSchema;
    if !(200..300).contains(&resp.status) || resp.status == 204 {
        return CheckOutcome::skipped(id, format!("answered {}: no resource to hold", resp.status));
    }
    let Ok(body) = resp.json() else {
        return CheckOutcome::error(id, "the body is not JSON");
    };
    let Some(kind) = kind else {
        return CheckOutcome::error(id, "the request addresses neither /Users nor /Groups");
    };
    let declared = match Declared::parse(schemas, types) {
        Ok(d) => d,
        Err(e) => {
            // The target's own documents are malformed: schemas-valid and
            // resource-types-valid fail for that; this check has nothing to judge against.
            return CheckOutcome::blocked(
                id,
                format!(
                    "the target's /Schemas or /ResourceTypes, which cannot be read as attribute definitions ({e})"
                ),
            );
        }
    };
    let Some(rt) = declared.resource_type(kind.endpoint()) else {
        return CheckOutcome::blocked(
            id,
            format!(
                "the target's /ResourceTypes, which declares no resource type at {}",
                kind.endpoint()
            ),
        );
    };
    let Some(core) = declared.schema(&rt.schema) else {
        return CheckOutcome::error(
            id,
            format!(
                "the resource type at {} names schema {}, which /Schemas does not list",
                kind.endpoint(),
                rt.schema
            ),
        );
    };
    let items: Vec<(String, &Value)> = match get_ci(&body, "Resources") {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("/Resources/{i}"), r))
            .collect(),
        _ => vec![(String::new(), &body)],
    };
    let cx = Cx {
        declared: &declared,
        extensions: &rt.extensions,
        core: &core.attrs,
        core_id: &core.id,
    };
    let mut problems = Vec::new();
    for (at, r) in &items {
        cx.resource(r, at, &mut problems);
    }
    if problems.is_empty() {
        return CheckOutcome::pass(
            id,
            format!("{} resource(s) match the target's own schemas", items.len()),
        );
    }
    CheckOutcome::fail(
        id,
        format!("{} ({} problem(s) in all)", problems[0], problems.len()),
        "every attribute declared by the target's /Schemas for this resource type, with its declared type and plurality; required ones present; returned:never ones absent",
        shown(&problems),
    )
}

/// At most ten problems, then how many more.
fn shown(problems: &[String]) -> String {
    const MAX: usize = 10;
    let mut text = problems
        .iter()
        .take(MAX)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > MAX {
        text.push_str(&format!("; … {} more", problems.len() - MAX));
    }
    text
}

struct Cx<'a> {
    declared: &'a Declared,
    extensions: &'a [(String, bool)],
    core: &'a [AttrDef],
    core_id: &'a str,
}

impl Cx<'_> {
    fn resource(&self, r: &Value, at: &str, out: &mut Vec<String>) {
        let Some(map) = r.as_object() else {
            out.push(format!("{at}: not a JSON object"));
            return;
        };
        let listed: Vec<&str> = get_ci(r, "schemas")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (key, value) in map {
            let here = format!("{at}/{key}");
            if COMMON.iter().any(|c| c.eq_ignore_ascii_case(key)) {
                continue;
            }
            if let Some((urn, _)) = self
                .extensions
                .iter()
                .find(|(u, _)| u.eq_ignore_ascii_case(key))
            {
                if !listed.iter().any(|l| l.eq_ignore_ascii_case(urn)) {
                    out.push(format!(
                        "{here}: extension attributes are present but `schemas` does not list {urn}"
                    ));
                }
                match (self.declared.schema(urn), value) {
                    (_, Value::Null) => {}
                    (None, _) => out.push(format!(
                        "{here}: extension {urn} is not declared at /Schemas"
                    )),
                    (Some(ext), Value::Object(obj)) => object(&ext.attrs, obj, false, &here, out),
                    (Some(_), other) => out.push(format!(
                        "{here}: an extension is a JSON object, got {}",
                        show(other)
                    )),
                }
                continue;
            }
            match find(self.core, key) {
                Some(def) => attr_value(def, value, &here, out),
                None => out.push(self.undeclared(key, &here)),
            }
        }
        required(self.core, map, at, out);
        for (urn, req) in self.extensions {
            let present = map
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(urn) && !v.is_null());
            if *req && !present {
                out.push(format!(
                    "{at}: the resource type requires extension {urn}, which is missing"
                ));
            }
        }
    }

    fn undeclared(&self, key: &str, here: &str) -> String {
        for (urn, _) in self.extensions {
            if self
                .declared
                .schema(urn)
                .is_some_and(|s| find(&s.attrs, key).is_some())
            {
                return format!(
                    "{here}: not in {}; extension {urn} declares it, so it belongs under the \"{urn}\" key",
                    self.core_id
                );
            }
        }
        if key.to_ascii_lowercase().starts_with("urn:") {
            return format!("{here}: not an extension of this resource type at /ResourceTypes");
        }
        format!("{here}: no schema of this resource type declares it")
    }
}

/// The members of a complex value (or extension object) against their definitions.
fn object(
    defs: &[AttrDef],
    obj: &Map<String, Value>,
    multi_defaults: bool,
    at: &str,
    out: &mut Vec<String>,
) {
    for (key, value) in obj {
        let here = format!("{at}/{key}");
        match find(defs, key) {
            Some(def) => attr_value(def, value, &here, out),
            None if multi_defaults
                && MULTI_DEFAULTS.iter().any(|d| d.eq_ignore_ascii_case(key)) => {}
            None => out.push(format!("{here}: not a declared sub-attribute")),
        }
    }
    required(defs, obj, at, out);
}

fn required(defs: &[AttrDef], obj: &Map<String, Value>, at: &str, out: &mut Vec<String>) {
    for def in defs
        .iter()
        .filter(|d| d.required && !d.never_returned() && d.returned != "request")
    {
        if COMMON.iter().any(|c| c.eq_ignore_ascii_case(&def.name)) {
            continue;
        }
        let present = obj
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(&def.name) && !v.is_null());
        if !present {
            out.push(format!("{at}/{}: required, but missing", def.name));
        }
    }
}

fn attr_value(def: &AttrDef, value: &Value, at: &str, out: &mut Vec<String>) {
    if value.is_null() {
        return;
    }
    if def.never_returned() {
        out.push(format!(
            "{at}: returned, but declared returned \"{}\" / mutability \"{}\"",
            def.returned, def.mutability
        ));
        return;
    }
    match (def.multi, value) {
        (true, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                single(def, item, &format!("{at}/{i}"), out);
            }
        }
        (true, other) => out.push(format!(
            "{at}: declared multiValued, got the single value {}",
            show(other)
        )),
        (false, Value::Array(_)) => out.push(format!("{at}: declared single-valued, got a list")),
        (false, other) => single(def, other, at, out),
    }
}

fn single(def: &AttrDef, v: &Value, at: &str, out: &mut Vec<String>) {
    let ok = match (def.ty, v) {
        (_, Value::Null) => true,
        (AttrType::String | AttrType::Reference, Value::String(_)) => true,
        (AttrType::Boolean, Value::Bool(_)) => true,
        (AttrType::Decimal, Value::Number(_)) => true,
        (AttrType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (AttrType::DateTime, Value::String(s)) => is_date_time(s),
        (AttrType::Binary, Value::String(s)) => is_base64(s),
        (AttrType::Complex, Value::Object(obj)) => {
            if let Some(subs) = &def.sub {
                object(subs, obj, def.multi, at, out);
            }
            true
        }
        _ => false,
    };
    if !ok {
        out.push(format!(
            "{at}: declared {}, got {}",
            def.ty.as_str(),
            show(v)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "urn:example:ext:2.0:User";

    fn declared() -> (Value, Value) {
        let schemas = json!({"Resources": [
            {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": [
                {"name": "userName", "type": "string", "required": true},
                {"name": "password", "type": "string", "mutability": "writeOnly", "returned": "never"},
                {"name": "emails", "type": "complex", "multiValued": true,
                 "subAttributes": [{"name": "value", "type": "string"}]},
                {"name": "created", "type": "dateTime"}]},
            {"id": EXT, "attributes": [
                {"name": "level", "type": "integer"},
                {"name": "tags", "type": "string", "multiValued": true}]}]});
        let types = json!({"Resources": [{"endpoint": "/Users",
            "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
            "schemaExtensions": [{"schema": EXT, "required": false}]}]});
        (schemas, types)
    }

    fn response(body: &Value) -> ReceivedResponse {
        ReceivedResponse {
            status: 200,
            headers: Vec::new(),
            body: body.to_string().into_bytes(),
            parsed: Default::default(),
        }
    }

    fn judge(body: Value) -> CheckOutcome {
        let (schemas, types) = declared();
        let resp = response(&body);
        eval_own_schema(&resp, Some(ResourceKind::User), &schemas, &types)
    }

    fn user(extra: Value) -> Value {
        let mut u = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", EXT],
                           "id": "1", "UserName": "a", "meta": {"resourceType": "User"},
                           "emails": [{"value": "a@x", "primary": true, "type": "work"}],
                           "created": "2024-01-02T03:04:05Z",
                           EXT: {"level": 3, "tags": ["x"]}});
        if let (Some(u), Some(e)) = (u.as_object_mut(), extra.as_object()) {
            u.extend(e.clone());
        }
        u
    }

    #[test]
    fn a_resource_matching_its_declarations_passes() {
        let o = judge(user(json!({})));
        assert_eq!(o.verdict, crate::check::Verdict::Pass, "{o:?}");
        let list = json!({"Resources": [user(json!({}))], "totalResults": 1});
        assert_eq!(judge(list).verdict, crate::check::Verdict::Pass);
    }

    #[test]
    fn each_broken_declaration_is_named() {
        for (extra, needle) in [
            (json!({EXT: {"level": "3"}}), "declared integer"),
            (
                json!({"nickName": "x"}),
                "no schema of this resource type declares it",
            ),
            (json!({"level": 3}), "belongs under"),
            (json!({"password": "x"}), "returned, but declared"),
            (json!({"emails": {"value": "a"}}), "declared multiValued"),
            (json!({"created": "yesterday"}), "declared dateTime"),
            (json!({"UserName": null}), "required, but missing"),
            (
                json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}),
                "does not list",
            ),
        ] {
            let o = judge(user(extra.clone()));
            assert_eq!(o.verdict, crate::check::Verdict::Fail, "{extra}");
            assert!(
                o.actual.as_deref().unwrap_or_default().contains(needle),
                "{extra}: {o:?}"
            );
        }
    }

    #[test]
    fn unreadable_declarations_block_the_check_rather_than_fail_it() {
        // The target's malformed documents are schemas-valid's failure, not harness trouble.
        let resp = response(&user(json!({})));
        let o = eval_own_schema(
            &resp,
            Some(ResourceKind::User),
            &json!({"x": 1}),
            &json!([]),
        );
        assert_eq!(o.verdict, crate::check::Verdict::Blocked);
        assert!(o.message.contains("cannot be read"), "{}", o.message);
    }
}
