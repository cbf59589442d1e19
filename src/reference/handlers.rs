//! Create, read, replace, patch and delete for `/Users` and `/Groups`.
//!
//! Each handler takes the store lock once, does all its work synchronously and
//! releases it before returning, so no lock is ever held across an `.await`.
//! Writes are validated completely before anything is stored (RFC 7644 §3.5.2:
//! PATCH is atomic); ETags are weak (`W/"n"`) and equal `meta.version`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::error::{ScimError, ScimType};
use super::extension::check_extensions;
use super::fault::Fault;
use super::list::query_projection;
use super::middleware::{Written, check_version, etag_matches, json_body, resource_response};
use super::normalize::{check_write, normalize};
use super::patch::{PatchCx, apply_patch};
use super::representation::{Projection, render, render_version};
use super::served_type::ServedType;
use super::server::AppState;
use super::store::Store;

/// The enterprise User extension (RFC 7643 §4.3).
const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// `POST /Users`, `POST /Groups` (RFC 7644 §3.3).
/// The create-body faults: an unknown URN in `schemas`, an explicit `null`.
fn refuse_for_faults(state: &AppState, kind: ServedType, value: &Value) -> Result<(), ScimError> {
    let Some(body) = value.as_object() else {
        return Ok(());
    };
    if state.has(Fault::UnknownSchemaRefused)
        && let Some(Value::Array(urns)) = super::filter::get_ci(body, "schemas")
        && let Some(unknown) = urns
            .iter()
            .filter_map(Value::as_str)
            .find(|u| !u.eq_ignore_ascii_case(kind.core_urn()) && !kind.is_extension(u))
    {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            format!("unknown schema {unknown:?}"),
        ));
    }
    if state.has(Fault::NullsRefused) {
        let nested = body
            .values()
            .filter_map(Value::as_object)
            .flat_map(|m| m.values());
        if body.values().chain(nested).any(Value::is_null) {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                "attribute values may not be null",
            ));
        }
    }
    Ok(())
}

pub(crate) async fn create(
    kind: ServedType,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    let mut value = json_body(&headers, &body)?;
    refuse_for_faults(&state, kind, &value)?;
    if state.has(Fault::EnterpriseExtensionDropped)
        && let Some(map) = value.as_object_mut()
    {
        map.retain(|k, _| !k.eq_ignore_ascii_case(ENTERPRISE_URN));
    }
    let projection = query_projection(query.as_deref())?;
    let cx = state.render_cx();
    let written = if kind == ServedType::User && state.has(Fault::RacingCreatesTwin) {
        // The fault: check the name is free, take a while, insert without checking again.
        if let Ok(obj) = object(&value)
            && let Ok(mut attrs) = normalize(kind, obj)
        {
            check_write(&state.read(), kind, &mut attrs, None, state.faults())?;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        create_core_with(
            &state,
            kind,
            &value,
            state.faults().with(Fault::DuplicatesAllowed),
        )?
    } else {
        create_core(&state, kind, &value)?
    };
    let mut id = written.id;
    let mut rendered = written.body.unwrap_or_default();
    if state.has(Fault::CreateAnswersFirstResource) {
        let store = state.read();
        if let Some(first) = store.table(kind).first() {
            id = first.id.to_string();
            rendered = render(cx, &store, kind, first);
        }
    }
    let mut location = cx.location(kind, &id);
    if state.has(Fault::LocationMismatch) {
        location = format!("{}/{}", cx.base_url, kind.endpoint());
    }
    if state.has(Fault::CreateWithoutId)
        && let Some(map) = rendered.as_object_mut()
    {
        map.remove("id");
    }
    let status = if state.has(Fault::CreateAnswers200) {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let location = (!state.has(Fault::CreateWithoutLocation)).then_some(location);
    let mut response = resource_response(
        status,
        &projection.apply(kind, rendered),
        written.etag.as_deref(),
        location.as_deref(),
    );
    if state.has(Fault::CreateEmptyBody) {
        let (parts, _) = response.into_parts();
        response = Response::from_parts(parts, axum::body::Body::empty());
    }
    Ok(response)
}

/// Creates a resource from a request body: the part of `POST` that `/Bulk` shares.
pub(crate) fn create_core(
    state: &AppState,
    kind: ServedType,
    value: &Value,
) -> Result<Written, ScimError> {
    create_core_with(state, kind, value, state.faults())
}

/// [`create_core`] validating against `faults` (the racing-creates-twin fault inserts with
/// uniqueness switched off, after its own earlier check).
fn create_core_with(
    state: &AppState,
    kind: ServedType,
    value: &Value,
    faults: crate::reference::fault::FaultSet,
) -> Result<Written, ScimError> {
    if kind == ServedType::User
        && state.has(Fault::MissingUserNameAnswers500)
        && value
            .as_object()
            .is_none_or(|m| !m.keys().any(|k| k.eq_ignore_ascii_case("userName")))
    {
        return Err(ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "NullPointerException",
        ));
    }
    if kind == ServedType::User
        && state.has(Fault::CreateRequiresFormatted)
        && value.pointer("/name/formatted").is_none_or(Value::is_null)
    {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            "Field 'formatted' is required",
        ));
    }
    let mut attrs = normalize(kind, object(value)?)?;
    let cx = state.render_cx();
    let mut store = state.write();
    check_write(&store, kind, &mut attrs, None, faults)?;
    let id = store.insert(kind, &attrs);
    if kind == ServedType::User
        && let Some(gid) = state.sync_group()
    {
        join_group(&mut store, gid, &id);
    }
    let record = store.table(kind).get(&id).ok_or_else(|| {
        ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "created resource vanished",
        )
    })?;
    Ok(Written {
        status: StatusCode::CREATED,
        body: Some(render(cx, &store, kind, record)),
        etag: Some(record.etag()),
        id,
        located: true,
    })
}

