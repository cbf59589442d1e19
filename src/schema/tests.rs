//! Unit tests for the schema set: every schema compiles and is a valid
//! draft 2020-12 document, the RFC 7643/7644 examples pass, tolerated
//! variations pass, and broken payloads fail at the expected instance path.

use rstest::rstest;
use serde_json::Value;

use super::{SchemaError, SchemaSet, ScimSchema};

fn set() -> &'static SchemaSet {
    SchemaSet::global()
}

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

fn assert_valid(schema: ScimSchema, instance: &Value) {
    let violations = set().validate(schema, instance);
    assert!(
        violations.is_empty(),
        "{schema} should accept the instance, got {violations:#?}"
    );
}

#[test]
fn every_embedded_schema_loads_and_is_valid_against_the_2020_12_meta_schema() {
    let loaded = SchemaSet::load();
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let mut sources: Vec<(&str, &str)> = ScimSchema::ALL
        .iter()
        .map(|s| (s.file(), s.source()))
        .collect();
    sources.push((super::embedded::COMMON_FILE, super::embedded::COMMON_SOURCE));
    for (file, source) in sources {
        let document = fixture(source);
        assert_eq!(
            document["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
        if let Err(error) = jsonschema::meta::validate(&document) {
            panic!("{file} is not a valid 2020-12 schema: {error}");
        }
    }
}

#[rstest]
#[case::minimal_user_8_1(ScimSchema::User, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.1-minimal-user.json"))]
#[case::full_user_8_2(ScimSchema::User, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.2-full-user.json"))]
#[case::enterprise_user_8_3(ScimSchema::User, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.3-enterprise-user.json"))]
#[case::group_8_4(ScimSchema::Group, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.4-group.json"))]
#[case::spc_8_5(ScimSchema::ServiceProviderConfig, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.5-service-provider-config.json"))]
#[case::group_schema_8_7_1(ScimSchema::Schema, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.7.1-group-schema.json"))]
#[case::user_schema_8_7_1(ScimSchema::Schema, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.7.1-user-schema.json"))]
#[case::create_response_7644_3_3(ScimSchema::User, include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.3-user-create-response.json"))]
#[case::put_response_7644_3_5_1(ScimSchema::User, include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.5.1-user-put-response.json"))]
#[case::remove_member_7644_3_5_2_2(ScimSchema::PatchOp, include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.5.2.2-remove-member.json"))]
#[case::replace_attributes_7644_3_5_2_3(ScimSchema::PatchOp, include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.5.2.3-replace-attributes.json"))]
#[case::okta_patch(ScimSchema::PatchOp, include_str!("../../tests/fixtures/scim-rfc/okta-patch-deactivate-and-members.json"))]
#[case::entra_patch(ScimSchema::PatchOp, include_str!("../../tests/fixtures/scim-rfc/entra-patch-replace.json"))]
fn rfc_examples_pass(#[case] schema: ScimSchema, #[case] text: &str) {
    assert_valid(schema, &fixture(text));
}

#[rstest]
#[case::resource_types_8_6(ScimSchema::ResourceType, include_str!("../../tests/fixtures/scim-rfc/rfc7643-8.6-resource-types.json"))]
#[case::errors_7644_3_12(ScimSchema::Error, include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.12-errors.json"))]
fn rfc_example_arrays_pass(#[case] schema: ScimSchema, #[case] text: &str) {
    let Value::Array(items) = fixture(text) else {
        panic!("fixture is an array")
    };
    assert!(!items.is_empty());
    for item in &items {
        assert_valid(schema, item);
    }
}

#[rstest]
#[case::list_7644_3_4_2(include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.4.2-list-response.json"))]
#[case::pagination_7644_3_4_2_4(include_str!("../../tests/fixtures/scim-rfc/rfc7644-3.4.2.4-pagination-response.json"))]
fn rfc_list_responses_pass(#[case] text: &str) {
    let list = fixture(text);
    assert_valid(ScimSchema::ListResponse, &list);
    let violations = set().validate_list(ScimSchema::User, &list);
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn every_schema_file_on_disk_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/scim");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("schemas/scim exists")
        .map(|entry| {
            entry
                .expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".schema.json"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = ScimSchema::ALL
        .iter()
        .map(|s| s.file().to_owned())
        .collect();
    embedded.push(super::embedded::COMMON_FILE.to_owned());
    embedded.sort();
    assert_eq!(on_disk, embedded);
    for schema in ScimSchema::ALL {
        let on_disk = std::fs::read_to_string(dir.join(schema.file())).expect("readable schema");
        assert_eq!(on_disk, schema.source(), "{schema} is stale");
    }
}

#[test]
fn schemas_never_reference_remote_urls() {
    fn walk(value: &Value, file: &str) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    assert!(
                        reference.starts_with('#') || reference.starts_with("urn:scimgate:schema:"),
                        "{file}: $ref {reference} is not a registered $id"
                    );
                }
                map.values().for_each(|v| walk(v, file));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, file)),
            _ => {}
        }
    }
    for schema in ScimSchema::ALL {
        walk(&fixture(schema.source()), schema.file());
    }
    walk(
        &fixture(super::embedded::COMMON_SOURCE),
        super::embedded::COMMON_FILE,
    );
}

#[test]
fn schema_error_messages_are_lowercase() {
    let parse = serde_json::from_str::<Value>("{").unwrap_err();
    let errors = [
        SchemaError::Parse {
            file: "User.schema.json",
            source: parse,
        },
        SchemaError::IdMismatch {
            file: "User.schema.json",
            expected: "urn:scimgate:schema:User",
            found: None,
        },
        SchemaError::Registry("boom".to_owned()),
        SchemaError::Compile {
            schema: ScimSchema::User,
            message: "boom".to_owned(),
        },
    ];
    for error in errors {
        let message = error.to_string();
        assert!(
            message.starts_with(|c: char| c.is_ascii_lowercase()),
            "{message}"
        );
    }
}
