//! Loading scenarios: YAML → JSON value → typed model through `serde_path_to_error`, then
//! cross-field validation (unique step names, `needs` pointing backwards, known variables).

use super::model::ScenarioFile;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));
}

/// A loaded scenario: its id (path below the scenario root without `.yaml`) and its content.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Stable id, e.g. `okta/f03-create-user`.
    pub id: String,
    /// Where it came from, for error messages.
    pub origin: String,
    /// The parsed file.
    pub file: ScenarioFile,
}

impl Scenario {
    /// True when the scenario carries this tag.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.file.tags.iter().any(|t| t == tag)
    }
}

/// A scenario that could not be loaded: names the file and the field path.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct LoadError {
    /// The file.
    pub origin: String,
    /// What is wrong, starting with the field path where known.
    pub message: String,
}

impl LoadError {
    fn new(origin: &str, message: impl Into<String>) -> Self {
        Self {
            origin: origin.to_owned(),
            message: message.into(),
        }
    }
}

/// Parses a built-in scenario from its build-time JSON form (falling back to its YAML text).
fn parse_embedded(rel: &str, yaml: &str, json: Option<&str>) -> Result<Scenario, LoadError> {
    let (id, origin) = (rel.trim_end_matches(".yaml"), format!("scenarios/{rel}"));
    match json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()) {
        Some(value) => typed(id, &origin, value),
        None => parse_scenario(id, &origin, yaml),
    }
}

/// Parses one scenario from text; `origin` names it in errors, `id` identifies it.
pub fn parse_scenario(id: &str, origin: &str, text: &str) -> Result<Scenario, LoadError> {
    let value: serde_json::Value = serde_saphyr::from_str(text).map_err(|e| {
        LoadError::new(
            origin,
            format!("invalid YAML: {}", one_line(&e.to_string())),
        )
    })?;
    typed(id, origin, value)
}

