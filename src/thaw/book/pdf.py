"""The whole course as one PDF for offline reading (``make pdf``).

Headless Chromium prints every page of the built book, in table-of-contents order,
after all its charts are drawn; the pages are joined into ``_build/thaw-course.pdf``
(the Indonesian edition, ``make pdf EDITION=id``: ``_build/thaw-course-id.pdf``).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from thaw.book.serve import ALL_CHARTS_DRAWN, CHROMIUM_ARGS, DRAW_ALL_CHARTS, SITE, chromium_path, serve
from thaw.book.toc import toc_pages

OUTPUT = SITE.parent / "thaw-course.pdf"

# Print the reading column only, with every folded solution and data table closed as on screen.
PRINT_CSS = """
@media print {
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
  .prev-next-area, .bd-footer-article, .header-article-items { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .thaw-chart { break-inside: avoid; }
}
"""


def build_pdf(output: Path = OUTPUT, pages: list[str] | None = None, site: Path = SITE) -> dict:
    """Print ``pages`` (default: the whole table of contents); returns {page: charts drawn}."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    pages = pages or toc_pages()
    writer, drawn = PdfWriter(), {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        # A4 less the margins is about 700 CSS pixels wide: draw the charts at that width, in print mode.
        page = browser.new_page(viewport={"width": 700, "height": 1000})
        page.emulate_media(media="print")
        for path in pages:
            page.goto(f"{base}/{path}")
            page.evaluate(DRAW_ALL_CHARTS)
            page.wait_for_function(ALL_CHARTS_DRAWN, timeout=60_000)
            page.add_style_tag(content=PRINT_CSS)
            # Fit every chart to the printed column (the sidebars are gone in print), and wait until
            # every chart has been redrawn at that width (Plotly's resize settles once it has).
            page.evaluate("() => window.Plotly && Promise.allSettled([...document.querySelectorAll('.js-plotly-plot')]"
                          ".map(chart => Plotly.Plots.resize(chart)))")
            drawn[path] = page.locator(".thaw-chart .js-plotly-plot").count()
            pdf = page.pdf(format="A4", print_background=True, outline=True,
                           margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
            for sheet in PdfReader(io.BytesIO(pdf)).pages:
                writer.add_page(sheet)
        browser.close()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as handle:
        writer.write(handle)
    return drawn


def main(argv: list[str]) -> None:
    import argparse

    from thaw.book.editions import site_prefix
    from thaw.i18n import LANGUAGES, SOURCE_LANGUAGE

    parser = argparse.ArgumentParser(prog="python -m thaw.book.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", help="where to write the PDF")
    parser.add_argument("--language", choices=sorted(LANGUAGES), default=SOURCE_LANGUAGE, help="the edition")
    arguments = parser.parse_args(argv)
    default = OUTPUT if arguments.language == SOURCE_LANGUAGE else OUTPUT.with_stem(f"{OUTPUT.stem}-{arguments.language}")
    output = Path(arguments.output) if arguments.output else default
    counts = build_pdf(output, site=SITE / site_prefix(arguments.language))
    print(f"{output}: {len(counts)} pages of the book, {sum(counts.values())} charts.")
    print("charts per page: " + json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1:])
