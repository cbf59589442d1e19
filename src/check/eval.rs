//! The one dispatcher: a written check plus the step's calls → an outcome. Also the order in
//! which a step's checks are judged, so that one broken rule gives one failure, not a cascade.

use super::auto;
use super::catalogue::CheckId;
use super::catalogue::CheckSpec;
use super::outcome::{CheckOutcome, Verdict};
use super::{
    bulk, bulk_circular, bulk_limits, discovery, immutable, list, own_schema, protocol, query,
    resource, status, stored, version, write,
};
use crate::http::{Call, ReceivedResponse};
use crate::scenario::ResourceKind;

/// What a check looks at: the step's calls (several when paginated) and the resource type
/// the request addressed.
#[derive(Clone, Copy, Debug)]
pub struct CheckInput<'a> {
    /// The calls, in order. Never empty.
    pub calls: &'a [Call],
    /// `/Users…` → User, `/Groups…` → Group.
    pub kind: Option<ResourceKind>,
}

impl<'a> CheckInput<'a> {
    /// The last call's response, if one came.
    pub fn response(&self) -> Option<&'a ReceivedResponse> {
        self.calls.last().and_then(|c| c.response.as_ref().ok())
    }
}

/// Evaluates one written check. The caller guarantees a response exists.
pub fn eval_check(spec: &CheckSpec, input: &CheckInput<'_>) -> CheckOutcome {
    let Some(resp) = input.response() else {
        return CheckOutcome::error(spec.id(), "no response to judge");
    };
    match spec {
        CheckSpec::Create201 {} => status::eval_status(CheckId::Create201, resp, &[201]),
        CheckSpec::Get200 {} => status::eval_status(CheckId::Get200, resp, &[200]),
        CheckSpec::Replace200 {} => status::eval_status(CheckId::Replace200, resp, &[200]),
        CheckSpec::Patch200Or204 {} => {
            status::eval_status(CheckId::Patch200Or204, resp, &[200, 204])
        }
        CheckSpec::Delete204 {} => status::eval_status(CheckId::Delete204, resp, &[204]),
        CheckSpec::Deleted404 {} => status::eval_status(CheckId::Deleted404, resp, &[404]),
        CheckSpec::BadToken401 {} => status::eval_status(CheckId::BadToken401, resp, &[401]),
        CheckSpec::DeactivateKeepsUser {} => {
            status::eval_status(CheckId::DeactivateKeepsUser, resp, &[200])
        }
        CheckSpec::UnknownId404 {} => status::eval_status(CheckId::UnknownId404, resp, &[404]),
        CheckSpec::DuplicateRefused {} => status::eval_duplicate_refused(resp),
        CheckSpec::Duplicate409 {} => status::eval_duplicate_409(resp),
        CheckSpec::DuplicateScimType {} => status::eval_duplicate_scim_type(resp),
        CheckSpec::UsernameExact { value } => resource::eval_username_exact(resp, value),
        CheckSpec::FilterNoMatch200 {} => list::eval_filter_no_match_200(resp),
        CheckSpec::GroupRenameAccepted {} => {
            status::eval_status(CheckId::GroupRenameAccepted, resp, &[200, 204])
        }
        CheckSpec::WwwAuthenticate {} => status::eval_www_authenticate(resp),
        CheckSpec::ErrorDetail {} => status::eval_error_detail(resp),
        CheckSpec::ResponseTime { max_ms } => status::eval_response_time(input.calls, *max_ms),
        CheckSpec::CreateReturnsResource { or_duplicate } => {
            if *or_duplicate && super::status::is_duplicate_refusal(resp) {
                CheckOutcome::skipped(
                    CheckId::CreateReturnsResource,
                    "refused as a duplicate: no resource to judge",
                )
            } else if *or_duplicate && !(200..300).contains(&resp.status) {
                CheckOutcome::blocked(
                    CheckId::CreateReturnsResource,
                    format!("the refusal ({}): no resource to judge", resp.status),
                )
            } else {
                resource::eval_create_returns_resource(resp)
            }
        }
        CheckSpec::CreateLocation {} => resource::eval_create_location(resp),
        CheckSpec::Meta { kind } => resource::eval_meta(resp, *kind),
        CheckSpec::Echo { values } => resource::eval_values(CheckId::Echo, resp, values),
        CheckSpec::ReadBack { values } => resource::eval_values(CheckId::ReadBack, resp, values),
        CheckSpec::Members {
            includes,
            excludes,
            exactly,
        } => resource::eval_members(resp, includes, excludes, exactly.as_ref()),
        CheckSpec::ListResponse {} => {
            let query = input
                .calls
                .last()
                .and_then(|c| c.request.path.split_once('?'));
            list::eval_list_response(resp, query.map(|(_, q)| q))
        }
        CheckSpec::FilterNoMatch {} => list::eval_filter_no_match(resp),
        CheckSpec::FilterMatch { id } => list::eval_filter_match(CheckId::FilterMatch, resp, id),
        CheckSpec::FilterCaseInsensitive { id } => {
            list::eval_filter_match(CheckId::FilterCaseInsensitive, resp, id)
        }
        CheckSpec::PagingComplete { own } => list::eval_paging_complete(input.calls, own),
        CheckSpec::PagingCount {} => list::eval_paging_count(input.calls),
        CheckSpec::PagingTotal {} => list::eval_paging_total(input.calls),
        CheckSpec::SpcValid {} => discovery::eval_spc(resp),
        CheckSpec::ResourceTypesValid {} => discovery::eval_resource_types(resp),
        CheckSpec::SchemasValid {} => discovery::eval_schemas(resp),
        CheckSpec::SchemaById { id } => discovery::eval_schema_by_id(resp, id),
        CheckSpec::FilterOperators { ids }
        | CheckSpec::FilterLogic { ids }
        | CheckSpec::FilterValuePath { ids }
        | CheckSpec::FilterCaseExact { ids }
        | CheckSpec::FilterTypes { ids }
        | CheckSpec::SearchPost { ids } => query::eval_ids(spec.id(), resp, ids, false),
        CheckSpec::Sorted { ids } => query::eval_ids(CheckId::Sorted, resp, ids, true),
        CheckSpec::InvalidFilter400 {} => {
            query::eval_error_type(CheckId::InvalidFilter400, resp, "invalidFilter")
        }
        CheckSpec::CountZero { total } => query::eval_empty_page(CheckId::CountZero, resp, *total),
        CheckSpec::PageBeyondEnd { total } => {
            query::eval_empty_page(CheckId::PageBeyondEnd, resp, *total)
        }
        CheckSpec::StartIndexMin { ids } => query::eval_start_index_min(resp, ids),
        CheckSpec::AttributesParam { present, absent }
        | CheckSpec::ExcludedAttributesParam { present, absent } => {
            query::eval_projection(spec.id(), resp, present, absent)
        }
        CheckSpec::DeletedNotListed { id } => query::eval_not_listed(resp, id),
        CheckSpec::PutNoCreate404 {} => status::eval_status(CheckId::PutNoCreate404, resp, &[404]),
        CheckSpec::ReadOnlyIgnored { values } => {
            write::eval_differs(CheckId::ReadOnlyIgnored, resp, values)
        }
        CheckSpec::MetaUpdated { before } => write::eval_meta_updated(resp, before),
        CheckSpec::PatchAtomic { values } | CheckSpec::PatchReplaceComplex { values } => {
            resource::eval_values(spec.id(), resp, values)
        }
        CheckSpec::AttributeNamesCi { values } if (200..300).contains(&resp.status) => {
            resource::eval_values(spec.id(), resp, values)
        }
        CheckSpec::AttributeNamesCi { .. } => protocol::eval_names_refused(resp),
        CheckSpec::PatchAddAppends {
            attribute,
            includes,
            excludes,
        }
        | CheckSpec::PatchRemoveFilter {
            attribute,
            includes,
            excludes,
        } => write::eval_multi(spec.id(), resp, attribute, includes, excludes),
        CheckSpec::ScimType { scim_type } | CheckSpec::PatchError400 { scim_type } => {
            query::eval_error_type(spec.id(), resp, scim_type)
        }
        CheckSpec::EtagHeader {} => write::eval_etag(resp),
        CheckSpec::NotModified304 {} => status::eval_status(CheckId::NotModified304, resp, &[304]),
        CheckSpec::StaleEtag412 {} => write::eval_stale(resp),
        CheckSpec::Unauthorized401 {} => {
            status::eval_status(CheckId::Unauthorized401, resp, &[401])
        }
        CheckSpec::UnknownEndpoint404 {} => {
            status::eval_status(CheckId::UnknownEndpoint404, resp, &[404])
        }
        CheckSpec::InvalidSyntax400 {} => {
            status::eval_status(CheckId::InvalidSyntax400, resp, &[400])
        }
        CheckSpec::AcceptJson {} | CheckSpec::AcceptDefault {} => {
            protocol::eval_json_answer(spec.id(), resp)
        }
        CheckSpec::JsonBodyAccepted {} => protocol::eval_json_body_accepted(resp),
        CheckSpec::MethodNotSupported {} => protocol::eval_method_not_supported(resp),
        CheckSpec::DiscoveryParamsIgnored { same_as } => {
            protocol::eval_params_ignored(resp, same_as)
        }
        CheckSpec::DiscoveryFilter403 {} => protocol::eval_discovery_filter(resp),
        CheckSpec::Unsupported501 {} => protocol::eval_unsupported(resp),
        CheckSpec::MissingRequired400 {} => stored::eval_missing_required(resp),
        CheckSpec::RacingCreate {} => stored::eval_racing_create(resp),
        CheckSpec::SchemaImportExtensions { resource_types } => {
            super::schema_import::eval_extensions(resp, resource_types)
        }
        CheckSpec::SchemaImportAttributes { resource_types } => {
            super::schema_import::eval_attributes(resp, resource_types)
        }
        CheckSpec::RacingCreatesOne {} => stored::eval_racing_creates_one(resp),
        CheckSpec::NotEmpty { pointers } => stored::eval_not_empty(resp, pointers),
        CheckSpec::ExtensionStored { values } => stored::eval_extension_stored(resp, values),
        CheckSpec::UserGroups { includes, schemas } => {
            stored::eval_user_groups(resp, includes, schemas)
        }
        CheckSpec::PatchOpCase { attribute, value } => {
            stored::eval_patch_op_case(resp, attribute, value)
        }
        CheckSpec::SpcHonest { flag, ids, ordered } => {
            query::eval_spc_honest(resp, flag, ids, *ordered)
        }
        CheckSpec::MeAlias {} => protocol::eval_me(resp),
        CheckSpec::MeLocation {} => protocol::eval_me_location(resp),
        CheckSpec::VersionSegment { schema } => version::eval_version_segment(resp, schema),
        CheckSpec::BulkResponse {} => bulk::eval_bulk_response(input, resp),
        CheckSpec::BulkIdResolved { values } => bulk::eval_bulk_id_resolved(input, resp, values),
        CheckSpec::BulkCircular { values } => {
            bulk_circular::eval_bulk_circular(input, resp, values)
        }
        CheckSpec::BulkFailOnErrors { unprocessed } => {
            bulk_limits::eval_fail_on_errors(input, resp, unprocessed)
        }
        CheckSpec::BulkLimits413 { limit } => bulk_limits::eval_limits_413(resp, limit),
        CheckSpec::OwnSchema {
            schemas,
            resource_types,
        } => own_schema::eval_own_schema(resp, input.kind, schemas, resource_types),
        CheckSpec::Immutable { probe, unset } => immutable::eval_immutable(resp, probe, *unset),
        CheckSpec::PatchMutabilityRefused {} => immutable::eval_mutability_refused(resp),
        CheckSpec::Immutable400 {} => {
            query::eval_error_type(CheckId::Immutable400, resp, "mutability")
        }
    }
}

