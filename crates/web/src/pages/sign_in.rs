//! Signing in and the home page each role lands on.

use askama::Template;

use super::Ctx;

/// The sign-in form. `form_token` ties the form to the browser (a stale form is shown again
/// with `notice`, and the next try works); `error` is a refused sign-in.
#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub c: Ctx,
    pub username: String,
    pub form_token: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// Tenants to choose from when the server holds more than one.
    pub tenant_id: String,
}

/// Where a signed-in person starts: what their role opens.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub c: Ctx,
}
