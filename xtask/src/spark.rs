//! `cargo xtask spark`: deboil as a stage of a real Spark job. Creates a venv with a
//! pinned pyspark, builds deboil, generates a JSON Lines dump of a few thousand
//! fixture-derived records (with broken ones among them) and a WARC file, runs
//! `examples/spark/clean_spark.py` in `local[2]` and `local-cluster[2,1,1024]`, and
//! checks that Spark writes exactly the records a single-machine run writes, and
//! that a failing binary fails the job. Ends with `spark: N passed, M failed`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const PYSPARK: &str = "pyspark==4.3.0";
const RECORDS: usize = 3000;

/// A JSON Lines dump: fixture texts under new ids, plus broken lines.
fn write_dump(root: &Path, path: &Path) -> Result<()> {
    let mut texts = Vec::new();
    for outlet in fs::read_dir(root.join("fixtures"))? {
        for file in fs::read_dir(outlet?.path())? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "txt") {
                texts.push(String::from_utf8_lossy(&fs::read(&file)?).into_owned());
            }
        }
    }
    texts.sort();
    let mut out = Vec::new();
    for i in 0..RECORDS {
        match i % 500 {
            17 => out.extend_from_slice(b"{\"id\": \"broken\", \"text\": \n"),
            99 => out.extend_from_slice(b"{\"text\": \"a record without an id\"}\n"),
            250 => {
                // Invalid UTF-8 inside a record: decoded leniently, never a crash.
                out.extend_from_slice(
                    format!("{{\"id\": \"latin-{i}\", \"text\": \"Caf").as_bytes(),
                );
                out.extend_from_slice(
                    b"\xe9 cr\xe8me for everyone, said the owner of the caf\xe9 on Sunday.\"}\n",
                );
            }
            _ => {
                let text = &texts[i % texts.len()];
                let record = format!(
                    "{{\"id\": \"doc-{i:05}\", \"source\": \"spark-test\", \"text\": {}}}\n",
                    json_string(text)
                );
                out.extend_from_slice(record.as_bytes());
            }
        }
    }
    fs::write(path, out)?;
    Ok(())
}

/// A WARC file of text (`conversion`, as in WET files) records from the fixtures,
/// plus an HTML response, which deboil reports as an error record.
fn write_warc(root: &Path, path: &Path) -> Result<()> {
    let mut out = Vec::new();
    let mut record = |kind: &str, n: usize, content_type: &str, block: &[u8]| {
        out.extend_from_slice(
            format!(
                "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://example.org/{n}\r\nWARC-Record-ID: <urn:uuid:warc-{n:05}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                block.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
    };
    record(
        "warcinfo",
        0,
        "application/warc-fields",
        b"software: xtask spark\r\n",
    );
    let mut n = 1;
    for outlet in ["dw", "independent", "jordantimes", "ntb"] {
        for file in fs::read_dir(root.join("fixtures").join(outlet))? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "txt") {
                record("conversion", n, "text/plain", &fs::read(&file)?);
                n += 1;
            }
        }
    }
    record(
        "response",
        n,
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>",
    );
    fs::write(path, out)?;
    Ok(())
}

fn json_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Output lines by id for clean records; error messages counted for error records
/// (their ids and line numbers depend on how the input was split).
#[derive(Debug, PartialEq, Eq)]
struct Outcomes {
    records: BTreeMap<String, String>,
    errors: BTreeMap<String, usize>,
}

fn outcomes(lines: &str) -> Result<Outcomes> {
    let mut records = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let id = field(line, "\"id\":\"").context("output line without id")?;
        if let Some(error) = field(line, "\"error\":\"") {
            *errors.entry(error).or_default() += 1;
        } else if records.insert(id.clone(), line.to_owned()).is_some() {
            bail!("record {id} written twice");
        }
    }
    Ok(Outcomes { records, errors })
}

/// The string value of a top-level JSON field, read off a compact JSON line.
fn field(line: &str, key: &str) -> Option<String> {
    let start = line.find(key)? + key.len();
    let mut value = String::new();
    let mut escaped = false;
    for c in line[start..].chars() {
        match (escaped, c) {
            (true, _) => {
                value.push(c);
                escaped = false;
            }
            (false, '\\') => escaped = true,
            (false, '"') => return Some(value),
            (false, c) => value.push(c),
        }
    }
    None
}

