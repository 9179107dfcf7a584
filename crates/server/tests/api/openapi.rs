//! The OpenAPI document against the router, both ways: every route of the table the router is
//! built from is documented, every documented operation is served (it does not reach the
//! router's fallback), and an undocumented path or method does reach the fallback. The
//! generated document is well-formed OpenAPI 3.1, and the docs page shows all of it.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

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

/// Every `"$ref"` in `node`, with where it was found.
fn refs<'a>(node: &'a Value, at: &str, out: &mut Vec<(String, &'a str)>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push((at.to_owned(), r)),
                    _ => refs(v, &format!("{at}/{k}"), out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_generated_document_is_well_formed_openapi_3_1() {
    let doc = &*openapi::DOCUMENT;
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    // Every reference resolves inside the document.
    let mut found = Vec::new();
    refs(doc, "", &mut found);
    assert!(found.len() > 100, "only {} references", found.len());
    let dangling: Vec<_> = found
        .iter()
        .filter(|(_, r)| {
            r.strip_prefix('#')
                .is_none_or(|pointer| doc.pointer(pointer).is_none())
        })
        .collect();
    assert!(
        dangling.is_empty(),
        "references that resolve to nothing: {dangling:?}"
    );
    // Operations: unique ids, a tag the document declares, every `{param}` of the path
    // declared as a path parameter, answers with a description, and the permission named
    // wherever a sign-in is needed.
    let tags: BTreeSet<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{what}: no id"));
            assert!(ids.insert(id.to_owned()), "{what}: operationId {id} twice");
            for t in op["tags"].as_array().unwrap() {
                assert!(
                    tags.contains(t.as_str().unwrap()),
                    "{what}: tag {t} undeclared"
                );
            }
            let params: Vec<&Value> = op["parameters"].as_array().into_iter().flatten().collect();
            for p in &params {
                assert!(p["name"].is_string() && p["in"].is_string(), "{what}: {p}");
                assert!(p["schema"].is_object(), "{what}: parameter without schema");
            }
            for segment in path.split('/').filter(|s| s.starts_with('{')) {
                let name = segment.trim_matches(|c| c == '{' || c == '}');
                assert!(
                    params.iter().any(|p| p["name"] == name
                        && p["in"] == "path"
                        && p["required"] == Value::Bool(true)),
                    "{what}: path parameter {name} undeclared"
                );
            }
            let responses = op["responses"].as_object().unwrap();
            assert!(!responses.is_empty(), "{what}: no answers");
            for (status, r) in responses {
                assert!(
                    status.len() == 3 && status.parse::<u16>().is_ok(),
                    "{what}: status {status}"
                );
                assert!(
                    r["$ref"].is_string() || r["description"].is_string(),
                    "{what} {status}: no description"
                );
            }
            let public = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .all(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            assert!(
                public || op["x-permission"].is_string(),
                "{what}: needs a sign-in but names no x-permission"
            );
            let body = &op["requestBody"]["content"]["application/json"]["schema"];
            if let Some(r) = body["$ref"].as_str() {
                assert!(r.starts_with("#/components/schemas/"), "{what}: body {r}");
            }
        }
    }
    // Every schema compiles as JSON Schema 2020-12 with the components beside it.
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let mut s = schema.clone();
        s.as_object_mut()
            .unwrap()
            .insert("components".into(), doc["components"].clone());
        assert!(
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&s)
                .is_ok(),
            "schema {name} does not compile"
        );
    }
}

api_test!(the_docs_page_lists_every_operation, |app| {
    let res = app
        .client
        .get(format!("{}/api/docs", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/html"), "{kind}");
    let page = res.text().await.unwrap();
    // Nothing is loaded from elsewhere.
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"));
    for (path, item) in openapi::DOCUMENT["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            assert!(
                page.contains(&format!("id=\"op-{}\"", id.replace('_', "-")))
                    && page.contains(&format!("<code>{path}</code>")),
                "{method} {path} is not on the page"
            );
            if let Some(p) = op["x-permission"].as_str() {
                assert!(page.contains(p), "{method} {path}: {p}");
            }
        }
    }
    for name in openapi::DOCUMENT["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
    {
        assert!(
            page.contains(&format!("id=\"schemas-{name}\"")),
            "schema {name}"
        );
    }
});
