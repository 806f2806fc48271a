//! The site in a real browser: Debian's `chromium`, headless, driven over the DevTools
//! protocol. The site is served on loopback by a small server here; the test opens the home
//! page, searches from the header, types a second query on the search page, clicks a result,
//! and lands on the resource's row; it also searches from `file://`, checks the home page fits
//! a phone's width, and fails on any console error or failed request. A screenshot is kept at
//! `target/tmp/site-browser.png`. Without chromium the test fails and says how to install it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::site_support::*;
use base64::Engine;
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `root` over HTTP on loopback, one thread per connection, until the test ends.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(&root, stream));
        }
    });
    port
}

fn answer(root: &Path, mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The rest of the head is not needed.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let file = root.join(path.trim_start_matches('/'));
    let (status, body, kind) = match (path.contains(".."), std::fs::read(&file)) {
        (false, Ok(body)) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// A headless chromium, killed when dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    port: u16,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromium() -> Browser {
    let found = ["chromium", "chromium-browser"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(binary) = found else {
        panic!(
            "this test drives Debian's chromium, which is not installed: run `apt-get install -y chromium` (.ci/run does)"
        );
    };
    let profile = tempfile::tempdir().unwrap();
    let child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-port=0",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Chromium writes the port it listens on into the profile.
    let port_file = profile.path().join("DevToolsActivePort");
    let started = Instant::now();
    let port = loop {
        if let Some(port) = std::fs::read_to_string(&port_file)
            .ok()
            .and_then(|t| t.lines().next().and_then(|l| l.trim().parse().ok()))
        {
            break port;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "chromium did not start its DevTools server"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    Browser {
        child,
        _profile: profile,
        port,
    }
}

/// GETs a DevTools HTTP endpoint.
fn devtools_get(port: u16, path: &str) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // The DevTools server keeps the connection open: read the head, then Content-Length bytes.
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// A DevTools protocol session with one page.
struct Page {
    ws: tungstenite::WebSocket<TcpStream>,
    next_id: u64,
    events: Vec<Value>,
    /// Console errors, exceptions and failed loads seen so far.
    errors: Vec<String>,
}

impl Page {
    fn open(browser: &Browser) -> Page {
        let targets = devtools_get(browser.port, "/json/list");
        let url = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_string();
        let stream = TcpStream::connect(("127.0.0.1", browser.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let (ws, _) = tungstenite::client(url.as_str(), stream).unwrap();
        let mut page = Page {
            ws,
            next_id: 0,
            events: Vec::new(),
            errors: Vec::new(),
        };
        for domain in [
            "Page.enable",
            "Runtime.enable",
            "Log.enable",
            "Network.enable",
        ] {
            page.call(domain, json!({}));
        }
        page
    }

    /// Reads one message, or `None` after the socket's read timeout.
    fn read(&mut self) -> Option<Value> {
        match self.ws.read() {
            Ok(tungstenite::Message::Text(text)) => Some(serde_json::from_str(&text).unwrap()),
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                None
            }
            Err(e) => panic!("DevTools connection: {e}"),
        }
    }

    fn note(&mut self, event: Value) {
        let params = &event["params"];
        match event["method"].as_str() {
            Some("Runtime.consoleAPICalled") if params["type"] == "error" => self
                .errors
                .push(format!("console.error: {}", params["args"])),
            Some("Runtime.exceptionThrown") => self
                .errors
                .push(format!("exception: {}", params["exceptionDetails"])),
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => self
                .errors
                .push(format!("log: {}", params["entry"]["text"])),
            Some("Network.loadingFailed") => self
                .errors
                .push(format!("failed request: {}", params["errorText"])),
            Some("Network.responseReceived")
                if params["response"]["status"].as_u64().unwrap_or(200) >= 400 =>
            {
                self.errors.push(format!(
                    "HTTP {} for {}",
                    params["response"]["status"], params["response"]["url"]
                ))
            }
            Some("Network.requestWillBeSent") => {
                let url = params["request"]["url"].as_str().unwrap_or("");
                if !(url.starts_with("http://127.0.0.1:")
                    || url.starts_with("file://")
                    || url.starts_with("data:"))
                {
                    self.errors.push(format!("external request: {url}"));
                }
            }
            _ => {}
        }
        self.events.push(event);
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.ws.send(tungstenite::Message::text(message)).unwrap();
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < TIMEOUT, "no answer to {method}");
            let Some(message) = self.read() else {
                continue;
            };
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.note(message);
        }
    }

    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Runs `action` and waits for the page it causes to load.
    fn navigate_by(&mut self, action: impl FnOnce(&mut Page)) {
        self.events.clear();
        action(self);
        let started = Instant::now();
        loop {
            if self
                .events
                .iter()
                .any(|e| e["method"] == "Page.loadEventFired")
            {
                return;
            }
            assert!(started.elapsed() < TIMEOUT, "the page did not load");
            if let Some(message) = self.read() {
                self.note(message);
            }
        }
    }

    fn goto(&mut self, url: &str) {
        let url = url.to_string();
        self.navigate_by(|p| {
            p.call("Page.navigate", json!({"url": url}));
        });
    }

    /// Clicks the middle of the element `selector` finds, as a mouse does.
    fn click(&mut self, selector: &str) {
        let rect = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); e.scrollIntoView(); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ));
        let (x, y) = (rect[0].as_f64().unwrap(), rect[1].as_f64().unwrap());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn a_reader_searches_the_site_and_follows_a_result_in_chromium() {
    let browser = chromium();
    let tmp = tempfile::tempdir().unwrap();
    // The repo's own doc template carries an inline script and an inline handler: the
    // site's Content-Security-Policy must keep both from running.
    let doc_template = include_str!("../../site-templates/doc.html").replace(
        "{% block content %}",
        "{% block content %}<script>document.documentElement.dataset.injected = 'script';</script><img src=\"../static/favicon.svg\" onload=\"document.documentElement.dataset.handler = 'ran'\">",
    );
    assert!(doc_template.contains("dataset.injected"));
    let mut files = standard_files();
    files.push(("site-templates/doc.html", doc_template.as_bytes()));
    let repo = repo(tmp.path(), &[("main", &files)]);
    let site = tmp.path().join("site");
    build_site(&repo, "main", &site);
    let port = serve(site.clone());
    let base = format!("http://127.0.0.1:{port}");
    let mut page = Page::open(&browser);

    page.goto(&format!("{base}/index.html"));
    assert_eq!(
        page.eval("document.getElementById('commit-sha').textContent"),
        sha_of(&repo, "main")
    );

    // Search from the header's box: type, press Enter.
    page.eval("document.querySelector('.search-box input').focus()");
    page.call("Input.insertText", json!({"text": "bucket"}));
    page.navigate_by(|p| {
        for kind in ["keyDown", "keyUp"] {
            p.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": if kind == "keyDown" { "\r" } else { "" }}),
            );
        }
    });
    assert_eq!(
        page.eval("location.pathname + location.search"),
        "/search.html?q=bucket"
    );
    assert_eq!(
        page.eval("document.getElementById('search-input').value"),
        "bucket"
    );
    let first = page.eval("document.querySelectorAll('#search-results li').length");
    assert!(first.as_u64().unwrap() > 0, "results for bucket");

    // A second query typed on the search page updates the results as one types.
    page.eval(
        "(() => { const i = document.getElementById('search-input'); i.value = ''; i.focus(); })()",
    );
    page.call("Input.insertText", json!({"text": "aws_s3_bucket.logs"}));
    let titles = page.eval(
        "Array.from(document.querySelectorAll('#search-results li a')).map(a => a.textContent)",
    );
    assert_eq!(titles[0], "aws_s3_bucket.logs", "{titles}");
    assert!(page
        .eval("document.getElementById('search-status').textContent")
        .as_str()
        .unwrap()
        .contains("result"));

    // Follow the result to the resource's row in the inventory.
    page.navigate_by(|p| p.click("#search-results li a"));
    assert_eq!(page.eval("location.pathname"), "/inventory.html");
    assert_eq!(
        page.eval(
            "document.getElementById(location.hash.slice(1)).querySelector('code').textContent"
        ),
        "aws_s3_bucket.logs"
    );
    let screenshots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&screenshots).unwrap();
    page.goto(&format!("{base}/search.html?q=logs"));
    page.screenshot(&screenshots.join("site-browser.png"));

    // Every other page loads without an error too.
    for p in [
        "cost.html",
        "history.html",
        "findings.html",
        "compliance/soc2.html",
        "docs/README.html",
    ] {
        page.goto(&format!("{base}/{p}"));
    }
    // The injected inline script and handler did not run; the browser reported refusing them,
    // and nothing else.
    assert_eq!(
        page.eval("[document.documentElement.dataset.injected || null, document.documentElement.dataset.handler || null, document.querySelector('article') !== null]"),
        json!([null, null, true])
    );
    let (refused, others): (Vec<String>, Vec<String>) = std::mem::take(&mut page.errors)
        .into_iter()
        .partition(|e| e.contains("Content Security Policy"));
    assert!(!refused.is_empty(), "chromium reported no refusal");
    page.errors = others;

    // A phone: the home page fits its width.
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    );
    page.goto(&format!("{base}/index.html"));
    let overflow = page.eval("document.documentElement.scrollWidth - window.innerWidth");
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "the home page overflows a phone by {overflow}px"
    );
    page.screenshot(&screenshots.join("site-browser-phone.png"));
    page.call("Emulation.clearDeviceMetricsOverride", json!({}));

    // From file://, where a page may not fetch a local file, search still works.
    page.goto(&format!("file://{}/search.html?q=bucket", site.display()));
    let results = page.eval("document.querySelectorAll('#search-results li').length");
    assert!(results.as_u64().unwrap() > 0, "search works from file://");

    assert!(page.errors.is_empty(), "{:#?}", page.errors);
}
