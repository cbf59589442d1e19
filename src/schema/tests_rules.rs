//! Rule tests: broken payloads fail at the right instance path, tolerated
//! variations (key casing, nulls, vendor extensions, count=0 pages) pass,
//! `validate_list` prefixes item paths, and messages stay short and never echo
//! a password.

use rstest::rstest;
use serde_json::{Value, json};

use super::{SchemaSet, SchemaViolation, ScimSchema};

const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn user() -> Value {
    json!({
        "schemas": [USER_URN],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "userName": "bjensen@example.com",
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
                 "lastModified": "2011-05-13T04:42:34Z"}
    })
}

fn group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
        "displayName": "Tour Guides",
        "members": [{"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs"}]
    })
}

fn list(total: Value, resources: Option<Value>) -> Value {
    let mut body =
        json!({"schemas": [LIST_URN], "totalResults": total, "startIndex": 1, "itemsPerPage": 2});
    if let Some(resources) = resources {
        body["Resources"] = resources;
    }
    body
}

/// `base` with `patch` merged in at the top level (`null` removes a key).
fn with(mut base: Value, patch: Value) -> Value {
    for (key, value) in patch.as_object().expect("patch is an object") {
        if value.is_null() {
            base.as_object_mut().unwrap().remove(key);
        } else {
            base[key] = value.clone();
        }
    }
    base
}

fn paths(violations: &[SchemaViolation]) -> Vec<&str> {
    violations
        .iter()
        .map(|v| v.instance_path.as_str())
        .collect()
}

fn validate(schema: ScimSchema, instance: &Value) -> Vec<SchemaViolation> {
    SchemaSet::global().validate(schema, instance)
}

#[rstest]
#[case::error_numeric_status(ScimSchema::Error, json!({"schemas": [ERROR_URN], "status": 404}), "/status")]
#[case::error_status_not_http(ScimSchema::Error, json!({"schemas": [ERROR_URN], "status": "4040"}), "/status")]
#[case::error_without_schemas(ScimSchema::Error, json!({"status": "404", "detail": "not found"}), "")]
#[case::error_without_status(ScimSchema::Error, json!({"schemas": [ERROR_URN], "detail": "x"}), "")]
#[case::error_unknown_scim_type(ScimSchema::Error, json!({"schemas": [ERROR_URN], "status": "400", "scimType": "invalidValues"}), "/scimType")]
#[case::error_wrong_urn(ScimSchema::Error, json!({"schemas": [LIST_URN], "status": "400"}), "/schemas")]
#[case::list_total_as_string(ScimSchema::ListResponse, list(json!("2"), Some(json!([{}, {}]))), "/totalResults")]
#[case::list_missing_resources(ScimSchema::ListResponse, list(json!(2), None), "")]
#[case::list_negative_total(ScimSchema::ListResponse, list(json!(-1), None), "/totalResults")]
#[case::list_total_with_fraction(ScimSchema::ListResponse, list(json!(2.0), Some(json!([{}, {}]))), "/totalResults")]
#[case::list_items_per_page_exponent(ScimSchema::ListResponse, with(list(json!(0), None), json!({"itemsPerPage": 1e2})), "/itemsPerPage")]
#[case::list_start_index_zero(ScimSchema::ListResponse, with(list(json!(0), None), json!({"startIndex": 0})), "/startIndex")]
#[case::list_items_per_page_string(ScimSchema::ListResponse, with(list(json!(0), None), json!({"itemsPerPage": "0"})), "/itemsPerPage")]
#[case::user_returns_password(ScimSchema::User, with(user(), json!({"password": "t1meMa$heen"})), "/password")]
#[case::user_without_id(ScimSchema::User, with(user(), json!({"id": null})), "")]
#[case::user_empty_id(ScimSchema::User, with(user(), json!({"id": ""})), "/id")]
#[case::user_without_user_name(ScimSchema::User, with(user(), json!({"userName": null})), "")]
#[case::user_active_string(ScimSchema::User, with(user(), json!({"active": "true"})), "/active")]
#[case::user_created_not_datetime(ScimSchema::User, with(user(), json!({"meta": {"created": "23/01/2010 04:56"}})), "/meta/created")]
#[case::user_created_date_only(ScimSchema::User, with(user(), json!({"meta": {"lastModified": "2010-01-23"}})), "/meta/lastModified")]
#[case::user_schemas_empty(ScimSchema::User, with(user(), json!({"schemas": []})), "/schemas")]
#[case::user_schemas_without_core(ScimSchema::User, with(user(), json!({"schemas": [ENTERPRISE_URN]})), "/schemas")]
#[case::user_two_primary_emails(ScimSchema::User, with(user(), json!({"emails": [
    {"value": "a@example.com", "primary": true}, {"value": "b@example.com", "primary": true}]})), "/emails")]
