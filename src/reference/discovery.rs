//! Discovery endpoints (RFC 7644 §4) and the routes that do not exist.
//!
//! `/ServiceProviderConfig` tells the truth about this server: PATCH, bulk
//! (`maxOperations` 100, `maxPayloadSize` the request body limit), filter
//! (`maxResults` 1000), sort, ETag and changePassword are supported, and
//! authentication is an OAuth bearer token. `/Schemas` is generated
//! from the same attribute table the server enforces. A `filter` on these
//! endpoints is answered with 403 as RFC 7644 §4 recommends. `/Me` is not
//! implemented and answers 501; anything else unknown is 404.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde_json::{Value, json};

use super::bulk::MAX_OPERATIONS;
use super::error::{ScimError, scim_response};
use super::fault::Fault;
use super::list::{MAX_RESULTS, list_body};
use super::schema::{SCHEMAS, schema_json};
use super::served_type::ServedType;
use super::server::AppState;

/// Routes for the discovery endpoints and the unimplemented ones, under `prefix`.
pub(crate) fn routes(prefix: &str) -> Router<AppState> {
    Router::new()
        .route(
            &format!("{prefix}/ServiceProviderConfig"),
            get(service_provider_config),
        )
        .route(&format!("{prefix}/ResourceTypes"), get(resource_types))
        .route(
            &format!("{prefix}/ResourceTypes/{{name}}"),
            get(resource_type),
        )
        .route(&format!("{prefix}/Schemas"), get(schemas))
        .route(&format!("{prefix}/Schemas/{{urn}}"), get(schema))
        .route(&format!("{prefix}/.search"), post(super::list::search_root))
        .route(&format!("{prefix}/Me"), any(me))
}

/// Fallback for every unknown path: 404 SCIM Error.
pub(crate) async fn no_route(State(state): State<AppState>) -> Response {
    if state.has(Fault::UnknownEndpointAnswers200) {
        return (
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>Welcome</h1></body></html>",
        )
            .into_response();
    }
    ScimError::new(StatusCode::NOT_FOUND, "no such endpoint").into_response()
}

async fn not_implemented() -> ScimError {
    ScimError::new(
        StatusCode::NOT_IMPLEMENTED,
        "this endpoint is not implemented",
    )
}

/// `/Me` (RFC 7644 §3.11): not supported, so 501, unless a fault bends it.
async fn me(State(state): State<AppState>) -> Result<Response, ScimError> {
    if state.has(Fault::MeAnswers500) {
        return Err(ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the token has no user",
        ));
    }
    if state.has(Fault::MeWithoutLocation) {
        let body = json!({
            "schemas": [ServedType::User.core_urn()],
            "id": "me",
            "userName": "scimgate-token",
        });
        return Ok(scim_response(StatusCode::OK, &body));
    }
    Err(not_implemented().await)
}

/// The `count` of a query, for the discovery-paged fault.
fn count_param(query: Option<&str>) -> Option<usize> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k.eq_ignore_ascii_case("count"))
        .and_then(|(_, v)| v.parse().ok())
}

/// A discovery ListResponse: every entry, whatever the paging parameters (RFC 7644 §4).
fn discovery_list(state: &AppState, query: Option<&str>, mut all: Vec<Value>) -> Response {
    let total = all.len();
    if state.has(Fault::DiscoveryPaged)
        && let Some(count) = count_param(query)
    {
        all.truncate(count);
    }
    scim_response(StatusCode::OK, &list_body(state, total, 1, all))
}

fn refuse_filter(state: &AppState, query: Option<&str>) -> Result<(), ScimError> {
    let has_filter = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .any(|(k, _)| k.eq_ignore_ascii_case("filter"));
    if has_filter && !state.has(Fault::DiscoveryFilterAnswered) {
        return Err(ScimError::new(
            StatusCode::FORBIDDEN,
            "filtering is not supported on discovery endpoints (RFC 7644 §4)",
        ));
    }
    Ok(())
}

