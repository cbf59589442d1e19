//! The attribute definitions the server follows (RFC 7643 §4, §8.7.1).
//!
//! One static table drives everything that depends on attribute
//! characteristics: canonical (case-insensitive) names, types, `caseExact` in
//! filters, `mutability` in PUT/PATCH, `returned` in projections, and the
//! `/Schemas` discovery answer. Keeping them in one place is what makes the
//! server right by construction: `/Schemas` cannot disagree with behaviour.

use serde_json::{Value, json};

/// URN of the core User schema.
pub(crate) const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// URN of the core Group schema.
pub(crate) const GROUP_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// URN of the EnterpriseUser extension.
pub(crate) const ENTERPRISE_URN: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// URN of the server's own User extension. Not an IETF schema, so not under
/// `urn:ietf:params:scim` (RFC 7643 §3.3 and §10.2 reserve that namespace).
pub(crate) const CUSTOM_URN: &str = "urn:scimgate:schemas:extension:reference:2.0:User";

/// SCIM data types (RFC 7643 §2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    String,
    Boolean,
    Integer,
    DateTime,
    Reference,
    Complex,
}

/// Attribute mutability (RFC 7643 §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mutability {
    ReadOnly,
    ReadWrite,
    Immutable,
    WriteOnly,
}

/// When an attribute is returned (RFC 7643 §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Returned {
    Always,
    Never,
    Default,
}

/// One attribute definition.
#[derive(Debug)]
pub(crate) struct Attr {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) multi: bool,
    pub(crate) required: bool,
    pub(crate) case_exact: bool,
    pub(crate) mutability: Mutability,
    pub(crate) returned: Returned,
    pub(crate) unique: bool,
    pub(crate) sub: &'static [Attr],
    /// `referenceTypes` of a reference attribute.
    pub(crate) refs: &'static [&'static str],
    /// `canonicalValues`, advertised in `/Schemas`.
    pub(crate) canonical: &'static [&'static str],
}

const fn a(name: &'static str) -> Attr {
    Attr {
        name,
        ty: Ty::String,
        multi: false,
        required: false,
        case_exact: false,
        mutability: Mutability::ReadWrite,
        returned: Returned::Default,
        unique: false,
        sub: &[],
        refs: &["external"],
        canonical: &[],
    }
}

impl Attr {
    const fn ty(mut self, ty: Ty) -> Self {
        self.ty = ty;
        self
    }
    const fn multi(mut self) -> Self {
        self.multi = true;
        self
    }
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    const fn exact(mut self) -> Self {
        self.case_exact = true;
        self
    }
    const fn mutability(mut self, m: Mutability) -> Self {
        self.mutability = m;
        self
    }
    const fn returned(mut self, r: Returned) -> Self {
        self.returned = r;
        self
    }
    const fn canonical(mut self, values: &'static [&'static str]) -> Self {
        self.canonical = values;
        self
    }
    const fn refs(mut self, refs: &'static [&'static str]) -> Self {
        self.ty = Ty::Reference;
        self.refs = refs;
        self
    }
    const fn complex(mut self, sub: &'static [Attr]) -> Self {
        self.ty = Ty::Complex;
        self.sub = sub;
        self
    }

    /// The sub-attribute called `name`, compared case-insensitively.
    pub(crate) fn sub_attr(&self, name: &str) -> Option<&'static Attr> {
        find(self.sub, name)
    }
}

