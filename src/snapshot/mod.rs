//! Snapshot testing of behaviour: normalised transcripts of scenario runs, stored as insta
//! `.snap` files, compared on later runs (drift), reviewed and accepted; and the comparison of
//! two targets step by step (`scimgate diff`).

mod compare;
mod label;
mod store;
mod text;
mod transcript;

pub use compare::{StepDifference, differences};
pub use store::{
    SnapshotSummary, accept, apply_snapshots, from_snap, pending, pending_diff, snap_file, to_snap,
    unified_diff,
};
pub use transcript::{sections, transcript};