/// Adds user `id` to group `gid` (the sync group), leaving the group's other members.
fn join_group(store: &mut Store, gid: &str, id: &str) {
    let Some(group) = store.table(ServedType::Group).get(gid) else {
        return;
    };
    let mut attrs = group.attrs();
    let members = attrs
        .entry("members")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = members {
        list.push(json!({"value": id, "type": "User"}));
    }
    store.update(ServedType::Group, gid, &attrs, false);
}

/// `GET /Users/{id}`, `GET /Groups/{id}` (RFC 7644 §3.4.1, §3.14).
pub(crate) async fn get_one(
    kind: ServedType,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ScimError> {
    let projection = query_projection(query.as_deref())?;
    let cx = state.render_cx();
    if state.has(Fault::GetByIdUnsupported) {
        return Err(ScimError::new(
            StatusCode::NOT_IMPLEMENTED,
            "reading one resource by id is not implemented; use a filter",
        ));
    }
    let (mut rendered, etag) = {
        let store = state.read();
        let Some(record) = store.table(kind).get(&id) else {
            if state.has(Fault::UnknownIdAnswers200) {
                return Ok(resource_response(
                    StatusCode::OK,
                    &json!({"schemas": [kind.core_urn()]}),
                    None,
                    None,
                ));
            }
            return Err(ScimError::not_found(kind.name(), &id));
        };
        match record
            .stale
            .as_deref()
            .filter(|_| state.has(Fault::StaleReadAfterPut))
        {
            Some(old) => (
                render_version(cx, &store, kind, record, Some(old)),
                format!("W/\"{}\"", old.0),
            ),
            None => (render(cx, &store, kind, record), record.etag()),
        }
    };
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    if !state.has(Fault::IfNoneMatchIgnored)
        && if_none_match.is_some_and(|h| etag_matches(h, &etag))
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = etag.parse() {
            response.headers_mut().insert(header::ETAG, v);
        }
        return Ok(response);
    }
    if kind == ServedType::Group
        && state.has(Fault::GroupGetOmitsMembers)
        && let Some(map) = rendered.as_object_mut()
    {
        map.remove("members");
    }
    let location = cx.location(kind, &id);
    Ok(resource_response(
        StatusCode::OK,
        &projection.apply(kind, rendered),
        Some(&etag),
        Some(&location),
    ))
}

/// `PUT /Users/{id}`, `PUT /Groups/{id}` (RFC 7644 §3.5.1).
pub(crate) async fn replace(
    kind: ServedType,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    let value = json_body(&headers, &body)?;
    let projection = query_projection(query.as_deref())?;
    let written = replace_core(&state, kind, &id, &value, if_match(&headers))?;
    Ok(written.response(&state, kind, &projection))
}

