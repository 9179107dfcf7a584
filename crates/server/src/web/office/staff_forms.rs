//! The owner's forms for people and settings: a new staff user (name, password, role,
//! language), a user changed (role, language, active, a new password: only what changed is
//! sent, so an owner can edit their own language without touching their own access), and
//! the shop's settings. The use cases and their checks are the API's.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, NewStaff, SettingsInput, StaffChanges, perm};
use mizan_domain::UserId;
use mizan_domain::staff::BUILT_IN_ROLES;
use mizan_store::User;
use mizan_web::{Ctx, FormField, render};

use super::forms::{field, key, optional, page, posted, refused};
use crate::ApiError;
use crate::web::{Signed, html, see_other};

/// A select of the roles, on `value`.
fn roles(c: &Ctx, value: &str) -> FormField {
    let mut f = field(c, "role", "select", true);
    f.options = BUILT_IN_ROLES
        .iter()
        .map(|r| (r.name.to_owned(), c.word("role", r.name)))
        .collect();
    f.value = value.to_owned();
    f
}

/// A select of the languages, on `value`.
fn languages(c: &Ctx, value: &str) -> FormField {
    let mut f = field(c, "language", "select", true);
    f.options = [("ar", "العربية"), ("en", "English"), ("ru", "Русский")]
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect();
    f.value = value.to_owned();
    f
}

fn new_user_fields(c: &Ctx) -> Vec<FormField> {
    vec![
        field(c, "username", "text", true),
        field(c, "password", "password", true),
        roles(c, "cashier"),
        languages(c, c.tr.lang.as_str()),
    ]
}

/// `GET /office/users/new`.
pub async fn user_form(s: Signed) -> Response {
    if let Err(p) = s.grant::<perm::UsersManage>() {
        return p;
    }
    let p = page(&s.c, "users", "new_user", new_user_fields(&s.c));
    html(StatusCode::OK, render(&p))
}

/// `POST /office/users/new`: creates the user and shows the list.
pub async fn create_user(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, g, form) = match posted::<perm::UsersManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let p = page(&s.c, "users", "new_user", new_user_fields(&s.c));
    let key = match key(&s, &form, "/office/users/new") {
        Ok(k) => k,
        Err(e) => return refused(&s, p, &form, &e),
    };
    let input = NewStaff {
        username: form.get("username").to_owned(),
        password: optional(&form, "password").map(str::to_owned),
        role: form.get("role").to_owned(),
        language: optional(&form, "language").map(str::to_owned),
        branches: Vec::new(),
    };
    match app.create_user(&g, Some(key), input).await {
        Ok(u) => see_other(&parts, &format!("/office/users/{}", u.id.0)),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}

/// The form that changes `u`, filled with what they are now.
fn user_page(s: &Signed, u: &User) -> mizan_web::FormPage {
    let c = &s.c;
    let mut active = field(c, "active", "checkbox", false);
    if u.active {
        active.value = "on".to_owned();
    }
    let fields = vec![
        roles(c, &u.role),
        languages(c, &u.language),
        active,
        field(c, "new_password", "password", false),
    ];
    let mut p = page(c, "users", "edit_user", fields);
    p.title = format!("{}: {}", c.t("edit_user"), u.username);
    p.id = "edit-user".to_owned();
    p.action = format!("/office/users/{}", u.id.0);
    p
}

/// `GET /office/users/{id}`: the user, as a form that changes them.
pub async fn user(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    let g = match s.grant::<perm::UsersManage>() {
        Ok(g) => g,
        Err(p) => return p,
    };
    match app.user(&g, UserId(id)).await {
        Ok(u) => html(StatusCode::OK, render(&user_page(&s, &u))),
        Err(e) => s.refused(e),
    }
}

/// `POST /office/users/{id}`: changes what the form changed, and shows the list.
pub async fn update_user(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, g, form) = match posted::<perm::UsersManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let u = match app.user(&g, UserId(id)).await {
        Ok(u) => u,
        Err(e) => return s.refused(e),
    };
    let p = user_page(&s, &u);
    let path = format!("/office/users/{id}");
    let key = match key(&s, &form, &path) {
        Ok(k) => k,
        Err(e) => return refused(&s, p, &form, &e),
    };
    let changed = |name: &str, now: &str| Some(form.get(name)).filter(|v| *v != now);
    let active = form.get("active") == "on";
    let changes = StaffChanges {
        role: changed("role", &u.role).map(str::to_owned),
        language: changed("language", &u.language).map(str::to_owned),
        active: (active != u.active).then_some(active),
        password: optional(&form, "new_password").map(str::to_owned),
        branches: None,
    };
    match app.update_user(&g, Some(key), u.id, changes).await {
        Ok(_) => see_other(&parts, "/office/users"),
        Err(e) => refused(
            &s,
            p,
            &form,
            &rename(s.error(e), "password", "new_password"),
        ),
    }
}

