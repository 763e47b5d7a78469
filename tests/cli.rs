//! The `deboil` binary end to end: every input document yields exactly one output
//! line whatever is wrong with it, output is the same for any thread count and any
//! input container (directory, JSON Lines, gzip), and exit codes say what happened.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn deboil(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deboil"));
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn bad_input_gives_one_line_per_document_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dump = std::fs::read(fixtures().join("dw/seed-skip-links-kicker-image-video.txt")).unwrap();
    std::fs::write(d.join("01-good.txt"), &dump).unwrap();
    std::fs::write(d.join("02-empty.txt"), "").unwrap();
    std::fs::write(d.join("03-binary.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(
        d.join("04-latin1.txt"),
        b"Caf\xe9 cr\xe8me br\xfbl\xe9e pour tout le monde, mesdames et messieurs.",
    )
    .unwrap();
    std::fs::write(d.join("05-huge.txt"), vec![b'a'; 5000]).unwrap();
    let gz = gzip(&dump);
    std::fs::write(d.join("06-truncated.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(
        d.join("07-page.html"),
        "<html><body><p>Hi</p></body></html>",
    )
    .unwrap();
    let records = format!(
        "{}\n{{broken\n{}\n\n{}\n",
        serde_json::json!({"id": "r1", "text": "A short story. It ends here.", "feed": "x"}),
        serde_json::json!({"text": "no id"}),
        serde_json::json!({"id": "r4", "html": "<p>x</p>"}),
    );
    std::fs::write(d.join("08-records.jsonl"), records).unwrap();

    let out = deboil(
        &[
            "clean",
            d.to_str().unwrap(),
            "--max-doc-bytes",
            "4000",
            "-q",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "some documents failed: exit 1");
    let lines = lines(&out);
    let summary: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_owned(),
                l["error"].as_str().map_or("ok".into(), str::to_owned),
            )
        })
        .collect();
    let expect = [
        ("01-good", "ok"),
        ("02-empty", "empty document"),
        ("03-binary", "binary"),
        ("04-latin1", "ok"),
        ("05-huge", "larger than the 4000 byte cap"),
        ("06-truncated", "truncated compressed data"),
        ("07-page", "ok"),
        ("r1", "ok"),
        ("08-records:2", "broken JSON"),
        ("08-records:3", "no `id`"),
        ("r4", "ok"),
    ];
    assert_eq!(summary.len(), expect.len(), "{summary:?}");
    for ((id, error), (want_id, want)) in summary.iter().zip(expect) {
        assert_eq!(id, want_id);
        assert!(error.contains(want), "{id}: {error}");
    }
    assert_eq!(lines[3]["decoded_from"], "windows-1252");
    assert_eq!(
        lines[7]["feed"], "x",
        "extra JSON Lines fields are carried through"
    );
    assert!(lines[8]["source"]
        .as_str()
        .unwrap()
        .ends_with("08-records.jsonl:2"));
}

#[test]
fn output_is_identical_for_any_thread_count_and_any_container() {
    let all = fixtures().to_str().unwrap();
    let one = deboil(&["clean", all, "-j", "1", "-q"], None);
    let two = deboil(&["clean", all, "-j", "2", "-q"], None);
    assert_eq!(one.status.code(), Some(0));
    assert!(!one.stdout.is_empty());
    assert!(
        one.stdout == two.stdout,
        "--jobs 1 and --jobs 2 agree byte for byte"
    );

    // The same documents as JSON Lines (plain, gzip, and on stdin) give the same bytes.
    let mut jsonl = String::new();
    let mut paths = walk(fixtures());
    paths.sort();
    for path in paths {
        let id = path.file_stem().unwrap().to_str().unwrap();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let field = if path.extension().unwrap() == "html" {
            "html"
        } else {
            "text"
        };
        jsonl += &format!("{}\n", serde_json::json!({"id": id, field: text}));
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("all.jsonl");
    let zipped = dir.path().join("all.jsonl.gz");
    std::fs::write(&plain, &jsonl).unwrap();
    std::fs::write(&zipped, gzip(jsonl.as_bytes())).unwrap();
    for args in [
        vec!["clean", plain.to_str().unwrap(), "-q"],
        vec!["clean", zipped.to_str().unwrap(), "-q", "-j", "2"],
    ] {
        assert!(
            deboil(&args, None).stdout == one.stdout,
            "{args:?} differs from the directory run"
        );
    }
    assert!(
        deboil(&["clean", "-", "-q"], Some(jsonl.as_bytes())).stdout == one.stdout,
        "stdin differs"
    );
}

/// As a pipe stage, each record comes out once its line is cleaned, while stdin
/// stays open: a caller that sends one document and waits for its record gets it.
#[test]
fn stdin_records_come_out_while_the_input_is_still_open() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::Duration;

    let mut child = Command::new(env!("CARGO_BIN_EXE_deboil"))
        .args(["clean", "-q", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let (send, received) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reading = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            send.send(line.unwrap()).unwrap();
        }
    });
    let wait = Duration::from_secs(60);
    for (n, text) in [
        "First story.\n\nIt has two paragraphs of text.",
        "Second story, one line.",
    ]
    .iter()
    .enumerate()
    {
        let id = format!("doc-{n}");
        writeln!(input, "{}", serde_json::json!({"id": id, "text": text})).unwrap();
        input.flush().unwrap();
        let line = received
            .recv_timeout(wait)
            .unwrap_or_else(|_| panic!("no record for {id} while stdin is open"));
        let record: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(record["id"], id.as_str());
    }
    drop(input);
    assert!(child.wait().unwrap().success());
    reading.join().unwrap();
    assert!(received.try_recv().is_err(), "one line per document");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|e| e == "txt" || e == "html") {
            out.push(p);
        }
    }
    out
}