/// Replaces a resource: the part of `PUT` that `/Bulk` shares. `if_match` is the
/// `If-Match` header or the bulk operation's `version`.
pub(crate) fn replace_core(
    state: &AppState,
    kind: ServedType,
    id: &str,
    value: &Value,
    if_match: Option<&str>,
) -> Result<Written, ScimError> {
    let input = object(value)?;
    if state.has(Fault::PutRefusesReadOnly)
        && (input.contains_key("id") || input.contains_key("meta"))
    {
        return Err(ScimError::bad(
            ScimType::Mutability,
            "id and meta are readOnly",
        ));
    }
    refuse_password_change(state, kind, value)?;
    let mut attrs = normalize(kind, input)?;
    let mut store = state.write();
    if state.has(Fault::PutCreates) && store.table(kind).get(id).is_none() {
        check_write(&store, kind, &mut attrs, None, state.faults())?;
        let new_id = store.insert(kind, &attrs);
        let record = store.table(kind).get(&new_id).ok_or_else(|| {
            ScimError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "upserted resource vanished",
            )
        })?;
        return Ok(Written {
            status: StatusCode::CREATED,
            body: Some(render(state.render_cx(), &store, kind, record)),
            etag: Some(record.etag()),
            id: new_id,
            located: true,
        });
    }
    let record = store
        .table(kind)
        .get(id)
        .ok_or_else(|| ScimError::not_found(kind.name(), id))?;
    if !state.has(Fault::IfMatchIgnored) {
        check_version(if_match, &record.etag())?;
    }
    let old = record.attrs();
    // password is writeOnly: a read-modify-write PUT cannot echo it, so keep it.
    if let Some(password) = old.get("password") {
        attrs.entry("password").or_insert_with(|| password.clone());
    }
    check_extensions(kind, &old, &mut attrs, true, state.faults())?;
    if state.has(Fault::PutIgnoresName) {
        match old.get("name") {
            Some(name) => attrs.insert("name".into(), name.clone()),
            None => attrs.remove("name"),
        };
    }
    finish_write(
        state,
        &mut store,
        kind,
        id,
        old,
        attrs,
        state.has(Fault::StaleReadAfterPut),
    )
}

/// `PATCH /Users/{id}`, `PATCH /Groups/{id}` (RFC 7644 §3.5.2).
pub(crate) async fn patch(
    kind: ServedType,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    let value = json_body(&headers, &body)?;
    let projection = query_projection(query.as_deref())?;
    let stale = if kind == ServedType::Group && state.has(Fault::MembershipLostUpdate) {
        // The fault: read the group, take a while (a slow database round trip), then write
        // what was read plus this PATCH's change, whatever happened meanwhile.
        let read = state.read().table(kind).get(&id).map(|r| r.attrs());
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        read
    } else {
        None
    };
    let written = patch_core_on(&state, kind, &id, &value, if_match(&headers), stale)?;
    Ok(written.response(&state, kind, &projection))
}

/// Applies a PatchOp: the part of `PATCH` that `/Bulk` shares.
pub(crate) fn patch_core(
    state: &AppState,
    kind: ServedType,
    id: &str,
    value: &Value,
    if_match: Option<&str>,
) -> Result<Written, ScimError> {
    patch_core_on(state, kind, id, value, if_match, None)
}

/// [`patch_core`], applying the operations to `stale` (an earlier read of the resource, the
/// membership-lost-update fault) instead of what is stored now.
fn patch_core_on(
    state: &AppState,
    kind: ServedType,
    id: &str,
    value: &Value,
    if_match: Option<&str>,
    stale: Option<serde_json::Map<String, Value>>,
) -> Result<Written, ScimError> {
    refuse_password_change(state, kind, value)?;
    let mut store = state.write();
    let record = store
        .table(kind)
        .get(id)
        .ok_or_else(|| ScimError::not_found(kind.name(), id))?;
    if !state.has(Fault::IfMatchIgnored) {
        check_version(if_match, &record.etag())?;
    }
    let current = render(state.render_cx(), &store, kind, record);
    let old = record.attrs();
    let mut doc = stale.unwrap_or_else(|| old.clone());
    let cx = PatchCx {
        kind,
        faults: state.faults(),
        current: &current,
    };
    if let Err(e) = apply_patch(&mut doc, value, cx) {
        // The fault: the operations before the failing one stay applied.
        if state.has(Fault::PatchNotAtomic)
            && let Ok(mut partial) = normalize(kind, &doc)
            && check_write(&store, kind, &mut partial, Some(id), state.faults()).is_ok()
        {
            store.update(kind, id, &partial, false);
        }
        return Err(e);
    }
    let mut attrs = normalize(kind, &doc)?;
    check_extensions(kind, &old, &mut attrs, false, state.faults())?;
    if state.has(Fault::PatchActiveIgnored) {
        restore_active(&old, &mut attrs);
    }
    if kind == ServedType::User
        && state.has(Fault::DeactivateTwiceRefused)
        && old.get("active") == Some(&Value::Bool(false))
        && attrs.get("active") == Some(&Value::Bool(false))
        && value
            .to_string()
            .to_ascii_lowercase()
            .contains("\"active\"")
    {
        return Err(ScimError::new(
            StatusCode::CONFLICT,
            "User is already deactivated",
        ));
    }
    finish_write(state, &mut store, kind, id, old, attrs, false)
}

