//! The Okta features an admin switches on in the "SCIM 2.0 Test App (OAuth Bearer Token)", as
//! the admin sees them: the closed set every Okta scenario (and each of its steps) belongs to,
//! so that a verdict can say which of them will work.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One Okta provisioning feature.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OktaFeature {
    /// "Test API Credentials" on the Provisioning tab (always used: Okta runs it first).
    TestApiCredentials,
    /// "Create Users" (To App): assigning a person creates, or links, the user.
    CreateUsers,
    /// "Update User Attributes" (To App): profile changes are pushed.
    UpdateUserAttributes,
    /// "Deactivate Users" (To App): unassigning deactivates; re-assigning reactivates.
    DeactivateUsers,
    /// "Sync Password" (To App).
    SyncPassword,
    /// "Push Groups": push, membership, rename, Push Now, unlink and delete.
    PushGroups,
    /// "Import Users" (To Okta).
    ImportUsers,
    /// "Import Groups" (To Okta).
    ImportGroups,
    /// "Import User Schema" (Profile Editor, GA 2026): Okta reads the User schema from
    /// `/Schemas` and the extension URNs from `/ResourceTypes`.
    ImportUserSchema,
    /// "Assign to People" / "Assign to Groups": how users arrive (and the vendor's sync group).
    Assign,
}

impl OktaFeature {
    /// Every feature, in the order of the admin's checklist.
    pub const ALL: &'static [OktaFeature] = &[
        OktaFeature::TestApiCredentials,
        OktaFeature::CreateUsers,
        OktaFeature::UpdateUserAttributes,
        OktaFeature::DeactivateUsers,
        OktaFeature::SyncPassword,
        OktaFeature::PushGroups,
        OktaFeature::ImportUsers,
        OktaFeature::ImportGroups,
        OktaFeature::ImportUserSchema,
        OktaFeature::Assign,
    ];

    /// The features a vendor declares with `--okta-features` (the others are always on).
    pub const DECLARABLE: &'static [OktaFeature] = &[
        OktaFeature::CreateUsers,
        OktaFeature::UpdateUserAttributes,
        OktaFeature::DeactivateUsers,
        OktaFeature::SyncPassword,
        OktaFeature::PushGroups,
        OktaFeature::ImportUsers,
        OktaFeature::ImportGroups,
        OktaFeature::ImportUserSchema,
    ];

    /// The kebab-case name (`create-users`).
    pub fn name(self) -> &'static str {
        match self {
            OktaFeature::TestApiCredentials => "test-api-credentials",
            OktaFeature::CreateUsers => "create-users",
            OktaFeature::UpdateUserAttributes => "update-user-attributes",
            OktaFeature::DeactivateUsers => "deactivate-users",
            OktaFeature::SyncPassword => "sync-password",
            OktaFeature::PushGroups => "push-groups",
            OktaFeature::ImportUsers => "import-users",
            OktaFeature::ImportGroups => "import-groups",
            OktaFeature::ImportUserSchema => "import-user-schema",
            OktaFeature::Assign => "assign",
        }
    }

    /// The words on Okta's admin pages.
    pub fn label(self) -> &'static str {
        match self {
            OktaFeature::TestApiCredentials => "Test API Credentials",
            OktaFeature::CreateUsers => "Create Users",
            OktaFeature::UpdateUserAttributes => "Update User Attributes",
            OktaFeature::DeactivateUsers => "Deactivate Users",
            OktaFeature::SyncPassword => "Sync Password",
            OktaFeature::PushGroups => "Push Groups",
            OktaFeature::ImportUsers => "Import Users",
            OktaFeature::ImportGroups => "Import Groups",
            OktaFeature::ImportUserSchema => "Import User Schema",
            OktaFeature::Assign => "Assign to People / Groups",
        }
    }

    /// Looks a feature up by its name.
    pub fn from_name(name: &str) -> Option<OktaFeature> {
        Self::ALL.iter().copied().find(|f| f.name() == name.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_from_name() {
        for f in OktaFeature::ALL {
            assert_eq!(OktaFeature::from_name(f.name()), Some(*f));
            assert_eq!(
                serde_json::to_string(f).unwrap(),
                format!("\"{}\"", f.name())
            );
        }
        assert_eq!(OktaFeature::from_name("sync-passwords"), None);
    }
}
