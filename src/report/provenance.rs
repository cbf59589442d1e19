//! Provenance: what a reviewer needs to trust a certification report and to reproduce it.
//!
//! A report handed to Okta's reviewers or a customer's IT team says which scimgate produced
//! it, exactly which scenarios and checks it ran (a SHA-256 fingerprint, so two reports can be
//! compared without diffing them), and the command that reproduces the run. The command never
//! carries the token: `--token VALUE` is dropped and `SCIMGATE_TOKEN` named in its place;
//! `--header` values (secrets too) are masked.
//!
//! ```text
//! scimgate 0.1.0 · profile okta · sha256:3b1f…e9 over 21 scenarios and 163 checks
//! SCIMGATE_TOKEN='…' scimgate run --base-url https://staging.example.com/scim/v2 --html r.html --seed 7
//! ```

use crate::check::CheckId;
use crate::runner::RunReport;
use crate::scenario::Scenario;
use crate::secret::MASK;
use sha2::{Digest, Sha256};

/// Where a report came from: the build, what ran, and how to run it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// scimgate's version (`CARGO_PKG_VERSION`).
    pub version: String,
    /// The profile (`okta`, `rfc`, `all`).
    pub profile: String,
    /// `sha256:` and the hex digest of [`fingerprint`] over what ran.
    pub fingerprint: String,
    /// How many scenarios the fingerprint covers.
    pub scenarios: usize,
    /// How many distinct checks the fingerprint covers.
    pub checks: usize,
    /// The command that reproduces the run, without the token (see [`reproduce_command`]).
    pub command: String,
}

impl Provenance {
    /// The provenance of a finished run of `scenarios` with this profile and command line.
    pub fn new(profile: &str, command: String, scenarios: &[Scenario], report: &RunReport) -> Self {
        let mut checks: Vec<CheckId> = report
            .scenarios
            .iter()
            .flat_map(|s| &s.steps)
            .flat_map(|s| &s.checks)
            .map(|c| c.check)
            .collect();
        checks.sort_by_key(|c| c.as_str());
        checks.dedup();
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            profile: profile.to_owned(),
            fingerprint: fingerprint(scenarios, &checks),
            scenarios: scenarios.len(),
            checks: checks.len(),
            command,
        }
    }
}

/// SHA-256 over each scenario's id and content (its parsed file as JSON, so comments and
/// layout do not count but every request, check and variable does), in id order, then over
/// the ids of the checks that ran, sorted: `sha256:` and 64 hex digits.
pub fn fingerprint(scenarios: &[Scenario], checks: &[CheckId]) -> String {
    let mut sorted: Vec<&Scenario> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut hash = Sha256::new();
    for s in sorted {
        hash.update(b"scenario\n");
        hash.update(s.id.as_bytes());
        hash.update(b"\n");
        hash.update(
            serde_json::to_string(&s.file)
                .unwrap_or_default()
                .as_bytes(),
        );
        hash.update(b"\n");
    }
    let mut ids: Vec<&str> = checks.iter().map(|c| c.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    hash.update(b"checks\n");
    for id in ids {
        hash.update(id.as_bytes());
        hash.update(b"\n");
    }
    let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The command line that reproduces a run, from its arguments (`argv[0]` first): the program
/// named `scimgate`, `--token VALUE` dropped (with `SCIMGATE_TOKEN='…'` in front when the
/// target is remote and no `--token-file` is given), `--header` values masked, `--base-url`
/// added when it came from `SCIMGATE_BASE_URL`, and `--seed` added when the seed was random.
pub fn reproduce_command(argv: &[String], base_url: Option<&str>, seed: u64) -> String {
    let mut words: Vec<String> = vec!["scimgate".to_owned()];
    let (mut has_base_url, mut has_seed, mut has_token_file) = (false, false, false);
    let mut rest = argv.iter().skip(1);
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (arg.as_str(), None),
        };
        match flag {
            "--token" => {
                if inline.is_none() {
                    rest.next();
                }
                continue;
            }
            "--header" => {
                let value = inline.map(str::to_owned).or_else(|| rest.next().cloned());
                let name = value
                    .as_deref()
                    .and_then(|v| v.split_once(':'))
                    .map_or("", |(n, _)| n.trim());
                words.push("--header".to_owned());
                words.push(quote(&format!("{name}: {MASK}")));
                continue;
            }
            "--base-url" => has_base_url = true,
            "--seed" => has_seed = true,
            "--token-file" => has_token_file = true,
            _ => {}
        }
        words.push(quote(arg));
    }
    if !has_base_url && let Some(url) = base_url {
        words.push("--base-url".to_owned());
        words.push(quote(url));
    }
    if !has_seed {
        words.push("--seed".to_owned());
        words.push(seed.to_string());
    }
    let command = words.join(" ");
    if base_url.is_some() && !has_token_file {
        format!("SCIMGATE_TOKEN='…' {command}")
    } else {
        command
    }
}

/// A word as a POSIX shell reads it back: bare when it is plain, else in single quotes.
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:=@%+,".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn the_token_never_reaches_the_command_and_scimgate_token_is_named_instead() {
        let cmd = reproduce_command(
            &argv(&[
                "/usr/local/bin/scimgate",
                "run",
                "--base-url",
                "https://scim.example.com/v2",
                "--token",
                "tok_SECRET_1",
                "--token=tok_SECRET_2",
                "--header",
                "X-Api-Key: tok_SECRET_3",
                "--html",
                "my report.html",
            ]),
            Some("https://scim.example.com/v2"),
            7,
        );
        assert_eq!(
            cmd,
            "SCIMGATE_TOKEN='…' scimgate run --base-url https://scim.example.com/v2 --header 'X-Api-Key: ***' --html 'my report.html' --seed 7"
        );
        assert!(!cmd.contains("SECRET"));
    }

    #[test]
    fn an_env_base_url_is_added_a_given_seed_kept_and_the_embedded_server_needs_no_token() {
        assert_eq!(
            reproduce_command(
                &argv(&["scimgate", "run", "--seed", "9", "--token-file", "t.txt"]),
                Some("https://x.example/scim"),
                9
            ),
            "scimgate run --seed 9 --token-file t.txt --base-url https://x.example/scim"
        );
        assert_eq!(
            reproduce_command(&argv(&["scimgate", "run", "--fault", "it's"]), None, 3),
            r"scimgate run --fault 'it'\''s' --seed 3"
        );
    }

    #[test]
    fn the_fingerprint_is_stable_and_moves_with_what_ran() {
        let all = crate::scenario::builtin_scenarios_in(&["okta/f0"]).unwrap();
        let checks = [CheckId::Create201, CheckId::JsonBody];
        let a = fingerprint(&all, &checks);
        assert!(a.starts_with("sha256:") && a.len() == 7 + 64, "{a}");
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(
            a,
            fingerprint(&reversed, &[CheckId::JsonBody, CheckId::Create201])
        );
        assert_ne!(a, fingerprint(&all[1..], &checks));
        assert_ne!(a, fingerprint(&all, &checks[..1]));
        let mut edited = all.clone();
        edited[0].file.title.push('!');
        assert_ne!(a, fingerprint(&edited, &checks));
    }
}
