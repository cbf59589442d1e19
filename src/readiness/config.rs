//! Which Okta features a run tests: declared by the vendor (`--okta-features`), or inferred
//! from the target's discovery documents when not declared.
//!
//! Okta itself never reads `/ServiceProviderConfig` or `/ResourceTypes` (okta-traffic.md F16):
//! an inferred "off" is scimgate's recommendation for the admin ("keep Sync Password off: the
//! server says it does not take password changes"), never a pass for the feature, and the
//! report says that the configuration was inferred.

use crate::feature::OktaFeature;
use crate::http::{HttpClient, Method, RequestSpec};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// How a run decides which features are on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FeatureChoice {
    /// Infer from discovery (the default).
    #[default]
    Infer,
    /// Exactly these (plus Test API Credentials and Assign, always on).
    Declared(Vec<OktaFeature>),
}

impl FeatureChoice {
    /// Parses `--okta-features create-users,push-groups`.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let f = OktaFeature::from_name(name)
                .filter(|f| OktaFeature::DECLARABLE.contains(f))
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        OktaFeature::DECLARABLE.iter().map(|f| f.name()).collect();
                    format!(
                        "`{name}` is not an Okta feature (one of: {})",
                        names.join(", ")
                    )
                })?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        Ok(FeatureChoice::Declared(out))
    }
}

/// Whether one feature is tested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum FeatureState {
    /// Tested; a failure that breaks Okta fails the run.
    On {
        /// How scimgate knows: `declared`, `inferred`, `always`.
        by: String,
    },
    /// Not tested: its scenarios and steps are skipped.
    Off {
        /// `declared` or `inferred`.
        by: String,
        /// Why it is off.
        why: String,
        /// What to set in Okta.
        advice: String,
    },
}

impl FeatureState {
    /// True when the feature is tested.
    pub fn is_on(&self) -> bool {
        matches!(self, FeatureState::On { .. })
    }
}

/// The state of every feature for one run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// `declared` (`--okta-features`), `inferred` (from discovery) or `all` (nothing Okta ran).
    pub by: String,
    /// Each feature's state.
    pub features: BTreeMap<OktaFeature, FeatureState>,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        Self::all_on("all")
    }
}

impl FeatureConfig {
    /// Every feature on.
    pub fn all_on(by: &str) -> Self {
        Self {
            by: by.to_owned(),
            features: OktaFeature::ALL
                .iter()
                .map(|f| (*f, FeatureState::On { by: by.to_owned() }))
                .collect(),
        }
    }

    /// The vendor's declaration.
    pub fn declared(list: &[OktaFeature]) -> Self {
        let mut c = Self::all_on("declared");
        for f in OktaFeature::DECLARABLE {
            if !list.contains(f) {
                c.features.insert(
                    *f,
                    FeatureState::Off {
                        by: "declared".to_owned(),
                        why: "not in --okta-features".to_owned(),
                        advice: format!("{} stays off in Okta", f.label()),
                    },
                );
            }
        }
        for f in [OktaFeature::TestApiCredentials, OktaFeature::Assign] {
            c.features.insert(
                f,
                FeatureState::On {
                    by: "always".to_owned(),
                },
            );
        }
        c
    }

    /// True when the feature is tested (a step without a feature always is).
    pub fn is_on(&self, feature: Option<OktaFeature>) -> bool {
        feature.is_none_or(|f| self.features.get(&f).is_none_or(FeatureState::is_on))
    }

    /// The state of one feature.
    pub fn state(&self, feature: OktaFeature) -> FeatureState {
        self.features
            .get(&feature)
            .cloned()
            .unwrap_or(FeatureState::On {
                by: self.by.clone(),
            })
    }

    fn infer_off(&mut self, f: OktaFeature, why: &str, advice: &str) {
        self.features.insert(
            f,
            FeatureState::Off {
                by: "inferred".to_owned(),
                why: why.to_owned(),
                advice: advice.to_owned(),
            },
        );
    }
}

/// What the discovery documents say, as the inference reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// `changePassword.supported` of the ServiceProviderConfig, when it says.
    pub change_password: Option<bool>,
    /// Whether `/ResourceTypes` lists a Group type, when it answered with a list.
    pub group_type: Option<bool>,
    /// The status of `GET /Groups?startIndex=1&count=1`.
    pub groups_status: Option<u16>,
    /// The status of `GET /Schemas`.
    pub schemas_status: Option<u16>,
}

