//! The OpenAPI document as the suite's oracle: finds the documented operation of a request and
//! checks the answer (status, content type, JSON body against its schema) and, when the server
//! accepted it, the request body against the operation's request schema.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use jsonschema::{Draft, Validator};
use serde_json::Value;

/// The document the server serves, parsed once.
pub static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(mizan_server::openapi_json()).expect("the OpenAPI document is JSON")
});

/// Compiled schemas by JSON pointer into the document.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<Validator>>>> = LazyLock::new(Mutex::default);

/// The HTTP methods an OpenAPI path item may hold.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The documented (method, path template) pairs.
pub fn operations() -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in DOCUMENT["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            if METHODS.contains(&method.as_str()) {
                ops.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

/// The documented template `path` (no query) matches: `{param}` segments match any non-empty
/// segment, and of several matches the one with the fewest parameters wins
/// (`/products/lookup` over `/products/{id}`).
pub fn template(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter_map(|tpl| {
            let parts: Vec<&str> = tpl.split('/').collect();
            let fits = parts.len() == segments.len()
                && parts.iter().zip(&segments).all(|(p, s)| {
                    p == s || (p.starts_with('{') && p.ends_with('}') && !s.is_empty())
                });
            fits.then(|| (parts.iter().filter(|p| p.starts_with('{')).count(), tpl))
        })
        .min_by_key(|(params, _)| *params)
        .map(|(_, tpl)| tpl.as_str())
}

/// `~` and `/` escaped for a JSON pointer.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The schema at `pointer`, compiled with the document's components beside it so that
/// `#/components/schemas/...` references resolve.
fn validator(pointer: &str) -> Arc<Validator> {
    let mut cache = VALIDATORS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = cache.get(pointer) {
        return Arc::clone(v);
    }
    let mut schema = DOCUMENT
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no schema at {pointer}"))
        .clone();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("components".into(), DOCUMENT["components"].clone());
    }
    let compiled = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema at {pointer} does not compile: {e}"));
    let compiled = Arc::new(compiled);
    cache.insert(pointer.to_owned(), Arc::clone(&compiled));
    compiled
}

/// The object at `pointer`, following a `$ref` to `#/components/responses/...`.
fn resolve(pointer: String) -> (String, &'static Value) {
    let node = DOCUMENT.pointer(&pointer).expect("a documented response");
    match node["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(target) => (
            target.to_owned(),
            DOCUMENT.pointer(target).expect("a $ref target"),
        ),
        None => (pointer, node),
    }
}

/// Validation errors of `instance` against the schema at `pointer`, one a line.
fn errors(pointer: &str, instance: &Value) -> Option<String> {
    let v = validator(pointer);
    let mut out = String::new();
    for e in v.iter_errors(instance) {
        let _ = writeln!(out, "    at {:?}: {e}", e.instance_path().as_str());
    }
    (!out.is_empty()).then_some(out)
}

/// One exchange, as the test kit saw it.
pub struct Exchange<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub request: Option<&'a str>,
    pub status: u16,
    pub content_type: &'a str,
    pub body: &'a Value,
}

impl Exchange<'_> {
    /// Whether the document is the judge of this exchange: the JSON API and the old till's
    /// routes (not the document itself, nor health).
    fn judged(&self) -> bool {
        self.path.starts_with("/api/v1/") || self.path.starts_with("/api/sales/")
    }

    fn failure(&self, why: &str, details: &str) -> String {
        format!(
            "OpenAPI: {} {} answered {}: {why}\n{details}  request: {}\n  body: {}",
            self.method,
            self.path,
            self.status,
            self.request.unwrap_or("(none)"),
            self.body
        )
    }

    /// The router's own answer for an unknown path or method, which the document leaves out.
    fn check_fallback(&self, status: u16, code: &str) -> Result<(), String> {
        let why = format!("undocumented, so only the router's {status} `{code}` may answer");
        if self.status != status || self.body["error"]["code"] != code {
            return Err(self.failure(&why, ""));
        }
        match errors("/components/schemas/Error", self.body) {
            Some(e) => Err(self.failure("the fallback's body is not an Error", &e)),
            None => Ok(()),
        }
    }

    /// Checks the exchange against the document.
    pub fn check(&self) -> Result<(), String> {
        let path = self.path.split('?').next().unwrap_or(self.path);
        if !self.judged() {
            return Ok(());
        }
        let Some(tpl) = template(path) else {
            return self.check_fallback(404, "not_found");
        };
        let method = self.method.to_lowercase();
        let op = &DOCUMENT["paths"][tpl][&method];
        if op.is_null() {
            return self.check_fallback(405, "method_not_allowed");
        }
        let op_ptr = format!("/paths/{}/{method}", escape(tpl));
        let status = self.status.to_string();
        if op["responses"].get(&status).is_none() {
            return Err(self.failure(&format!("status not documented for {tpl}"), ""));
        }
        let (response_ptr, response) = resolve(format!("{op_ptr}/responses/{status}"));
        let content = response["content"].as_object();
        let media = self.content_type.split(';').next().unwrap_or("").trim();
        if media == "application/json" {
            if content.is_none_or(|c| !c.contains_key("application/json")) {
                return Err(self.failure("a JSON body the document does not declare", ""));
            }
            let ptr = format!("{response_ptr}/content/application~1json/schema");
            if let Some(e) = errors(&ptr, self.body) {
                return Err(self.failure("the body does not match its schema", &e));
            }
        } else if content.is_some_and(|c| !c.contains_key(media)) {
            return Err(self.failure(&format!("content type `{media}` not documented"), ""));
        }
        self.check_request(&op_ptr, op)
    }

    /// A request the server accepted must be one the document allows.
    fn check_request(&self, op_ptr: &str, op: &Value) -> Result<(), String> {
        let accepted = (200..300).contains(&self.status);
        let Some(text) = self.request.filter(|t| accepted && !t.trim().is_empty()) else {
            return Ok(());
        };
        if op["requestBody"]["content"]["application/json"]["schema"].is_null() {
            return Ok(());
        }
        let Ok(request) = serde_json::from_str::<Value>(text) else {
            return Err(self.failure("accepted a request body that is not JSON", ""));
        };
        let ptr = format!("{op_ptr}/requestBody/content/application~1json/schema");
        match errors(&ptr, &request) {
            Some(e) => Err(self.failure("accepted a request its schema refuses", &e)),
            None => Ok(()),
        }
    }
}
