//! Safe on shared staging: scimgate writes only to objects it created and can prove it created.
//!
//! A hostile proxy in front of the reference server rewrites the id in every 201 (to `../..`
//! paths, dot segments, `?`, `#`, or the id of a user that existed before the run), and the
//! whole default profile runs through it. Whatever the answers say, no request leaves
//! `{base}/{Users|Groups}[/{one segment}]`, the users that were there before are neither written
//! nor deleted, and `cleanup --ledger` refuses entries whose objects do not carry the prefix.

use crate::common;

use common::proxy::{self, Answer, Seen};
use common::{client, problems, profile, server};
use scimgate::check::{CheckId, Verdict};
use scimgate::http::{Method, RequestSpec};
use scimgate::reference::RunningServer;
use scimgate::runner::{RunOptions, RunReport, Runner};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// Users that exist before the run, as on a shared staging server.
async fn seed(s: &RunningServer) -> Vec<(String, Value)> {
    let c = client(s, Duration::from_secs(10));
    let mut out = Vec::new();
    for name in ["seed.user1", "seed.user2", "admin4"] {
        let mut spec = RequestSpec::new(Method::Post, "/Users");
        spec.body = Some(
            serde_json::to_vec(&json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": name,
            }))
            .unwrap(),
        );
        let body = c.send(&spec).await.response.unwrap().json().unwrap();
        out.push((body["id"].as_str().unwrap().to_owned(), body));
    }
    out
}

/// Each seeded user, read again: it must be exactly as it was.
async fn assert_untouched(s: &RunningServer, seeded: &[(String, Value)]) {
    let c = client(s, Duration::from_secs(10));
    for (id, before) in seeded {
        let now = c
            .send(&RequestSpec::new(Method::Get, format!("/Users/{id}")))
            .await
            .response
            .unwrap();
        assert_eq!(now.status, 200, "seeded user {id} is gone");
        assert_eq!(&now.json().unwrap(), before, "seeded user {id} changed");
    }
}

async fn run_through(base: &str, token: &str) -> RunReport {
    let mut o = scimgate::http::ClientOptions::new(
        url::Url::parse(base).unwrap(),
        scimgate::secret::Secret::new(token),
    );
    o.timeout = Duration::from_secs(20);
    let runner = Runner::new(
        Arc::new(scimgate::http::HttpClient::new(o).unwrap()),
        RunOptions {
            seed: 11,
            jobs: 4,
            ..RunOptions::default()
        },
    );
    runner.run(&profile("okta", false), Arc::new(|_| {})).await
}

/// Every request stays below the base, on a collection or one resource of it.
fn assert_inside(seen: &[Seen], seeded: &[(String, Value)]) {
    for r in seen {
        let rest = r
            .path
            .strip_prefix("/scim/v2")
            .unwrap_or_else(|| panic!("{} {} left the base URL", r.method, r.path));
        let segs: Vec<&str> = rest.split('/').skip(1).collect();
        let ok = match segs.as_slice() {
            // The discovery reads that infer the Okta features.
            [endpoint] if r.method == "GET" => [
                "Users",
                "Groups",
                "ServiceProviderConfig",
                "ResourceTypes",
                "Schemas",
            ]
            .contains(endpoint),
            [endpoint] => ["Users", "Groups"].contains(endpoint),
            [endpoint, id] => {
                ["Users", "Groups"].contains(endpoint)
                    && !id.is_empty()
                    && *id != "."
                    && *id != ".."
                    && !id.to_ascii_lowercase().contains("%2e%2e")
            }
            _ => false,
        };
        assert!(
            ok,
            "{} {} is not {{base}}/{{Users|Groups}}[/{{one segment}}]",
            r.method, r.path
        );
        if r.method != "GET" {
            for (id, _) in seeded {
                assert!(
                    !r.path.ends_with(&format!("/Users/{id}")),
                    "{} {} writes to a user the run did not create",
                    r.method,
                    r.path
                );
                // (A rename repeating the group's own id in the body is no reference.)
                assert!(
                    !r.body.contains(id.as_str()) || r.path.ends_with(id.as_str()),
                    "{} {} refers to a user the run did not create: {}",
                    r.method,
                    r.path,
                    r.body
                );
            }
        }
    }
}

/// Rewrites the `id` (and the locations naming it) of every 201 to `to(original id)`.
fn rewrite_created_ids(to: impl Fn(&str) -> String + Send + Sync + 'static) -> proxy::Rewrite {
    Arc::new(move |seen: &Seen, _req: &[u8], a: &mut Answer| {
        if seen.method != "POST" || a.status != 201 {
            return;
        }
        let Some(mut body) = a.json() else { return };
        let Some(old) = body["id"].as_str().map(str::to_owned) else {
            return;
        };
        let new = to(&old);
        body["id"] = json!(new);
        if let Some(loc) = body["meta"]["location"].as_str() {
            body["meta"]["location"] = json!(loc.replace(&old, &new));
        }
        a.set_json(&body);
        if let Some((_, loc)) = a.headers.iter().find(|(n, _)| n == "location").cloned() {
            a.set_header("location", &loc.replace(&old, &new));
        }
    })
}

