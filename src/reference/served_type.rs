//! The two resource types the reference server serves (User, Group: [`ServedType`], not the
//! scenarios' `ResourceKind`) and attribute-path resolution.
//!
//! Filters, PATCH paths and `attributes=` lists all name attributes the same
//! way (`[URN ":"] name ["." sub]`, case-insensitive, RFC 7644 §3.10). This
//! module resolves such a name against the schema table once, for all three.

use super::schema::{self, Attr, CUSTOM_URN, ENTERPRISE_URN, GROUP_URN, USER_URN};

/// A schema extension of a resource type: its URN and attributes.
#[derive(Debug)]
pub(crate) struct Extension {
    pub(crate) urn: &'static str,
    pub(crate) attrs: &'static [Attr],
}

/// The User extensions, in `/ResourceTypes` order.
const USER_EXTENSIONS: &[Extension] = &[
    Extension {
        urn: ENTERPRISE_URN,
        attrs: schema::ENTERPRISE,
    },
    Extension {
        urn: CUSTOM_URN,
        attrs: schema::CUSTOM,
    },
];

/// A resource type served by the reference server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ServedType {
    User,
    Group,
}

/// Where an attribute lives inside a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Container {
    /// Top level of the resource (core schema and common attributes).
    Core,
    /// Inside an extension object: the index into [`ServedType::extensions`].
    Extension(usize),
}

/// A resolved attribute path.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolved {
    pub(crate) container: Container,
    /// `None` when the path names the whole extension object.
    pub(crate) attr: Option<&'static Attr>,
    pub(crate) sub: Option<&'static Attr>,
}

impl ServedType {
    /// The `meta.resourceType` value.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ServedType::User => "User",
            ServedType::Group => "Group",
        }
    }

    /// The endpoint path segment.
    pub(crate) fn endpoint(self) -> &'static str {
        match self {
            ServedType::User => "Users",
            ServedType::Group => "Groups",
        }
    }

    /// The core schema URN.
    pub(crate) fn core_urn(self) -> &'static str {
        match self {
            ServedType::User => USER_URN,
            ServedType::Group => GROUP_URN,
        }
    }

    /// The schema extensions of this type.
    pub(crate) fn extensions(self) -> &'static [Extension] {
        match self {
            ServedType::User => USER_EXTENSIONS,
            ServedType::Group => &[],
        }
    }

    /// The index of the extension whose URN is `urn` (case-insensitively).
    pub(crate) fn extension(self, urn: &str) -> Option<usize> {
        self.extensions()
            .iter()
            .position(|e| e.urn.eq_ignore_ascii_case(urn))
    }

    /// The URN of a container: `None` for the top level.
    pub(crate) fn container_urn(self, container: Container) -> Option<&'static str> {
        match container {
            Container::Core => None,
            Container::Extension(i) => self.extensions().get(i).map(|e| e.urn),
        }
    }

    /// The attribute that must be present and non-empty.
    pub(crate) fn required_attr(self) -> &'static str {
        match self {
            ServedType::User => "userName",
            ServedType::Group => "displayName",
        }
    }

    fn core_attrs(self) -> &'static [Attr] {
        match self {
            ServedType::User => schema::USER,
            ServedType::Group => schema::GROUP,
        }
    }

    /// A top-level attribute (common or core), case-insensitively.
    pub(crate) fn top_attr(self, name: &str) -> Option<&'static Attr> {
        schema::find(schema::COMMON, name).or_else(|| schema::find(self.core_attrs(), name))
    }

    /// Whether `urn` is one of this type's extension URNs.
    pub(crate) fn is_extension(self, urn: &str) -> bool {
        self.extension(urn).is_some()
    }

    /// Resolves `[uri:]name[.sub]`; `None` if the path names nothing known.
    pub(crate) fn resolve(
        self,
        uri: Option<&str>,
        name: &str,
        sub: Option<&str>,
    ) -> Option<Resolved> {
        let container = match uri {
            None => Container::Core,
            Some(u) if u.eq_ignore_ascii_case(self.core_urn()) => Container::Core,
            Some(u) if self.is_extension(u) => Container::Extension(self.extension(u)?),
            Some(u) => {
                // `urn:…:enterprise:2.0:User` parses as uri `urn:…:2.0`, name `User`.
                let whole = format!("{u}:{name}");
                if let Some(i) = self.extension(&whole).filter(|_| sub.is_none()) {
                    return Some(Resolved {
                        container: Container::Extension(i),
                        attr: None,
                        sub: None,
                    });
                }
                return None;
            }
        };
        let attr = match container {
            Container::Core => self.top_attr(name)?,
            Container::Extension(i) => schema::find(self.extensions().get(i)?.attrs, name)?,
        };
        let sub = match sub {
            None => None,
            Some(s) => Some(attr.sub_attr(s)?),
        };
        Some(Resolved {
            container,
            attr: Some(attr),
            sub,
        })
    }

    /// Resolves a bare name that is no core attribute but names exactly one extension
    /// attribute: Entra sends `"path": "manager"` for the enterprise extension's manager.
    /// RFC 7644 §3.10 asks clients to qualify extension attributes; taking the one
    /// unambiguous match is the lenient reading, and a name two extensions share stays
    /// unresolved.
    pub(crate) fn resolve_unqualified(self, name: &str, sub: Option<&str>) -> Option<Resolved> {
        if self.top_attr(name).is_some() {
            return None;
        }
        let mut found = self
            .extensions()
            .iter()
            .enumerate()
            .filter_map(|(i, ext)| schema::find(ext.attrs, name).map(|a| (i, a)));
        let (i, attr) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let sub = match sub {
            None => None,
            Some(s) => Some(attr.sub_attr(s)?),
        };
        Some(Resolved {
            container: Container::Extension(i),
            attr: Some(attr),
            sub,
        })
    }

    /// Resolves a dotted/URN-qualified name as written in `attributes=` or a
    /// no-path PATCH value key (`name.givenName`, `urn:…:User:department`).
    pub(crate) fn resolve_str(self, path: &str) -> Option<Resolved> {
        let path = path.trim();
        if let Some(i) = self.extension(path) {
            return Some(Resolved {
                container: Container::Extension(i),
                attr: None,
                sub: None,
            });
        }
        let (uri, rest) = split_urn(path);
        let (name, sub) = match rest.split_once('.') {
            Some((n, s)) => (n, Some(s)),
            None => (rest, None),
        };
        self.resolve(uri, name, sub)
    }
}

