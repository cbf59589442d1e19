//! Each fault's command-line name and the rule it breaks, with its source: what
//! `scimgate serve --list-faults` prints and what the self-test tables cite.

use super::Fault;

impl Fault {
    /// (name, rule) of this fault.
    pub(super) fn info(self) -> (&'static str, &'static str) {
        match self {
            Fault::CreateAnswers200 => (
                "create-answers-200",
                "RFC 7644 §3.3: a successful create answers 201 Created",
            ),
            Fault::CreateWithoutLocation => (
                "create-without-location",
                "RFC 7644 §3.3: a 201 answer carries a Location header",
            ),
            Fault::CreateEmptyBody => (
                "create-empty-body",
                "RFC 7644 §3.3: the create answer contains the new resource (Okta: \"Create new user returned empty user\")",
            ),
            Fault::CreateWithoutId => (
                "create-without-id",
                "RFC 7643 §3.1: every representation includes the server-assigned id",
            ),
            Fault::DuplicatesAllowed => (
                "duplicates-allowed",
                "RFC 7643 §4.1.1 / RFC 7644 §3.3: userName is unique; a duplicate create answers 409 uniqueness",
            ),
            Fault::DuplicateAnswers500 => (
                "duplicate-answers-500",
                "RFC 7644 §3.3: a duplicate create answers 409 with scimType uniqueness",
            ),
            Fault::UserNameFilterCaseSensitive => (
                "username-filter-case-sensitive",
                "RFC 7643 §4.1.1 + RFC 7644 §3.4.2.2: userName is caseExact false, so filters match it case-insensitively",
            ),
            Fault::FilterIgnored => (
                "filter-ignored",
                "RFC 7644 §3.4.2.2: only resources matching the filter are returned",
            ),
            Fault::NoMatchHtml404 => (
                "no-match-html-404",
                "RFC 7644 §3.4.2: a query matching nothing answers 200 with totalResults 0",
            ),
            Fault::PagingFieldsAsStrings => (
                "paging-fields-as-strings",
                "RFC 7644 §3.4.2: totalResults, startIndex and itemsPerPage are integers",
            ),
            Fault::ListWithoutSchemas => (
                "list-without-schemas",
                "RFC 7644 §3.4.2: a ListResponse carries the ListResponse schema URN",
            ),
            Fault::StartIndexIgnored => (
                "start-index-ignored",
                "RFC 7644 §3.4.2.4: startIndex is the 1-based index of the first result",
            ),
            Fault::CountIgnored => (
                "count-ignored",
                "RFC 7644 §3.4.2.4: the server returns no more than count results",
            ),
            Fault::TotalResultsWrong => (
                "total-results-wrong",
                "RFC 7644 §3.4.2: totalResults is the total number of matching results",
            ),
            Fault::UnstableOrder => (
                "unstable-order",
                "Okta import paging: results keep a stable order across startIndex/count pages",
            ),
            Fault::UnknownIdAnswers200 => (
                "unknown-id-answers-200",
                "RFC 7644 §3.12: an unknown resource answers 404",
            ),
            Fault::ErrorStatusAsNumber => (
                "error-status-as-number",
                "RFC 7644 §3.12: the Error status is the HTTP status code as a JSON string",
            ),
            Fault::ErrorWithoutSchemas => (
                "error-without-schemas",
                "RFC 7644 §3.12: an Error body carries the Error schema URN",
            ),
            Fault::AnyTokenAccepted => (
                "any-token-accepted",
                "RFC 7644 §2 / §3.12: a missing or wrong credential answers 401",
            ),
            Fault::UnauthorizedAsHtml => (
                "unauthorized-as-html",
                "RFC 7644 §3.12: errors, including 401, are SCIM Error JSON bodies",
            ),
            Fault::PatchActiveIgnored => (
                "patch-active-ignored",
                "RFC 7644 §3.5.2.3: replace sets the targeted attribute (Okta deactivation)",
            ),
            Fault::NoPathPatchRefused => (
                "no-path-patch-refused",
                "RFC 7644 §3.5.2.1/§3.5.2.3: without path the value holds the attributes to add or replace",
            ),
            Fault::PutIgnoresName => (
                "put-ignores-name",
                "RFC 7644 §3.5.1: values provided in a PUT replace the existing ones",
            ),
            Fault::PutRefusesReadOnly => (
                "put-refuses-read-only",
                "RFC 7644 §3.5.1: readOnly values in a PUT body (Okta echoes id and meta) are ignored",
            ),
            Fault::PasswordReturned => (
                "password-returned",
                "RFC 7643 §4.1.1: password is writeOnly and never returned",
            ),
            Fault::ContentTypeJson => (
                "content-type-json",
                "RFC 7644 §3.1/§8.1: responses use the media type application/scim+json",
            ),
            Fault::MemberAddIgnored => (
                "member-add-ignored",
                "RFC 7644 §3.5.2.1: add on members appends the given members",
            ),
            Fault::MemberRemoveFilterRefused => (
                "member-remove-filter-refused",
                "RFC 7644 §3.5.2.2: remove with members[value eq \"id\"] removes the matching member",
            ),
            Fault::RenameWithIdRefused => (
                "rename-with-id-refused",
                "RFC 7644 §3.5.2 (Okta group rename): an unchanged readOnly id in the value is not a modification",
            ),
            Fault::DeleteAnswers200 => (
                "delete-answers-200",
                "RFC 7644 §3.6: a successful DELETE answers 204 No Content",
            ),
            Fault::DeactivateDeletes => (
                "deactivate-deletes",
                "RFC 7643 §4.1.1: active is a status flag; a deactivated user stays retrievable (Okta)",
            ),
            Fault::ReactivateIgnored => (
                "reactivate-ignored",
                "RFC 7644 §3.5.2.3: replace active true re-activates the user (Okta)",
            ),
            Fault::MetaMissing => (
                "meta-missing",
                "RFC 7643 §3.1: the service provider assigns and returns meta",
            ),
            Fault::GroupGetOmitsMembers => (
                "group-get-omits-members",
                "RFC 7643 §4.2: Group members are returned by default",
            ),
            Fault::StaleReadAfterPut => (
                "stale-read-after-put",
                "RFC 7644 §3.1: responses reflect the current resource state",
            ),
            Fault::SlowResponses => (
                "slow-responses",
                "Okta SPEC test: every answer arrives within 600 ms",
            ),
            Fault::LocationMismatch => (
                "location-mismatch",
                "RFC 7643 §3.1 / RFC 7644 §3.3: the Location header equals meta.location",
            ),
            Fault::PatchNotAtomic => (
                "patch-not-atomic",
                "RFC 7644 §3.5.2: a PATCH is atomic; on any error the resource is left as it was",
            ),
            Fault::PutCreates => (
                "put-creates",
                "RFC 7644 §3.5.1: PUT does not create resources; an unknown id answers 404",
            ),
            Fault::IfNoneMatchIgnored => (
                "if-none-match-ignored",
                "RFC 7644 §3.14: If-None-Match with the current ETag answers 304 Not Modified",
            ),
            Fault::IfMatchIgnored => (
                "if-match-ignored",
                "RFC 7644 §3.14: a write whose If-Match is stale answers 412 Precondition Failed",
            ),
            Fault::StartIndexBelowOneRefused => (
                "start-index-below-one-refused",
                "RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1",
            ),
            Fault::CountZeroIgnored => (
                "count-zero-ignored",
                "RFC 7644 §3.4.2.4: count 0 (negative counts read as 0) returns no resources, only totalResults",
            ),
            Fault::SortIgnored => (
                "sort-ignored",
                "RFC 7644 §3.4.2.3: sortBy/sortOrder order the results (sort.supported is true)",
            ),
            Fault::ExcludedAttributesIgnored => (
                "excluded-attributes-ignored",
                "RFC 7644 §3.4.2.5, §3.9: excludedAttributes removes the named attributes",
            ),
            Fault::WwwAuthenticateMissing => (
                "www-authenticate-missing",
                "RFC 7644 §2 (RFC 7235 §4.1): a 401 names the authentication scheme in WWW-Authenticate",
            ),
            Fault::PatchAddReplaces => (
                "patch-add-replaces",
                "RFC 7644 §3.5.2.1: add on a multi-valued attribute appends the values",
            ),
            Fault::RemoveFilterRemovesAll => (
                "remove-filter-removes-all",
                "RFC 7644 §3.5.2.2: remove with a value filter removes only the matching values",
            ),
            Fault::ReplaceComplexClears => (
                "replace-complex-clears",
                "RFC 7644 §3.5.2.3: replace on a complex attribute keeps the sub-attributes it does not name",
            ),
            Fault::ScimTypeMissing => (
                "scim-type-missing",
                "RFC 7644 §3.12 Table 9: 400 errors name their cause in scimType (invalidFilter, invalidPath, noTarget, ...)",
            ),
            Fault::SchemasListMessages => (
                "schemas-list-messages",
                "RFC 7644 §3.1: urn:ietf:params:scim:api: message schemas are not discoverable via /Schemas",
            ),
            Fault::AttributesIgnored => (
                "attributes-ignored",
                "RFC 7644 §3.4.2.5, §3.9: attributes returns the minimum set plus the named attributes only",
            ),
            Fault::SpcWithoutAuthenticationSchemes => (
                "spc-without-authentication-schemes",
                "RFC 7643 §5: authenticationSchemes is REQUIRED in the ServiceProviderConfig",
            ),
            Fault::EtagUnquoted => (
                "etag-unquoted",
                "RFC 7232 §2.3 / RFC 7644 §3.14: an ETag is a quoted entity tag, weak ones prefixed W/, equal to meta.version",
            ),
            Fault::BrokenJsonAnswers500 => (
                "broken-json-answers-500",
                "RFC 7644 §3.12 Tables 8, 9: an unparsable body answers 400 (invalidSyntax)",
            ),
            Fault::VersionNotBumped => (
                "version-not-bumped",
                "RFC 7643 §3.1 / RFC 7644 §3.14: meta.version (the ETag) changes whenever the resource changes",
            ),
            Fault::ValuePathTermsSplit => (
                "value-path-terms-split",
                "RFC 7644 §3.4.2.2: a value-path filter matches when one value satisfies the whole bracket",
            ),
            Fault::FilterNotIgnored => (
                "filter-not-ignored",
                "RFC 7644 §3.4.2.2 Table 4: not (f) matches the resources f does not match",
            ),
            Fault::AcceptJsonRefused => (
                "accept-json-refused",
                "RFC 7644 §3.8: a service provider should support `Accept: application/json`, answering SCIM JSON",
            ),
            Fault::AcceptAnyRefused => (
                "accept-any-refused",
                "RFC 7644 §3.8: without a requested format the answer defaults to application/scim+json",
            ),
            Fault::JsonContentTypeRefused => (
                "json-content-type-refused",
                "RFC 7644 §3.8, §8.1: application/json bodies are SCIM JSON too (older clients and Entra send them)",
            ),
            Fault::WrongMethodAnswers200 => (
                "wrong-method-answers-200",
                "RFC 7644 §3.12 Table 8: an operation the endpoint does not support answers an error (405 or 501), not success",
            ),
            Fault::DiscoveryPaged => (
                "discovery-paged",
                "RFC 7644 §4: pagination and sorting parameters on /Schemas and /ResourceTypes are ignored",
            ),
            Fault::DiscoveryFilterAnswered => (
                "discovery-filter-answered",
                "RFC 7644 §4: a filter on a discovery endpoint should be answered 403",
            ),
            Fault::SpcDeniesPatch => (
                "spc-denies-patch",
                "RFC 7644 §3.12 Table 8, §4: an operation the ServiceProviderConfig marks unsupported answers 501",
            ),
            Fault::MeWithoutLocation => (
                "me-without-location",
                "RFC 7644 §3.11: a /Me answer carries the aliased resource's permanent location in Location",
            ),
            Fault::MeAnswers500 => (
                "me-answers-500",
                "RFC 7644 §3.11: a service provider without /Me support should answer 501",
            ),
            Fault::DeletedStillListed => (
                "deleted-still-listed",
                "RFC 7644 §3.6: a deleted resource is omitted from query results",
            ),
            Fault::UnknownEndpointAnswers200 => (
                "unknown-endpoint-answers-200",
                "RFC 7644 §3.12 Table 8: an endpoint that does not exist answers 404",
            ),
            Fault::ResourceTypeWithoutEndpoint => (
                "resource-type-without-endpoint",
                "RFC 7643 §6: endpoint is REQUIRED in a ResourceType",
            ),
            Fault::SchemaByIdAnswersList => (
                "schema-by-id-answers-list",
                "RFC 7644 §4: GET /Schemas/{id} returns that one Schema",
            ),
            Fault::BulkIdsNotResolved => (
                "bulk-ids-not-resolved",
                "RFC 7644 §3.7.2: \"bulkId:<id>\" in a bulk operation is replaced by the id of the resource that POST created",
            ),
            Fault::FailOnErrorsIgnored => (
                "fail-on-errors-ignored",
                "RFC 7644 §3.7, §3.7.3: once failOnErrors operations have failed, the rest are not processed",
            ),
            Fault::BulkLimitIgnored => (
                "bulk-limit-ignored",
                "RFC 7644 §3.7.4: a bulk request over maxOperations or maxPayloadSize answers 413 naming the limit",
            ),
            Fault::BulkStatusAsNumber => (
                "bulk-status-as-number",
                "RFC 7644 §3.7.3: each bulk result's status is the HTTP code as a string (\"201\")",
            ),
            Fault::BulkErrorWithoutResponse => (
                "bulk-error-without-response",
                "RFC 7644 §3.7: a bulk result with a non-2xx status carries the Error body in response",
            ),
            Fault::IntegerAsString => (
                "integer-as-string",
                "RFC 7643 §2.3.4, §7: a value has the type its schema declares (an integer, not a string)",
            ),
            Fault::UndeclaredAttributeReturned => (
                "undeclared-attribute-returned",
                "RFC 7643 §3: the schemas listed in `schemas` define every attribute present",
            ),
            Fault::ExtensionAttributesAtTopLevel => (
                "extension-attributes-at-top-level",
                "RFC 7643 §3, §3.3: extension attributes live under the extension's URN key",
            ),
            Fault::ImmutableChangeIgnored => (
                "immutable-change-ignored",
                "RFC 7644 §3.5.1: changing a set immutable value SHOULD answer 400 mutability",
            ),
            Fault::ImmutableChangeApplied => (
                "immutable-change-applied",
                "RFC 7643 §7: an immutable value, once set, SHALL NOT be updated",
            ),
            Fault::ImmutableUnsetNotApplied => (
                "immutable-unset-not-applied",
                "RFC 7644 §3.5.1: an immutable attribute without a value takes the PUT's new value",
            ),
            Fault::VersionSegment404 => (
                "version-segment-404",
                "RFC 7644 §3.13: a version segment before the endpoint is served with that version, or refused with 400 invalidVers",
            ),
            Fault::BulkCircular500 => (
                "bulk-circular-500",
                "RFC 7644 §3.7.1: circular bulkId references are resolved, or refused with 409",
            ),
            Fault::ImmutablePatchApplied => (
                "immutable-patch-applied",
                "RFC 7644 §3.5.2: a PATCH must not modify a set immutable value",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::FaultSet;
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn names_match_the_command_line_spelling() {
        for fault in Fault::ALL {
            let value = fault.to_possible_value();
            assert_eq!(value.as_ref().map(|v| v.get_name()), Some(fault.name()));
        }
    }

    #[test]
    fn all_lists_every_variant_once() {
        assert_eq!(Fault::ALL.len(), Fault::value_variants().len());
        assert!(Fault::ALL.len() >= 30 && Fault::ALL.len() <= 128);
        for (i, fault) in Fault::ALL.iter().enumerate() {
            assert_eq!(*fault as usize, i, "{fault:?} out of order");
            assert!(fault.rule().len() > 20);
        }
    }

    #[test]
    fn fault_set_holds_exactly_what_was_given() {
        let set = FaultSet::new(&[Fault::MetaMissing, Fault::SlowResponses]);
        assert!(set.has(Fault::MetaMissing) && set.has(Fault::SlowResponses));
        assert!(!set.has(Fault::CreateAnswers200));
    }
}
