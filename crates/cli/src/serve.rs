//! `mizan serve`: bind, optionally load the demo tenant, print the URL and a token, serve.

use std::sync::Arc;

use anyhow::{Context, Result};
use mizan_app::Mizan;
use mizan_app::demo::DEMO_TENANT;

pub async fn run(app: &Arc<Mizan>, addr: &str, demo: bool) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
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
            Some((scope, tenant)) => (tenant, app.issue_token(&scope, "demo").await?),
            None => {
                let (_, tenant, token) = mizan_app::demo::load(app).await?;
                (tenant, token)
            }
        };
        println!("Demo tenant: {} (id {})", tenant.name, tenant.id);
        println!("API token:   {token}");
        println!(
            "Try:         curl -H 'Authorization: Bearer {token}' http://{local}/api/v1/sales"
        );
    }
    println!(
        "Mizan ({}) listening on http://{local}",
        app.store().backend()
    );
    println!("API docs:    http://{local}/api/openapi.json");
    mizan_server::serve(listener, Arc::clone(app)).await?;
    Ok(())
}
