//! `mizan`: the one binary. Serve the API, migrate, load the demo, create tenants, check the
//! books (and one sale, and COGS), report sales, export the journal, back up and restore, and
//! benchmark posting.

mod accounts;
mod backup;
mod bench;
mod bench_cafe;
mod bench_pdf;
mod bench_reports;
mod bench_session;
mod bench_workshop;
mod books;
mod nightly;
mod report;
mod report_sales;
mod serve;
mod staff;
mod tools;

use std::sync::Arc;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use mizan_app::{Mizan, SystemClock};

/// Where the embedded database lives unless told otherwise.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./mizan-data/mizan.db";

#[derive(Parser)]
#[command(name = "mizan", version, about = "Mizan point of sale and ERP")]
struct Cli {
    /// `sqlite://PATH` or `postgres://...` (default: sqlite://./mizan-data/mizan.db)
    #[arg(long, global = true, env = "MIZAN_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the HTTP API.
    Serve {
        #[arg(long, env = "MIZAN_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo tenant if it is not there yet, and print a token for it.
        #[arg(long)]
        demo: bool,
        /// The URL people reach Mizan at (`https://shop.example`): origin checks and Secure
        /// cookies follow it.
        #[arg(long, env = "MIZAN_PUBLIC_URL")]
        public_url: Option<String>,
        /// Reverse proxies whose X-Forwarded-* headers are believed (addresses or CIDR blocks,
        /// comma-separated).
        #[arg(long, env = "MIZAN_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<String>,
        /// Open connections at most; more wait in the listen backlog.
        #[arg(long, env = "MIZAN_MAX_CONNECTIONS", default_value_t = 4096)]
        max_connections: usize,
        #[command(flatten)]
        nightly: nightly::NightlyArgs,
    },
    /// Create or upgrade the database schema (also done at every start).
    Migrate,
    /// Load the demo tenant and print its token.
    Demo,
    /// Tenants and their API tokens.
    #[command(subcommand)]
    Tenant(TenantCmd),
    /// Staff users.
    #[command(subcommand)]
    User(UserCmd),
    /// API tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Verify the books; exits non-zero naming every offending document or balance.
    Check {
        /// Only this tenant (default: all).
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        json: bool,
        /// Check one document instead.
        #[command(subcommand)]
        one: Option<tools::CheckCmd>,
    },
    /// Cost of goods sold over a period: coverage and reconciliation (exit non-zero on a fault).
    #[command(subcommand)]
    Cogs(tools::CogsCmd),
    /// Products and their costs.
    #[command(subcommand)]
    Products(ProductsCmd),
    /// The chart of accounts: list, add, rename.
    #[command(subcommand)]
    Accounts(accounts::AccountsCmd),
    /// Export data.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Reports: the accountant's statements (trial balance, profit and loss, balance sheet,
    /// stock valuation), gross profit, and sales by product, cashier or payment method.
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Recompute derived reports from the postings.
    #[command(subcommand)]
    Rebuild(RebuildCmd),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(BenchCmd),
    /// Write a consistent, checksummed backup of the database (and prove it with --verify), or
    /// verify one.
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty database (--database-url).
    Restore { file: std::path::PathBuf },
}

#[derive(Subcommand)]
enum TenantCmd {
    /// Create a tenant with the default chart of accounts; prints an owner token.
    Create {
        #[arg(long)]
        name: String,
        /// ISO 4217 code (EGP, UZS, RUB, JPY, ...).
        #[arg(long)]
        currency: String,
    },
    /// Issue a new API token for a tenant.
    Token {
        #[arg(long)]
        tenant: i64,
        #[arg(long, default_value = "owner")]
        user: String,
    },
    /// List tenants.
    List,
}

