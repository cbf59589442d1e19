//! The spawned server: real socket, reqwest client, graceful shutdown.

use serde_json::{Value, json};

use crate::reference::{ServeOptions, spawn};

#[tokio::test]
async fn spawned_server_serves_on_loopback_and_shuts_down() {
    let server = spawn(ServeOptions::default()).await.expect("bind loopback");
    assert_eq!(server.token().len(), 32);
    assert!(server.addr().ip().is_loopback() && server.addr().port() != 0);
    assert_eq!(
        server.base_url(),
        format!("http://{}/scim/v2", server.addr())
    );
    let client = reqwest::Client::new();
    let created = client
        .post(format!("{}/Users", server.base_url()))
        .bearer_auth(server.token())
        .header("content-type", "application/scim+json")
        .body(json!({"userName": "net"}).to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(created.status().as_u16(), 201);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(location.starts_with(server.base_url()));
    let got: Value = client
        .get(&location)
        .bearer_auth(server.token())
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(got["userName"], "net");
    let addr = server.addr();
    server.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "listener closed"
    );
}
