//! The overhead baseline for `benches/okta_profile.sh`: replays the exact request list of a
//! scimgate run (read from its JSON report) with a minimal reqwest client, no checks, no
//! reports, against a fresh server. Ids the original run got back from creates are swapped
//! for the ids this replay gets, so the server does the same work. Scenarios run two at a time,
//! each in order, the paging one alone at the end, as scimgate runs them.
//!
//! `raw_replay REPORT.json BASE_URL TOKEN [JOBS]` prints `requests=N wall_ms=M`.

use futures_util::StreamExt;
use serde_json::Value;
use std::time::Instant;

async fn replay(client: &reqwest::Client, base: &str, token: &str, scenario: &Value) -> usize {
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut sent = 0;
    let swap = |s: &str, ids: &[(String, String)]| {
        ids.iter()
            .fold(s.to_owned(), |acc, (old, new)| acc.replace(old, new))
    };
    for step in scenario["steps"].as_array().into_iter().flatten() {
        for ex in step["exchanges"].as_array().into_iter().flatten() {
            let req = &ex["request"];
            let method =
                reqwest::Method::from_bytes(req["method"].as_str().unwrap_or("GET").as_bytes())
                    .unwrap();
            let path = swap(req["path"].as_str().unwrap_or("/"), &ids);
            let mut rb = client.request(method.clone(), format!("{base}{path}"));
            for h in req["headers"].as_array().into_iter().flatten() {
                let (n, v) = (h[0].as_str().unwrap_or(""), h[1].as_str().unwrap_or(""));
                rb = if n == "authorization" && v == "Bearer ***" {
                    rb.header(n, format!("Bearer {token}"))
                } else {
                    rb.header(n, v)
                };
            }
            if let Some(body) = req["body"].as_str() {
                rb = rb.body(swap(body, &ids));
            }
            let resp = rb.send().await.expect("request sent");
            let bytes = resp.bytes().await.unwrap_or_default();
            sent += 1;
            if method == reqwest::Method::POST {
                let old = ex["response_body"]
                    .as_str()
                    .and_then(|b| serde_json::from_str::<Value>(b).ok())
                    .and_then(|v| v["id"].as_str().map(str::to_owned));
                let new = serde_json::from_slice::<Value>(&bytes)
                    .ok()
                    .and_then(|v| v["id"].as_str().map(str::to_owned));
                if let (Some(o), Some(n)) = (old, new) {
                    ids.push((o, n));
                }
            }
        }
    }
    // Cleanup, as scimgate does it.
    for c in scenario["cleanup"].as_array().into_iter().flatten() {
        let kind = if c["kind"] == "Group" {
            "Groups"
        } else {
            "Users"
        };
        let id = swap(c["id"].as_str().unwrap_or(""), &ids);
        let _ = client
            .delete(format!("{base}/{kind}/{id}"))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .map(|r| r.status());
        sent += 1;
    }
    sent
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(report), Some(base), Some(token)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: raw_replay REPORT.json BASE_URL TOKEN [JOBS]");
        std::process::exit(2);
    };
    let jobs: usize = args.get(4).and_then(|j| j.parse().ok()).unwrap_or(2);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(report).expect("report")).expect("json");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let scenarios: Vec<&Value> = report["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .collect();
    let (alone, shared): (Vec<&Value>, Vec<&Value>) = scenarios.into_iter().partition(|s| {
        s["id"]
            .as_str()
            .is_some_and(|i| i.contains("import-paging"))
    });
    let start = Instant::now();
    // The preflight ("Test API Credentials") scimgate makes first.
    let _ = client
        .get(format!("{base}/Users?startIndex=1&count=2"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .map(|r| r.status());
    let mut sent = 1;
    sent += futures_util::stream::iter(shared)
        .map(|s| replay(&client, base, token, s))
        .buffer_unordered(jobs)
        .collect::<Vec<_>>()
        .await
        .iter()
        .sum::<usize>();
    for s in alone {
        sent += replay(&client, base, token, s).await;
    }
    println!("requests={sent} wall_ms={}", start.elapsed().as_millis());
}
