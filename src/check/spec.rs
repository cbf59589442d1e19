//! Checks as written in a scenario's `expect` list: `check: <id>` plus parameters, which may
//! hold `{{templates}}`. The [`CheckSpec`](super::CheckSpec) enum itself is generated from the
//! catalogue (`catalogue/entries.rs`, the rows with `spec { … }`); this module holds the
//! load-time validations those rows name. Checks that apply to every response (json-body,
//! media-type, resource-schema, password-never-returned, error-body, error-status) are not
//! written; they always run.

use super::CheckSpec;

/// `values` maps JSON Pointers to expected values: at least one, each starting with `/`.
pub(crate) fn pointers(spec: &CheckSpec) -> Result<(), String> {
    let values = match spec {
        CheckSpec::Echo { values }
        | CheckSpec::ReadBack { values }
        | CheckSpec::ReadOnlyIgnored { values }
        | CheckSpec::PatchAtomic { values }
        | CheckSpec::PatchReplaceComplex { values }
        | CheckSpec::AttributeNamesCi { values } => values,
        other => return Err(format!("{} has no `values`", other.id().as_str())),
    };
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

/// `members` names what to compare: includes, excludes or exactly.
pub(crate) fn members_given(spec: &CheckSpec) -> Result<(), String> {
    match spec {
        CheckSpec::Members {
            includes,
            excludes,
            exactly,
        } if includes.is_empty() && excludes.is_empty() && exactly.is_none() => {
            Err("members: give includes, excludes or exactly".to_owned())
        }
        _ => Ok(()),
    }
}
