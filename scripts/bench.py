"""`make bench`: build times, page weights, chart drawing times and Lighthouse scores.

Builds a fresh copy of the course in a temporary folder (so the working tree's _build and
its execution cache are left alone), both editions, then measures every page of each edition:

* the page's HTML, raw and gzipped;
* "first chart": the page opened at its first chart (as a link to a figure opens it), from
  navigation until that chart is drawn, cold cache, median of 3;
* "scrolled-to chart": the page opened at the top and left to load, then each chart scrolled
  into view in turn; the slowest chart's wait, median of 3 runs;
* Lighthouse (pinned in scripts/package.json, on Debian's Chromium): performance score with
  the desktop and the mobile preset, largest contentful paint and total blocking time. The
  pages are served gzip-compressed, as a static host serves them.

  python scripts/bench.py                    # what `make bench` runs
  python scripts/bench.py --site _build/html # measure a built book, without the build times

Prints one table with the course's targets, writes the numbers to _build/bench.json, and
exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from thaw.paths import ROOT
from thaw.book.serve import CHROMIUM_ARGS, chromium_path, serve
from thaw.book.sphinxext.charts import PLOTLY_BUNDLE
from thaw.book.editions import editions
from thaw.book.toc import toc_pages

#: The build times are of both editions (English and Indonesian, thaw.book.editions).
TARGETS = {"clean build": 120.0, "no-change rebuild": 5.0, "page html": 200_000, "first chart": 1.5,
           "scrolled-to chart": 0.5, "lighthouse desktop": 95, "lighthouse mobile": 90}
SKIP = shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info",
                              "node_modules")
RUNS = 3
LIGHTHOUSE = ROOT / "scripts" / "node_modules" / ".bin" / "lighthouse"
CHARTS = ".thaw-chart .plotly-graph-div"

#: In the page: resolves with ms from now until ``box`` has drawn its chart.
WAIT_DRAWN = """async (box) => {
  const start = performance.now();
  while (box.dataset.drawn !== 'true') {
    await new Promise(requestAnimationFrame);
  }
  return performance.now() - start;
}"""
SCROLL_AND_WAIT = f"""async (box) => {{ box.scrollIntoView({{block: 'center'}}); return await ({WAIT_DRAWN})(box); }}"""


def build(source: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "thaw.book.build", str(source)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("The build failed:\n" + (result.stdout + result.stderr)[-4000:])
    return elapsed


def chart_times(base: str, pages: list[str]) -> dict[str, dict]:
    """Per page: the number of charts, and seconds until the first and a scrolled-to chart are drawn."""
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        def fresh_page():
            context = browser.new_context(viewport={"width": 1280, "height": 800})  # cold cache every run
            return context, context.new_page()

        for path in pages:
            context, page = fresh_page()
            page.goto(f"{base}/{path}")
            ids = page.eval_on_selector_all(CHARTS, "boxes => boxes.map(b => b.id)")
            context.close()
            first, scrolled = [], []
            for _ in range(RUNS if ids else 0):
                context, page = fresh_page()
                page.goto(f"{base}/{path}#{ids[0]}", wait_until="commit")
                box = page.wait_for_selector(f"#{ids[0]}", state="attached")
                page.evaluate(WAIT_DRAWN, box)
                first.append(page.evaluate("performance.now()") / 1000)
                context.close()

                context, page = fresh_page()
                page.goto(f"{base}/{path}", wait_until="networkidle")
                scrolled.append(max(page.evaluate(SCROLL_AND_WAIT, page.query_selector(f"#{i}")) for i in ids) / 1000)
                context.close()
            results[path] = {"charts": len(ids),
                             "first chart": statistics.median(first) if first else None,
                             "scrolled-to chart": statistics.median(scrolled) if scrolled else None}
        browser.close()
    return results


def lighthouse(url: str, preset: str) -> dict:
    """One Lighthouse performance run of ``url``: score, LCP and TBT (ms)."""
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run 'npm ci --prefix scripts' (make bench does).")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
                   f"--output-path={report}", "--quiet",
                   "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium_path()}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = json.loads(report.read_text())
    audits = result["audits"]
    return {"score": round(result["categories"]["performance"]["score"] * 100),
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"]}


def lighthouse_scores(base: str, pages: list[str], runs: int) -> dict[str, dict]:
    scores = {}
    for path in pages:
        for preset in ("desktop", "mobile"):
            found = [lighthouse(f"{base}/{path}", preset) for _ in range(runs)]
            middle = sorted(found, key=lambda r: r["score"])[len(found) // 2]  # the median run
            scores.setdefault(path, {})[preset] = middle
    return scores


def ok(value, target, higher_is_better=False) -> bool:
    return value is None or (value >= target if higher_is_better else value <= target)


def report(build_times: dict, site: Path, pages: list[str], drawn: dict, scores: dict) -> bool:
    """Print the tables; True when every target is met."""
    misses = []
    if build_times:
        print("| build | time | target |\n|---|---|---|")
        for name, seconds in build_times.items():
            print(f"| {name} | {seconds:.1f} s | ≤ {TARGETS[name]:.0f} s |")
            if not ok(seconds, TARGETS[name]):
                misses.append(name)
        print()
    print("| shared file | size | gzip |\n|---|---|---|")
    for name in (PLOTLY_BUNDLE, "thaw-charts.js"):
        raw = (site / "_static" / name).read_bytes()
        print(f"| _static/{name} | {len(raw):,} B | {len(gzip.compress(raw)):,} B |")
    print()
    print(f"Targets: page HTML ≤ {TARGETS['page html'] // 1000} KB; first chart ≤ {TARGETS['first chart']} s; "
          f"scrolled-to chart ≤ {TARGETS['scrolled-to chart']} s; Lighthouse ≥ {TARGETS['lighthouse desktop']} "
          f"(desktop) and ≥ {TARGETS['lighthouse mobile']} (mobile). A * marks a miss.\n")
    print("| page | HTML (gzip) | charts | first chart | scrolled-to chart | Lighthouse desktop (TBT) "
          "| Lighthouse mobile (LCP, TBT) |")
    print("|---|---|---|---|---|---|---|")
    for path in pages:
        html = (site / path).read_bytes()
        d, s = drawn[path], scores[path]
        checks = {"page html": ok(len(html), TARGETS["page html"]),
                  "first chart": ok(d["first chart"], TARGETS["first chart"]),
                  "scrolled-to chart": ok(d["scrolled-to chart"], TARGETS["scrolled-to chart"]),
                  "lighthouse desktop": ok(s["desktop"]["score"], TARGETS["lighthouse desktop"], True),
                  "lighthouse mobile": ok(s["mobile"]["score"], TARGETS["lighthouse mobile"], True)}
        misses += [f"{path}: {name}" for name, passed in checks.items() if not passed]
        mark = {name: "" if passed else " *" for name, passed in checks.items()}

        def seconds(value):
            return "–" if value is None else f"{value:.2f} s"
        print(f"| {path} | {len(html) / 1000:.0f} KB ({len(gzip.compress(html)) / 1000:.0f} KB){mark['page html']} "
              f"| {d['charts']} | {seconds(d['first chart'])}{mark['first chart']} "
              f"| {seconds(d['scrolled-to chart'])}{mark['scrolled-to chart']} "
              f"| {s['desktop']['score']} ({s['desktop']['tbt']:.0f} ms){mark['lighthouse desktop']} "
              f"| {s['mobile']['score']} ({s['mobile']['lcp'] / 1000:.1f} s, {s['mobile']['tbt']:.0f} ms)"
              f"{mark['lighthouse mobile']} |")
    if misses:
        print("\nMissed: " + "; ".join(misses))
    return not misses


def measure(site: Path, build_times: dict, lighthouse_runs: int) -> bool:
    pages = [f"{edition.prefix}{page}" for edition in editions(ROOT) for page in toc_pages()]
    with serve(site, compress=True) as base:
        drawn = chart_times(base, pages)
        scores = lighthouse_scores(base, pages, lighthouse_runs)
    results = {"build": build_times, "pages": {p: {**drawn[p], "lighthouse": scores[p],
                                                   "html bytes": (site / p).stat().st_size} for p in pages}}
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return report(build_times, site, pages, drawn, scores)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built book instead of building a fresh copy")
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs per page and preset "
                        "(the median run is reported; default 1)")
    args = parser.parse_args(argv)
    if args.site:
        passed = measure(args.site, {}, args.lighthouse_runs)
    else:
        with tempfile.TemporaryDirectory(prefix="thaw-bench-") as tmp:
            copy = Path(tmp) / "course"
            shutil.copytree(ROOT, copy, ignore=SKIP)
            build_times = {"clean build": build(copy), "no-change rebuild": build(copy)}
            passed = measure(copy / "_build" / "html", build_times, args.lighthouse_runs)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
