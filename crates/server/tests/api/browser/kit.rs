//! The browser kit: a chromedriver per test on a free port, a headless Chromium session, and
//! steps that read as a person's (fill, press, see), each waiting for the page rather than
//! for time.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// How long a step waits for the page to show what it expects.
const PATIENCE: Duration = Duration::from_secs(15);

pub struct Browser {
    pub c: Client,
    pub base: String,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// A headless Chromium on `base`; `None` (skip) without chromedriver outside CI.
    pub async fn open(base: &str) -> Option<Self> {
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let driver = match Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(d) => d,
            Err(e) => {
                assert!(
                    std::env::var("CI").is_err(),
                    "chromedriver must be installed under CI: {e}"
                );
                eprintln!("skipping: no chromedriver ({e})");
                return None;
            }
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut tick = tokio::time::interval(Duration::from_millis(50));
        let mut ready = false;
        for _ in 0..200 {
            tick.tick().await;
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                ready = true;
                break;
            }
        }
        assert!(ready, "chromedriver did not start on port {port}");
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         "--disable-gpu", "--window-size=1280,1000", "--lang=en-US"],
            }
        });
        let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&url)
            .await
            .expect("a Chromium session");
        Some(Self {
            c,
            base: base.to_owned(),
            driver,
        })
    }

    pub async fn go(&self, path: &str) {
        self.c.goto(&format!("{}{path}", self.base)).await.unwrap();
    }

    /// Waits for the element `css` and returns it.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.c
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    /// Whether `css` is on the page now.
    pub async fn has(&self, css: &str) -> bool {
        self.c.find(Locator::Css(css)).await.is_ok()
    }

    /// Types `text` into `css` after clearing it.
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    /// Chooses the option `value` of the select in `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.c
            .execute(
                "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                 return s.value",
                vec![serde_json::json!(css), serde_json::json!(value)],
            )
            .await
            .unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Types `text` into the till's scan field and presses Enter, as a scanner does; waits for
    /// the cart to hold `lines` lines.
    pub async fn scan(&self, code: &str, lines: usize) {
        self.fill("#scan", &format!("{code}\u{e007}")).await;
        self.find(&format!("#line-{}", lines - 1)).await;
    }

    /// The text of `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// Waits until `css` reads `expected`.
    pub async fn sees(&self, css: &str, expected: &str) {
        let mut tick = tokio::time::interval(Duration::from_millis(50));
        let mut last = String::new();
        for _ in 0..300 {
            tick.tick().await;
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                last = e.text().await.unwrap_or_default();
                if last.trim() == expected {
                    return;
                }
            }
        }
        self.screenshot("failed").await;
        let page = self.c.source().await.unwrap_or_default();
        panic!("{css} reads {last:?}, not {expected:?}; the page:\n{page}");
    }

    /// Signs in with the form.
    pub async fn sign_in(&self, user: &str, password: &str) {
        self.go("/sign-in").await;
        self.fill("#username", user).await;
        self.fill("#password", password).await;
        self.click("#sign-in").await;
        self.find("header .who").await;
    }

    /// Switches the page's language with the switch on the page.
    pub async fn language(&self, code: &str) {
        self.click(&format!(".langs a[lang='{code}']")).await;
        self.find(&format!("html[lang='{code}']")).await;
    }

    fn artifact(name: &str) -> std::path::PathBuf {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    /// Saves a screenshot `name.png` of the page.
    pub async fn screenshot(&self, name: &str) {
        let png = self.c.screenshot().await.unwrap();
        std::fs::write(Self::artifact(&format!("{name}.png")), png).unwrap();
    }

    /// Fetches `path` as this browser's signed-in person (its cookies), outside the page, as a
    /// download would: the status, the content type and disposition, and the bytes.
    pub async fn fetch(&self, path: &str) -> (u16, String, String, Vec<u8>) {
        let cookies: Vec<String> = self
            .c
            .get_all_cookies()
            .await
            .unwrap()
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect();
        let res = reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .header("cookie", cookies.join("; "))
            .send()
            .await
            .unwrap();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (kind, disposition) = (header("content-type"), header("content-disposition"));
        let status = res.status().as_u16();
        (
            status,
            kind,
            disposition,
            res.bytes().await.unwrap().to_vec(),
        )
    }

    /// The text `pdftotext` (poppler-utils, installed in CI) reads from a PDF saved as
    /// `name.pdf`; a missing tool fails the test.
    pub fn pdf_text(pdf: &[u8], name: &str) -> String {
        let path = Self::artifact(&format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext could not run ({e}): install poppler-utils"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Prints the page as the browser's print dialog would on paper `width_cm` wide, saves it
    /// as `name.pdf` and returns the bytes.
    pub async fn print(&self, name: &str, width_cm: f64) -> Vec<u8> {
        let config = PrintConfiguration::builder()
            .size(PrintSize {
                width: width_cm,
                height: 29.7,
            })
            .margins(PrintMargins {
                top: 0.0,
                bottom: 0.0,
                left: 0.0,
                right: 0.0,
            })
            .build()
            .unwrap();
        let pdf = self.c.print(config).await.unwrap();
        std::fs::write(Self::artifact(&format!("{name}.pdf")), &pdf).unwrap();
        pdf
    }
}
