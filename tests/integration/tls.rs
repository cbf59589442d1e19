//! TLS: a server with a self-signed certificate gives one clear error by default, and works with
//! `--insecure` or with its certificate passed as `--cacert`.

use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use scimgate::http::{ClientOptions, HttpClient};
use scimgate::runner::{RunOptions, RunReport, Runner};
use scimgate::scenario::builtin_scenarios;
use scimgate::secret::Secret;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "tls-test-token-0987654321";

/// A tiny HTTPS server answering Okta's probes: a ListResponse for the right token, 401 else.
async fn https_server() -> (String, String) {
    let ck =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let cert_pem = ck.cert.pem();
    let chain = vec![CertificateDer::from(ck.cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.signing_key.serialize_der()));
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let n = tls.read(&mut buf).await.unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
                let (status, body, extra) = if req.contains(&format!(
                    "authorization: bearer {}",
                    TOKEN.to_ascii_lowercase()
                )) {
                    (
                        "200 OK",
                        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#,
                        "",
                    )
                } else {
                    (
                        "401 Unauthorized",
                        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"bad token"}"#,
                        "www-authenticate: Bearer\r\n",
                    )
                };
                let resp = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/scim+json\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(resp.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (
        format!("https://127.0.0.1:{}/scim/v2", addr.port()),
        cert_pem,
    )
}

async fn run(url: &str, insecure: bool, cacert: Option<std::path::PathBuf>) -> RunReport {
    let mut o = ClientOptions::new(url::Url::parse(url).unwrap(), Secret::new(TOKEN));
    o.timeout = Duration::from_secs(5);
    o.insecure = insecure;
    o.cacert = cacert;
    let list: Vec<_> = builtin_scenarios()
        .unwrap()
        .into_iter()
        .filter(|s| s.id == "okta/f01-test-api-credentials")
        .collect();
    Runner::new(
        Arc::new(HttpClient::new(o).unwrap()),
        RunOptions {
            seed: 1,
            jobs: 1,
            ..RunOptions::default()
        },
    )
    .run(&list, Arc::new(|_| {}))
    .await
}

#[tokio::test]
async fn a_self_signed_certificate_is_a_clear_tls_error_by_default() {
    let (url, _) = https_server().await;
    let report = run(&url, false, None).await;
    let fatal = report.preflight.fatal.clone().unwrap();
    assert!(
        fatal.contains("TLS handshake failed")
            && fatal.to_ascii_lowercase().contains("certificate"),
        "{fatal}"
    );
    assert_eq!(
        scimgate::exit::for_report(&report),
        scimgate::exit::COULD_NOT_TEST
    );
}

#[tokio::test]
async fn insecure_accepts_the_self_signed_certificate() {
    let (url, _) = https_server().await;
    let report = run(&url, true, None).await;
    assert!(report.preflight.fatal.is_none(), "{:?}", report.preflight);
    assert_eq!(scimgate::exit::for_report(&report), scimgate::exit::OK);
}

#[tokio::test]
async fn cacert_trusts_the_given_certificate() {
    let (url, pem) = https_server().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ca.pem");
    std::fs::write(&file, pem).unwrap();
    let report = run(&url, false, Some(file)).await;
    assert!(report.preflight.fatal.is_none(), "{:?}", report.preflight);
    assert_eq!(scimgate::exit::for_report(&report), scimgate::exit::OK);
}

#[test]
fn a_cacert_file_without_certificates_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.pem");
    std::fs::write(&file, "not a certificate").unwrap();
    let mut o = ClientOptions::new(
        url::Url::parse("https://x.example/scim/v2").unwrap(),
        Secret::new(TOKEN),
    );
    o.cacert = Some(file);
    let err = HttpClient::new(o).unwrap_err().to_string();
    assert!(err.contains("empty.pem"), "{err}");
}

#[tokio::test]
async fn https_against_a_plain_http_port_says_to_try_http() {
    let server = scimgate::reference::spawn(scimgate::reference::ServeOptions::default())
        .await
        .unwrap();
    let url = server.base_url().replacen("http://", "https://", 1);
    let report = run(&url, false, None).await;
    let fatal = report.preflight.fatal.clone().unwrap();
    assert!(
        fatal.contains("the port answers plain HTTP, not TLS: try http:// instead of https://"),
        "{fatal}"
    );
    server.shutdown().await;
}
