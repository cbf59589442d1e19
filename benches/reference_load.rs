//! Load client for the reference server (`cargo bench --bench reference_load`).
//!
//! Creates `REF_USERS` users with `POST /Users`, then sends `REF_GETS`
//! `GET /Users/{id}` requests, both with `REF_CONCURRENCY` requests in flight,
//! and prints the request rate of each phase; then times `REF_SCANS`
//! non-indexed filter queries, one at a time. Against `REF_BASE_URL` /
//! `REF_TOKEN` when set (see `benches/reference_server.sh`, which also reads
//! the server's memory), otherwise against an in-process server.

use std::time::Instant;

use futures_util::StreamExt;
use serde_json::{Value, json};

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn okta_user(i: usize) -> String {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": format!("user{i:06}@example.com"),
        "name": {"givenName": "Test", "familyName": format!("User{i}")},
        "emails": [{"primary": true, "value": format!("user{i:06}@example.com"), "type": "work"}],
        "displayName": format!("Test User {i}"),
        "locale": "en-US",
        "externalId": format!("00u{i:017}"),
        "groups": [],
        "password": "1mz050nq",
        "active": true
    })
    .to_string()
}

fn report(what: &str, n: usize, ok: usize, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{what}: {n} requests ({ok} ok) in {secs:.2} s = {:.0} req/s",
        n as f64 / secs.max(f64::EPSILON)
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let users = env_num("REF_USERS", 100_000);
    let gets = env_num("REF_GETS", 100_000);
    let concurrency = env_num("REF_CONCURRENCY", 32).max(1);
    let (base, token, _local) = match (std::env::var("REF_BASE_URL"), std::env::var("REF_TOKEN")) {
        (Ok(base), Ok(token)) => (base, token, None),
        _ => {
            let server =
                scimgate::reference::spawn(scimgate::reference::ServeOptions::default()).await?;
            (
                server.base_url().to_owned(),
                server.token().to_owned(),
                Some(server),
            )
        }
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let auth = format!("Bearer {token}");

    let started = Instant::now();
    let ids: Vec<Option<String>> = futures_util::stream::iter(0..users)
        .map(|i| {
            let request = client
                .post(format!("{base}/Users"))
                .header("authorization", &auth)
                .header("content-type", "application/scim+json")
                .body(okta_user(i));
            async move {
                let response = request.send().await.ok()?;
                if response.status().as_u16() != 201 {
                    return None;
                }
                let body: Value = response.json().await.ok()?;
                body["id"].as_str().map(str::to_owned)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let ids: Vec<String> = ids.into_iter().flatten().collect();
    report("POST /Users", users, ids.len(), started);
    anyhow::ensure!(!ids.is_empty(), "no user was created");

    let started = Instant::now();
    let ok = futures_util::stream::iter(0..gets)
        .map(|i| {
            // A fixed stride visits ids all over the store, not one hot entry.
            let id = &ids[(i * 7919) % ids.len()];
            let request = client
                .get(format!("{base}/Users/{id}"))
                .header("authorization", &auth);
            async move {
                match request.send().await {
                    Ok(r) => r.status().as_u16() == 200 && r.bytes().await.is_ok(),
                    Err(_) => false,
                }
            }
        })
        .buffer_unordered(concurrency)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await;
    report("GET /Users/{id}", gets, ok, started);

    // Filters other than `userName eq` scan every user: report their latency.
    let scans = env_num("REF_SCANS", 10);
    let started = Instant::now();
    for i in 0..scans {
        let filter = format!("displayName%20eq%20%22Test%20User%20{}%22", i * 97);
        client
            .get(format!("{base}/Users?filter={filter}"))
            .header("authorization", &auth)
            .send()
            .await?
            .bytes()
            .await?;
    }
    let each = started.elapsed().as_secs_f64() * 1000.0 / scans.max(1) as f64;
    println!(
        "GET /Users?filter=displayName eq (full scan of {} users): {each:.0} ms each",
        ids.len()
    );
    Ok(())
}