#[case::user_primary_string(ScimSchema::User, with(user(), json!({"emails": [{"value": "a@example.com", "primary": "True"}]})), "/emails/0/primary")]
#[case::user_extension_without_urn(ScimSchema::User, with(user(), json!({ENTERPRISE_URN: {"employeeNumber": "1"}})), "/schemas")]
#[case::user_manager_as_string(ScimSchema::User, with(user(), json!({"schemas": [USER_URN, ENTERPRISE_URN], ENTERPRISE_URN: {"manager": "123456"}})),
    "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager")]
#[case::group_member_without_value(ScimSchema::Group, with(group(), json!({"members": [{"display": "Babs"}]})), "/members/0")]
#[case::group_without_display_name(ScimSchema::Group, with(group(), json!({"displayName": null})), "")]
#[case::patch_remove_without_path(ScimSchema::PatchOp, json!({"schemas": [PATCH_URN], "Operations": [{"op": "remove"}]}), "/Operations/0")]
#[case::patch_add_without_value(ScimSchema::PatchOp, json!({"schemas": [PATCH_URN], "Operations": [{"op": "Add", "path": "members"}]}), "/Operations/0")]
#[case::patch_json_patch_op(ScimSchema::PatchOp, json!({"schemas": [PATCH_URN], "Operations": [{"op": "move", "path": "x"}]}), "/Operations/0/op")]
#[case::patch_no_operations(ScimSchema::PatchOp, json!({"schemas": [PATCH_URN], "Operations": []}), "/Operations")]
#[case::spc_without_patch(ScimSchema::ServiceProviderConfig, json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0}, "filter": {"supported": false, "maxResults": 0},
    "changePassword": {"supported": false}, "sort": {"supported": false}, "etag": {"supported": false}, "authenticationSchemes": []}), "")]
#[case::resource_type_without_endpoint(ScimSchema::ResourceType, json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    "name": "User", "schema": USER_URN}), "")]
#[case::schema_attribute_bad_mutability(ScimSchema::Schema, json!({"id": USER_URN, "attributes": [{"name": "userName", "mutability": "readwrite"}]}),
    "/attributes/0/mutability")]
fn broken_payloads_fail_at_the_right_path(
    #[case] schema: ScimSchema,
    #[case] instance: Value,
    #[case] expected: &str,
) {
    let violations = validate(schema, &instance);
    let mut found = paths(&violations);
    found.dedup();
    assert_eq!(found, vec![expected], "{violations:#?}");
}

#[rstest]
#[case::user_name_case(ScimSchema::User, with(user(), json!({"userName": null, "UserName": "bjensen"})))]
#[case::nested_case(ScimSchema::User, with(user(), json!({"NAME": {"GivenName": "Barbara"}, "Emails": [{"VALUE": "b@example.com", "Primary": true}],
    "META": {"Created": "2010-01-23T04:56:22Z"}, "meta": null})))]
#[case::schema_urn_case(ScimSchema::User, with(user(), json!({"schemas": ["URN:ietf:params:scim:schemas:core:2.0:user"]})))]
#[case::vendor_extension(ScimSchema::User, with(user(), json!({"schemas": [USER_URN, "urn:example:vendor:2.0:User"],
    "urn:example:vendor:2.0:User": {"badge": 42, "tags": ["a"]}, "x-vendor-flag": true})))]
#[case::null_optionals(ScimSchema::User, with(user(), json!({"name": Value::Null, "emails": Value::Null, "displayName": Value::Null,
    "active": Value::Null, "groups": Value::Null, "externalId": Value::Null})))]
#[case::explicit_nulls_inside(ScimSchema::User, json!({"schemas": [USER_URN], "id": "1", "userName": "u", "meta": null, "password": null,
    "name": {"givenName": null}, ENTERPRISE_URN: null, "emails": []}))]
