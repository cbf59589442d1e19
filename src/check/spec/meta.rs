//! What the dispatcher needs to know about a written check besides its parameters: the
//! catalogue id it reports under, whether it gates the step's other checks, and the
//! load-time validation of its parameters.

use super::CheckSpec;
use crate::check::catalogue::CheckId;

impl CheckSpec {
    /// The catalogue entry.
    pub fn id(&self) -> CheckId {
        match self {
            CheckSpec::Create201 {} => CheckId::Create201,
            CheckSpec::CreateReturnsResource {} => CheckId::CreateReturnsResource,
            CheckSpec::CreateLocation {} => CheckId::CreateLocation,
            CheckSpec::Meta { .. } => CheckId::Meta,
            CheckSpec::Duplicate409 {} => CheckId::Duplicate409,
            CheckSpec::Echo { .. } => CheckId::Echo,
            CheckSpec::Get200 {} => CheckId::Get200,
            CheckSpec::ReadBack { .. } => CheckId::ReadBack,
            CheckSpec::DeactivateKeepsUser {} => CheckId::DeactivateKeepsUser,
            CheckSpec::UnknownId404 {} => CheckId::UnknownId404,
            CheckSpec::Deleted404 {} => CheckId::Deleted404,
            CheckSpec::ListResponse {} => CheckId::ListResponse,
            CheckSpec::FilterNoMatch {} => CheckId::FilterNoMatch,
            CheckSpec::FilterMatch { .. } => CheckId::FilterMatch,
            CheckSpec::FilterCaseInsensitive { .. } => CheckId::FilterCaseInsensitive,
            CheckSpec::PagingComplete { .. } => CheckId::PagingComplete,
            CheckSpec::PagingCount {} => CheckId::PagingCount,
            CheckSpec::PagingTotal {} => CheckId::PagingTotal,
            CheckSpec::Replace200 {} => CheckId::Replace200,
            CheckSpec::Patch200Or204 {} => CheckId::Patch200Or204,
            CheckSpec::Members { .. } => CheckId::Members,
            CheckSpec::Delete204 {} => CheckId::Delete204,
            CheckSpec::BadToken401 {} => CheckId::BadToken401,
            CheckSpec::WwwAuthenticate {} => CheckId::WwwAuthenticate,
            CheckSpec::ErrorDetail {} => CheckId::ErrorDetail,
            CheckSpec::ResponseTime { .. } => CheckId::ResponseTime,
            CheckSpec::SpcValid {} => CheckId::SpcValid,
            CheckSpec::ResourceTypesValid {} => CheckId::ResourceTypesValid,
            CheckSpec::SchemasValid {} => CheckId::SchemasValid,
            CheckSpec::SchemaById { .. } => CheckId::SchemaById,
            CheckSpec::FilterOperators { .. } => CheckId::FilterOperators,
            CheckSpec::FilterLogic { .. } => CheckId::FilterLogic,
            CheckSpec::FilterValuePath { .. } => CheckId::FilterValuePath,
            CheckSpec::FilterCaseExact { .. } => CheckId::FilterCaseExact,
            CheckSpec::FilterTypes { .. } => CheckId::FilterTypes,
            CheckSpec::InvalidFilter400 {} => CheckId::InvalidFilter400,
            CheckSpec::SearchPost { .. } => CheckId::SearchPost,
            CheckSpec::Sorted { .. } => CheckId::Sorted,
            CheckSpec::CountZero { .. } => CheckId::CountZero,
            CheckSpec::StartIndexMin { .. } => CheckId::StartIndexMin,
            CheckSpec::PageBeyondEnd { .. } => CheckId::PageBeyondEnd,
            CheckSpec::AttributesParam { .. } => CheckId::AttributesParam,
            CheckSpec::ExcludedAttributesParam { .. } => CheckId::ExcludedAttributesParam,
            CheckSpec::DeletedNotListed { .. } => CheckId::DeletedNotListed,
            CheckSpec::PutNoCreate404 {} => CheckId::PutNoCreate404,
            CheckSpec::ReadOnlyIgnored { .. } => CheckId::ReadOnlyIgnored,
            CheckSpec::MetaUpdated { .. } => CheckId::MetaUpdated,
            CheckSpec::PatchAtomic { .. } => CheckId::PatchAtomic,
            CheckSpec::PatchAddAppends { .. } => CheckId::PatchAddAppends,
            CheckSpec::PatchRemoveFilter { .. } => CheckId::PatchRemoveFilter,
            CheckSpec::PatchReplaceComplex { .. } => CheckId::PatchReplaceComplex,
            CheckSpec::ScimType { .. } => CheckId::ScimType,
            CheckSpec::PatchError400 { .. } => CheckId::PatchError400,
            CheckSpec::AttributeNamesCi { .. } => CheckId::AttributeNamesCi,
            CheckSpec::EtagHeader {} => CheckId::EtagHeader,
            CheckSpec::NotModified304 {} => CheckId::NotModified304,
            CheckSpec::StaleEtag412 {} => CheckId::StaleEtag412,
            CheckSpec::Unauthorized401 {} => CheckId::Unauthorized401,
            CheckSpec::UnknownEndpoint404 {} => CheckId::UnknownEndpoint404,
            CheckSpec::InvalidSyntax400 {} => CheckId::InvalidSyntax400,
            CheckSpec::AcceptJson {} => CheckId::AcceptJson,
            CheckSpec::AcceptDefault {} => CheckId::AcceptDefault,
            CheckSpec::JsonBodyAccepted {} => CheckId::JsonBodyAccepted,
            CheckSpec::MethodNotSupported {} => CheckId::MethodNotSupported,
            CheckSpec::DiscoveryParamsIgnored { .. } => CheckId::DiscoveryParamsIgnored,
            CheckSpec::DiscoveryFilter403 {} => CheckId::DiscoveryFilter403,
            CheckSpec::Unsupported501 {} => CheckId::Unsupported501,
            CheckSpec::MeAlias {} => CheckId::MeAlias,
            CheckSpec::MeLocation {} => CheckId::MeLocation,
            CheckSpec::VersionSegment { .. } => CheckId::VersionSegment,
            CheckSpec::BulkResponse {} => CheckId::BulkResponse,
            CheckSpec::BulkIdResolved { .. } => CheckId::BulkIdResolved,
            CheckSpec::BulkCircular { .. } => CheckId::BulkCircular,
            CheckSpec::BulkFailOnErrors { .. } => CheckId::BulkFailOnErrors,
            CheckSpec::BulkLimits413 { .. } => CheckId::BulkLimits413,
            CheckSpec::OwnSchema { .. } => CheckId::OwnSchema,
            CheckSpec::Immutable { .. } => CheckId::Immutable,
            CheckSpec::Immutable400 {} => CheckId::Immutable400,
            CheckSpec::PatchMutabilityRefused {} => CheckId::PatchMutabilityRefused,
        }
    }

