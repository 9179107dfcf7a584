//! The OpenAPI document against the router, both ways: every route of the table the router is
//! built from is documented, every documented operation is served (it does not reach the
//! router's fallback), and an undocumented path or method does reach the fallback.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};

use crate::support::openapi;

#[test]
fn every_route_is_documented_and_every_documented_operation_is_routed() {
    let routed: BTreeSet<(String, String)> = mizan_server::operations()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    let documented: BTreeSet<(String, String)> = openapi::operations().into_iter().collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty() && unrouted.is_empty(),
        "routes missing from the document: {undocumented:?}\n\
         documented operations the router lacks: {unrouted:?}"
    );
}

api_test!(every_documented_operation_is_served, |app| {
    let mut served = 0;
    for (method, tpl) in openapi::operations() {
        // No token: each operation answers for itself (mostly 401), without side effects.
        let path = tpl.replace("{id}", "1");
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let body = matches!(m, Method::POST | Method::PATCH).then(|| "{}".to_owned());
        let a = app.send(m, &path, None, None, body).await;
        let fallback = (a.status == StatusCode::NOT_FOUND
            && a.body["error"]["message"] == "no such route")
            || a.code() == "method_not_allowed";
        assert!(
            !fallback,
            "{method} {path} is documented but not served: {}",
            a.body
        );
        served += 1;
    }
    assert!(served >= 60, "only {served} operations");
});

api_test!(an_undocumented_path_or_method_reaches_the_fallback, |app| {
    let a = app.get("/api/v1/no-such-thing").await;
    assert_eq!((a.status, a.code()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(a.body["error"]["message"], "no such route");
    let a = app
        .send(Method::DELETE, "/api/v1/me", Some(&app.token), None, None)
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
});
