//! The compiled schema set: loads the embedded documents into an offline
//! registry, compiles one validator per [`ScimSchema`] once, and turns
//! `jsonschema` errors into short, PII-conscious [`SchemaViolation`]s.
//!
//! Validation always canonicalises key casing first (see
//! [`canonical`](super::canonical)), so violation paths use the schema's
//! spelling (`/userName` even if the server sent `UserName`). Messages never
//! echo a value longer than [`MAX_VALUE_CHARS`] characters and never echo a
//! `password` value at all.

use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::Location;
use jsonschema::{Keyword, Registry, ValidationError, Validator};
use serde::Serialize;
use serde_json::Value;

use super::canonical::{CasingNote, Documents, KeyIndex};
use super::embedded::{COMMON_FILE, COMMON_ID, COMMON_SOURCE, SchemaError, ScimSchema};

/// Longest rendering of an offending value kept in a message.
pub const MAX_VALUE_CHARS: usize = 80;

/// One way an instance breaks a schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchemaViolation {
    /// JSON pointer into the instance, e.g. `/Resources/0/password`; empty for the root.
    pub instance_path: String,
    /// Short human-readable reason.
    pub message: String,
    /// Where the failing keyword lives: a JSON pointer into the validated
    /// schema (`/properties/status/type`), or `urn:scimgate:schema:<Name>#/pointer`
    /// when the keyword was reached through a `$ref` into another document.
    pub schema_path: String,
}

/// Violations plus informational casing notes for one validated instance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SchemaReport {
    /// Schema violations; empty means valid.
    pub violations: Vec<SchemaViolation>,
    /// Keys that matched the schema only case-insensitively (legal, informational).
    pub casing: Vec<CasingNote>,
}

/// Every embedded SCIM schema, compiled once. `Send + Sync`.
pub struct SchemaSet {
    validators: Vec<Validator>,
    documents: Documents,
    keys: KeyIndex,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("schemas", &ScimSchema::ALL)
            .finish_non_exhaustive()
    }
}

static GLOBAL: LazyLock<SchemaSet> = LazyLock::new(|| {
    SchemaSet::load().expect("embedded SCIM schemas are broken (a unit test guards this)")
});

impl SchemaSet {
    /// Parses and compiles the embedded schemas with an offline registry of their `$id`s.
    pub fn load() -> Result<SchemaSet, SchemaError> {
        let mut documents = Documents::default();
        documents.insert(COMMON_ID, parse(COMMON_FILE, COMMON_ID, COMMON_SOURCE)?);
        for schema in ScimSchema::ALL {
            documents.insert(
                schema.id(),
                parse(schema.file(), schema.id(), schema.source())?,
            );
        }
        let registry = Registry::new()
            .extend(documents.iter())
            .and_then(|builder| builder.prepare())
            .map_err(|err| SchemaError::Registry(err.to_string()))?;
        let mut validators = Vec::with_capacity(ScimSchema::ALL.len());
        for schema in ScimSchema::ALL {
            let (_, document) = documents
                .resolve(schema.id(), schema.id())
                .expect("document inserted above");
            let validator = jsonschema::draft202012::options()
                .with_registry(&registry)
                .with_keyword(SCIM_INTEGER, scim_integer)
                .offline()
                .build(document)
                .map_err(|err| SchemaError::Compile {
                    schema,
                    message: err.to_string(),
                })?;
            validators.push(validator);
        }
        drop(registry);
        let keys = KeyIndex::build(&documents);
        Ok(SchemaSet {
            validators,
            documents,
            keys,
        })
    }

