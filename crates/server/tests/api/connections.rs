//! The server under abuse keeps serving everyone else: silent connections are closed at the
//! header deadline and free their slot, a body that stops arriving is refused, answers that did
//! not read a body close the connection, and a half-sent request cannot hold up shutdown.

use std::sync::Arc;
use std::time::Duration;

use mizan_server::listen::{Limits, serve};
use mizan_server::{HttpConfig, router};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::TestApp;

const TIGHT: Limits = Limits {
    max_connections: 16,
    header_timeout: Duration::from_millis(400),
    body_timeout: Duration::from_millis(400),
    shutdown_deadline: Duration::from_millis(500),
    backlog: 1_024,
};

/// A server within `TIGHT` limits over the test app's database; stops when `stop` fires.
async fn tight_server(
    app: &TestApp,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = mizan_server::listen::bind("127.0.0.1:0", TIGHT.backlog)
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let config = HttpConfig {
        limits: TIGHT,
        ..HttpConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let r = router(Arc::clone(&app.mizan), config);
    let task = tokio::spawn(serve(listener, r, TIGHT, async move {
        let _ = stopped.await;
    }));
    (addr, stop, task)
}

async fn until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut out)).await;
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn silent_connections_are_closed_and_everyone_else_is_served() {
    let app = TestApp::spawn(false).await.unwrap();
    let (addr, _stop, _task) = tight_server(&app).await;
    // Four times as many silent connections as the server holds at once.
    let mut silent = Vec::new();
    for _ in 0..TIGHT.max_connections * 4 {
        silent.push(TcpStream::connect(&addr).await.unwrap());
    }
    let client = reqwest::Client::new();
    let answer = tokio::time::timeout(
        Duration::from_secs(20),
        client.get(format!("http://{addr}/healthz")).send(),
    )
    .await
    .expect("a real client was not served while silent connections waited")
    .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    // The first silent ones were closed by the server at the header deadline.
    let closed = until_closed(&mut silent[0]).await;
    assert!(
        closed.is_empty() || closed.starts_with(b"HTTP/1.1 408"),
        "{closed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_body_that_stops_arriving_is_refused_and_unread_bodies_close_the_connection() {
    let app = TestApp::spawn(false).await.unwrap();
    let (addr, _stop, _task) = tight_server(&app).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/branches HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"name\":",
        app.token
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let answer = String::from_utf8_lossy(&until_closed(&mut s).await).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );

    // A refused POST whose body was never read says it closes the connection.
    let res = reqwest::Client::new()
        .post(format!("http://{addr}/api/v1/branches"))
        .bearer_auth("not-a-token")
        .body("{\"name\": \"x\"}")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["connection"], "close");
    let res = reqwest::Client::new()
        .get(format!("http://{addr}/api/v1/me"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("connection").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_half_sent_request_does_not_hold_up_shutdown() {
    let app = TestApp::spawn(false).await.unwrap();
    let (addr, stop, task) = tight_server(&app).await;
    let mut s = TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: mizan\r\nX-Slow: ")
        .await
        .unwrap();
    stop.send(()).unwrap();
    let done = tokio::time::timeout(Duration::from_secs(20), task).await;
    assert!(done.is_ok(), "the server did not stop");
    done.unwrap().unwrap().unwrap();
    assert!(TcpStream::connect(&addr).await.is_err() || until_closed(&mut s).await.len() < 4096);
}
