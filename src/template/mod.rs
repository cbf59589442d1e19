//! Templates and variables: `{{name.field | filter}}` in scenario strings, the values a run
//! generates (deterministic under `--seed`, unique under the run prefix), and captures.
//!
//! ```text
//! query: filter=userName%20eq%20%22{{alice.userName|url}}%22&startIndex=1&count=100
//! ```
//!
//! Filters: `url` (percent-encoding as Okta sends it: `%20`, `%22`, `%40`), `form` (form
//! encoding with `+` for spaces, as Okta's 2018 sample), `upper`, `lower`.

mod generate;
mod render;

pub use generate::{Generator, RunPrefix};
pub use render::{
    RenderError, VarSet, path_segment, query_value, render_path, render_str, render_value,
};