/// Finds an attribute by name, case-insensitively (RFC 7643 §2.1).
pub(crate) fn find(attrs: &'static [Attr], name: &str) -> Option<&'static Attr> {
    attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

const MULTI: &[Attr] = &[
    a("value"),
    a("display"),
    a("type"),
    a("primary").ty(Ty::Boolean),
];
const ADDRESS: &[Attr] = &[
    a("formatted"),
    a("streetAddress"),
    a("locality"),
    a("region"),
    a("postalCode"),
    a("country"),
    a("type"),
    a("primary").ty(Ty::Boolean),
];
const NAME: &[Attr] = &[
    a("formatted"),
    a("familyName"),
    a("givenName"),
    a("middleName"),
    a("honorificPrefix"),
    a("honorificSuffix"),
];
const RO: Mutability = Mutability::ReadOnly;
const USER_GROUPS: &[Attr] = &[
    a("value").mutability(RO),
    a("$ref").refs(&["Group"]).mutability(RO),
    a("display").mutability(RO),
    a("type").canonical(&["direct", "indirect"]).mutability(RO),
];
const META: &[Attr] = &[
    a("resourceType").exact().mutability(RO),
    a("created").ty(Ty::DateTime).mutability(RO),
    a("lastModified").ty(Ty::DateTime).mutability(RO),
    a("location").refs(&["uri"]).exact().mutability(RO),
    a("version").exact().mutability(RO),
];

/// Attributes common to every resource (RFC 7643 §3.1).
pub(crate) const COMMON: &[Attr] = &[
    a("id").exact().mutability(RO).returned(Returned::Always),
    a("externalId").exact(),
    a("meta").complex(META).mutability(RO),
];

/// The core User schema.
pub(crate) const USER: &[Attr] = &[
    a("userName").required().unique(),
    a("name").complex(NAME),
    a("displayName"),
    a("nickName"),
    a("profileUrl").ty(Ty::Reference),
    a("title"),
    a("userType"),
    a("preferredLanguage"),
    a("locale"),
    a("timezone"),
    a("active").ty(Ty::Boolean),
    a("password")
        .mutability(Mutability::WriteOnly)
        .returned(Returned::Never),
    a("emails").multi().complex(MULTI),
    a("phoneNumbers").multi().complex(MULTI),
    a("ims").multi().complex(MULTI),
    a("photos").multi().complex(MULTI),
    a("addresses").multi().complex(ADDRESS),
    a("groups").multi().complex(USER_GROUPS).mutability(RO),
    a("entitlements").multi().complex(MULTI),
    a("roles").multi().complex(MULTI),
    a("x509Certificates").multi().complex(MULTI),
];

const MANAGER: &[Attr] = &[
    a("value"),
    a("$ref").refs(&["User"]),
    a("displayName").mutability(RO),
];

/// The EnterpriseUser extension.
pub(crate) const ENTERPRISE: &[Attr] = &[
    a("employeeNumber"),
    a("costCenter"),
    a("organization"),
    a("division"),
    a("department"),
    a("manager").complex(MANAGER),
];

const WORKSTATION: &[Attr] = &[a("building"), a("floor").ty(Ty::Integer)];

/// The server's own User extension: one attribute of each shape the harness
/// checks against `/Schemas` (string, integer, boolean, complex, multi-valued) and
/// one set-once (`immutable`). None is `returned: never`: scim2-tester compares a
/// whole extension it PATCHes with the answer, so such a value would read as lost
/// (the core `password` covers `returned: never`).
pub(crate) const CUSTOM: &[Attr] = &[
    a("badgeId").exact().mutability(Mutability::Immutable),
    a("clearanceLevel").ty(Ty::Integer),
    a("remote").ty(Ty::Boolean),
    a("workstation").complex(WORKSTATION),
    a("skills").multi(),
];

const MEMBERS: &[Attr] = &[
    a("value").exact().mutability(Mutability::Immutable),
    a("$ref")
        .refs(&["User", "Group"])
        .mutability(Mutability::Immutable),
    a("display").mutability(Mutability::Immutable),
    a("type")
        .canonical(&["User", "Group"])
        .mutability(Mutability::Immutable),
];

/// The core Group schema.
pub(crate) const GROUP: &[Attr] = &[
    a("displayName").required(),
    a("members").multi().complex(MEMBERS),
];

impl Attr {
    const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// This attribute as an RFC 7643 §7 attribute definition.
    fn to_json(&self) -> Value {
        let mut v = json!({
            "name": self.name,
            "type": match self.ty {
                Ty::String => "string",
                Ty::Boolean => "boolean",
                Ty::Integer => "integer",
                Ty::DateTime => "dateTime",
                Ty::Reference => "reference",
                Ty::Complex => "complex",
            },
            "multiValued": self.multi,
            "description": format!("The {} attribute.", self.name),
            "required": self.required,
            "caseExact": self.case_exact,
            "mutability": match self.mutability {
                Mutability::ReadOnly => "readOnly",
                Mutability::ReadWrite => "readWrite",
                Mutability::Immutable => "immutable",
                Mutability::WriteOnly => "writeOnly",
            },
            "returned": match self.returned {
                Returned::Always => "always",
                Returned::Never => "never",
                Returned::Default => "default",
            },
            "uniqueness": if self.unique { "server" } else { "none" },
        });
        if let Some(map) = v.as_object_mut() {
            if self.ty == Ty::Complex {
                let subs: Vec<Value> = self.sub.iter().map(Attr::to_json).collect();
                map.insert("subAttributes".into(), Value::from(subs));
            }
            if !self.canonical.is_empty() {
                map.insert("canonicalValues".into(), json!(self.canonical));
            }
            if self.ty == Ty::Reference {
                map.insert("referenceTypes".into(), json!(self.refs));
            }
        }
        v
    }
}

/// The schemas this server supports: id, name, description, attributes.
pub(crate) const SCHEMAS: &[(&str, &str, &str, &[Attr])] = &[
    (USER_URN, "User", "User Account", USER),
    (GROUP_URN, "Group", "Group", GROUP),
    (
        ENTERPRISE_URN,
        "EnterpriseUser",
        "Enterprise User",
        ENTERPRISE,
    ),
    (
        CUSTOM_URN,
        "ScimgateUser",
        "scimgate reference User extension",
        CUSTOM,
    ),
];

/// A Schema resource (RFC 7643 §7) for `/Schemas`.
pub(crate) fn schema_json(index: usize, base_url: &str) -> Option<Value> {
    let (id, name, description, attrs) = SCHEMAS.get(index)?;
    let attributes: Vec<Value> = attrs.iter().map(Attr::to_json).collect();
    Some(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": id,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": format!("{base_url}/Schemas/{id}")},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(find(USER, "USERNAME").map(|a| a.name), Some("userName"));
        assert!(find(USER, "nope").is_none());
        let name = find(USER, "name").and_then(|a| a.sub_attr("GIVENNAME"));
        assert_eq!(name.map(|a| a.name), Some("givenName"));
    }

    #[test]
    fn password_is_never_returned_in_the_schema() {
        let user = schema_json(0, "http://x").unwrap_or_default();
        let attrs = user["attributes"].as_array().cloned().unwrap_or_default();
        let pw = attrs.iter().find(|a| a["name"] == "password");
        assert_eq!(pw.map(|p| p["returned"].clone()), Some(json!("never")));
    }
}
