//! `nianbao serve`: the local page and the HTTP API. A face over the library
//! and the writers, like cli.rs: uploads are saved in a temporary folder and
//! converted by the same batch run as `nianbao convert`, so a record from the
//! API is the record the command line writes (`source.path` aside).

mod api;
mod convert;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Required as `Authorization: Bearer TOKEN` (or `?token=` for the page).
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_upload: usize,
    /// Conversions run at once (0: one per core).
    pub workers: usize,
    /// Time limit of one request's conversions.
    pub timeout: Duration,
}

pub const DEFAULT_MAX_UPLOAD: usize = 50 << 20;

/// How long requests in flight may run on after Ctrl-C.
const GRACE: Duration = Duration::from_secs(10);

/// Shared by the handlers.
pub(crate) struct Shared {
    pub token: Option<String>,
    pub max_upload: usize,
    pub pool: Arc<Semaphore>,
    pub timeout: Duration,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0} is not a loopback address: binding it needs --token so that only those who know it can convert")]
    NeedsToken(SocketAddr),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// The routes, without a listener (tests and embedders can mount them).
pub fn router(config: &Config) -> Router {
    let workers =
        if config.workers == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { config.workers };
    let shared = Arc::new(Shared {
        token: config.token.clone(),
        max_upload: config.max_upload,
        pool: Arc::new(Semaphore::new(workers)),
        timeout: config.timeout,
    });
    Router::new()
        .route("/", get(api::page))
        .route("/app.js", get(api::script))
        .route("/app.css", get(api::style))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/api/schema", get(api::schema))
        .route("/api/convert", post(api::convert))
        .route("/api/export", post(api::export))
        .layer(DefaultBodyLimit::max(config.max_upload))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// Refuses a request without the token, and a body whose declared length is
/// over the limit before a byte of it is read.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if let Some(token) = &shared.token
        && !is_page_asset(&request)
        && !authorized(request.headers(), request.uri().query(), token)
    {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a token is needed\n")
            .into_response();
    }
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.max_upload as u64) {
        let mut response = api::too_large(shared.max_upload);
        // The rest of the body is not read: the connection cannot be reused.
        response.headers_mut().insert(header::CONNECTION, header::HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

/// The page's script and style: the browser fetches them without the page's
/// `?token=`, and they are the same for everyone (no data), so they need none.
fn is_page_asset(request: &Request) -> bool {
    request.method() == Method::GET && matches!(request.uri().path(), "/app.js" | "/app.css")
}

fn authorized(headers: &HeaderMap, query: Option<&str>, token: &str) -> bool {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t.trim() == token);
    let in_query = query.is_some_and(|q| q.split('&').any(|kv| kv.strip_prefix("token=") == Some(token)));
    bearer || in_query
}

/// Binds, prints `listening on http://ADDR`, serves until Ctrl-C or SIGTERM.
/// `on_bound` runs once connections are accepted (e.g. to open a browser).
pub fn run(config: Config, on_bound: impl FnOnce(SocketAddr) + Send + 'static) -> Result<(), ServeError> {
    if !config.addr.ip().is_loopback() && config.token.is_none() {
        return Err(ServeError::NeedsToken(config.addr));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        // Before the address is printed: a signal from then on stops the
        // server gracefully instead of killing the process.
        let stop = stop_signal()?;
        let listener =
            tokio::net::TcpListener::bind(config.addr).await.map_err(|e| ServeError::Bind(config.addr, e))?;
        let bound = listener.local_addr()?;
        let app = router(&config);
        println!("listening on http://{bound}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        on_bound(bound);
        let shutdown = Arc::new(tokio::sync::Notify::new());
        let notified = shutdown.clone();
        let server = tokio::spawn(
            axum::serve(listener, app).with_graceful_shutdown(async move { notified.notified().await }).into_future(),
        );
        stop.await;
        shutdown.notify_one();
        // Requests in flight get a moment to finish; a client that never
        // ends its body does not keep the server up.
        match tokio::time::timeout(GRACE, server).await {
            Ok(Ok(result)) => result?,
            Ok(Err(e)) => return Err(ServeError::Io(std::io::Error::other(e.to_string()))),
            Err(_) => eprintln!("nianbao: stopped with requests still open"),
        }
        Ok(())
    })
}

/// Ctrl-C (SIGINT) or SIGTERM, whichever comes first. The handlers are
/// installed by this call, not when the future is first polled, so that no
/// signal after it falls to the default action (killing the process).
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(std::future::poll_fn(move |cx| {
            if interrupt.poll_recv(cx).is_ready() || terminate.poll_recv(cx).is_ready() {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        }))
    }
    #[cfg(not(unix))]
    {
        let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
        Ok(async move {
            ctrl_c.recv().await;
        })
    }
}

/// Opens `url` in the desktop's browser; a failure is only reported.
pub fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        eprintln!("nianbao: cannot open a browser ({e}); open {url}");
    }
}