impl Discovery {
    /// Reads the discovery documents and probes `/Groups` (four GETs; nothing is written).
    pub async fn read(client: &HttpClient) -> Self {
        let get = |path: &str, query: Option<&str>| {
            let mut spec = RequestSpec::new(Method::Get, path).bookkeeping("discovery");
            spec.query = query.map(str::to_owned);
            spec
        };
        let json = |call: crate::http::Call| {
            call.response
                .ok()
                .filter(|r| r.status == 200)
                .and_then(|r| r.json().ok())
        };
        let spc = json(client.send(&get("/ServiceProviderConfig", None)).await);
        let change_password = spc.as_ref().and_then(|v| {
            crate::check::pointer_ci(v, "/changePassword/supported").and_then(Value::as_bool)
        });
        let types = json(client.send(&get("/ResourceTypes", None)).await);
        let schemas_status = client
            .send(&get("/Schemas", None))
            .await
            .response
            .ok()
            .map(|r| r.status);
        let group_type = types.as_ref().and_then(|v| {
            let list = crate::check::pointer_ci(v, "/Resources")
                .or(Some(v))
                .and_then(Value::as_array)?;
            Some(list.iter().any(|t| {
                ["/name", "/endpoint", "/id"].iter().any(|p| {
                    crate::check::pointer_ci(t, p)
                        .and_then(Value::as_str)
                        .is_some_and(|s| {
                            s.trim_start_matches('/').eq_ignore_ascii_case("Groups")
                                || s.eq_ignore_ascii_case("Group")
                        })
                })
            }))
        });
        let groups_status = client
            .send(&get("/Groups", Some("startIndex=1&count=1")))
            .await
            .response
            .ok()
            .map(|r| r.status);
        Self {
            change_password,
            group_type,
            groups_status,
            schemas_status,
        }
    }

    /// Why the target has no groups, when its documents say so: `/Groups` answers 404 (405,
    /// 501), or `/ResourceTypes` lists no Group type.
    pub fn no_groups(&self) -> Option<String> {
        match (self.group_type, self.groups_status) {
            (_, Some(404 | 405 | 501)) => Some(format!(
                "GET /Groups answered {}",
                self.groups_status.unwrap_or_default()
            )),
            (Some(false), _) => Some("/ResourceTypes lists no Group resource type".to_owned()),
            _ => None,
        }
    }

    /// The configuration these documents suggest: every feature on, except what the target
    /// says (or shows) it does not do.
    pub fn infer(&self) -> FeatureConfig {
        let mut c = FeatureConfig::all_on("inferred");
        if self.change_password == Some(false) {
            c.infer_off(
                OktaFeature::SyncPassword,
                "the ServiceProviderConfig says changePassword.supported: false",
                "keep Sync Password off in Okta: the server says it does not take password changes",
            );
        }
        if let Some(s @ (404 | 405 | 501)) = self.schemas_status {
            c.infer_off(
                OktaFeature::ImportUserSchema,
                &format!("GET /Schemas answered {s}"),
                "Import User Schema cannot read your attributes (the server serves no /Schemas): add them to Okta's app profile by hand",
            );
        }
        if let Some(why) = self.no_groups() {
            for f in [OktaFeature::PushGroups, OktaFeature::ImportGroups] {
                c.infer_off(
                    f,
                    &why,
                    &format!("keep {} off in Okta: the server has no groups", f.label()),
                );
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_turns_off_what_it_does_not_name() {
        let c = FeatureChoice::parse("create-users, push-groups").unwrap();
        let FeatureChoice::Declared(list) = c else {
            panic!()
        };
        let cfg = FeatureConfig::declared(&list);
        assert!(cfg.is_on(Some(OktaFeature::CreateUsers)));
        assert!(cfg.is_on(Some(OktaFeature::TestApiCredentials)));
        assert!(!cfg.is_on(Some(OktaFeature::SyncPassword)));
        assert!(cfg.is_on(None));
        assert!(
            FeatureChoice::parse("create-users,assign")
                .unwrap_err()
                .contains("`assign`")
        );
        assert!(
            FeatureChoice::parse("sync")
                .unwrap_err()
                .contains("one of: create-users")
        );
    }

    #[test]
    fn discovery_turns_off_password_sync_and_groups_where_the_target_says_so() {
        let all = Discovery {
            change_password: Some(true),
            group_type: Some(true),
            groups_status: Some(200),
            schemas_status: Some(200),
        }
        .infer();
        assert!(OktaFeature::ALL.iter().all(|f| all.is_on(Some(*f))));
        let none = Discovery {
            change_password: Some(false),
            group_type: Some(true),
            groups_status: Some(404),
            schemas_status: Some(404),
        }
        .infer();
        assert!(!none.is_on(Some(OktaFeature::SyncPassword)));
        assert!(!none.is_on(Some(OktaFeature::PushGroups)));
        assert!(!none.is_on(Some(OktaFeature::ImportGroups)));
        assert!(none.is_on(Some(OktaFeature::CreateUsers)));
        let FeatureState::Off { why, .. } = none.state(OktaFeature::PushGroups) else {
            panic!()
        };
        assert_eq!(why, "GET /Groups answered 404");
        // Silence proves nothing: an unreadable document leaves the feature on.
        assert!(
            Discovery::default()
                .infer()
                .is_on(Some(OktaFeature::SyncPassword))
        );
    }
}