/// Mirrors `input` as text files into `out` (made here), checks one of them
/// (`missing`, relative to `out`) with `check`, deletes it and runs again with
/// `--resume`: the deleted file must be back. Returns what the second run said.
fn mirrored_then_resumed(
    input: &Path,
    out: &Path,
    missing: &str,
    check: impl Fn(&str) -> bool,
) -> String {
    std::fs::create_dir(out).unwrap();
    let args = [
        "clean",
        input.to_str().unwrap(),
        "--format",
        "text",
        "-o",
        out.to_str().unwrap(),
    ];
    assert_eq!(deboil(&args, None).status.code(), Some(0));
    let one = out.join(missing);
    let text = std::fs::read_to_string(&one).unwrap();
    assert!(check(&text), "{text}");
    std::fs::remove_file(&one).unwrap();
    let resumed = deboil(&[&args[..], &["--resume"]].concat(), None);
    assert!(one.exists(), "the missing document is cleaned again");
    String::from_utf8_lossy(&resumed.stderr).into_owned()
}

#[test]
fn output_files_mirroring_resume_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = fixtures().join("ntb");
    let file = dir.path().join("out.jsonl");
    let out = deboil(
        &[
            "clean",
            fixtures.to_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
            "-q",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written.lines().count(),
        std::fs::read_dir(&fixtures)
            .unwrap()
            .filter(|e| {
                let path = e.as_ref().unwrap().path();
                let ext = path.extension().unwrap();
                ext == "txt" || ext == "html"
            })
            .count()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");

    let mirror = dir.path().join("text");
    let resumed = mirrored_then_resumed(
        &fixtures,
        &mirror,
        "seed-date-stamp-no-title-subheadings.txt",
        |text| text.starts_with("– Den nyvalgte presidenten"),
    );
    assert!(resumed.contains("deboil: 1 documents"), "{resumed}");

    // A JSON Lines record's output is named by the id inside its JSON: resuming
    // reads it before deciding to skip the record.
    let records = dir.path().join("dump.jsonl");
    let story = "A story long enough to be kept as the body of the article.";
    std::fs::write(
        &records,
        ["a", "b", "c"]
            .map(|id| format!("{{\"id\":\"{id}\",\"text\":\"{story} ({id})\"}}\n"))
            .concat(),
    )
    .unwrap();
    let resumed = mirrored_then_resumed(
        &records,
        &dir.path().join("records"),
        "dump/b.txt",
        |text| text.contains("(b)"),
    );
    assert!(
        resumed.contains("deboil: 1 documents") && resumed.contains("2 skipped"),
        "{resumed}"
    );

    let unwritable = deboil(
        &[
            "clean",
            fixtures.to_str().unwrap(),
            "-o",
            "/nonexistent/dir/out.jsonl",
        ],
        None,
    );
    assert_eq!(unwritable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unwritable.stderr).contains("cannot write"));
    assert_eq!(
        deboil(&["clean", "x", "--outlet", "nope"], None)
            .status
            .code(),
        Some(2)
    );

    // As a pipe stage, malformed records are reported in place and the exit code stays 0.
    let piped = deboil(
        &["clean", "-", "-q"],
        Some(b"{broken\n{\"id\":\"a\",\"text\":\"Caf\xe9 story.\"}\n\xff\xfe\n"),
    );
    assert_eq!(piped.status.code(), Some(0));
    let piped = lines(&piped);
    assert_eq!(piped.len(), 3, "one line per input line");
    assert!(piped[0]["error"].as_str().unwrap().contains("broken JSON"));
    assert_eq!(piped[1]["body"][0], "Café story.");
    assert!(piped[2]["error"].is_string());
    assert_eq!(deboil(&["clean"], None).status.code(), Some(2));
}

