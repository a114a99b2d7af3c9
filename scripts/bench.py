"""`make bench`: build times, page weights, shared JavaScript and chart drawing times.

Builds a fresh copy of the course in a temporary folder (so the working tree's
_build and its execution cache are left alone), then measures the built pages in
headless Chromium. Prints one table with the course's targets.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from thaw.paths import ROOT
from thaw.book.serve import ALL_CHARTS_DRAWN, CHROMIUM_ARGS, chromium_path, serve
from thaw.book.toc import toc_pages

TARGETS = {"clean build": 60.0, "no-change rebuild": 5.0, "page html": 200_000, "charts drawn": 1.5}
SKIP = shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info")
RUNS = 3


def build(source: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "thaw.book.build", str(source)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("The build failed:\n" + (result.stdout + result.stderr)[-4000:])
    return elapsed


def chart_times(site: Path, pages: list[str]) -> dict[str, tuple[int, float]]:
    """Per page: number of charts, and median seconds from navigation to all charts drawn."""
    results = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for path in pages:
            times, charts = [], 0
            for _ in range(RUNS):
                context = browser.new_context()  # cold cache every run
                page = context.new_page()
                page.goto(f"{base}/{path}", wait_until="commit")
                page.wait_for_function(ALL_CHARTS_DRAWN, polling="raf", timeout=60_000)
                times.append(page.evaluate("performance.now()") / 1000)
                charts = page.locator(".thaw-chart .js-plotly-plot").count()
                context.close()
            results[path] = (charts, statistics.median(times))
        browser.close()
    return results


def verdict(value, target) -> str:
    return "ok" if value <= target else "OVER"


def main():
    with tempfile.TemporaryDirectory(prefix="thaw-bench-") as tmp:
        copy = Path(tmp) / "course"
        shutil.copytree(ROOT, copy, ignore=SKIP)
        clean = build(copy)
        rebuild = build(copy)
        site = copy / "_build" / "html"
        pages = toc_pages()
        drawn = chart_times(site, pages)
        rows = [("clean build, every notebook executed", f"{clean:.1f} s", f"≤ {TARGETS['clean build']:.0f} s",
                 verdict(clean, TARGETS["clean build"])),
                ("no-change rebuild", f"{rebuild:.1f} s", f"≤ {TARGETS['no-change rebuild']:.0f} s",
                 verdict(rebuild, TARGETS["no-change rebuild"]))]
        for name in ("plotly-basic.min.js", "thaw-charts.js"):
            raw = (site / "_static" / name).read_bytes()
            rows.append((f"shared JS: _static/{name}", f"{len(raw):,} B",
                         f"gzip {len(gzip.compress(raw)):,} B", "loaded once, cached"))
        for path in pages:
            html = (site / path).read_bytes()
            charts, seconds = drawn[path]
            rows.append((f"page {path}", f"{len(html):,} B (gzip {len(gzip.compress(html)):,} B)",
                         f"≤ {TARGETS['page html']:,} B", verdict(len(html), TARGETS["page html"])))
            rows.append((f"  {charts} charts drawn after", f"{seconds:.2f} s (median of {RUNS})",
                         f"≤ {TARGETS['charts drawn']} s", verdict(seconds, TARGETS["charts drawn"])))
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "value", "target", "")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, width)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in width) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, width)) + " |")
    if any(r[3] == "OVER" for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