#[case::datetime_without_zone(ScimSchema::User, with(user(), json!({"meta": {"created": "2011-08-01T21:32:44", "lastModified": "2011-08-01T21:32:44.123+02:00"}})))]
#[case::enterprise_extension(ScimSchema::User, with(user(), json!({"schemas": [USER_URN, ENTERPRISE_URN],
    ENTERPRISE_URN: {"employeeNumber": "7", "manager": {"value": "26118915", "displayName": "John Smith"}}})))]
#[case::list_total_zero_no_resources(ScimSchema::ListResponse, list(json!(0), None))]
#[case::list_total_zero_empty_resources(ScimSchema::ListResponse, list(json!(0), Some(json!([]))))]
#[case::list_count_zero(ScimSchema::ListResponse, with(list(json!(5), None), json!({"itemsPerPage": 0})))]
#[case::list_resources_key_case(ScimSchema::ListResponse, list(json!(1), None).tap_resources("resources"))]
#[case::spc_without_id(ScimSchema::ServiceProviderConfig, json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
    "filter": {"supported": true, "maxResults": 100}, "changePassword": {"supported": false}, "sort": {"supported": false},
    "etag": {"supported": false}, "authenticationSchemes": [{"name": "OAuth Bearer Token", "description": "Bearer token", "type": "oauthbearertoken"}],
    "cursor": {"supported": false}}))]
#[case::error_409_uniqueness(ScimSchema::Error, json!({"schemas": [ERROR_URN], "status": "409", "scimType": "uniqueness"}))]
#[case::error_null_scim_type(ScimSchema::Error, json!({"schemas": [ERROR_URN], "status": "500", "scimType": null, "detail": null}))]
#[case::group_without_members(ScimSchema::Group, with(group(), json!({"members": Value::Null})))]
#[case::patch_remove_with_value_array(ScimSchema::PatchOp, json!({"schemas": [PATCH_URN], "Operations": [{"op": "REMOVE", "path": "members", "value": [{"value": "1"}]}]}))]
fn tolerated_variations_pass(#[case] schema: ScimSchema, #[case] instance: Value) {
    let violations = validate(schema, &instance);
    assert!(violations.is_empty(), "{violations:#?}");
}

/// Moves `Resources` to a differently cased key, with one valid item.
trait TapResources {
    fn tap_resources(self, key: &str) -> Value;
}

impl TapResources for Value {
    fn tap_resources(mut self, key: &str) -> Value {
        self[key] = json!([{"schemas": [USER_URN], "id": "1", "userName": "u"}]);
        self
    }
}

#[test]
fn canonicalisation_reports_casing_notes_and_validates_renamed_keys() {
    let instance = with(
        user(),
        json!({"userName": null, "UserName": "bjensen", "Name": {"givenNAME": "Barbara"}, "Active": "true",
               "urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User": {"Manager": "123456"},
               "schemas": [USER_URN, ENTERPRISE_URN]}),
    );
    let report = SchemaSet::global().check(ScimSchema::User, &instance);
    let mut notes: Vec<(&str, &str, &str)> = report
        .casing
        .iter()
        .map(|n| {
            (
                n.instance_path.as_str(),
                n.found.as_str(),
                n.canonical.as_str(),
            )
        })
        .collect();
    notes.sort();
    assert_eq!(
        notes,
        vec![
            ("/Active", "Active", "active"),
            ("/Name", "Name", "name"),
            ("/Name/givenNAME", "givenNAME", "givenName"),
            ("/UserName", "UserName", "userName"),
            (
                "/urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User",
                "urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User",
                ENTERPRISE_URN
            ),
            (
                "/urn:ietf:params:scim:schemas:extension:Enterprise:2.0:User/Manager",
                "Manager",
                "manager"
            ),
        ]
    );
    assert!(report.casing.iter().all(|n| !n.duplicate));
    // Renamed keys are validated under their schema spelling.
    let mut found = paths(&report.violations);
    found.sort();
    assert_eq!(
        found,
        vec![
            "/active",
            "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager"
        ]
    );
}