#[derive(Subcommand)]
enum UserCmd {
    /// Add a staff user; the password comes from MIZAN_PASSWORD or one line on standard input.
    Add {
        /// The tenant (default: the only one).
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        username: String,
        /// owner, manager, cashier or accountant.
        #[arg(long)]
        role: String,
        /// ar, en or ru (default en).
        #[arg(long)]
        language: Option<String>,
        /// A branch the user works in (repeat for several; none: every branch).
        #[arg(long = "branch")]
        branches: Vec<i64>,
        #[arg(skip = std::env::var("MIZAN_PASSWORD").ok())]
        password: Option<String>,
    },
    /// List a tenant's users.
    List {
        #[arg(long)]
        tenant: Option<i64>,
    },
    /// Deactivate a user: their tokens and sessions stop within a second.
    Deactivate {
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        username: String,
    },
    /// Activate a deactivated user again.
    Activate {
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum TokenCmd {
    /// Issue an API token for a user (shown once).
    Issue {
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// List a tenant's tokens and sessions (never their secrets).
    List {
        #[arg(long)]
        tenant: Option<i64>,
    },
    /// Revoke a token: every server refuses it within a second.
    Revoke {
        #[arg(long)]
        tenant: Option<i64>,
        id: i64,
    },
}

#[derive(Subcommand)]
enum ProductsCmd {
    /// Stocked products that cannot be sold until they have a cost (no cost price, nothing on
    /// hand with a value), with their stock.
    WithoutCost {
        /// The tenant (needed when the database holds several).
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ExportCmd {
    /// The whole journal of one tenant as an hledger or beancount file.
    Journal {
        #[arg(long, value_enum)]
        format: Format,
        /// The tenant (may be left out when there is only one).
        #[arg(long)]
        tenant: Option<i64>,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Hledger,
    Beancount,
}

#[derive(Subcommand)]
enum RebuildCmd {
    /// Recompute the daily sales report from the postings.
    DailySales {
        /// Only this tenant (all tenants by default).
        #[arg(long)]
        tenant: Option<i64>,
    },
    /// Recompute the accounts' day balances (what the statements read) from the journal.
    AccountDays {
        #[arg(long)]
        tenant: Option<i64>,
    },
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Post N sales on a fresh database and report postings/s and latency; then check the books.
    Posting(bench::PostingArgs),
    /// Fill cashier sessions with checkouts; time closing them and the daily sales report.
    Session(bench_session::SessionArgs),
    /// Build a ledger of N sales over D days with returns, purchases and payments; time the
    /// trial balance, profit and loss, balance sheet and aging.
    Reports(bench_reports::ReportsArgs),
    /// Render the A4 receipt PDF (Arabic 10 and 80 lines, English 10) many times; median and
    /// p95 milliseconds per receipt.
    ReceiptPdf(bench_pdf::ReceiptPdfArgs),
    /// A floor of 60 tables and 30 playing stations: time the floor view, and merges of two
    /// bills of 200 orders each.
    Cafe(bench_cafe::CafeArgs),
    /// Fabrics in rolls and 10,000 open cutting items: time the shortage list, and reserving
    /// and cutting items.
    Workshop(bench_workshop::WorkshopArgs),
}

async fn open(url: &str) -> Result<Arc<Mizan>> {
    let store = mizan_store::open(url).await?;
    Ok(Arc::new(Mizan::new(store, Arc::new(SystemClock))))
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MIZAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    let explicit_url = cli.database_url.clone();
    let url = cli
        .database_url
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    let ok = std::process::ExitCode::SUCCESS;
    match cli.command {
        Cmd::Serve {
            addr,
            demo,
            public_url,
            trusted_proxies,
            max_connections,
            nightly,
        } => {
            let http = serve::http_config(public_url, &trusted_proxies, max_connections)?;
            let app = open(&url).await?;
            if let Some(said) = nightly::spawn(&app, &url, nightly)? {
                // As the banner: a closed stdout must not stop the server.
                use std::io::Write as _;
                let _ = writeln!(std::io::stdout(), "Backups:     {said}");
            }
            serve::run(&app, &addr, demo, http).await.map(|()| ok)
        }
        Cmd::Migrate => {
            open(&url).await?;
            println!("database at {} is up to date", redact(&url));
            Ok(ok)
        }
        Cmd::Demo => {
            let app = open(&url).await?;
            let (_, tenant, token) = mizan_app::demo::load(&app).await?;
            println!("demo tenant {} ({}) loaded", tenant.name, tenant.id);
            println!("API token: {token} (the owner's)");
            for (user, role, password) in mizan_app::demo::DEMO_USERS {
                println!("sign in as {user} / {password} ({role})");
            }
            Ok(ok)
        }
        Cmd::Tenant(cmd) => books::tenant(&open(&url).await?, cmd).await.map(|()| ok),
        Cmd::User(cmd) => staff::user(&open(&url).await?, cmd).await.map(|()| ok),
        Cmd::Token(cmd) => staff::token(&open(&url).await?, cmd).await.map(|()| ok),
        Cmd::Check {
            one: Some(one),
            tenant,
            json,
        } => tools::check_one(&open(&url).await?, one, tenant, json).await,
        Cmd::Check {
            tenant,
            json,
            one: None,
        } => books::check(&open(&url).await?, tenant, json).await,
        Cmd::Cogs(cmd) => tools::cogs(&open(&url).await?, cmd).await,
        Cmd::Products(ProductsCmd::WithoutCost { tenant, json }) => {
            books::without_cost(&open(&url).await?, tenant, json).await
        }
        Cmd::Export(ExportCmd::Journal {
            format,
            tenant,
            output,
        }) => {
            let format = match format {
                Format::Hledger => mizan_app::export::LedgerFormat::Hledger,
                Format::Beancount => mizan_app::export::LedgerFormat::Beancount,
            };
            books::export(&open(&url).await?, format, tenant, output.as_deref())
                .await
                .map(|()| ok)
        }
        Cmd::Report(cmd) => report::report(&open(&url).await?, cmd).await,
        Cmd::Accounts(cmd) => accounts::accounts(&open(&url).await?, cmd).await,
        Cmd::Backup(args) => backup::run(&url, args).await,
        Cmd::Restore { file } => backup::restore(&url, &file).await,
        Cmd::Bench(BenchCmd::Posting(args)) => bench::posting(explicit_url, args).await,
        Cmd::Bench(BenchCmd::Session(args)) => bench_session::session(explicit_url, args).await,
        Cmd::Bench(BenchCmd::Reports(args)) => bench_reports::reports(explicit_url, args).await,
        Cmd::Bench(BenchCmd::ReceiptPdf(args)) => bench_pdf::receipt_pdf_bench(&args),
        Cmd::Bench(BenchCmd::Cafe(args)) => bench_cafe::cafe(explicit_url, args).await,
        Cmd::Bench(BenchCmd::Workshop(args)) => bench_workshop::workshop(explicit_url, args).await,
        Cmd::Rebuild(cmd) => {
            let (what, tenant) = match cmd {
                RebuildCmd::DailySales { tenant } => (books::Derived::DailySales, tenant),
                RebuildCmd::AccountDays { tenant } => (books::Derived::AccountDays, tenant),
            };
            books::rebuild(&open(&url).await?, what, tenant)
                .await
                .map(|()| ok)
        }
    }
}

/// A database URL without its password, for printing.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