fn read_parts(dir: &Path) -> Result<String> {
    let mut parts: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("part-"))
        })
        .collect();
    parts.sort();
    let mut all = String::new();
    for part in parts {
        all += &fs::read_to_string(part)?;
    }
    Ok(all)
}

fn submit(
    root: &Path,
    python: &Path,
    master: &str,
    binary: &Path,
    inputs: &[PathBuf],
    output: &Path,
) -> Result<bool> {
    let _ = fs::remove_dir_all(output);
    let submit = python.with_file_name("spark-submit");
    let status = Command::new(submit)
        .args([
            "--master",
            master,
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.task.maxFailures=1",
        ])
        .args(["--conf", "spark.default.parallelism=4"])
        .arg(root.join("examples/spark/clean_spark.py"))
        .arg("--binary")
        .arg(binary)
        .arg("--output")
        .arg(output)
        .args(["--partitions", "4"])
        .args(inputs)
        .env("PYSPARK_PYTHON", python)
        .env("PYSPARK_DRIVER_PYTHON", python)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env_remove("SPARK_HOME")
        .status()
        .context("running spark-submit")?;
    Ok(status.success())
}

pub fn spark(root: &Path) -> Result<()> {
    let python = crate::python_venv("spark-venv", &[PYSPARK])?;
    crate::run_checked(
        crate::cargo().args(["build", "--quiet", "--bin", "deboil"]),
        "cargo build",
    )?;
    let binary = crate::target_dir().join("debug/deboil");
    let work = crate::target_dir().join("spark-test");
    fs::create_dir_all(&work)?;
    let input = work.join("input.jsonl");
    write_dump(root, &input)?;
    let warc = work.join("crawl.warc");
    write_warc(root, &warc)?;
    let inputs = [input, warc];

    let single = Command::new(&binary)
        .args(["clean", "--quiet"])
        .args(&inputs)
        .output()?;
    if !matches!(single.status.code(), Some(0 | 1)) {
        bail!(
            "single-machine run failed: {}",
            String::from_utf8_lossy(&single.stderr)
        );
    }
    let expected = outcomes(&String::from_utf8(single.stdout)?)?;

    let mut passed = 0;
    let mut failed = 0;
    let mut report = |name: &str, ok: bool, detail: String| {
        if ok {
            passed += 1;
            println!("spark: ok   {name}");
        } else {
            failed += 1;
            println!("spark: FAIL {name}: {detail}");
        }
    };
    for master in ["local[2]", "local-cluster[2,1,1024]"] {
        let output = work.join(format!("out-{}", master.replace(['[', ']', ','], "_")));
        let ran = submit(root, &python, master, &binary, &inputs, &output)?;
        if !ran {
            report(
                &format!("{master}: job runs"),
                false,
                "spark-submit failed".into(),
            );
            continue;
        }
        let got = outcomes(&read_parts(&output)?)?;
        let same_records = got.records == expected.records;
        let missing = expected
            .records
            .keys()
            .filter(|k| !got.records.contains_key(*k))
            .count();
        report(
            &format!(
                "{master}: {} records equal the single-machine run",
                expected.records.len()
            ),
            same_records,
            format!(
                "{} records from Spark, {missing} missing or different",
                got.records.len()
            ),
        );
        report(
            &format!("{master}: error records for the broken lines"),
            got.errors == expected.errors,
            format!("{:?} vs {:?}", got.errors, expected.errors),
        );
    }
    // A binary that fails must fail the job, not drop the partition's records.
    let broken = work.join("deboil-that-fails");
    fs::write(&broken, "#!/bin/sh\necho 'simulated crash' >&2\nexit 3\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&broken, fs::Permissions::from_mode(0o755))?;
    }
    let ran = submit(
        root,
        &python,
        "local[2]",
        &broken,
        &inputs[..1],
        &work.join("out-failing"),
    )?;
    report(
        "a failing binary fails the job",
        !ran,
        "the job succeeded".into(),
    );

    println!("spark: {passed} passed, {failed} failed");
    if failed > 0 {
        bail!("spark checks failed");
    }
    Ok(())
}
