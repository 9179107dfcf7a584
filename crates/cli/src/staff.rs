//! Operator commands on staff: adding, listing and deactivating users, and issuing, listing
//! and revoking tokens. The operator holds the database, so these need no sign-in.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use mizan_app::{Grant, Mizan, NewStaff, StaffChanges, perm};
use mizan_domain::{BranchId, TokenId};

use crate::books::pick;
use crate::{TokenCmd, UserCmd};

/// The password from `MIZAN_PASSWORD`, or the first line of standard input.
fn password(from_env: Option<String>) -> Result<String> {
    if let Some(p) = from_env {
        return Ok(p);
    }
    eprintln!("password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn grant(app: &Mizan, tenant: Option<i64>) -> Result<Grant<perm::UsersManage>> {
    let (scope, _) = pick(app, tenant).await?;
    Ok(Grant::operator(scope))
}

pub async fn user(app: &Arc<Mizan>, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add {
            tenant,
            username,
            role,
            language,
            branches,
            password: from_env,
        } => {
            let g = grant(app, tenant).await?;
            let new = NewStaff {
                username,
                password: Some(password(from_env)?),
                role,
                language,
                branches: branches.into_iter().map(BranchId).collect(),
            };
            let u = app.create_user(&g, None, new).await?;
            println!("user {} added: {} ({})", u.id, u.username, u.role);
        }
        UserCmd::List { tenant } => {
            let g = grant(app, tenant).await?;
            for u in app.users(&g).await? {
                let state = if u.active { "active" } else { "deactivated" };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    u.id, u.username, u.role, u.language
                );
            }
        }
        UserCmd::Deactivate { tenant, username } => {
            set_active(app, tenant, &username, false).await?
        }
        UserCmd::Activate { tenant, username } => set_active(app, tenant, &username, true).await?,
    }
    Ok(())
}

async fn set_active(app: &Mizan, tenant: Option<i64>, username: &str, active: bool) -> Result<()> {
    let g = grant(app, tenant).await?;
    let u = app
        .users(&g)
        .await?
        .into_iter()
        .find(|u| u.username == username.trim().to_lowercase())
        .ok_or_else(|| anyhow!("no user called {username}"))?;
    let changes = StaffChanges {
        active: Some(active),
        ..StaffChanges::default()
    };
    app.update_user(&g, None, u.id, changes).await?;
    let state = if active { "activated" } else { "deactivated" };
    println!("user {} {state}", u.username);
    Ok(())
}

pub async fn token(app: &Arc<Mizan>, cmd: TokenCmd) -> Result<()> {
    match cmd {
        TokenCmd::Issue {
            tenant,
            user,
            label,
        } => {
            let g = grant(app, tenant).await?;
            let (secret, t) = app.issue_token_as_operator(&g, &user, &label).await?;
            println!("token {} for {} (shown once): {secret}", t.id, t.username);
        }
        TokenCmd::List { tenant } => {
            let g = grant(app, tenant).await?;
            for t in app.store().tokens(g.scope(), None).await? {
                let state = if t.revoked_at_ms.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    t.id,
                    t.username,
                    t.kind.as_str(),
                    t.label
                );
            }
        }
        TokenCmd::Revoke { tenant, id } => {
            let g = grant(app, tenant).await?;
            let t = app.revoke_token_as_operator(&g, TokenId(id)).await?;
            println!("token {} of {} revoked", t.id, t.username);
        }
    }
    Ok(())
}
