//! The catalogue of embedded SCIM JSON Schemas: which schemas exist, where their
//! source lives, and the errors loading them can produce.
//!
//! The schema documents in `schemas/scim/` are embedded with `include_str!` so
//! the binary validates anywhere without touching the file system or the
//! network. Each document carries a URN `$id` (`urn:scimgate:schema:<Name>`);
//! documents reference each other only through those `$id`s, and the shared
//! building blocks live in `Common.schema.json`, which is registered but is not
//! a validation target of its own.

use serde::{Deserialize, Serialize};

/// A SCIM payload shape that scimgate can validate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScimSchema {
    /// Core User resource, response direction (RFC 7643 §4.1).
    User,
    /// Enterprise User extension object (RFC 7643 §4.3).
    EnterpriseUser,
    /// Group resource, response direction (RFC 7643 §4.2).
    Group,
    /// ListResponse envelope (RFC 7644 §3.4.2); items are validated separately.
    ListResponse,
    /// Error message (RFC 7644 §3.12).
    Error,
    /// PATCH request body (RFC 7644 §3.5.2).
    PatchOp,
    /// ServiceProviderConfig resource (RFC 7643 §5).
    ServiceProviderConfig,
    /// ResourceType resource (RFC 7643 §6).
    ResourceType,
    /// Schema resource (RFC 7643 §7).
    Schema,
}

impl ScimSchema {
    /// Every schema, in declaration order.
    pub const ALL: [ScimSchema; 9] = [
        ScimSchema::User,
        ScimSchema::EnterpriseUser,
        ScimSchema::Group,
        ScimSchema::ListResponse,
        ScimSchema::Error,
        ScimSchema::PatchOp,
        ScimSchema::ServiceProviderConfig,
        ScimSchema::ResourceType,
        ScimSchema::Schema,
    ];

    /// The PascalCase name, as used in serde and in the file name.
    pub fn name(&self) -> &'static str {
        match self {
            ScimSchema::User => "User",
            ScimSchema::EnterpriseUser => "EnterpriseUser",
            ScimSchema::Group => "Group",
            ScimSchema::ListResponse => "ListResponse",
            ScimSchema::Error => "Error",
            ScimSchema::PatchOp => "PatchOp",
            ScimSchema::ServiceProviderConfig => "ServiceProviderConfig",
            ScimSchema::ResourceType => "ResourceType",
            ScimSchema::Schema => "Schema",
        }
    }

    /// File name of the schema inside `schemas/scim/`.
    pub fn file(&self) -> &'static str {
        match self {
            ScimSchema::User => "User.schema.json",
            ScimSchema::EnterpriseUser => "EnterpriseUser.schema.json",
            ScimSchema::Group => "Group.schema.json",
            ScimSchema::ListResponse => "ListResponse.schema.json",
            ScimSchema::Error => "Error.schema.json",
            ScimSchema::PatchOp => "PatchOp.schema.json",
            ScimSchema::ServiceProviderConfig => "ServiceProviderConfig.schema.json",
            ScimSchema::ResourceType => "ResourceType.schema.json",
            ScimSchema::Schema => "Schema.schema.json",
        }
    }

    /// The `$id` of the schema document (`urn:scimgate:schema:<Name>`).
    pub fn id(&self) -> &'static str {
        match self {
            ScimSchema::User => "urn:scimgate:schema:User",
            ScimSchema::EnterpriseUser => "urn:scimgate:schema:EnterpriseUser",
            ScimSchema::Group => "urn:scimgate:schema:Group",
            ScimSchema::ListResponse => "urn:scimgate:schema:ListResponse",
            ScimSchema::Error => "urn:scimgate:schema:Error",
            ScimSchema::PatchOp => "urn:scimgate:schema:PatchOp",
            ScimSchema::ServiceProviderConfig => "urn:scimgate:schema:ServiceProviderConfig",
            ScimSchema::ResourceType => "urn:scimgate:schema:ResourceType",
            ScimSchema::Schema => "urn:scimgate:schema:Schema",
        }
    }

    /// The embedded source text of the schema document.
    pub(crate) fn source(&self) -> &'static str {
        match self {
            ScimSchema::User => include_str!("../../schemas/scim/User.schema.json"),
            ScimSchema::EnterpriseUser => {
                include_str!("../../schemas/scim/EnterpriseUser.schema.json")
            }
            ScimSchema::Group => include_str!("../../schemas/scim/Group.schema.json"),
            ScimSchema::ListResponse => include_str!("../../schemas/scim/ListResponse.schema.json"),
            ScimSchema::Error => include_str!("../../schemas/scim/Error.schema.json"),
            ScimSchema::PatchOp => include_str!("../../schemas/scim/PatchOp.schema.json"),
            ScimSchema::ServiceProviderConfig => {
                include_str!("../../schemas/scim/ServiceProviderConfig.schema.json")
            }
            ScimSchema::ResourceType => include_str!("../../schemas/scim/ResourceType.schema.json"),
            ScimSchema::Schema => include_str!("../../schemas/scim/Schema.schema.json"),
        }
    }
}

impl std::fmt::Display for ScimSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// File name of the shared-definitions document.
pub(crate) const COMMON_FILE: &str = "Common.schema.json";
/// `$id` of the shared-definitions document.
pub(crate) const COMMON_ID: &str = "urn:scimgate:schema:Common";
/// Embedded source of the shared-definitions document.
pub(crate) const COMMON_SOURCE: &str = include_str!("../../schemas/scim/Common.schema.json");

/// Why the embedded schema set could not be loaded.
#[derive(thiserror::Error, Debug)]
pub enum SchemaError {
    /// An embedded document is not JSON.
    #[error("embedded schema {file} is not valid json: {source}")]
    Parse {
        /// File name inside `schemas/scim/`.
        file: &'static str,
        /// The parser's error.
        source: serde_json::Error,
    },
    /// An embedded document's `$id` differs from the catalogue.
    #[error("embedded schema {file} has $id {found:?}, expected {expected:?}")]
    IdMismatch {
        /// File name inside `schemas/scim/`.
        file: &'static str,
        /// The `$id` the catalogue expects.
        expected: &'static str,
        /// The `$id` found in the document, if any.
        found: Option<String>,
    },
    /// The offline registry of `$id`s could not be built.
    #[error("cannot build the schema registry: {0}")]
    Registry(String),
    /// A schema did not compile (invalid keyword, unresolvable `$ref`, bad regex).
    #[error("cannot compile schema {schema}: {message}")]
    Compile {
        /// The schema that failed.
        schema: ScimSchema,
        /// The compiler's message.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_and_ids_agree() {
        for (index, schema) in ScimSchema::ALL.into_iter().enumerate() {
            // SchemaSet indexes its validators by discriminant.
            assert_eq!(schema as usize, index);
            assert_eq!(schema.file(), format!("{}.schema.json", schema.name()));
            assert_eq!(
                schema.id(),
                format!("urn:scimgate:schema:{}", schema.name())
            );
            let json = serde_json::to_value(schema).unwrap();
            assert_eq!(json, serde_json::Value::String(schema.name().to_owned()));
        }
    }
}