/// With [`Fault::PasswordChangeRefused`]: a write to an existing user that carries a
/// `password` (a PUT body's, a PATCH operation's path or value) is refused, 400 invalidPath.
fn refuse_password_change(
    state: &AppState,
    kind: ServedType,
    value: &Value,
) -> Result<(), ScimError> {
    if kind != ServedType::User || !state.has(Fault::PasswordChangeRefused) {
        return Ok(());
    }
    fn mentions(v: &Value) -> bool {
        match v {
            Value::Object(m) => m.iter().any(|(k, v)| {
                k.eq_ignore_ascii_case("password")
                    || (k.eq_ignore_ascii_case("path")
                        && v.as_str()
                            .is_some_and(|p| p.trim().eq_ignore_ascii_case("password")))
                    || mentions(v)
            }),
            Value::Array(a) => a.iter().any(mentions),
            _ => false,
        }
    }
    if mentions(value) {
        return Err(ScimError::bad(
            ScimType::InvalidPath,
            "password changes are not supported (changePassword.supported is false)",
        ));
    }
    Ok(())
}

/// The tail PUT and PATCH share: validate, apply the active-related faults, store.
fn finish_write(
    state: &AppState,
    store: &mut Store,
    kind: ServedType,
    id: &str,
    old: Map<String, Value>,
    mut attrs: Map<String, Value>,
    keep_stale: bool,
) -> Result<Written, ScimError> {
    check_write(store, kind, &mut attrs, Some(id), state.faults())?;
    let reactivated = old.get("active") != Some(&Value::Bool(true))
        && attrs.get("active") == Some(&Value::Bool(true));
    if kind == ServedType::User && reactivated && state.has(Fault::ReactivateIgnored) {
        restore_active(&old, &mut attrs);
    }
    let cx = state.render_cx();
    let deactivated = old.get("active") != Some(&Value::Bool(false))
        && attrs.get("active") == Some(&Value::Bool(false));
    if kind == ServedType::User && deactivated && state.has(Fault::DeactivateDeletes) {
        store.update(kind, id, &attrs, false);
        let rendered = store
            .table(kind)
            .get(id)
            .map(|r| render(cx, store, kind, r));
        store.remove(kind, id);
        return Ok(Written {
            status: StatusCode::OK,
            id: id.to_owned(),
            body: Some(rendered.unwrap_or_default()),
            etag: None,
            located: false,
        });
    }
    if store.update(kind, id, &attrs, keep_stale)
        && state.has(Fault::VersionNotBumped)
        && let Some(r) = store.table_mut(kind).get_mut(id)
    {
        r.version -= 1;
    }
    let record = store
        .table(kind)
        .get(id)
        .ok_or_else(|| ScimError::not_found(kind.name(), id))?;
    Ok(Written {
        status: StatusCode::OK,
        id: id.to_owned(),
        body: Some(render(cx, store, kind, record)),
        etag: Some(record.etag()),
        located: true,
    })
}

/// Puts `active` back to its stored value (the active-related faults).
fn restore_active(old: &Map<String, Value>, attrs: &mut Map<String, Value>) {
    match old.get("active") {
        Some(v) => attrs.insert("active".into(), v.clone()),
        None => attrs.remove("active"),
    };
}

/// `DELETE /Users/{id}`, `DELETE /Groups/{id}` (RFC 7644 §3.6).
pub(crate) async fn delete(
    kind: ServedType,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ScimError> {
    let written = delete_core(&state, kind, &id, if_match(&headers))?;
    Ok(written.response(&state, kind, &Projection::default()))
}

/// Deletes a resource: the part of `DELETE` that `/Bulk` shares.
pub(crate) fn delete_core(
    state: &AppState,
    kind: ServedType,
    id: &str,
    if_match: Option<&str>,
) -> Result<Written, ScimError> {
    let mut store = state.write();
    let record = store
        .table(kind)
        .get(id)
        .ok_or_else(|| ScimError::not_found(kind.name(), id))?;
    if !state.has(Fault::IfMatchIgnored) {
        check_version(if_match, &record.etag())?;
    }
    let shown = state
        .has(Fault::DeleteAnswers200)
        .then(|| render(state.render_cx(), &store, kind, record));
    let record = store.take(kind, id);
    if state.has(Fault::DeletedStillListed) && kind == ServedType::User {
        store.ghosts.extend(record);
    }
    Ok(Written {
        status: if shown.is_some() {
            StatusCode::OK
        } else {
            StatusCode::NO_CONTENT
        },
        id: id.to_owned(),
        body: shown,
        etag: None,
        located: false,
    })
}

fn if_match(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok())
}

fn object(value: &Value) -> Result<&Map<String, Value>, ScimError> {
    value
        .as_object()
        .ok_or_else(|| ScimError::bad(ScimType::InvalidSyntax, "the body must be a JSON object"))
}