    /// The process-wide set, loaded on first use.
    pub fn global() -> &'static SchemaSet {
        &GLOBAL
    }

    /// Validates `instance` against `schema`; an empty result means valid.
    pub fn validate(&self, schema: ScimSchema, instance: &Value) -> Vec<SchemaViolation> {
        self.check(schema, instance).violations
    }

    /// Validates `instance` and also returns the casing notes.
    pub fn check(&self, schema: ScimSchema, instance: &Value) -> SchemaReport {
        let mut report = SchemaReport::default();
        let canonical = self.keys.canonicalize(schema, instance, &mut report.casing);
        let instance = canonical.as_ref().unwrap_or(instance);
        report.violations = self.violations(schema, instance, "");
        report
    }

    /// Validates a ListResponse envelope, then each `Resources[i]` with `item_schema`
    /// (violation and note paths prefixed with `/Resources/i`).
    pub fn validate_list(&self, item_schema: ScimSchema, instance: &Value) -> Vec<SchemaViolation> {
        self.check_list(item_schema, instance).violations
    }

    /// [`validate_list`](Self::validate_list) plus casing notes.
    pub fn check_list(&self, item_schema: ScimSchema, instance: &Value) -> SchemaReport {
        let mut report = SchemaReport::default();
        let canonical =
            self.keys
                .canonicalize(ScimSchema::ListResponse, instance, &mut report.casing);
        let envelope = canonical.as_ref().unwrap_or(instance);
        report.violations = self.violations(ScimSchema::ListResponse, envelope, "");
        let Some(items) = envelope.get("Resources").and_then(Value::as_array) else {
            return report;
        };
        for (index, item) in items.iter().enumerate() {
            let prefix = format!("/Resources/{index}");
            let mut notes = Vec::new();
            let canonical = self.keys.canonicalize(item_schema, item, &mut notes);
            report.casing.extend(notes.into_iter().map(|mut note| {
                note.instance_path.insert_str(0, &prefix);
                note
            }));
            let item = canonical.as_ref().unwrap_or(item);
            report
                .violations
                .extend(self.violations(item_schema, item, &prefix));
        }
        report
    }

    fn violations(
        &self,
        schema: ScimSchema,
        instance: &Value,
        prefix: &str,
    ) -> Vec<SchemaViolation> {
        let validator = &self.validators[schema as usize];
        if validator.is_valid(instance) {
            return Vec::new();
        }
        validator
            .iter_errors(instance)
            .map(|error| SchemaViolation {
                instance_path: format!("{prefix}{}", error.instance_path()),
                message: self.message(&error),
                schema_path: schema_path(schema, &error),
            })
            .collect()
    }

    /// A short message that never echoes secrets or long values.
    fn message(&self, error: &ValidationError<'_>) -> String {
        let path = error.instance_path().as_str();
        let last = path.rsplit('/').next().unwrap_or_default();
        if last == "password" {
            return "password must not be returned (mutability writeOnly, returned never: RFC 7643 §4.1.1)"
                .to_owned();
        }
        let keyword_path = error.schema_path().as_str();
        if keyword_path.ends_with("/dateTime/pattern") {
            return format!(
                "{} is not an xsd:dateTime (RFC 7643 §2.3.5)",
                shorten(error.instance())
            );
        }
        if keyword_path.ends_with("/maxContains") {
            return self.max_contains_message(error);
        }
        if matches!(error.kind(), ValidationErrorKind::Contains)
            && let Some(message) = self.contains_message(error)
        {
            return message;
        }
        error.masked_with(shorten(error.instance())).to_string()
    }

    /// `maxContains` is only used for "at most one primary value" (RFC 7643 §2.4).
    fn max_contains_message(&self, error: &ValidationError<'_>) -> String {
        let limit = self
            .keyword(error)
            .and_then(|keyword| keyword.as_u64())
            .unwrap_or(1);
        format!("more than {limit} value has \"primary\": true (RFC 7643 §2.4)")
    }

    /// The schema value of the failing keyword, found through its absolute location.
    fn keyword(&self, error: &ValidationError<'_>) -> Option<&Value> {
        let location = error.absolute_keyword_location()?.as_str();
        let (id, pointer) = location.split_once('#')?;
        let (_, keyword) = self.documents.resolve(id, &format!("#{pointer}"))?;
        Some(keyword)
    }

    /// For `contains` keywords that pin a URN (`(?i)^urn:..$`), say which URN is missing.
    fn contains_message(&self, error: &ValidationError<'_>) -> Option<String> {
        let keyword = self.keyword(error)?;
        let pattern = keyword.get("pattern")?.as_str()?;
        let urn = pattern
            .strip_prefix("(?i)^")?
            .strip_suffix('$')?
            .replace("\\.", ".");
        Some(format!(
            "must contain {urn:?} (compared case-insensitively)"
        ))
    }
}

/// Custom keyword: `"scimInteger": true` rejects numbers written with a
/// fraction or exponent (`1.0`, `1e2`), which JSON Schema's `integer` accepts
/// but RFC 7643 §2.3.4 does not. Non-numbers are left to `type`.
const SCIM_INTEGER: &str = "scimInteger";

struct ScimInteger;

impl<'i> Keyword<'i> for ScimInteger {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if Keyword::is_valid(self, instance) {
            return Ok(());
        }
        Err(ValidationError::custom(format!(
            "{} is not a SCIM integer: no fraction or exponent allowed (RFC 7643 §2.3.4)",
            shorten(instance)
        )))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance.as_number().is_none_or(|number| !number.is_f64())
    }
}

fn scim_integer<'a>(
    _parent: &'a serde_json::Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    match value {
        Value::Bool(true) => Ok(Box::new(ScimInteger)),
        _ => Err(ValidationError::schema("scimInteger must be true")),
    }
}

/// Where the failing keyword lives: a plain JSON pointer inside `schema`'s own
/// document, or `urn:..#/pointer` when it lives in another document (`$ref`).
fn schema_path(schema: ScimSchema, error: &ValidationError<'_>) -> String {
    if let Some(location) = error.absolute_keyword_location()
        && let Some((id, pointer)) = location.as_str().split_once('#')
        && id != schema.id()
    {
        return format!("{id}#{pointer}");
    }
    error.schema_path().to_string()
}

/// Compact JSON rendering of `value`, cut to [`MAX_VALUE_CHARS`] characters.
fn shorten(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= MAX_VALUE_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_VALUE_CHARS).collect();
    cut.push('…');
    cut
}

fn parse(file: &'static str, expected: &'static str, source: &str) -> Result<Value, SchemaError> {
    let document: Value =
        serde_json::from_str(source).map_err(|source| SchemaError::Parse { file, source })?;
    let found = document.get("$id").and_then(Value::as_str);
    if found != Some(expected) {
        return Err(SchemaError::IdMismatch {
            file,
            expected,
            found: found.map(str::to_owned),
        });
    }
    Ok(document)
}
