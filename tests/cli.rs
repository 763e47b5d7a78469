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
        ("07-page", "HTML input is not supported"),
        ("r1", "ok"),
        ("08-records:2", "broken JSON"),
        ("08-records:3", "no `id`"),
        ("r4", "HTML input is not supported"),
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
        jsonl += &format!("{}\n", serde_json::json!({"id": id, "text": text}));
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

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
    out
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
            .filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "txt")
            .count()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");

    let mirror = dir.path().join("text");
    std::fs::create_dir(&mirror).unwrap();
    let args = [
        "clean",
        fixtures.to_str().unwrap(),
        "--format",
        "text",
        "-o",
        mirror.to_str().unwrap(),
    ];
    assert_eq!(deboil(&args, None).status.code(), Some(0));
    let one = mirror.join("seed-date-stamp-no-title-subheadings.txt");
    assert!(std::fs::read_to_string(&one)
        .unwrap()
        .starts_with("– Den nyvalgte presidenten"));
    std::fs::remove_file(&one).unwrap();
    let resumed = deboil(&[&args[..], &["--resume"]].concat(), None);
    assert!(one.exists(), "the missing document is cleaned again");
    assert!(
        String::from_utf8_lossy(&resumed.stderr).contains("deboil: 1 documents"),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
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
