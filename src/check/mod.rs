//! Checks: the catalogue ([`CheckId`]), checks as written in scenarios ([`CheckSpec`]), their
//! outcomes ([`CheckOutcome`], [`Verdict`]) and the one dispatcher ([`eval_check`],
//! [`judge_step`]).

mod auto;
mod bulk;
mod bulk_circular;
mod bulk_limits;
mod catalogue;
mod declared;
mod discovery;
mod eval;
pub mod identity;
mod immutable;
mod list;
mod outcome;
mod own_schema;
mod protocol;
mod query;
mod refusal;
mod resource;
mod schema_import;
mod schema_probe;
mod snapshot_drift;
mod spec;
mod status;
mod stored;
mod sync_group;
mod util;
mod version;
mod write;

pub use auto::AUTO_CHECKS;
pub use catalogue::{CheckId, CheckSpec, Consequence, EntraConsequence, Gate, RfcLevel};
pub use eval::{CheckInput, eval_check, judge_step};
pub(crate) use list::list_changed_while_paging;
pub use outcome::{CheckOutcome, Verdict};
pub use schema_probe::schema_probe;
pub(crate) use snapshot_drift::eval_snapshot;
pub(crate) use sync_group::{
    eval_sync_group_member, group_lists_member, sync_group_id, user_lists_group,
};
pub(crate) use util::{get_ci, pointer_ci};
