//! Server state, options, the router factory and the spawned server.
//!
//! [`app`] builds the whole service as an axum `Router`, so tests can drive it
//! in-process with `tower::ServiceExt::oneshot`; [`spawn`] binds a listener
//! (port 0 by default) and serves the same router in a tokio task. Everything
//! lives under `/scim/v2`, so the base URL is `http://127.0.0.1:PORT/scim/v2`.
//!
//! The same API is also served on the unversioned base `/api`, both as it is (`/api/Users`)
//! and with the version segment a client may put before the endpoint (`/api/v2/Users`,
//! RFC 7644 §3.13), so the version probe has a base to append `/v2` to. `/api` and not
//! `/scim`: `/scim` + `/v2` would be the printed base itself, and the
//! `version-segment-404` fault could not break the one without the other. Resource URIs
//! (`meta.location`, `Location`) always name the canonical `/scim/v2` base, whichever
//! alias the request came in on: one resource, one permanent URI.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::fault::{Fault, FaultSet};
use super::representation::RenderCx;
use super::served_type::ServedType;
use super::store::Store;
use super::{bulk, discovery, handlers, list, middleware, negotiate, response_faults};

/// The path prefix every endpoint lives under.
pub(crate) const PREFIX: &str = "/scim/v2";

/// The unversioned base serving the same API (see the module docs).
pub(crate) const UNVERSIONED: &str = "/api";

/// How to run the reference server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Bearer token clients must send; `None` generates a random 32-character one.
    pub token: Option<String>,
    /// Deliberate deviations to switch on.
    pub faults: Vec<Fault>,
    /// Largest accepted request body in bytes.
    pub body_limit: usize,
    /// Users of "other people" stored before the first request (`staging.user{n}@example.org`,
    /// no run prefix): a populated shared staging server, which a run must not touch.
    pub preload_users: u32,
    /// A group stored before the first request that every user created through the API joins
    /// (a vendor's "everyone provisioned by Okta" group; see `scimgate run --sync-group`).
    pub sync_group: Option<String>,
    /// Time added before every answer (a target far away: the speed benchmark's 50 ms).
    pub latency: std::time::Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: None,
            faults: Vec::new(),
            body_limit: 1 << 20,
            preload_users: 0,
            sync_group: None,
            latency: std::time::Duration::ZERO,
        }
    }
}

/// Shared state of one server instance.
#[derive(Clone, Debug)]
pub struct AppState {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    store: RwLock<Store>,
    token: String,
    faults: FaultSet,
    body_limit: usize,
    base_url: String,
    list_calls: AtomicU64,
    sync_group: std::sync::OnceLock<String>,
    latency: std::time::Duration,
}

impl AppState {
    /// State for `options`, with resource URIs built on `base_url`
    /// (e.g. `http://127.0.0.1:8080/scim/v2`).
    pub fn new(options: &ServeOptions, base_url: impl Into<String>) -> Self {
        let token = options
            .token
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
        Self {
            shared: Arc::new(Shared {
                store: RwLock::new(Store::with_id_faults(
                    options.faults.contains(&Fault::IdsWithSlash),
                    options.faults.contains(&Fault::NumericIds),
                )),
                token,
                faults: FaultSet::new(&options.faults),
                body_limit: options.body_limit,
                base_url: base_url.into(),
                list_calls: AtomicU64::new(0),
                sync_group: std::sync::OnceLock::new(),
                latency: options.latency,
            }),
        }
    }

    /// The bearer token clients must present.
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    fn set_sync_group(&self, id: String) {
        let _ = self.shared.sync_group.set(id);
    }

    /// The id of the group every created user joins (`ServeOptions::sync_group`).
    pub(crate) fn sync_group(&self) -> Option<&str> {
        self.shared.sync_group.get().map(String::as_str)
    }

    pub(crate) fn has(&self, fault: Fault) -> bool {
        self.shared.faults.has(fault)
    }

    pub(crate) fn faults(&self) -> FaultSet {
        self.shared.faults
    }

    pub(crate) fn body_limit(&self) -> usize {
        self.shared.body_limit
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    pub(crate) fn render_cx(&self) -> RenderCx<'_> {
        RenderCx {
            base_url: &self.shared.base_url,
            faults: self.shared.faults,
        }
    }

    /// Counts list requests (drives the unstable-order fault).
    pub(crate) fn next_list_call(&self) -> u64 {
        self.shared.list_calls.fetch_add(1, Ordering::Relaxed)
    }