/// A refusal naming field `from`, renamed to the form's `to`.
fn rename(mut e: ApiError, from: &str, to: &str) -> ApiError {
    if e.details["field"].as_str() == Some(from) {
        e.details["field"] = serde_json::json!(to);
    }
    e
}

/// An offset from UTC as people write it (`+02:00`, `-03:30`, `3`) in minutes.
fn offset_minutes(text: &str) -> Result<i32, ApiError> {
    let bad = || ApiError::invalid("utc_offset", "an offset such as +02:00 or -03:30");
    let t = text.trim().trim_start_matches("UTC");
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let h: i32 = h.parse().map_err(|_| bad())?;
    let m: i32 = m.parse().map_err(|_| bad())?;
    if !(0..60).contains(&m) || !(0..=14).contains(&h) {
        return Err(bad());
    }
    Ok(sign * (h * 60 + m))
}

/// An offset from UTC in minutes as people write it: `+02:00`.
pub(super) fn offset_text(minutes: i32) -> String {
    format!(
        "{}{:02}:{:02}",
        if minutes < 0 { '-' } else { '+' },
        minutes.unsigned_abs() / 60,
        minutes.unsigned_abs() % 60
    )
}

/// The settings form, filled with the shop's settings.
fn settings_page(s: &Signed) -> mizan_web::FormPage {
    let c = &s.c;
    let t = &s.tenant;
    let check = |name: &str, on: bool| {
        let mut f = field(c, name, "checkbox", false);
        if on {
            f.value = "on".to_owned();
        }
        f
    };
    let mut offset = field(c, "utc_offset", "text", true);
    offset.value = offset_text(t.utc_offset_minutes);
    let mut scale = field(c, "scale_barcodes", "text", false);
    scale.value = t.scale_layouts.join(" ");
    let (opens, closes) = t.cafe_hours.clock_texts();
    let mut cafe_opens = field(c, "cafe_opens", "text", false);
    cafe_opens.value = opens;
    let mut cafe_closes = field(c, "cafe_closes", "text", false);
    cafe_closes.value = closes;
    let fields = vec![
        offset,
        check("require_open_session", t.require_open_session),
        check("require_registered_devices", t.require_registered_devices),
        scale,
        cafe_opens,
        cafe_closes,
    ];
    let mut p = page(c, "settings", "edit_settings", fields);
    p.action = "/office/settings/edit".to_owned();
    p
}

/// `GET /office/settings/edit`.
pub async fn settings_form(s: Signed) -> Response {
    if let Err(p) = s.grant::<perm::SettingsManage>() {
        return p;
    }
    html(StatusCode::OK, render(&settings_page(&s)))
}

/// `POST /office/settings/edit`: writes the settings and shows them.
pub async fn update_settings(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, g, form) = match posted::<perm::SettingsManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let p = settings_page(&s);
    let parsed = offset_minutes(form.get("utc_offset")).and_then(|o| {
        let hours = crate::json::opening_hours(
            ["cafe_opens", "cafe_closes"],
            Some(form.get("cafe_opens")),
            Some(form.get("cafe_closes")),
            s.tenant.cafe_hours,
        )?;
        Ok((o, hours, key(&s, &form, "/office/settings/edit")?))
    });
    let (offset, cafe_hours, key) = match parsed {
        Ok(v) => v,
        Err(e) => return refused(&s, p, &form, &e),
    };
    let input = SettingsInput {
        require_open_session: Some(form.get("require_open_session") == "on"),
        utc_offset_minutes: Some(offset),
        scale_barcodes: Some(
            form.get("scale_barcodes")
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        ),
        require_registered_devices: Some(form.get("require_registered_devices") == "on"),
        cafe_hours,
        roll_min_useful: None,
    };
    match app.update_settings(&g, Some(key), input).await {
        Ok(_) => see_other(&parts, "/office/settings"),
        Err(e) => refused(
            &s,
            p,
            &form,
            &rename(s.error(e), "utc_offset_minutes", "utc_offset"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::offset_minutes;

    #[test]
    fn offsets_read_as_people_write_them() {
        assert_eq!(offset_minutes("+02:00").ok(), Some(120));
        assert_eq!(offset_minutes("-03:30").ok(), Some(-210));
        assert_eq!(offset_minutes("UTC+05:45").ok(), Some(345));
        assert_eq!(offset_minutes("3").ok(), Some(180));
        assert!(offset_minutes("+2:75").is_err());
        assert!(offset_minutes("+15:00").is_err());
        assert!(offset_minutes("two").is_err());
    }
}