    /// Gate checks judge the status of the answer; when one fails, the step's other checks
    /// are reported `blocked` by it instead of failing in a cascade.
    pub fn is_gate(&self) -> bool {
        matches!(
            self,
            CheckSpec::Create201 {}
                | CheckSpec::CreateReturnsResource {}
                | CheckSpec::Duplicate409 {}
                | CheckSpec::Get200 {}
                | CheckSpec::DeactivateKeepsUser {}
                | CheckSpec::UnknownId404 {}
                | CheckSpec::Deleted404 {}
                | CheckSpec::ListResponse {}
                | CheckSpec::FilterNoMatch {}
                | CheckSpec::Replace200 {}
                | CheckSpec::Patch200Or204 {}
                | CheckSpec::Delete204 {}
                | CheckSpec::BadToken401 {}
                | CheckSpec::SpcValid {}
                | CheckSpec::ResourceTypesValid {}
                | CheckSpec::SchemasValid {}
                | CheckSpec::SchemaById { .. }
                | CheckSpec::InvalidFilter400 {}
                | CheckSpec::PutNoCreate404 {}
                | CheckSpec::ScimType { .. }
                | CheckSpec::PatchError400 { .. }
                | CheckSpec::PatchMutabilityRefused {}
                | CheckSpec::NotModified304 {}
                | CheckSpec::StaleEtag412 {}
                | CheckSpec::Unauthorized401 {}
                | CheckSpec::UnknownEndpoint404 {}
                | CheckSpec::InvalidSyntax400 {}
                | CheckSpec::AcceptJson {}
                | CheckSpec::AcceptDefault {}
                | CheckSpec::JsonBodyAccepted {}
                | CheckSpec::MethodNotSupported {}
                | CheckSpec::DiscoveryFilter403 {}
                | CheckSpec::Unsupported501 {}
                | CheckSpec::MeAlias {}
                | CheckSpec::VersionSegment { .. }
                | CheckSpec::BulkResponse {}
                | CheckSpec::BulkLimits413 { .. }
        )
    }

    /// Static validation at load time.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            CheckSpec::Echo { values }
            | CheckSpec::ReadBack { values }
            | CheckSpec::ReadOnlyIgnored { values }
            | CheckSpec::PatchAtomic { values }
            | CheckSpec::PatchReplaceComplex { values }
            | CheckSpec::AttributeNamesCi { values } => {
                if values.is_empty() {
                    return Err("values: name at least one JSON Pointer".to_owned());
                }
                for k in values.keys() {
                    if !k.starts_with('/') {
                        return Err(format!(
                            "values: `{k}` is not a JSON Pointer (start with `/`)"
                        ));
                    }
                }
                Ok(())
            }
            CheckSpec::Members {
                includes,
                excludes,
                exactly,
            } => {
                if includes.is_empty() && excludes.is_empty() && exactly.is_none() {
                    return Err("members: give includes, excludes or exactly".to_owned());
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}