/// Splits `urn:…:name.sub` into the URN and `name.sub`.
fn split_urn(path: &str) -> (Option<&str>, &str) {
    if !path.to_ascii_lowercase().starts_with("urn:") {
        return (None, path);
    }
    match path.rsplit_once(':') {
        Some((uri, rest)) => (Some(uri), rest),
        None => (None, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_core_extension_and_whole_extension() {
        let r = ServedType::User.resolve_str("name.GivenName");
        assert_eq!(r.and_then(|r| r.sub).map(|s| s.name), Some("givenName"));
        let r = ServedType::User.resolve_str(&format!("{ENTERPRISE_URN}:department"));
        assert_eq!(r.map(|r| r.container), Some(Container::Extension(0)));
        let r = ServedType::User.resolve_str(&format!("{CUSTOM_URN}:BADGEID"));
        assert_eq!(r.and_then(|r| r.attr).map(|a| a.name), Some("badgeId"));
        assert_eq!(r.map(|r| r.container), Some(Container::Extension(1)));
        let r = ServedType::User.resolve_str(ENTERPRISE_URN);
        assert!(r.is_some_and(|r| r.attr.is_none()));
        let r = ServedType::User.resolve_str(&format!("{USER_URN}:userName"));
        assert_eq!(r.and_then(|r| r.attr).map(|a| a.name), Some("userName"));
        assert!(ServedType::Group.resolve_str("userName").is_none());
    }

    #[test]
    fn a_bare_extension_attribute_resolves_only_when_unambiguous() {
        let r = ServedType::User.resolve_unqualified("Manager", None);
        assert_eq!(r.and_then(|r| r.attr).map(|a| a.name), Some("manager"));
        assert_eq!(r.map(|r| r.container), Some(Container::Extension(0)));
        assert!(
            ServedType::User
                .resolve_unqualified("userName", None)
                .is_none()
        );
        assert!(
            ServedType::User
                .resolve_unqualified("nothing", None)
                .is_none()
        );
    }
}