#[test]
fn html_pages_go_through_from_files_json_lines_and_warc() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page =
        std::fs::read(fixtures().join("dw/seed-skip-links-kicker-image-video.html")).unwrap();
    std::fs::write(d.join("01-page.html"), &page).unwrap();
    std::fs::write(d.join("02-page.htm.gz"), gzip(&page)).unwrap();
    std::fs::write(
        d.join("03-latin1.html"),
        b"<html><head><meta charset=\"iso-8859-1\"><title>x</title></head><body><p>Le caf\xe9 du port rouvre ses portes samedi, apr\xe8s six mois de travaux.</p></body></html>",
    )
    .unwrap();
    let record = serde_json::json!({
        "id": "r1",
        "url": "https://www.dw.com/en/nato-us-europe-need-each-other/a-36376853",
        "html": String::from_utf8(page.clone()).unwrap(),
    });
    std::fs::write(d.join("04-records.jsonl"), format!("{record}\n")).unwrap();
    let http = [
        &b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"[..],
        &page,
    ]
    .concat();
    let warc = [
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://www.dw.com/en/a-36376853\r\nWARC-Record-ID: <urn:uuid:page-1>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes(),
        http,
        b"\r\n\r\n".to_vec(),
    ]
    .concat();
    std::fs::write(d.join("05-crawl.warc"), warc).unwrap();

    let out = deboil(&["clean", d.to_str().unwrap(), "-q"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = lines(&out);
    assert_eq!(lines.len(), 5, "{lines:?}");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            fixtures().join("dw/seed-skip-links-kicker-image-video.expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for i in [0, 1, 3, 4] {
        assert_eq!(lines[i]["outlet"], "dw", "{}", lines[i]);
        assert_eq!(lines[i]["body"], expected["body"], "{}", lines[i]["id"]);
    }
    assert_eq!(lines[2]["decoded_from"], "windows-1252");
    // One sentence on an empty page: kept, and flagged as no clear article; the
    // outlet's container found the DW story, which is not flagged.
    assert_eq!(lines[2]["uncertain"], true, "{}", lines[2]);
    assert!(lines[0].get("uncertain").is_none(), "{}", lines[0]);
    assert_eq!(
        lines[2]["body"][0],
        "Le café du port rouvre ses portes samedi, après six mois de travaux."
    );
    assert_eq!(lines[3]["id"], "r1");
    assert_eq!(lines[4]["id"], "page-1");

    let explained = deboil(
        &[
            "explain",
            "--color",
            "never",
            d.join("01-page.html").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(explained.status.code(), Some(0));
    let explained = String::from_utf8(explained.stdout).unwrap();
    assert!(explained.contains("cleaned by `dw`"), "{explained}");
    assert!(explained.contains("-> title"), "{explained}");
    assert!(explained.contains("removed dw/"), "{explained}");
}

#[test]
fn hostile_html_gives_a_record_or_an_error_record_never_a_crash_or_a_stall() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("01-unclosed.html"),
        "<html><body><div><p>An unclosed paragraph about the harbour <b>bold <i>and italic<div><table><tr><td>cell<p>Another paragraph that never closes either, and goes on",
    )
    .unwrap();
    let nested = format!(
        "<html><body>{}<p>Deep inside a hundred thousand divs there is one sentence of text.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(d.join("02-nested.html"), nested).unwrap();
    // Pages of distinct paragraphs: 5 MB is parsed whole; 50 MB is over the cap
    // given below (parsing it whole in a debug build takes minutes: see the report).
    let page_of = |mb: usize| {
        let mut page = String::from("<html><head><title>Big</title></head><body><article>");
        let mut i = 0;
        while page.len() < mb * 1024 * 1024 {
            page += &format!("<p>Paragraph {i} of a long page says little, but it says it at length and in full sentences.</p>\n");
            i += 1;
        }
        page + "</article></body></html>"
    };
    std::fs::write(d.join("03-big.html"), page_of(5)).unwrap();
    std::fs::write(d.join("07-huge.html"), page_of(50)).unwrap();
    std::fs::write(
        d.join("04-no-body.html"),
        "<html><head><title>Only a head</title></head></html>",
    )
    .unwrap();
    let junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(d.join("05-junk.html"), &junk).unwrap();
    std::fs::write(d.join("06-empty.html"), "").unwrap();

    let out = deboil(
        &[
            "clean",
            d.to_str().unwrap(),
            "-q",
            "-j",
            "2",
            "--max-doc-bytes",
            "20000000",
        ],
        None,
    );
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "no crash: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = lines(&out);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "01-unclosed",
            "02-nested",
            "03-big",
            "04-no-body",
            "05-junk",
            "06-empty",
            "07-huge"
        ],
        "one line per input, in order"
    );
    assert!(
        lines[0].to_string().contains("An unclosed paragraph")
            && lines[0]["body"].to_string().contains("never closes"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1]["body"]
            .to_string()
            .contains("one sentence of text"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2]["body"]
            .as_array()
            .is_some_and(|b| b.len() > 40_000),
        "{}",
        lines[2]["error"]
    );
    assert!(lines[6]["error"].as_str().unwrap().contains("byte cap"));
    assert!(
        lines[3]["body"].as_array().is_some_and(Vec::is_empty),
        "{}",
        lines[3]
    );
    assert!(
        lines[4]["error"].is_string() || lines[4]["body"].is_array(),
        "{}",
        lines[4]
    );
    assert!(lines[5]["error"].as_str().unwrap().contains("empty"));

    // A bad selector in a rules file is fatal, and named.
    let rules = d.join("bad.toml");
    std::fs::write(&rules, "name = \"bad\"\n[html]\ncontainer = [\"div[\"]\n").unwrap();
    let out = deboil(
        &[
            "clean",
            d.join("01-unclosed.html").to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("div[") && stderr.contains("bad.toml"),
        "{stderr}"
    );
}

#[test]
fn explain_names_the_page_type() {
    let explain = |fixture: &str| {
        let out = deboil(
            &[
                "explain",
                "--color",
                "never",
                fixtures().join(fixture).to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines().next().unwrap_or_default().to_owned()
    };
    let listing = explain("generic/section-front-listing-en.txt");
    assert!(listing.contains("page type `listing`"), "{listing}");
    let article = explain("generic/harbour-gazette-full-page-en.txt");
    assert!(article.contains("page type `article`"), "{article}");
}

#[test]
fn outlets_lists_the_classifier_rules_next_to_the_packs() {
    let out = deboil(&["outlets"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let generic: Vec<&str> = text
        .split("\n\n")
        .find(|block| block.starts_with("generic "))
        .unwrap()
        .lines()
        .collect();
    let ids: Vec<&str> = generic
        .iter()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    for id in [
        "generic/page-furniture",
        "generic/not-prose",
        "generic/outside-article",
        "generic/comment-section",
        "generic/author-bio",
    ] {
        let line = generic
            .iter()
            .find(|l| l.split_whitespace().next() == Some(id));
        assert!(
            line.is_some_and(|l| l.contains(" classify ")),
            "{id} missing: {text}"
        );
    }
    assert!(ids.iter().any(|id| id.starts_with("shared/")), "{text}");
    // An outlet without `[classify]` lists no classifier rules.
    let dw = text.split("\n\n").find(|b| b.starts_with("dw ")).unwrap();
    assert!(!dw.contains(" classify "), "{dw}");
}

#[test]
fn a_rules_file_with_a_unicode_word_boundary_works_and_draws_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("mysite.toml");
    std::fs::write(
        &rules,
        "name = \"mysite\"\n[[rules]]\nid = \"share\"\nkind = \"drop\"\nmatch.regex = ['\\bShare this\\b']\n",
    )
    .unwrap();
    let input = br#"{"id":"a","text":"Share this story\nThe council met on Tuesday and voted to build the new bridge over the river."}"#;
    let out = deboil(
        &[
            "clean",
            "-",
            "--quiet",
            "--outlet",
            "mysite",
            "--rules",
            rules.to_str().unwrap(),
        ],
        Some(input),
    );
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning")
            && stderr.contains("mysite/share")
            && stderr.contains("(?-u:\\b)"),
        "{stderr}"
    );
    // The rule still removes its line.
    let record = &lines(&out)[0];
    assert_eq!(record["removed"][0]["rule"], "mysite/share", "{record}");
}
