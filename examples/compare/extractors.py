"""The other extractors on the article-extraction benchmark's pages, for
`cargo xtask compare`: trafilatura, jusText and readability-lxml, each over the
same pages (in memory, one thread), timed per page. Writes one JSON Lines file
per tool, `{"id", "text", "secs"}` a page, which `cargo xtask eval aeb --against`
scores with the benchmark's metric beside deboil's.

With DUMPS (JSON Lines of `{"id", "text"}`: the pages as text dumps, one
paragraph a line), the tools also clean each dump, given to them as an HTML page
of one `<p>` a line since they read HTML only; those files end in `-dumps.jsonl`,
for `cargo xtask eval text --against`.

usage: extractors.py BENCH_DIR OUT_DIR PASSES [DUMPS]
"""

import gzip
import html as html_text
import json
import re
import statistics
import sys
import time
from pathlib import Path

import justext
import lxml.html
import trafilatura
from readability import Document

# jusText needs a stoplist: the page's `<html lang>`, English when it has none or
# jusText has no list for it.
JUSTEXT_LISTS = {
    "en": "English", "ru": "Russian", "pt": "Portuguese", "it": "Italian",
    "id": "Indonesian", "de": "German", "es": "Spanish", "fr": "French",
}


def page_language(html):
    match = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", html[:5000])
    return match.group(1).lower() if match else "en"


def run_trafilatura(url, html):
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def run_justext(url, html):
    name = JUSTEXT_LISTS.get(page_language(html), "English")
    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist(name))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def run_readability(url, html):
    try:
        summary = Document(html, url=url).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content()
    except Exception:  # a page it cannot read gives no text, as a miss
        return ""


TOOLS = [
    ("trafilatura", run_trafilatura),
    ("justext", run_justext),
    ("readability", run_readability),
]


def run_all(pages, out, passes, suffix=""):
    """Each tool over `pages` (id, url, html): a cold pass, then `passes` timed."""
    for name, extract in TOOLS:
        texts, times = {}, {page_id: [] for page_id, _, _ in pages}
        # Each page's time is the median of the timed passes.
        for timed in [False] + [True] * passes:
            for page_id, url, html in pages:
                started = time.perf_counter()
                texts[page_id] = extract(url, html)
                if timed:
                    times[page_id].append(time.perf_counter() - started)
        with open(out / f"{name}{suffix}.jsonl", "w", encoding="utf-8") as f:
            for page_id, _, _ in pages:
                secs = statistics.median(times[page_id])
                f.write(json.dumps({"id": page_id, "text": texts[page_id], "secs": secs}) + "\n")
        total = sum(statistics.median(t) for t in times.values())
        print(f"{name}{suffix}: {len(pages) / total:.1f} pages/s", file=sys.stderr)


def as_page(dump):
    """A text dump as the HTML page a tool that reads HTML only can take: one
    paragraph a line."""
    paragraphs = "".join(
        f"<p>{html_text.escape(line.strip())}</p>" for line in dump.splitlines() if line.strip()
    )
    return f"<html><body>{paragraphs}</body></html>"


def main():
    bench, out, passes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    truth = json.loads((bench / "ground-truth.json").read_text())
    pages = []
    for page_id in sorted(truth):
        raw = gzip.open(bench / "html" / f"{page_id}.html.gz").read()
        pages.append((page_id, truth[page_id]["url"], raw.decode("utf-8", "replace")))
    out.mkdir(parents=True, exist_ok=True)
    run_all(pages, out, passes)
    if len(sys.argv) > 4:
        with open(sys.argv[4], encoding="utf-8") as f:
            dumps = [json.loads(line) for line in f if line.strip()]
        # No URL: a dump is cleaned from its text alone, as deboil's is here.
        run_all([(d["id"], None, as_page(d["text"])) for d in dumps], out, passes, "-dumps")


if __name__ == "__main__":
    main()