async fn service_provider_config(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ScimError> {
    refuse_filter(&state, q.as_deref())?;
    let body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://datatracker.ietf.org/doc/html/rfc7644",
        "patch": {"supported": !state.has(Fault::SpcDeniesPatch)},
        "bulk": {"supported": true, "maxOperations": MAX_OPERATIONS, "maxPayloadSize": state.body_limit()},
        "filter": {"supported": !state.has(Fault::SpcDeniesFilter), "maxResults": MAX_RESULTS},
        "changePassword": {"supported": !state.has(Fault::PasswordChangeRefused)},
        "sort": {"supported": true},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "Authentication with a static bearer token in the Authorization header",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{}/ServiceProviderConfig", state.base_url()),
        },
    });
    let mut body = body;
    if state.has(Fault::SpcWithoutAuthenticationSchemes)
        && let Some(map) = body.as_object_mut()
    {
        map.remove("authenticationSchemes");
    }
    Ok(scim_response(StatusCode::OK, &body))
}

fn resource_type_json(state: &AppState, kind: ServedType) -> Value {
    let base_url = state.base_url();
    let extensions: Vec<Value> = kind
        .extensions()
        .iter()
        .map(|e| json!({"schema": e.urn, "required": false}))
        .collect();
    let mut body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": kind.name(),
        "name": kind.name(),
        "endpoint": format!("/{}", kind.endpoint()),
        "description": format!("{} resources", kind.name()),
        "schema": kind.core_urn(),
        "schemaExtensions": extensions,
        "meta": {"resourceType": "ResourceType", "location": format!("{base_url}/ResourceTypes/{}", kind.name())},
    });
    if state.has(Fault::ResourceTypeWithoutEndpoint)
        && let Some(map) = body.as_object_mut()
    {
        map.remove("endpoint");
    }
    body
}

async fn resource_types(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ScimError> {
    refuse_filter(&state, q.as_deref())?;
    let all: Vec<Value> = [ServedType::User, ServedType::Group]
        .into_iter()
        .filter(|k| *k != ServedType::Group || !state.has(Fault::NoGroups))
        .map(|k| resource_type_json(&state, k))
        .collect();
    Ok(discovery_list(&state, q.as_deref(), all))
}

async fn resource_type(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ScimError> {
    let kind = [ServedType::User, ServedType::Group]
        .into_iter()
        .filter(|k| *k != ServedType::Group || !state.has(Fault::NoGroups))
        .find(|k| k.name().eq_ignore_ascii_case(&name))
        .ok_or_else(|| ScimError::not_found("ResourceType", &name))?;
    Ok(scim_response(
        StatusCode::OK,
        &resource_type_json(&state, kind),
    ))
}

async fn schemas(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ScimError> {
    refuse_filter(&state, q.as_deref())?;
    let mut all: Vec<Value> = (0..SCHEMAS.len())
        .filter_map(|i| schema_json(i, state.base_url()))
        .filter(|s| !(state.has(Fault::NoGroups) && s["id"] == ServedType::Group.core_urn()))
        .filter(|s| !(state.has(Fault::ExtensionSchemaUnserved) && s["id"] == ENTERPRISE_URN))
        .map(|s| with_schema_faults(&state, s))
        .collect();
    if state.has(Fault::SchemasListMessages) {
        all.push(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": super::list::LIST_URN,
            "name": "ListResponse",
            "description": "The query response message",
            "attributes": [],
        }));
    }
    Ok(discovery_list(&state, q.as_deref(), all))
}

async fn schema(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<Response, ScimError> {
    if state.has(Fault::SchemaByIdAnswersList) {
        return schemas(State(state), RawQuery(None)).await;
    }
    let index = SCHEMAS
        .iter()
        .position(|(id, ..)| id.eq_ignore_ascii_case(&urn))
        .ok_or_else(|| ScimError::not_found("Schema", &urn))?;
    let body =
        schema_json(index, state.base_url()).ok_or_else(|| ScimError::not_found("Schema", &urn))?;
    if state.has(Fault::ExtensionSchemaUnserved) && body["id"] == ENTERPRISE_URN {
        return Err(ScimError::not_found("Schema", &urn));
    }
    Ok(scim_response(
        StatusCode::OK,
        &with_schema_faults(&state, body),
    ))
}

/// The enterprise User extension's URN.
const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The schema-shaping faults: schema-attribute-malformed gives the User schema's `title` the
/// type "text", which RFC 7643 §2.3 does not define.
fn with_schema_faults(state: &AppState, mut schema: Value) -> Value {
    if state.has(Fault::SchemaAttributeMalformed)
        && schema["id"] == "urn:ietf:params:scim:schemas:core:2.0:User"
        && let Some(attrs) = schema["attributes"].as_array_mut()
    {
        for a in attrs.iter_mut().filter(|a| a["name"] == "title") {
            a["type"] = json!("text");
        }
    }
    schema
}
