//! A running `redthread serve` for tests: start it on a free port, read what it printed,
//! make raw HTTP requests, follow its live-reload events. Shared by both test targets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `redthread serve --port 0`, stopped with SIGINT when dropped.
pub struct Server {
    child: Option<Child>,
    /// The port it listens on.
    pub port: u16,
    /// Everything it printed so far (stdout and stderr).
    pub log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts serving `dir` and waits until it listens.
    pub fn start(dir: &std::path::Path, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("redthread"))
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start redthread serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        for (stream, tx) in [
            (Box::new(out) as Box<dyn Read + Send>, Some(tx)),
            (Box::new(err), None),
        ] {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                    // Loopback, or every address (`--bind 0.0.0.0`, reached as 127.0.0.1).
                    if let Some(tx) = &tx
                        && let Some(rest) = line
                            .split("http://127.0.0.1:")
                            .nth(1)
                            .or_else(|| line.split("http://0.0.0.0:").nth(1))
                    {
                        let port: u16 = rest.trim_end_matches('/').parse().expect("port");
                        let _ = tx.send(port);
                    }
                }
            });
        }
        let port = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("serve did not start:\n{}", log.lock().unwrap()));
        Server {
            child: Some(child),
            port,
            log,
        }
    }

    /// What it printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits (up to 10 s) until the terminal output contains `text`; returns the output.
    /// The page may hear of a build before the reader thread has copied its lines.
    pub fn log_with(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if log.contains(text) || start.elapsed() > Duration::from_secs(10) {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGINT (Ctrl-C) and returns the exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(ok.success());
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("serve did not stop within 10 s of Ctrl-C:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A response read off a raw socket.
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Header lines, lower-cased names.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy).
    pub body: String,
}

impl Reply {
    /// The reply read from the raw bytes of an HTTP/1.1 answer.
    pub fn parse(raw: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `GET <target>` exactly as written (no client-side normalization of `..`).
pub fn get(port: u16, target: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read reply");
    Reply::parse(&raw)
}

/// An open `/__redthread/events` stream; events arrive as (name, data).
pub struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    /// Connects to the event stream.
    pub fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        // HTTP/1.0: the stream is sent as is, not in chunks, and ends when the server closes it.
        write!(
            s,
            "GET /__redthread/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_owned();
                } else if let Some(d) = line.strip_prefix("data: ")
                    && tx.send((std::mem::take(&mut name), d.to_owned())).is_err()
                {
                    return;
                }
            }
        });
        Events { rx }
    }

    /// Waits for the next event called `name` (skipping others); returns its data.
    pub fn wait_for(&self, name: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((n, d)) if n == name => return d,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {within:?}"),
            }
        }
    }

    /// The next event, if one comes within `within`.
    pub fn next(&self, within: Duration) -> Option<(String, String)> {
        self.rx.recv_timeout(within).ok()
    }
}
