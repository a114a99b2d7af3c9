"""Screenshot every page of the built book, at desktop and phone widths, in light and dark mode,
into _build/screenshots/ (every chart drawn first).

Usage: .venv/bin/python scripts/screenshots.py [page.html ...]
"""
import sys

from playwright.sync_api import sync_playwright

from thaw.paths import ROOT
from thaw.book.serve import ALL_CHARTS_DRAWN, CHROMIUM_ARGS, DRAW_ALL_CHARTS, PAINTED, chromium_path, serve
from thaw.book.toc import toc_pages

OUT = ROOT / "_build" / "screenshots"
WIDTHS = (1280, 360)


def main(pages):
    OUT.mkdir(parents=True, exist_ok=True)
    with serve() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in WIDTHS:
            for mode in ("light", "dark"):
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=mode)
                problems = []
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                for path in pages:
                    problems.clear()
                    page.goto(f"{base}/{path}")
                    page.evaluate(DRAW_ALL_CHARTS)
                    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=20000)
                    page.evaluate(PAINTED)
                    name = path.replace("/", "_").removesuffix(".html")
                    page.screenshot(path=OUT / f"{name}-{width}-{mode}.png", full_page=True)
                    print(f"{path} [{width} px, {mode}]: {len(problems)} console errors {problems[:3]}")
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or toc_pages())