/// The typed model from a parsed document, with field paths in errors, then validation.
fn typed(id: &str, origin: &str, value: serde_json::Value) -> Result<Scenario, LoadError> {
    let file: ScenarioFile = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = one_line(&e.into_inner().to_string());
        if path == "." || path.is_empty() {
            LoadError::new(origin, inner)
        } else {
            LoadError::new(origin, format!("{path}: {inner}"))
        }
    })?;
    validate(origin, &file)?;
    Ok(Scenario {
        id: id.to_owned(),
        origin: origin.to_owned(),
        file,
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn validate(origin: &str, file: &ScenarioFile) -> Result<(), LoadError> {
    if file.steps.is_empty() {
        return Err(LoadError::new(
            origin,
            "steps: a scenario needs at least one step",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, step) in file.steps.iter().enumerate() {
        let at = format!("steps[{i}]");
        if step.name.is_empty()
            || !step
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(LoadError::new(
                origin,
                format!(
                    "{at}.name: `{}` must be kebab-case (a-z, 0-9, -)",
                    step.name
                ),
            ));
        }
        for (j, need) in step.needs.iter().enumerate() {
            if !seen.contains(need.as_str()) {
                return Err(LoadError::new(
                    origin,
                    format!("{at}.needs[{j}]: `{need}` is not an earlier step"),
                ));
            }
        }
        if !seen.insert(step.name.as_str()) {
            return Err(LoadError::new(
                origin,
                format!("{at}.name: `{}` is used twice", step.name),
            ));
        }
        if let Some(fe) = &step.for_each
            && fe.items.is_some() != fe.var.is_empty()
        {
            return Err(LoadError::new(
                origin,
                format!("{at}.for_each: give either `var` (a list variable) or `items` (the list)"),
            ));
        }
        if let Some(fe) = &step.for_each
            && fe.items.is_none()
            && !file.vars.contains_key(&fe.var)
            && !captured_before(file, i, &fe.var)
        {
            return Err(LoadError::new(
                origin,
                format!("{at}.for_each.var: `{}` is not a variable", fe.var),
            ));
        }
        for (j, var) in step.skip_without.iter().enumerate() {
            if !captured_before(file, i, var) {
                return Err(LoadError::new(
                    origin,
                    format!("{at}.skip_without[{j}]: `{var}` is not captured by an earlier step"),
                ));
            }
        }
        if step.request.raw_body.is_some()
            && (step.request.body.is_some() || step.request.body_base.is_some())
        {
            return Err(LoadError::new(
                origin,
                format!("{at}.request: `raw_body` cannot be combined with `body` or `body_base`"),
            ));
        }
        if let Some(r) = &step.requires {
            for term in r.split("&&").map(str::trim) {
                let t = term.strip_prefix('!').map_or(term, str::trim);
                if !(t.starts_with("{{") && t.ends_with("}}") && t.matches("{{").count() == 1) {
                    return Err(LoadError::new(
                        origin,
                        format!(
                            "{at}.requires: `{r}` must be templates joined by `&&`, each optionally negated, e.g. `{{{{spc.etag.supported}}}}` or `!{{{{spc.patch.supported}}}}`"
                        ),
                    ));
                }
            }
        }
        if let Some(n) = step.for_each.as_ref().and_then(|fe| fe.parallel)
            && !(1..=64).contains(&n)
        {
            return Err(LoadError::new(
                origin,
                format!("{at}.for_each.parallel: {n} is not between 1 and 64"),
            ));
        }
        if step.for_each.is_some() && step.paginate.is_some() {
            return Err(LoadError::new(
                origin,
                format!("{at}: `for_each` and `paginate` cannot be combined"),
            ));
        }
        if !step.request.path.starts_with('/') {
            return Err(LoadError::new(
                origin,
                format!("{at}.request.path: must start with `/`"),
            ));
        }
        if let Some(q) = &step.request.query
            && q.starts_with('?')
        {
            return Err(LoadError::new(
                origin,
                format!("{at}.request.query: leave out the leading `?`"),
            ));
        }
        for (k, check) in step.expect.iter().enumerate() {
            if let Err(m) = check.validate() {
                return Err(LoadError::new(origin, format!("{at}.expect[{k}]: {m}")));
            }
        }
    }
    Ok(())
}

fn captured_before(file: &ScenarioFile, index: usize, var: &str) -> bool {
    file.steps[..index]
        .iter()
        .any(|s| s.capture.contains_key(var))
}

/// Loads one file; its id is its path relative to `root` without `.yaml`.
pub fn load_file(root: &Path, path: &Path) -> Result<Scenario, LoadError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| LoadError::new(&origin, format!("cannot read: {e}")))?;
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    parse_scenario(rel.trim_end_matches(".yaml"), &origin, &text)
}

/// Loads every `*.yaml` below a directory, sorted by id.
pub fn load_dir(root: &Path) -> Result<Vec<Scenario>, LoadError> {
    let mut files = Vec::new();
    collect(root, &mut files)
        .map_err(|e| LoadError::new(&root.display().to_string(), format!("cannot read: {e}")))?;
    files.sort();
    let mut out = files
        .iter()
        .map(|p| load_file(root, p))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
    Ok(())
}

/// The scenarios compiled into the binary (from `scenarios/`), sorted by id.
pub fn builtin_scenarios() -> Result<Vec<Scenario>, LoadError> {
    builtin_scenarios_in(&[""])
}

/// The built-in scenarios whose path below `scenarios/` starts with one of `prefixes` (e.g.
/// `okta/`), sorted by id. Only those files are parsed, on up to two threads: YAML parsing is
/// most of a short run's fixed cost.
pub fn builtin_scenarios_in(prefixes: &[&str]) -> Result<Vec<Scenario>, LoadError> {
    let files: Vec<&(&str, &str, Option<&str>)> = embedded::EMBEDDED
        .iter()
        .filter(|(rel, _, _)| prefixes.iter().any(|p| rel.starts_with(p)))
        .collect();
    let parse = |chunk: &[&(&str, &str, Option<&str>)]| {
        chunk
            .iter()
            .map(|(rel, yaml, json)| parse_embedded(rel, yaml, *json))
            .collect::<Result<Vec<_>, _>>()
    };
    let half = files.len().div_ceil(2);
    let (a, b) = files.split_at(half);
    let (ra, rb) = std::thread::scope(|scope| {
        let other = scope.spawn(|| parse(b));
        (parse(a), other.join())
    });
    let mut out = ra?;
    out.extend(rb.map_err(|_| LoadError::new("scenarios", "the parser thread panicked"))??);
    out.sort_by(|x, y| x.id.cmp(&y.id));
    Ok(out)
}

/// The JSON Schema of the scenario format, as committed in `schemas/scenario.schema.json`.
pub fn scenario_json_schema() -> String {
    let schema = schemars::schema_for!(ScenarioFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: t\nsource: s\nsteps:\n  - name: one\n    title: x\n    request: {method: GET, path: /Users}\n    expect:\n      - check: list-response\n";

    fn err(text: &str) -> String {
        parse_scenario("t", "scenarios/t.yaml", text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn requires_is_one_template_optionally_negated() {
        let with = |r: &str| {
            GOOD.replace(
                "    title: x\n",
                &format!("    title: x\n    requires: \"{r}\"\n"),
            )
        };
        for ok in [
            "{{spc.patch.supported}}",
            "!{{spc.patch.supported}}",
            " !{{spc.bulk.supported}} ",
            "{{spc.bulk.supported}} && !{{target.groups.supported}}",
        ] {
            assert!(
                parse_scenario("t", "scenarios/t.yaml", &with(ok)).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "!!{{spc.patch.supported}}",
            "not {{spc.patch.supported}}",
            "!spc.patch.supported",
            "{{a}} {{b}}",
        ] {
            let e = err(&with(bad));
            assert!(
                e.contains("steps[0].requires") && e.contains("each optionally negated"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn a_minimal_scenario_parses() {
        let s = parse_scenario("t", "scenarios/t.yaml", GOOD).unwrap();
        assert_eq!(s.file.steps.len(), 1);
    }

    #[test]
    fn unknown_fields_name_the_file_and_the_field_path() {
        let e = err(&GOOD.replace(
            "      - check: list-response",
            "      - check: list-response\n        stauts: 200",
        ));
        assert!(e.starts_with("scenarios/t.yaml: steps[0].expect[0]"), "{e}");
        assert!(e.contains("stauts"), "{e}");
    }

    #[test]
    fn unknown_check_ids_are_rejected_with_their_path() {
        let e = err(&GOOD.replace("list-response", "list-respons"));
        assert!(
            e.contains("steps[0].expect[0]") && e.contains("list-respons"),
            "{e}"
        );
    }

    #[test]
    fn bad_yaml_is_one_line_naming_the_file() {
        let e = err("title: [unclosed\n");
        assert!(e.starts_with("scenarios/t.yaml: invalid YAML"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn needs_must_name_an_earlier_step_and_names_must_be_unique() {
        let e = err(&GOOD.replace("    title: x\n", "    title: x\n    needs: [later]\n"));
        assert!(
            e.contains("steps[0].needs[0]: `later` is not an earlier step"),
            "{e}"
        );
        let twice = format!(
            "{GOOD}  - name: one\n    title: second\n    request: {{method: GET, path: /Users}}\n"
        );
        let e = err(&twice);
        assert!(e.contains("steps[1].name: `one` is used twice"), "{e}");
    }

    #[test]
    fn skip_without_names_a_capture_of_an_earlier_step() {
        let e = err(&GOOD.replace(
            "    title: x\n",
            "    title: x\n    skip_without: [nobody_id]\n",
        ));
        assert!(
            e.contains("steps[0].skip_without[0]: `nobody_id` is not captured by an earlier step"),
            "{e}"
        );
    }

    #[test]
    fn bad_methods_and_paths_are_rejected() {
        assert!(
            err(&GOOD.replace("method: GET", "method: FETCH")).contains("steps[0].request.method")
        );
        assert!(
            err(&GOOD.replace("path: /Users", "path: Users")).contains("steps[0].request.path")
        );
    }

    #[test]
    fn every_builtin_scenario_loads() {
        let all = builtin_scenarios().unwrap();
        assert!(all.len() >= 16, "{}", all.len());
        assert!(all.iter().any(|s| s.id == "okta/spec"));
    }

    #[test]
    fn builtin_directories_match_the_profile_tags() {
        for s in builtin_scenarios().unwrap() {
            let dir = s.id.split('/').next().unwrap();
            assert!(
                s.has_tag(dir),
                "{} lives in {dir}/ but is not tagged `{dir}`",
                s.id
            );
            for other in ["okta", "rfc", "entra"].into_iter().filter(|o| *o != dir) {
                assert!(!s.has_tag(other), "{} is tagged `{other}` too", s.id);
            }
        }
        let okta = builtin_scenarios_in(&["okta/"]).unwrap();
        assert!(!okta.is_empty() && okta.iter().all(|s| s.id.starts_with("okta/")));
    }

    #[test]
    fn committed_scenario_schema_matches_the_model() {
        let committed = include_str!("../../schemas/scenario.schema.json");
        assert_eq!(
            committed,
            scenario_json_schema(),
            "schemas/scenario.schema.json is stale: run `cargo run -- scenario-schema > schemas/scenario.schema.json`"
        );
    }

    #[test]
    fn every_builtin_scenario_validates_against_the_committed_schema() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../schemas/scenario.schema.json")).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for (rel, text, _) in embedded::EMBEDDED {
            let v: serde_json::Value = serde_saphyr::from_str(text).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&v)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{rel}: {errors:?}");
        }
    }
}
