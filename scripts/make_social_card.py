"""Draw the book's link-preview image, book/images/social-card.png (1200 x 630, the Open Graph size).

Usage: .venv/bin/python scripts/make_social_card.py   (needs the test tools and Chromium: make chromium)

One image for every page (the page's own title and description travel in its meta tags), drawn
from a small HTML card in headless Chromium with the machine's fonts and committed, so the build
needs neither a browser nor matplotlib and nothing is fetched. The title comes from _config.yml;
the mark is the favicon's. Flat colours keep the PNG small; rerun after changing the title.
"""

from __future__ import annotations

import html

import yaml
from playwright.sync_api import sync_playwright

from thaw.book.serve import CHROMIUM_ARGS, chromium_path
from thaw.paths import ROOT

OUT = ROOT / "book" / "images" / "social-card.png"
WIDTH, HEIGHT = 1200, 630
BLUE = "#0072B2"  # the favicon's and the charts' first colour (thaw.charts.PALETTE)

CARD = """<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {width}px; height: {height}px; }}
  body {{ background: {blue}; color: #fff; font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
         display: flex; align-items: center; }}
  main {{ padding: 0 40px 0 80px; flex: 1; }}
  .kicker {{ font-size: 30px; letter-spacing: 0.06em; text-transform: uppercase; opacity: 0.9; margin: 0 0 22px; }}
  h1 {{ font-size: 60px; line-height: 1.12; margin: 0 0 36px; font-weight: 700; white-space: nowrap; }}
  p {{ font-size: 32px; line-height: 1.35; margin: 0; max-width: 800px; }}
  svg {{ margin-right: 80px; flex: none; }}
</style></head>
<body><main>
  <p class="kicker">An open Jupyter course</p>
  <h1>{title}</h1>
  <p>From Stalin's death to Khrushchev's fall, in notebooks with sourced data, graded evidence and charts that work offline.</p>
</main>
<svg width="190" height="190" viewBox="0 0 64 64" aria-hidden="true">
  <path d="M32 10v44M13 21l38 22M13 43l38-22" stroke="#fff" stroke-width="5" stroke-linecap="round"/>
</svg>
</body></html>"""


def card_html() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    title = html.escape(config["title"]).replace(", ", ",<br>", 1)
    return CARD.format(width=WIDTH, height=HEIGHT, blue=BLUE, title=title)


def main() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        page.set_content(card_html())
        page.screenshot(path=OUT, clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