/// Judges all of a step's checks in order: transport errors first, then gate checks (the
/// status), then the body's JSON, then everything else. A failure at one stage blocks the
/// later stages, naming the root check.
pub fn judge_step(specs: &[CheckSpec], input: &CheckInput<'_>) -> Vec<CheckOutcome> {
    let mut out = Vec::new();
    // Transport trouble: nothing to judge.
    if let Some(err) = input.calls.iter().find_map(|c| c.response.as_ref().err()) {
        let msg = format!("no HTTP answer: {err}");
        for s in specs {
            out.push(CheckOutcome::error(s.id(), msg.clone()));
        }
        for id in auto::AUTO_CHECKS {
            out.push(CheckOutcome::error(*id, msg.clone()));
        }
        return out;
    }
    // "Not now" (429, 503) after scimgate waited as Okta would: harness trouble, not a
    // verdict on any check.
    if let Some(r) = input.response()
        && crate::http::is_rate_limit(r.status)
    {
        let msg = format!(
            "the target answered {} (rate limited or overloaded) even after waiting; not a verdict on this check",
            r.status
        );
        for s in specs {
            out.push(CheckOutcome::error(s.id(), msg.clone()));
        }
        return out;
    }
    let gates: Vec<CheckOutcome> = specs
        .iter()
        .filter(|s| s.is_gate())
        .map(|s| {
            let mut o = eval_check(s, input);
            if let Some(call) = input.calls.last() {
                super::refusal::explain(&mut o, call, input.kind);
            }
            o
        })
        .collect();
    // A success status with the wrong code (200 for 201) still carries a usable answer: the
    // failure is reported, the rest of the step is judged.
    let success = input
        .response()
        .is_some_and(|r| (200..300).contains(&r.status));
    let mut gates = gates;
    let failed_gate = gates
        .iter()
        .find(|o| o.leaves_answer_unusable(success))
        .map(|o| o.check);
    // One failure per root cause: a refused request fails its status check, which quotes the
    // refusal; the other gates judging the answer's body ("the created resource has no id")
    // are blocked by it rather than failed beside it.
    if let Some(root) = failed_gate.filter(|_| !success) {
        let why = format!("`{}` at this step", root.as_str());
        for o in gates
            .iter_mut()
            .filter(|o| o.check != root && o.verdict == Verdict::Fail)
        {
            *o = CheckOutcome::blocked(o.check, why.clone());
        }
    }
    out.extend(gates);
    let rest: Vec<&CheckSpec> = specs.iter().filter(|s| !s.is_gate()).collect();
    if let Some(root) = failed_gate {
        let why = format!("`{}` at this step", root.as_str());
        out.extend(
            rest.iter()
                .map(|s| CheckOutcome::blocked(s.id(), why.clone())),
        );
        if success {
            // A 2xx whose body the gate found unusable: nothing more to judge in it.
            out.extend(
                auto::AUTO_CHECKS
                    .iter()
                    .map(|id| CheckOutcome::blocked(*id, why.clone())),
            );
        } else {
            // A refusal is still an answer: its Error body is judged as any error's is (once:
            // a body that is not JSON at all is `json-body`'s failure alone).
            let json = auto::eval_json_body(input.calls);
            let json_failed = json.verdict == Verdict::Fail;
            out.push(json);
            if json_failed {
                out.extend(
                    auto::AUTO_CHECKS
                        .iter()
                        .filter(|id| **id != CheckId::JsonBody)
                        .map(|id| CheckOutcome::blocked(*id, "`json-body` at this step")),
                );
            } else {
                out.extend(auto::eval_body_checks(input));
            }
        }
        return out;
    }
    let json = auto::eval_json_body(input.calls);
    let json_failed = json.verdict == Verdict::Fail;
    out.push(json);
    if json_failed {
        let why = "`json-body` at this step";
        out.extend(rest.iter().map(|s| CheckOutcome::blocked(s.id(), why)));
        out.extend(
            auto::AUTO_CHECKS
                .iter()
                .filter(|id| **id != CheckId::JsonBody)
                .map(|id| CheckOutcome::blocked(*id, why)),
        );
        return out;
    }
    out.extend(auto::eval_body_checks(input));
    out.extend(rest.iter().map(|s| eval_check(s, input)));
    out
}
