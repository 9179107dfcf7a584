//! The web UI in a real browser: Debian's Chromium driven through chromedriver (WebDriver) by
//! fantoccini, against a real server on SQLite. Screenshots and printed PDFs go to
//! `target/tmp/screenshots/` as the run's artifacts. Without chromedriver the tests skip,
//! except under CI, where they must run.

mod cafe;
mod kit;
mod office;
mod office_posting;
mod reports;
mod till;
mod till_returns;
mod web_pages;
mod workshop;
