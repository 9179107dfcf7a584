//! Operator commands on the books: tenants and tokens, `check`, journal exports, and products
//! that cannot be sold without a cost.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use mizan_app::export::{JournalExport, LedgerFormat};
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::QTY_SCALE;
use mizan_domain::decimal::format_scaled;
use mizan_store::{Tenant, TenantScope};

use crate::TenantCmd;

pub async fn tenant(app: &Arc<Mizan>, cmd: TenantCmd) -> Result<()> {
    match cmd {
        TenantCmd::Create { name, currency } => {
            let (_, tenant, token) = app.create_tenant(&name, &currency).await?;
            println!(
                "tenant {} created: {} ({})",
                tenant.id, tenant.name, tenant.currency.code
            );
            println!("owner API token (shown once): {token}");
        }
        TenantCmd::Token { tenant, user } => {
            let (scope, _) = pick(app, Some(tenant)).await?;
            let g = Grant::<perm::UsersManage>::operator(scope);
            let (token, _) = app.issue_token_as_operator(&g, &user, "cli").await?;
            println!("API token for {user} (shown once): {token}");
        }
        TenantCmd::List => {
            for (_, t) in app.store().operator_tenants().await? {
                println!("{}\t{}\t{}", t.id, t.currency.code, t.name);
            }
        }
    }
    Ok(())
}

/// One tenant by id, or the only one when `id` is `None`.
pub(crate) async fn pick(app: &Mizan, id: Option<i64>) -> Result<(TenantScope, Tenant)> {
    let all = app.store().operator_tenants().await?;
    match id {
        Some(id) => match all.into_iter().find(|(_, t)| t.id.0 == id) {
            Some(found) => Ok(found),
            None => bail!("no tenant with id {id}"),
        },
        None if all.len() == 1 => Ok(all
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("no tenant"))?),
        None if all.is_empty() => bail!("the database has no tenant yet"),
        None => {
            let ids: Vec<String> = all
                .iter()
                .map(|(_, t)| format!("{} ({})", t.id, t.name))
                .collect();
            bail!(
                "several tenants; choose one with --tenant: {}",
                ids.join(", ")
            )
        }
    }
}

pub async fn check(app: &Arc<Mizan>, tenant: Option<i64>, json: bool) -> Result<ExitCode> {
    let tenants = match tenant {
        Some(id) => vec![pick(app, Some(id)).await?],
        None => app.store().operator_tenants().await?,
    };
    let mut report = Vec::new();
    let mut bad = 0usize;
    for (scope, t) in tenants {
        let findings = app.check(&Grant::operator(scope)).await?;
        bad += findings.len();
        if !json {
            if findings.is_empty() {
                println!("tenant {} ({}): books consistent", t.id, t.name);
            } else {
                println!(
                    "tenant {} ({}): {} problem(s)",
                    t.id,
                    t.name,
                    findings.len()
                );
                for f in &findings {
                    println!(
                        "  {}: {} expected {} got {}",
                        f.check, f.subject, f.expected, f.actual
                    );
                }
            }
        }
        report.push(serde_json::json!({ "tenant_id": t.id, "name": t.name, "findings": findings }));
    }
    if json {
        println!(
            "{}",
            serde_json::json!({ "ok": bad == 0, "tenants": report })
        );
    }
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `mizan export journal`: streams the journal to `output` (through a temporary file beside
/// it, renamed once complete, so a failed export leaves no partial file) or standard output.
pub async fn export(
    app: &Arc<Mizan>,
    format: LedgerFormat,
    tenant: Option<i64>,
    output: Option<&Path>,
) -> Result<()> {
    let (scope, _) = pick(app, tenant).await?;
    let g = Grant::<perm::BooksRead>::operator(scope);
    let mut export = app.export_journal(&g, format);
    match output {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut out = BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
            write_all(&mut export, &mut out).await?;
            let file = out
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            file.as_file().sync_all()?;
            file.persist(path)?;
            eprintln!("{} entries written to {}", export.entries(), path.display());
        }
        None => write_all(&mut export, &mut BufWriter::new(std::io::stdout())).await?,
    }
    Ok(())
}

/// Writes each piece of `export` to `out` before reading the next.
async fn write_all(export: &mut JournalExport<'_>, out: &mut impl Write) -> Result<()> {
    let mut piece = String::new();
    while export.next(&mut piece).await? {
        out.write_all(piece.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// A derived report `mizan rebuild` recomputes from the postings.
#[derive(Clone, Copy)]
pub enum Derived {
    /// The daily sales report (`daily-sales`).
    DailySales,
    /// The accounts' day balances the statements read (`account-days`).
    AccountDays,
}

/// `mizan rebuild daily-sales|account-days`: recomputes each tenant's (or one tenant's) derived
/// report from its postings.
pub async fn rebuild(app: &Arc<Mizan>, what: Derived, tenant: Option<i64>) -> Result<()> {
    let tenants = match tenant {
        Some(id) => vec![pick(app, Some(id)).await?],
        None => app.store().operator_tenants().await?,
    };
    for (scope, t) in tenants {
        let (rows, report, row) = match what {
            Derived::DailySales => (
                app.store().rebuild_daily_sales(&scope).await?,
                "daily sales",
                "branch-day",
            ),
            Derived::AccountDays => (
                app.store().rebuild_account_days(&scope).await?,
                "account day balances",
                "account-day",
            ),
        };
        println!(
            "tenant {} ({}): {report} rebuilt, {rows} {row} row(s)",
            t.id, t.name
        );
    }
    Ok(())
}

pub async fn without_cost(app: &Arc<Mizan>, tenant: Option<i64>, json: bool) -> Result<ExitCode> {
    let (scope, t) = pick(app, tenant).await?;
    let found = app
        .products_without_cost(&Grant::<perm::CatalogRead>::operator(scope))
        .await?;
    if json {
        let rows: Vec<_> = found
            .iter()
            .map(|(p, qty)| {
                serde_json::json!({"id": p.id, "code": p.code, "name_en": p.name_en,
                    "on_hand": format_scaled(*qty, QTY_SCALE)})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if found.is_empty() {
        println!("{}: every stocked product has a cost", t.name);
    } else {
        for (p, qty) in &found {
            println!(
                "{}  {}  on hand {}: receive it or set its cost before selling it",
                p.code,
                p.name_en,
                format_scaled(*qty, QTY_SCALE)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