async fn hostile_ids(
    expect: CheckId,
    to: impl Fn(&str, &[(String, Value)]) -> String + Send + Sync + 'static,
) {
    let s = server(&[]).await;
    let seeded = Arc::new(seed(&s).await);
    let upstream = format!("http://{}", s.addr());
    let for_rewrite = Arc::clone(&seeded);
    let p = proxy::start(
        &upstream,
        proxy::Hooks {
            rewrite: Some(rewrite_created_ids(move |old| to(old, &for_rewrite))),
            ..Default::default()
        },
    )
    .await;
    let report = run_through(&p.base_url("/scim/v2"), s.token()).await;
    assert_inside(&p.seen(), &seeded);
    assert_untouched(&s, &seeded).await;
    // The server broke a rule, and the report says so with the ownership check.
    let failed: Vec<CheckId> = report
        .scenarios
        .iter()
        .flat_map(|x| &x.steps)
        .flat_map(|x| &x.checks)
        .filter(|c| c.verdict == Verdict::Fail)
        .map(|c| c.check)
        .collect();
    assert!(
        failed.contains(&expect),
        "{expect:?} not failed: {:?}",
        problems(&report)
    );
    // Whatever the answers said, the run's own users were found by name and removed.
    let c = client(&s, Duration::from_secs(10));
    let all = c
        .send(&RequestSpec::new(Method::Get, "/Users"))
        .await
        .response
        .unwrap()
        .json()
        .unwrap();
    let cleanup: Vec<String> = report
        .scenarios
        .iter()
        .flat_map(|x| x.cleanup.iter().map(move |c| format!("{}: {c:?}", x.id)))
        .collect();
    assert_eq!(
        all["totalResults"], 3,
        "only the seeded users remain: {all}\ncleanup: {cleanup:#?}"
    );
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_traversal_id_never_leaves_its_segment() {
    hostile_ids(CheckId::IdUsable, |_, _| "../../admin4".to_owned()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dot_segment_ids_never_address_a_collection() {
    hostile_ids(CheckId::IdUsable, |old, _| {
        if old.as_bytes()[0] % 2 == 0 {
            ".."
        } else {
            "."
        }
        .to_owned()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ids_with_query_or_fragment_characters_are_never_sent() {
    hostile_ids(CheckId::IdUsable, |old, seeded| {
        let victim = &seeded[0].0;
        if old.as_bytes()[0] % 2 == 0 {
            format!("{victim}?x=1")
        } else {
            format!("{victim}#frag")
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_201_carrying_the_id_of_an_existing_user_never_leads_to_a_write_to_it() {
    // The body keeps the userName scimgate sent: only a read of the id shows it is foreign.
    hostile_ids(CheckId::CreateOwnResource, |_, seeded| seeded[1].0.clone()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_201_describing_another_user_fails_create_own_resource() {
    let s = server(&[]).await;
    let seeded = seed(&s).await;
    let victim = seeded[1].1.clone();
    let upstream = format!("http://{}", s.addr());
    let hooks = proxy::Hooks::rewrite(move |seen: &Seen, _req: &[u8], a: &mut Answer| {
        if seen.method == "POST" && seen.path == "/scim/v2/Users" && a.status == 201 {
            a.set_json(&victim);
        }
    });
    let p = proxy::start(&upstream, hooks).await;
    let report = run_through(&p.base_url("/scim/v2"), s.token()).await;
    assert_inside(&p.seen(), &seeded);
    assert_untouched(&s, &seeded).await;
    let own: Vec<_> = report
        .scenarios
        .iter()
        .flat_map(|x| &x.steps)
        .flat_map(|x| &x.checks)
        .filter(|c| c.check == CheckId::CreateOwnResource && !c.message.contains("displayName"))
        .collect();
    assert!(
        !own.is_empty() && own.iter().all(|c| c.verdict == Verdict::Fail),
        "{own:#?}"
    );
    assert!(own[0].message.contains("seed.user2"), "{}", own[0].message);
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cleanup_with_an_edited_ledger_touches_only_objects_carrying_the_prefix() {
    let s = server(&[]).await;
    let seeded = seed(&s).await;
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.jsonl");
    let (seed1, seed2) = (&seeded[0].0, &seeded[1].0);
    // A run of ours created one user; then the ledger was edited to name two seeded users.
    let c = client(&s, Duration::from_secs(10));
    let mut spec = RequestSpec::new(Method::Post, "/Users");
    spec.body = Some(br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"sg-abcd1234.mine@example.com"}"#.to_vec());
    let mine = c.send(&spec).await.response.unwrap().json().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lines = [
        json!({"kind": "User", "id": mine, "name": "sg-abcd1234.mine@example.com", "prefix": "sg-abcd1234", "scenario": "s"}),
        // A prefixed name on someone else's id: the read shows seed.user2, so it is refused.
        json!({"kind": "User", "id": seed2, "name": "sg-abcd1234.x@example.com", "prefix": "sg-abcd1234", "scenario": "s"}),
        // A "prefix" that is not of scimgate's format: refused without a request.
        json!({"kind": "User", "id": seed1, "name": "seed.user1", "prefix": "seed", "scenario": "s"}),
        // A create that was in flight at a kill: found by its name.
        json!({"kind": "User", "name": "sg-abcd1234.pending@example.com", "prefix": "sg-abcd1234", "scenario": "s", "state": "pending"}),
    ];
    let mut pending = RequestSpec::new(Method::Post, "/Users");
    pending.body = Some(br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"sg-abcd1234.pending@example.com"}"#.to_vec());
    assert_eq!(c.send(&pending).await.response.unwrap().status, 201);
    std::fs::write(
        &ledger,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let mut cmd = common::scimgate();
    cmd.env("SCIMGATE_TOKEN", s.token())
        .args(["cleanup", "--base-url", s.base_url(), "--ledger"])
        .arg(&ledger);
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "two entries refused: {stdout}");
    assert!(stdout.contains("seed.user2"), "{stdout}");
    assert_untouched(&s, &seeded).await;
    let all = c
        .send(&RequestSpec::new(Method::Get, "/Users"))
        .await
        .response
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        all["totalResults"], 3,
        "ours deleted, the seeded kept: {all}"
    );
    s.shutdown().await;
}
