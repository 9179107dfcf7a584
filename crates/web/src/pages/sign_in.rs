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
    /// The shop (tenant) number, asked for on a server that holds more than one shop.
    pub tenant_id: String,
    /// Whether to show the shop number field.
    pub ask_tenant: bool,
}

/// Where a signed-in person starts: what their role opens, and for the owner a warning when the
/// latest backup failed or is stale.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub c: Ctx,
    pub backup_warning: Option<String>,
}
