//! The docs page at `/api/docs`: the generated document as one server-rendered HTML page
//! (operations grouped by tag with their permission, parameters, request and response schemas;
//! then the schemas), with no script and nothing loaded from elsewhere.

use std::fmt::Write as _;

use serde_json::Value;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70rem;\
padding:1rem 2rem;color:#1d232a}h2{border-bottom:2px solid #ccd;margin-top:2.5rem}\
section.op{border:1px solid #dde;border-radius:6px;padding:.2rem 1rem;margin:1rem 0}\
.m{display:inline-block;min-width:4.5rem;font:bold 13px monospace;text-transform:uppercase}\
.get{color:#0a6b2d}.post{color:#0b4fa3}.patch{color:#8a5a00}.delete{color:#a31515}\
table{border-collapse:collapse;margin:.4rem 0;width:100%}td,th{border:1px solid #dde;\
padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f3f4f8}\
code{background:#f3f4f8;padding:0 .2rem;border-radius:3px}.perm{color:#5a3c8a}\
.note{color:#667;font-size:13px}nav ul{columns:3}";

/// `text` with `&`, `<`, `>` and `"` escaped for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A description: escaped, `code` spans kept, paragraphs split on blank lines.
fn prose(text: &str) -> String {
    text.split("\n\n")
        .map(|para| {
            let parts: Vec<String> = esc(para).split('`').map(str::to_owned).collect();
            let mut p = String::new();
            for (i, part) in parts.iter().enumerate() {
                if i % 2 == 1 && i + 1 < parts.len() {
                    let _ = write!(p, "<code>{part}</code>");
                } else {
                    if i % 2 == 1 {
                        p.push('`');
                    }
                    p.push_str(part);
                }
            }
            format!("<p>{p}</p>")
        })
        .collect()
}

fn anchor(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// A link to the schema or shared response a `$ref` names.
fn reference(r: &str) -> String {
    let (kind, name) = r
        .strip_prefix("#/components/")
        .and_then(|rest| rest.split_once('/'))
        .unwrap_or(("", r));
    format!(
        "<a href=\"#{}-{}\">{}</a>",
        esc(kind),
        anchor(name),
        esc(name)
    )
}

/// What a schema admits, in a line (objects with properties get a table from [`fields`]).
fn kind(s: &Value) -> String {
    if let Some(r) = s["$ref"].as_str() {
        return reference(r);
    }
    for (key, sep) in [("oneOf", " | "), ("anyOf", " | "), ("allOf", " &amp; ")] {
        if let Some(list) = s[key].as_array() {
            return list.iter().map(kind).collect::<Vec<_>>().join(sep);
        }
    }
    let mut out = match &s["type"] {
        Value::String(t) => esc(t),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(esc)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if s.get("properties").is_some() => "object".to_owned(),
        _ => "any".to_owned(),
    };
    if let Some(items) = s.get("items") {
        let _ = write!(out, " of {}", kind(items));
    }
    if let Some(values) = s["enum"].as_array() {
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", esc(&v.to_string())))
            .collect();
        let _ = write!(out, ": {}", list.join(", "));
    }
    if let Some(v) = s.get("const") {
        let _ = write!(out, ": <code>{}</code>", esc(&v.to_string()));
    }
    let mut notes = Vec::new();
    for key in [
        "format",
        "pattern",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "default",
    ] {
        if let Some(v) = s.get(key) {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            notes.push(format!("{key} <code>{}</code>", esc(&v)));
        }
    }
    if s["additionalProperties"] == Value::Bool(false) {
        notes.push("no other fields".to_owned());
    }
    if !notes.is_empty() {
        let _ = write!(out, " <span class=note>({})</span>", notes.join(", "));
    }
    out
}

/// A schema: its kind, and a table of its fields when it is an object with properties.
fn schema(s: &Value) -> String {
    let mut out = kind(s);
    if let Some(props) = s["properties"].as_object() {
        out.push_str(&fields(s, props));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for part in s[key].as_array().into_iter().flatten() {
            if let Some(props) = part["properties"].as_object() {
                out.push_str(&fields(part, props));
            }
        }
    }
    out
}

fn fields(s: &Value, props: &serde_json::Map<String, Value>) -> String {
    let required: Vec<&str> = s["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out = String::from("<table><tr><th>field</th><th>type</th><th>description</th></tr>");
    for (name, p) in props {
        let req = if required.contains(&name.as_str()) {
            " <span class=note>required</span>"
        } else {
            ""
        };
        let text = p["description"].as_str().map(prose).unwrap_or_default();
        let _ = write!(
            out,
            "<tr><td><code>{}</code>{req}</td><td>{}</td><td>{text}</td></tr>",
            esc(name),
            schema(p)
        );
    }
    out.push_str("</table>");
    out
}

fn content(c: &Value) -> String {
    c.as_object()
        .into_iter()
        .flatten()
        .map(|(media, m)| {
            let body = m.get("schema").map(schema).unwrap_or_default();
            format!("<code>{}</code> {body}", esc(media))
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn operation(out: &mut String, method: &str, path: &str, op: &Value) {
    let id = op["operationId"].as_str().unwrap_or(path);
    let _ = write!(
        out,
        "<section class=op id=\"op-{}\"><h3><span class=\"m {method}\">{method}</span> \
         <code>{}</code></h3>",
        anchor(id),
        esc(path)
    );
    for key in ["summary", "description"] {
        if let Some(t) = op[key].as_str() {
            out.push_str(&prose(t));
        }
    }
    match op["x-permission"].as_str() {
        Some(p) => {
            let _ = write!(out, "<p class=perm>Permission: <code>{}</code></p>", esc(p));
        }
        None if op["security"].as_array().is_some() => {
            out.push_str("<p class=perm>No sign-in needed.</p>");
        }
        None => {}
    }
    if let Some(params) = op["parameters"].as_array() {
        out.push_str(
            "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th>\
             <th>description</th></tr>",
        );
        for p in params {
            let req = if p["required"] == Value::Bool(true) {
                " <span class=note>required</span>"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<tr><td><code>{}</code>{req}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(p["name"].as_str().unwrap_or("")),
                esc(p["in"].as_str().unwrap_or("")),
                p.get("schema").map(kind).unwrap_or_default(),
                p["description"].as_str().map(prose).unwrap_or_default()
            );
        }
        out.push_str("</table>");
    }
    if let Some(body) = op.get("requestBody") {
        let _ = write!(
            out,
            "<h4>Request body</h4><p>{}</p>",
            content(&body["content"])
        );
    }
    out.push_str("<h4>Answers</h4><table><tr><th>status</th><th>answer</th></tr>");
    for (status, r) in op["responses"].as_object().into_iter().flatten() {
        let answer = match r["$ref"].as_str() {
            Some(target) => reference(target),
            None => format!(
                "{}{}",
                esc(r["description"].as_str().unwrap_or("")),
                r.get("content")
                    .map(|c| format!("<br>{}", content(c)))
                    .unwrap_or_default()
            ),
        };
        let _ = write!(out, "<tr><td>{}</td><td>{answer}</td></tr>", esc(status));
    }
    out.push_str("</table></section>");
}

/// The page for document `doc`.
pub fn render(doc: &Value) -> String {
    let title = esc(doc["info"]["title"].as_str().unwrap_or("API"));
    let version = esc(doc["info"]["version"].as_str().unwrap_or(""));
    let mut out = format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><h1>{title} {version}</h1>"
    );
    out.push_str(&prose(doc["info"]["description"].as_str().unwrap_or("")));
    out.push_str(
        "<p>The document itself: <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p><nav><ul>",
    );
    let tags: Vec<&Value> = doc["tags"].as_array().into_iter().flatten().collect();
    for t in &tags {
        let name = t["name"].as_str().unwrap_or("");
        let _ = write!(
            out,
            "<li><a href=\"#tag-{}\">{}</a></li>",
            anchor(name),
            esc(name)
        );
    }
    out.push_str("<li><a href=\"#schemas\">Schemas</a></li></ul></nav>");
    let paths = doc["paths"].as_object();
    for t in &tags {
        let name = t["name"].as_str().unwrap_or("");
        let _ = write!(out, "<h2 id=\"tag-{}\">{}</h2>", anchor(name), esc(name));
        out.push_str(&prose(t["description"].as_str().unwrap_or("")));
        for (path, item) in paths.into_iter().flatten() {
            for method in METHODS {
                let op = &item[*method];
                let tagged = op["tags"]
                    .as_array()
                    .is_some_and(|ts| ts.iter().any(|x| x == name));
                if tagged {
                    operation(&mut out, method, path, op);
                }
            }
        }
    }
    out.push_str("<h2 id=schemas>Schemas</h2>");
    let components = &doc["components"];
    for (name, s) in components["schemas"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<h3 id=\"schemas-{}\">{}</h3>{}{}",
            anchor(name),
            esc(name),
            s["description"].as_str().map(prose).unwrap_or_default(),
            schema(s)
        );
    }
    out.push_str("<h2 id=responses>Shared answers</h2>");
    for (name, r) in components["responses"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<h3 id=\"responses-{}\">{}</h3>{}<p>{}</p>",
            anchor(name),
            esc(name),
            prose(r["description"].as_str().unwrap_or("")),
            r.get("content").map(content).unwrap_or_default()
        );
    }
    out.push_str("</body></html>");
    out
}
