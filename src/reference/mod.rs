//! Placeholder for the embedded reference server (replaced by the ref-server branch on merge).
#![allow(missing_docs, dead_code)]
use std::net::SocketAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Fault {
    CreateAnswers200,
}
impl Fault {
    pub const ALL: &'static [Fault] = &[Fault::CreateAnswers200];
    pub fn name(self) -> &'static str {
        "create-answers-200"
    }
    pub fn rule(self) -> &'static str {
        "RFC 7644 §3.3"
    }
}
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub token: Option<String>,
    pub faults: Vec<Fault>,
    pub body_limit: usize,
}
impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            listen: ([127, 0, 0, 1], 0).into(),
            token: None,
            faults: Vec::new(),
            body_limit: 1 << 20,
        }
    }
}
pub struct RunningServer;
impl RunningServer {
    pub fn base_url(&self) -> &str {
        ""
    }
    pub fn token(&self) -> &str {
        ""
    }
    pub async fn shutdown(self) {}
}
pub async fn spawn(_o: ServeOptions) -> std::io::Result<RunningServer> {
    Err(std::io::Error::other("reference server not built yet"))
}