#[test]
fn canonicalisation_follows_recursive_and_merged_schemas() {
    // Schema.attributes[].subAttributes is recursive in the JSON Schema.
    let schema = json!({"ID": USER_URN, "Attributes": [{"NAME": "emails", "SubAttributes": [
        {"Name": "value", "Mutability": "bogus"}]}]});
    let violations = validate(ScimSchema::Schema, &schema);
    assert_eq!(
        paths(&violations),
        vec!["/attributes/0/subAttributes/0/mutability"],
        "{violations:#?}"
    );
    // addresses items combine the generic multi-valued item with address sub-attributes.
    let user = with(
        user(),
        json!({"Addresses": [{"StreetAddress": 7, "PRIMARY": "yes"}]}),
    );
    let mut found = paths(&validate(ScimSchema::User, &user))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    found.sort();
    assert_eq!(
        found,
        vec!["/addresses/0/primary", "/addresses/0/streetAddress"]
    );
}

#[test]
fn canonical_instances_are_not_rewritten_and_duplicates_are_kept() {
    let report = SchemaSet::global().check(ScimSchema::User, &user());
    assert_eq!(report, Default::default());
    // Both spellings present: the exact one wins, the other stays as received (and is noted).
    let report = SchemaSet::global().check(ScimSchema::User, &with(user(), json!({"USERNAME": 5})));
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    assert_eq!(report.casing.len(), 1);
    assert!(report.casing[0].duplicate);
}

#[test]
fn validate_list_prefixes_item_paths() {
    let leaked = with(user(), json!({"id": "2", "password": "hunter2-secret"}));
    let body = list(json!(2), Some(json!([user(), leaked])));
    let violations = SchemaSet::global().validate_list(ScimSchema::User, &body);
    assert_eq!(
        paths(&violations),
        vec!["/Resources/1/password"],
        "{violations:#?}"
    );
    assert!(
        !violations[0].message.contains("hunter2"),
        "{}",
        violations[0].message
    );

    // Envelope and item problems are reported together; item keys are canonicalised too.
    let body = json!({"schemas": [LIST_URN], "totalResults": "1",
                      "resources": [{"schemas": [USER_URN], "ID": "1", "Active": 1}]});
    let report = SchemaSet::global().check_list(ScimSchema::User, &body);
    let mut found = paths(&report.violations);
    found.sort();
    assert_eq!(
        found,
        vec!["/Resources/0", "/Resources/0/active", "/totalResults"],
        "{:#?}",
        report.violations
    );
    assert!(
        report
            .casing
            .iter()
            .any(|n| n.instance_path == "/Resources/0/ID" && n.canonical == "id")
    );
    assert!(
        report
            .casing
            .iter()
            .any(|n| n.instance_path == "/resources")
    );
}

#[test]
fn messages_are_short_and_name_the_missing_urn() {
    let long = "x".repeat(5_000);
    let violations = validate(ScimSchema::User, &with(user(), json!({"active": long})));
    assert_eq!(violations.len(), 1);
    assert!(
        violations[0].message.chars().count() < 200,
        "{}",
        violations[0].message
    );
    assert!(violations[0].message.contains('…'));

    let violations = validate(
        ScimSchema::Error,
        &json!({"schemas": ["urn:x"], "status": 404}),
    );
    let messages: Vec<&str> = violations.iter().map(|v| v.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains(ERROR_URN)),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("404") && m.contains("string")),
        "{messages:?}"
    );
    assert!(violations.iter().all(|v| !v.schema_path.is_empty()));

    let violations = validate(
        ScimSchema::User,
        &with(
            user(),
            json!({"meta": {"created": "yesterday"}, "emails": [{"primary": true}, {"primary": true}]}),
        ),
    );
    let messages: Vec<&str> = violations.iter().map(|v| v.message.as_str()).collect();
    assert!(
        messages.contains(&"\"yesterday\" is not an xsd:dateTime (RFC 7643 §2.3.5)"),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("primary")),
        "{messages:?}"
    );
    assert!(
        violations
            .iter()
            .any(|v| v.schema_path == "urn:scimgate:schema:Common#/$defs/dateTime/pattern"),
        "{violations:#?}"
    );
}

#[test]
fn scim_integer_keyword_explains_itself() {
    let violations = validate(
        ScimSchema::ListResponse,
        &with(list(json!(0), None), json!({"totalResults": 0.0})),
    );
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert_eq!(
        violations[0].message,
        "0.0 is not a SCIM integer: no fraction or exponent allowed (RFC 7643 §2.3.4)"
    );
    assert_eq!(
        violations[0].schema_path,
        "/properties/totalResults/scimInteger"
    );
}

#[test]
fn schema_set_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SchemaSet>();
}
