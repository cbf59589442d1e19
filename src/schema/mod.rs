//! Placeholder for the JSON Schema module (replaced by the schemas branch on merge).
#![allow(missing_docs, dead_code)]

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScimSchema {
    User,
    EnterpriseUser,
    Group,
    ListResponse,
    Error,
    PatchOp,
    ServiceProviderConfig,
    ResourceType,
    Schema,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaViolation {
    pub instance_path: String,
    pub message: String,
    pub schema_path: String,
}

pub struct SchemaSet;

impl SchemaSet {
    pub fn global() -> &'static SchemaSet {
        &SchemaSet
    }
    pub fn validate(&self, _schema: ScimSchema, _instance: &Value) -> Vec<SchemaViolation> {
        Vec::new()
    }
    pub fn validate_list(&self, _item: ScimSchema, _instance: &Value) -> Vec<SchemaViolation> {
        Vec::new()
    }
}
