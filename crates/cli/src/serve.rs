//! `mizan serve`: bind, optionally load the demo tenant, print the URL, a token and the demo's
//! sign-ins, serve behind the configured public URL and trusted proxies.

use std::sync::Arc;

use anyhow::{Context, Result};
use mizan_app::demo::{DEMO_TENANT, DEMO_USERS};
use mizan_app::{Grant, Mizan, perm};
use mizan_server::listen::Limits;
use mizan_server::{HttpConfig, parse_proxy};

/// Prints a line of the start banner. A closed stdout (the banner piped into `head`, a
/// supervisor that stopped reading) must not stop the server, so a failed write is ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// How Mizan is reached and how much each client may hold, from `--public-url`,
/// `--trusted-proxies` and `--max-connections`.
pub fn http_config(
    public_url: Option<String>,
    proxies: &[String],
    max_connections: usize,
) -> Result<HttpConfig> {
    if let Some(u) = &public_url
        && !(u.starts_with("http://") || u.starts_with("https://"))
    {
        anyhow::bail!("--public-url {u:?}: must start with http:// or https://");
    }
    let trusted_proxies = proxies
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| parse_proxy(p).map_err(anyhow::Error::msg))
        .collect::<Result<_>>()?;
    Ok(HttpConfig {
        public_url: public_url.map(|u| u.trim_end_matches('/').to_owned()),
        trusted_proxies,
        limits: Limits {
            max_connections,
            ..Limits::default()
        },
    })
}

pub async fn run(app: &Arc<Mizan>, addr: &str, demo: bool, http: HttpConfig) -> Result<()> {
    let listener = mizan_server::listen::bind(addr, http.limits.backlog)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    if demo {
        let existing = app
            .store()
            .operator_tenants()
            .await?
            .into_iter()
            .find(|(_, t)| t.name == DEMO_TENANT);
        let (tenant, token) = match existing {
            Some((scope, tenant)) => {
                mizan_app::demo::ensure_staff(app, scope).await?;
                let g = Grant::<perm::UsersManage>::operator(scope);
                let (token, _) = app.issue_token_as_operator(&g, "owner", "demo").await?;
                (tenant, token)
            }
            None => {
                let (_, tenant, token) = mizan_app::demo::load(app).await?;
                (tenant, token)
            }
        };
        say!("Demo tenant: {} (id {})", tenant.name, tenant.id);
        say!("API token:   {token} (the owner's)");
        for (user, role, password) in DEMO_USERS {
            say!("Sign in as:  {user} / {password} ({role})");
        }
        say!("Try:         curl -H 'Authorization: Bearer {token}' http://{local}/api/v1/sales");
    }
    say!(
        "Mizan ({}) listening on http://{local}",
        app.store().backend()
    );
    say!("Web UI:      http://{local}/ (sign in with a user above)");
    say!("API docs:    http://{local}/api/docs (OpenAPI: /api/openapi.json)");
    mizan_server::serve_with(listener, Arc::clone(app), http).await?;
    Ok(())
}
