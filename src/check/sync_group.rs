//! `sync-group-member` (`--sync-group NAME`): a user the scenario created reads back as a
//! member of the group the vendor makes every Okta-provisioned user join, through
//! `User.groups` or through the group's `members`. The runner (`runner/sync.rs`) sends the
//! reads; this module judges what they answered.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::pointer_ci;
use serde_json::Value;

/// The id of the one group a lookup by name found, or why there is not one.
pub(crate) fn sync_group_id(list: &Value, name: &str) -> Result<String, String> {
    let found: Vec<String> = pointer_ci(list, "/Resources")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|g| {
                    pointer_ci(g, "/id")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no group named \"{name}\" on the target")),
        _ => Err(format!("{} groups are named \"{name}\"", found.len())),
    }
}

/// True when `body` (a User) lists the group `gid` in `groups`.
pub(crate) fn user_lists_group(body: &Value, gid: &str) -> bool {
    lists(body, "/groups", gid)
}

/// True when `body` (a Group) lists the user `uid` in `members`.
pub(crate) fn group_lists_member(body: &Value, uid: &str) -> bool {
    lists(body, "/members", uid)
}

fn lists(body: &Value, pointer: &str, id: &str) -> bool {
    pointer_ci(body, pointer)
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .any(|m| pointer_ci(m, "/value").and_then(Value::as_str) == Some(id))
        })
}

/// The outcome for one user: found through `User.groups`, through the group's `members`
/// (`in_group`), or in neither.
pub(crate) fn eval_sync_group_member(
    uid: &str,
    group: &str,
    gid: &str,
    in_user: bool,
    in_group: bool,
) -> CheckOutcome {
    let id = CheckId::SyncGroupMember;
    if in_user {
        CheckOutcome::pass(id, format!("user {uid} lists the group in User.groups"))
    } else if in_group {
        CheckOutcome::pass(
            id,
            format!("user {uid} is in the group's members (User.groups does not show it)"),
        )
    } else {
        CheckOutcome::fail(
            id,
            format!("user {uid} is not a member of \"{group}\""),
            format!("{uid} in User.groups or in Group {gid} members"),
            "in neither",
        )
    }
}
