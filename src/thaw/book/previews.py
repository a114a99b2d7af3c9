"""Still previews of the charts a phone shows before the reader scrolls.

A chart in a page's first screen would make a phone load plotly.js (394 KB gzipped) and draw
with the page, blocking input for most of a second on a mid-range phone (Lighthouse's mobile
preset measured 744 ms of blocking on the Timeline page). Such a chart gets a still preview
instead: the chart itself, drawn and fitted by the book's own scripts in Chromium at a phone's
width after each build, in light and dark, and written into the page. On a phone the preview
stands in for the chart until the reader touches, clicks or focuses it, or the column's width
changes; then plotly.js loads and the live chart replaces it (thaw-charts.js). Wider screens
draw the live chart as before, and printing draws every chart live.

Previews are kept beside the site (``_build/thaw-previews.json``), keyed by what they are
drawn from: a build that changes none of that writes them again without a browser.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from thaw.book.editions import edition_pages
from thaw.book.serve import CHROMIUM_ARGS, chromium_path, serve
from thaw.book.sphinxext.charts import CHART_BOX, STATIC_DIR, read_figures

#: The narrowest common phone screen, in CSS pixels. Wider phones (Lighthouse's mobile preset
#: emulates 412 × 823) show the preview scaled up, never down below the size it was drawn at.
PHONE = {"width": 360, "height": 800}
PREVIEW = "thaw-preview"
#: A preview in a page: its SVG layers hold no </div>.
STILL = re.compile(rf'<div class="{PREVIEW} [^"]*"[^>]*>.*?</svg></div>', re.S)

#: The ids of the charts whose box starts within the first screen.
FIRST_SCREEN_CHARTS = """() => [...document.querySelectorAll('.thaw-chart .plotly-graph-div')]
  .filter(box => box.getBoundingClientRect().top < innerHeight).map(box => box.id)"""
#: True once those charts are drawn and fitted.
DRAWN = """ids => ids.every(id => document.getElementById(id).dataset.drawn === 'true')"""
#: Each chart's layers of SVG, as drawn.
LAYERS = """ids => ids.map(id => {
  const box = document.getElementById(id);
  return {id, width: box.clientWidth, height: box.clientHeight,
          layers: [...box.querySelectorAll('svg.main-svg')].map(svg => svg.outerHTML)};
})"""


def add_previews(site: Path) -> int:
    """Write a preview into each chart that starts within a page's first screen on a phone.

    Returns how many pages were drawn in the browser (0 when every preview came from the store).
    """
    store_path = site.parent / "thaw-previews.json"
    store = json.loads(store_path.read_text(encoding="utf-8")) if store_path.exists() else {}
    waiting = {}
    drawing = _drawing_digest()
    for path in edition_pages(site):
        page = path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        if 'class="thaw-chart"' not in html:
            continue
        source = STILL.sub("", html)  # the page as Jupyter Book wrote it
        key = _source_key(site, page, source, drawing)
        if store.get(page, {}).get("key") == key:
            with_previews = _with_previews(source, store[page]["previews"])
            if with_previews != html:
                (site / page).write_text(with_previews, encoding="utf-8")
        else:
            waiting[page] = (source, key)
    if waiting:
        drawn = _draw(site, list(waiting))
        for page, (source, key) in waiting.items():
            store[page] = {"key": key, "previews": drawn[page]}
            (site / page).write_text(_with_previews(source, drawn[page]), encoding="utf-8")
        store_path.write_text(json.dumps(store), encoding="utf-8")
    return len(waiting)


def _drawing_digest() -> str:
    """What draws every preview: this module, the book's scripts and the phone's screen."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for script in sorted(STATIC_DIR.glob("*.js")):
        digest.update(script.read_bytes())
    digest.update(json.dumps(PHONE).encode())
    return digest.hexdigest()


def _source_key(site: Path, page: str, html: str, drawing: str) -> str:
    """What a page's previews are drawn from: the page, its figures and what draws them."""
    digest = hashlib.sha256(html.encode())
    digest.update(json.dumps(read_figures(site, page), sort_keys=True).encode())
    digest.update(drawing.encode())
    return digest.hexdigest()


def _draw(site: Path, pages: list[str]) -> dict[str, dict]:
    """Open each page on a phone-sized screen, in light and then dark mode, and keep the drawn SVG
    of the charts in its first screen: {page: {chart id: {"width", "height", "light", "dark"}}}."""
    from playwright.sync_api import sync_playwright

    drawn: dict[str, dict] = {page: {} for page in pages}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for mode in ("light", "dark"):
                context = browser.new_context(viewport=PHONE, color_scheme=mode)
                tab = context.new_page()
                for page in pages:
                    tab.goto(f"{base}/{page}")
                    ids = tab.evaluate(FIRST_SCREEN_CHARTS)
                    tab.wait_for_function(DRAWN, arg=ids, timeout=60_000)
                    for chart in tab.evaluate(LAYERS, ids):
                        preview = drawn[page].setdefault(chart["id"], {"width": chart["width"],
                                                                        "height": chart["height"]})
                        preview[mode] = "".join(_scalable(layer, chart["width"], chart["height"])
                                                for layer in chart["layers"])
                context.close()
        finally:
            browser.close()
    return drawn


def _scalable(svg: str, width: int, height: int) -> str:
    """One layer of a drawn chart, scaled to its box. (Its ids are plotly.js's, unique to each
    drawing: the light and the dark preview, drawn apart, never share a clip path.)"""
    return re.sub(r'(<svg\b[^>]*?) width="[\d.]+" height="[\d.]+"', rf'\1 viewBox="0 0 {width} {height}"', svg, count=1)


def _with_previews(html: str, previews: dict[str, dict]) -> str:
    def fill(match):
        preview = previews.get(match.group(2))
        if preview is None:
            return match.group(0)
        stills = "".join(f'<div class="{PREVIEW} {PREVIEW}-{mode}" aria-hidden="true" data-width="{preview["width"]}" '
                         f'style="aspect-ratio:{preview["width"]}/{preview["height"]}">{preview[mode]}</div>'
                         for mode in ("light", "dark"))
        return match.group(1) + stills + match.group(3)

    return CHART_BOX.sub(fill, html) if previews else html
