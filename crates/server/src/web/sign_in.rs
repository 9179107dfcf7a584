//! Signing in and out with a form, the start page, and the language switch. The sign-in form
//! carries a token that must match a cookie set with it: a form left open past a restart or
//! sent from somewhere else is shown again with a clear note and a fresh token, so the next
//! try works.

use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::backup::BackupWarning;
use mizan_app::{Mizan, SignIn};
use mizan_domain::staff::Permission;
use mizan_domain::{Currency, TenantId};
use mizan_store::TokenKind;
use mizan_web::{HomePage, SignInPage, render};
use serde::Deserialize;

use super::form::Form;
use super::{LANG_COOKIE, Signed, ctx, html, message, see_other};
use crate::ApiError;
use crate::auth::{SESSION_COOKIE, cookie, same_origin};
use crate::http::HttpConfig;

/// The cookie that holds the sign-in form's token.
const FORM_COOKIE: &str = "mizan_form";

fn no_currency() -> Currency {
    Currency {
        code: String::new(),
        exponent: 2,
    }
}

/// The sign-in page with a fresh form token (and the cookie that matches it).
/// What the form had: the name and the shop number (kept when the form is shown again).
struct Typed {
    username: String,
    tenant_id: String,
    ask_tenant: bool,
}

fn sign_in_page(
    parts: &Parts,
    status: StatusCode,
    typed: Typed,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let token = mizan_app::new_token();
    let mut c = ctx(parts, None, no_currency());
    c.path = "/sign-in".to_owned();
    let notice = notice.map(|key| c.t(&key));
    let page = SignInPage {
        c,
        username: typed.username,
        form_token: token.clone(),
        notice,
        error,
        tenant_id: typed.tenant_id,
        ask_tenant: typed.ask_tenant,
    };
    let mut res = html(status, render(&page));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{FORM_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/sign-in; Max-Age=86400"
    )) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    res
}

/// `GET /`: the start page (for the owner, with a warning when the latest backup failed or is
/// stale), or the sign-in page for someone not signed in.
pub async fn home(State(app): State<Arc<Mizan>>, signed: Result<Signed, Response>) -> Response {
    let s = match signed {
        Ok(s) => s,
        Err(to_sign_in) => return to_sign_in,
    };
    let backup_warning = if s.actor.can(Permission::SettingsManage) {
        let runs = app.backup_runs(1).await.unwrap_or_default();
        mizan_app::backup::warning(&runs, app.now_ms()).map(|w| {
            let offset = s.tenant.utc_offset_minutes;
            match w {
                BackupWarning::Failed { at_ms, error } => format!(
                    "{} ({}): {error}",
                    s.c.t("backup_failed"),
                    mizan_web::format::local_time(at_ms, offset)
                ),
                BackupWarning::Stale { at_ms } => format!(
                    "{} {}",
                    s.c.t("backup_stale"),
                    mizan_web::format::local_time(at_ms, offset)
                ),
            }
        })
    } else {
        None
    };
    html(
        StatusCode::OK,
        render(&HomePage {
            c: s.c,
            backup_warning,
        }),
    )
}

#[derive(Deserialize)]
pub struct Shop {
    shop: Option<String>,
}

/// `GET /sign-in[?shop=N]`: a link per shop on a server that holds several.
pub async fn form(Query(q): Query<Shop>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let tenant_id: String = q
        .shop
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let typed = Typed {
        username: String::new(),
        ask_tenant: !tenant_id.is_empty(),
        tenant_id,
    };
    sign_in_page(&parts, StatusCode::OK, typed, None, None)
}

/// `POST /sign-in`: a session cookie and the start page, or the form again with why not.
pub async fn submit(State(app): State<Arc<Mizan>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let form = match Form::read(body).await {
        Ok(f) => f,
        Err(_) => {
            let typed = Typed {
                username: String::new(),
                tenant_id: String::new(),
                ask_tenant: false,
            };
            return sign_in_page(&parts, StatusCode::BAD_REQUEST, typed, None, None);
        }
    };
    let username = form.get("username").to_owned();
    let mut typed = Typed {
        username: username.clone(),
        tenant_id: form.get("tenant_id").to_owned(),
        ask_tenant: !form.get("tenant_id").is_empty(),
    };
    let fresh = cookie(&parts, FORM_COOKIE).is_some_and(|t| t == form.get("form_token"));
    if !fresh || same_origin(&parts).is_err() {
        let note = Some("form_stale".to_owned());
        return sign_in_page(&parts, StatusCode::OK, typed, note, None);
    }
    let http = parts
        .extensions
        .get::<Arc<HttpConfig>>()
        .cloned()
        .unwrap_or_default();
    let tenant = form.get("tenant_id").parse().ok().map(TenantId);
    let signed = app
        .sign_in(SignIn {
            tenant,
            username: username.clone(),
            password: form.get("password").to_owned(),
            kind: TokenKind::Session,
            label: "web".to_owned(),
            client: http
                .client(&parts)
                .map(|ip| ip.to_string())
                .unwrap_or_default(),
            replaces: cookie(&parts, SESSION_COOKIE).map(str::to_owned),
            device: crate::api::devices::credential(&parts),
        })
        .await;
    match signed {
        Ok(s) => {
            let mut res = see_other(&parts, "/");
            let max_age = mizan_app::SESSION_TTL_MS / 1000;
            if let Ok(v) =
                crate::api::staff::session_cookie(&s.token, max_age, http.secure_cookies())
            {
                res.headers_mut().insert(SET_COOKIE, v);
            }
            res
        }
        Err(e) => {
            let e = ApiError::from(e);
            let c = ctx(&parts, None, no_currency());
            let why = message(&c, &e);
            // A server with several shops needs the shop's number.
            typed.ask_tenant |= e.details["field"] == "tenant_id";
            sign_in_page(&parts, e.status, typed, None, Some(why))
        }
    }
}

/// `POST /sign-out`: ends the session and returns to the sign-in page.
pub async fn sign_out(State(app): State<Arc<Mizan>>, req: Request) -> Response {
    let (mut parts, _) = req.into_parts();
    if let Ok(s) =
        <Signed as axum::extract::FromRequestParts<_>>::from_request_parts(&mut parts, &app).await
    {
        let _ = app.sign_out(&s.actor).await;
    }
    let mut res = see_other(&parts, "/sign-in");
    if let Ok(v) = crate::api::staff::session_cookie("", 0, false) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    res
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// `GET /lang/{code}?next=/path`: remembers the language and goes back to the page.
pub async fn language(Path(code): Path<String>, Query(n): Query<Next>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    // Only a path of this site: never `//elsewhere` or a full URL.
    let next = n
        .next
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let mut res = see_other(&parts, &next);
    if let Ok(lang) = mizan_domain::staff::Language::parse(&code)
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; SameSite=Lax; Path=/; Max-Age=31536000",
            lang.as_str()
        ))
    {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    res
}
