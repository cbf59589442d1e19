//! Okta's traffic, exact: the whole default Okta profile runs through a recording proxy in
//! front of the reference server, and the requests as they arrived are held against what Okta
//! sends (okta-audit.md): HTTP/1.1 with keep-alive, the SPEC test's unfiltered first read and
//! its POST headers, activation before the profile PUT, full-profile PUT bodies, the
//! whole-group Push Now, DELETE's Content-Type, membership PATCHes of at most
//! `--membership-chunk` members, and imports that read `startIndex=101` with `count=100`.

use crate::common;

use common::proxy::{self, Hooks, Seen};
use common::{profile, server};
use scimgate::runner::{RunOptions, RunReport, Runner};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

async fn run(chunk: u32) -> (Vec<Seen>, RunReport) {
    let s = server(&[]).await;
    let upstream = s.base_url().trim_end_matches("/scim/v2").to_owned();
    let p = proxy::start(&upstream, Hooks::default()).await;
    let mut o = scimgate::http::ClientOptions::new(
        url::Url::parse(&p.base_url("/scim/v2")).unwrap(),
        scimgate::secret::Secret::new(s.token()),
    );
    o.timeout = Duration::from_secs(20);
    let runner = Runner::new(
        Arc::new(scimgate::http::HttpClient::new(o).unwrap()),
        RunOptions {
            seed: 3,
            jobs: 4,
            membership_chunk: chunk,
            ..RunOptions::default()
        },
    );
    let report = runner.run(&profile("okta", false), Arc::new(|_| {})).await;
    assert_eq!(common::problems(&report), Vec::<String>::new());
    (p.seen(), report)
}

fn rest(r: &Seen) -> &str {
    r.path.strip_prefix("/scim/v2").unwrap_or(&r.path)
}

/// The requests of one scenario, as scimgate recorded them: (method, path with query, body).
fn sent(report: &RunReport, scenario: &str) -> Vec<(String, String, Option<Value>)> {
    report
        .scenarios
        .iter()
        .filter(|s| s.id == scenario)
        .flat_map(|s| s.steps.iter().flat_map(|st| &st.exchanges))
        .map(|e| {
            (
                e.request.method.as_str().to_owned(),
                e.request.path.clone(),
                e.request
                    .body
                    .as_deref()
                    .and_then(|b| serde_json::from_str(b).ok()),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_okta_profile_sends_what_okta_sends() {
    let (seen, report) = run(100).await;

    // Transport: HTTP/1.1 with keep-alive, as Okta's samples (okta-audit.md #10).
    for r in &seen {
        assert_eq!(r.version, "HTTP/1.1", "{} {}", r.method, r.path);
        assert!(
            r.header("connection")
                .is_some_and(|c| c.eq_ignore_ascii_case("keep-alive")),
            "{} {} without Connection: keep-alive: {:?}",
            r.method,
            r.path,
            r.shown_headers()
        );
    }

    // SPEC step 1 (okta-audit.md #3): the unfiltered first-user read.
    assert!(
        seen.iter().any(|r| r.method == "GET"
            && rest(r) == "/Users"
            && r.query.as_deref() == Some("count=1&startIndex=1")),
        "no unfiltered GET /Users?count=1&startIndex=1"
    );
    // SPEC POSTs (okta-audit.md #4): Content-Type application/json, Accept with charset, no
    // User-Agent, Accept-Charset or Accept-Encoding.
    let spec_posts: Vec<&Seen> = seen
        .iter()
        .filter(|r| r.method == "POST" && r.header("content-type") == Some("application/json"))
        .collect();
    assert!(spec_posts.len() >= 2, "the SPEC test's POSTs (steps 6, 8)");
    for r in &spec_posts {
        assert_eq!(
            r.header("accept"),
            Some("application/scim+json; charset=utf-8")
        );
        for h in ["user-agent", "accept-charset", "accept-encoding"] {
            assert_eq!(
                r.header(h),
                None,
                "SPEC POST carries {h}: {:?}",
                r.shown_headers()
            );
        }
    }

    // F4 (okta-audit.md #5): the activation PATCH comes before the profile PUT.
    let f4 = sent(&report, "okta/f04-link-existing-user");
    let patch = f4
        .iter()
        .position(|(m, _, _)| m == "PATCH")
        .expect("F4 PATCH");
    let put = f4.iter().position(|(m, _, _)| m == "PUT").expect("F4 PUT");
    assert!(
        patch < put,
        "F4 activates before it PUTs the profile: {f4:?}"
    );

    // F4, F5, F7 (okta-audit.md #6): PUTs carry Okta's whole app profile.
    for id in [
        "okta/f04-link-existing-user",
        "okta/f05-profile-update",
        "okta/f07-reactivate",
    ] {
        let puts: Vec<Value> = sent(&report, id)
            .into_iter()
            .filter(|(m, _, _)| m == "PUT")
            .filter_map(|(_, _, b)| b)
            .collect();
        assert!(!puts.is_empty(), "{id} PUTs");
        for b in puts {
            for key in [
                "externalId",
                "displayName",
                "userName",
                "name",
                "emails",
                "active",
                "id",
            ] {
                assert!(b.get(key).is_some(), "{id} PUT lacks {key}: {b}");
            }
            assert_eq!(b["locale"], "en-US", "{id}");
            assert_eq!(b["groups"], serde_json::json!([]), "{id}");
        }
    }

    // F13 (okta-audit.md #7): Push Now also as a no-path replace of the whole group.
    let whole = sent(&report, "okta/f13-push-now")
        .into_iter()
        .filter_map(|(_, _, b)| b)
        .filter_map(|b| b["Operations"].as_array().cloned())
        .flatten()
        .filter(|op| op.get("path").is_none() && op["op"] == "replace")
        .filter(|op| {
            ["id", "displayName", "members"]
                .iter()
                .all(|k| op["value"].get(*k).is_some())
        })
        .count();
    assert_eq!(whole, 2, "the whole-group replace, with members and empty");

    // F14 (okta-audit.md #9): DELETE /Groups with Okta's Content-Type.
    assert!(
        seen.iter().any(|r| r.method == "DELETE"
            && rest(r).starts_with("/Groups/")
            && r.header("content-type") == Some("application/scim+json; charset=utf-8")),
        "F14's DELETE carries Content-Type"
    );

    // F15 (okta-audit.md #8): membership PATCHes of at most 100 members, one of exactly 100.
    let largest = largest_member_patch(&seen);
    assert_eq!(largest, 100, "the 150-member push goes in chunks of 100");

    // F9, F18 (okta-audit.md #13): imports read the second page with count=100.
    for endpoint in ["/Users", "/Groups"] {
        assert!(
            seen.iter().any(|r| r.method == "GET"
                && rest(r) == endpoint
                && r.query.as_deref() == Some("startIndex=101&count=100")),
            "no GET {endpoint}?startIndex=101&count=100"
        );
    }
}

/// The most members any PATCH adds at once.
fn largest_member_patch(seen: &[Seen]) -> usize {
    seen.iter()
        .filter(|r| r.method == "PATCH" && rest(r).starts_with("/Groups/"))
        .filter_map(Seen::json)
        .flat_map(|b| b["Operations"].as_array().cloned().unwrap_or_default())
        .filter(|op| op["op"] == "add" && op["path"] == "members")
        .map(|op| op["value"].as_array().map_or(0, Vec::len))
        .max()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_membership_chunk_sets_how_many_members_one_patch_carries() {
    let (seen, _) = run(40).await;
    assert_eq!(largest_member_patch(&seen), 40);
}
