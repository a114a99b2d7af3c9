"""Screenshot every page of the built book (light and dark mode) into _build/screenshots/.

Usage: .venv/bin/python scripts/screenshots.py [page.html ...]
"""
import sys

from playwright.sync_api import sync_playwright

from thaw.paths import ROOT
from thaw.book.serve import ALL_CHARTS_DRAWN, CHROMIUM_ARGS, chromium_path, serve
from thaw.book.toc import toc_pages

OUT = ROOT / "_build" / "screenshots"


def main(pages):
    OUT.mkdir(parents=True, exist_ok=True)
    with serve() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for mode in ("light", "dark"):
            page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=mode)
            for path in pages:
                problems = []
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                page.goto(f"{base}/{path}")
                page.wait_for_function(ALL_CHARTS_DRAWN, timeout=20000)
                page.wait_for_timeout(300)
                name = path.replace("/", "_").removesuffix(".html")
                page.screenshot(path=OUT / f"{name}-{mode}.png", full_page=True)
                print(f"{path} [{mode}]: {len(problems)} console errors {problems[:3]}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or toc_pages())
