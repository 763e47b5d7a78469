"""Run deboil as a stage of an Apache Spark job.

The deboil binary is shipped to the executors with the job (``SparkContext.addFile``,
the same as ``spark-submit --files``); nothing is installed on the cluster. Each
partition of JSON Lines records is piped through one ``deboil clean -`` process,
which writes one output line per input record (a cleaned record, or an error record
for a malformed one) in input order. Unlike a bare ``rdd.pipe``, the binary's exit
code is checked: a binary that fails fails the task (and so the job) instead of
silently dropping the partition's records.

Usage (see README, "Beyond one machine"):

    spark-submit --master yarn examples/spark/clean_spark.py \\
        --binary ./deboil --output s3://bucket/clean/ \\
        s3://bucket/dump/part-*.jsonl.gz

Inputs are JSON Lines files (plain or ``.gz``), WARC files (``.warc``, ``.warc.gz``,
WET's ``.warc.wet.gz``; each is cleaned whole by one task), or ``@paths.txt``: a text
file listing one input path per line, as Common Crawl jobs do. By default each file's exact bytes
are read (so records that are not UTF-8 are decoded by deboil, as on one machine);
``--splittable-text`` uses Hadoop's splittable text reader instead, for very large
files, at the price of non-UTF-8 bytes arriving as U+FFFD.
"""

import argparse
import os
import subprocess
import sys
import threading


def expand_inputs(inputs):
    """Paths as given, with ``@file`` replaced by the paths listed in that file."""
    paths = []
    for item in inputs:
        if item.startswith("@"):
            with open(item[1:], encoding="utf-8") as listing:
                paths.extend(line.strip() for line in listing if line.strip() and not line.startswith("#"))
        else:
            paths.append(item)
    return paths


def is_warc(path):
    return any(path.endswith(ext) for ext in (".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz"))


def clean_warc_files(binary_name, threads, extra_args):
    """A mapPartitions function for WARC files: each file is cleaned whole by
    `deboil clean FILE` (exit 1 only means some records became error records)."""

    def run(files):
        import tempfile

        from pyspark import SparkFiles

        binary = SparkFiles.get(binary_name)
        os.chmod(binary, 0o755)
        env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
        for path, content in files:
            with tempfile.TemporaryDirectory() as tmp:
                local = os.path.join(tmp, os.path.basename(path.rstrip("/")))
                with open(local, "wb") as out:
                    out.write(content)
                proc = subprocess.run(
                    [binary, "clean", local, "--quiet", *extra_args], capture_output=True, env=env
                )
                if proc.returncode not in (0, 1):
                    raise RuntimeError(f"deboil exited with code {proc.returncode} on {path}: {proc.stderr[-2000:]!r}")
                for line in proc.stdout.decode("utf-8", "replace").splitlines():
                    yield line

    return run


def file_lines(path_and_content):
    """The lines of one input file, as bytes; `.gz` is decompressed."""
    import gzip

    path, content = path_and_content
    if path.endswith(".gz"):
        content = gzip.decompress(content)
    return content.splitlines()


def clean_partition(binary_name, threads, extra_args):
    """A mapPartitions function: feed the partition's lines to deboil, yield its output."""

    def run(lines):
        from pyspark import SparkFiles

        binary = SparkFiles.get(binary_name)
        os.chmod(binary, 0o755)
        env = dict(os.environ)
        # One task uses its own cores only.
        env["RAYON_NUM_THREADS"] = str(threads)
        proc = subprocess.Popen(
            [binary, "clean", "-", "--quiet", *extra_args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        failure = []

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape"))
                    proc.stdin.write(b"\n")
            except BrokenPipeError:
                pass
            except Exception as exc:  # reported after the process ends
                failure.append(exc)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for out in proc.stdout:
            yield out.decode("utf-8", "replace").rstrip("\n")
        writer.join()
        stderr = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        if failure:
            raise failure[0]
        if code != 0:
            raise RuntimeError(f"deboil exited with code {code}: {stderr.strip()[-2000:]}")

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description="Clean JSON Lines news dumps with deboil on Spark.")
    parser.add_argument("inputs", nargs="+", help="JSON Lines or WARC paths (globs, .gz) or @file listing paths")
    parser.add_argument("--binary", required=True, help="path to the deboil binary on the driver")
    parser.add_argument("--output", required=True, help="output directory")
    parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input (default: as read)")
    parser.add_argument("--deboil-arg", action="append", default=[], help="extra argument for `deboil clean`")
    parser.add_argument(
        "--splittable-text",
        action="store_true",
        help="read inputs with Hadoop's text reader (splits big files; non-UTF-8 bytes become U+FFFD)",
    )
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("deboil").getOrCreate()
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.binary))
    threads = int(sc.getConf().get("spark.task.cpus", "1"))

    all_paths = expand_inputs(args.inputs)
    warcs = [p for p in all_paths if is_warc(p)]
    paths = ",".join(p for p in all_paths if not is_warc(p))
    name = os.path.basename(args.binary)
    outputs = []
    if warcs:
        files = sc.binaryFiles(",".join(warcs))
        outputs.append(files.mapPartitions(clean_warc_files(name, threads, args.deboil_arg)))
    if not paths:
        lines = None
    elif args.splittable_text:
        # Hadoop splits big files across tasks, but decodes lines as UTF-8 on the
        # way: bytes that are not UTF-8 reach deboil as U+FFFD.
        lines = sc.textFile(paths, use_unicode=False)
    else:
        # Exact bytes (deboil detects the encoding of non-UTF-8 records itself):
        # each file is read whole by one task, then its lines are spread out.
        lines = sc.binaryFiles(paths).flatMap(file_lines)
    if lines is not None:
        if args.partitions:
            lines = lines.repartition(args.partitions)
        outputs.append(lines.mapPartitions(clean_partition(name, threads, args.deboil_arg)))
    cleaned = outputs[0] if len(outputs) == 1 else sc.union(outputs)

    if args.format == "jsonl":
        cleaned.saveAsTextFile(args.output)
    else:
        spark.read.json(cleaned).write.parquet(args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