    /// Read access; a poisoned lock is recovered, never a panic.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.shared.store.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Write access; a poisoned lock is recovered, never a panic.
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.shared.store.write().unwrap_or_else(|e| e.into_inner())
    }
}

fn resource_routes(prefix: &str, kind: ServedType) -> Router<AppState> {
    let base = format!("{prefix}/{}", kind.endpoint());
    Router::new()
        .route(
            &base,
            get(move |s, q| list::list(kind, s, q))
                .post(move |s, q, h, b| handlers::create(kind, s, q, h, b)),
        )
        .route(
            &format!("{base}/.search"),
            post(move |s, h, b| list::search(kind, s, h, b)),
        )
        .route(
            &format!("{base}/{{id}}"),
            get(move |s, p, q, h| handlers::get_one(kind, s, p, q, h))
                .put(move |s, p, q, h, b| handlers::replace(kind, s, p, q, h, b))
                .patch(move |s, p, q, h, b| handlers::patch(kind, s, p, q, h, b))
                .delete(move |s, p, h| handlers::delete(kind, s, p, h)),
        )
}

/// Every endpoint under one path prefix.
fn api(prefix: &str, state: &AppState) -> Router<AppState> {
    let router = Router::new().merge(resource_routes(prefix, ServedType::User));
    let router = if state.has(Fault::NoGroups) {
        router
    } else {
        router.merge(resource_routes(prefix, ServedType::Group))
    };
    router
        .merge(discovery::routes(prefix))
        // /Bulk enforces maxPayloadSize itself (413 naming it); the transport limit is looser.
        .route(
            &format!("{prefix}/Bulk"),
            post(bulk::bulk).layer(DefaultBodyLimit::max(state.body_limit().saturating_mul(2))),
        )
}

/// The complete service as a router, for in-process use and for [`spawn`].
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .merge(api(PREFIX, &state))
        .merge(api(UNVERSIONED, &state));
    if !state.has(Fault::VersionSegment404) {
        router = router.merge(api(&format!("{UNVERSIONED}/v2"), &state));
    }
    router
        .fallback(discovery::no_route)
        .layer(DefaultBodyLimit::max(state.body_limit()))
        .layer(from_fn_with_state(state.clone(), negotiate::negotiate))
        .layer(from_fn_with_state(state.clone(), middleware::auth))
        .layer(from_fn_with_state(state.clone(), middleware::finish))
        .layer(from_fn_with_state(state.clone(), response_faults::apply))
        .layer(from_fn_with_state(state.clone(), delay))
        .with_state(state)
}

/// Waits the configured latency before answering (nothing when it is zero).
async fn delay(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let wait = state.shared.latency;
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    next.run(req).await
}

/// A server running in a tokio task; dropping it also stops the server.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    base_url: String,
    token: String,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// `http://ADDR/scim/v2`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `http://ADDR/api`: the same API on a base without a version segment, to which a
    /// client may append `/v2` (RFC 7644 §3.13).
    pub fn unversioned_base_url(&self) -> String {
        format!("http://{}{UNVERSIONED}", self.addr)
    }

    /// The bearer token the server accepts.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, finishes in-flight requests and waits for the task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Binds `options.listen` and serves the reference server in a tokio task.
pub async fn spawn(options: ServeOptions) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind(options.listen).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}{PREFIX}");
    let state = AppState::new(&options, base_url.clone());
    if options.preload_users > 0 {
        let mut store = state.write();
        for n in 1..=options.preload_users {
            let attrs = serde_json::json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": format!("staging.user{n}@example.org"),
                "name": {"givenName": "Staging", "familyName": format!("User{n}")},
                "emails": [{"value": format!("staging.user{n}@example.org"), "type": "work", "primary": true}],
                "active": true,
            });
            if let serde_json::Value::Object(m) = attrs {
                store.insert(super::served_type::ServedType::User, &m);
            }
        }
    }
    if let Some(name) = &options.sync_group {
        let attrs = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": name,
        });
        if let serde_json::Value::Object(m) = attrs {
            let id = state.write().insert(ServedType::Group, &m);
            state.set_sync_group(id);
        }
    }
    let token = state.token().to_owned();
    let router = app(state);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningServer {
        addr,
        base_url,
        token,
        stop: Some(stop),
        task,
    })
}
