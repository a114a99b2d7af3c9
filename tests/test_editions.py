"""The two editions of the built book: English at the site's root, Indonesian under id/ (thaw.book.editions)."""

import re

import pytest

from thaw.book.editions import FIRST_PAGE, site_prefix
from thaw.book.serve import SITE
from thaw.book.sphinxext.charts import CHART_BOX, read_figures
from thaw.book.toc import toc_pages

PAGES = toc_pages()
TRANSLATED = ["id"]
#: Parts of a figure that hold what it shows. Layout beyond these (margins, heights, a title's
#: wrapping) may differ with the length of the words.
SHOWN_LAYOUT = re.compile(r"^(xaxis|yaxis|geo|mapbox)\d*\.range$|^(shapes|annotations)\.\d+\.(x|y|x0|x1|y0|y1)$"
                          r"|^(sliders|updatemenus)\.\d+\.(buttons|steps|active)")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
TEXT_KEYS = {"text", "hovertext", "hovertemplate", "texttemplate", "name", "legendgroup", "label", "title",
             "meta", "alt", "customdata_text"}


def shown_numbers(value, path="", found=None) -> dict:
    """Every number (and ISO date) of a figure part, by its path: what a reader reads off the chart."""
    found = {} if found is None else found
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:  # a typed array, as plotly.py encodes numbers
            found[path] = (value["dtype"], value["bdata"], value.get("shape"))
            return found
        for key, item in value.items():
            if key not in TEXT_KEYS:
                shown_numbers(item, f"{path}.{key}" if path else key, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            shown_numbers(item, f"{path}.{index}", found)
    elif isinstance(value, bool):
        return found
    elif isinstance(value, (int, float)) or (isinstance(value, str) and ISO_DATE.match(value)):
        found[path] = value
    return found


def digits_in_texts(value) -> list[str]:
    """The numbers in a figure's point labels, whatever marks group them (1,201,738 / 1.201.738).
    (Hover notes are left out: a long note is cut at a length, and a translation's length differs.)"""
    texts = []

    def walk(item, key=""):
        if isinstance(item, dict):
            for k, v in item.items():
                walk(v, k)
        elif isinstance(item, list):
            for v in item:
                walk(v, key)
        elif isinstance(item, str) and key == "text":
            texts.append(item)

    walk(value)
    return sorted(re.sub(r"[.,]", "", n) for text in texts for n in re.findall(r"\d[\d.,]*\d|\d", text))


def charts_in_order(site, page):
    html = (site / page).read_text(encoding="utf-8")
    figures = read_figures(site, page)["charts"]
    return [figures[chart_id] for _, chart_id, _ in CHART_BOX.findall(html)]


@pytest.fixture(scope="module")
def chart_pages(built_site):
    return [page for page in PAGES if read_figures(built_site, page)["charts"]]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_is_built_in_every_edition(built_site, language):
    missing = [page for page in PAGES if not (built_site / site_prefix(language) / page).exists()]
    assert missing == []
    html = (built_site / site_prefix(language) / FIRST_PAGE).read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_same_chart_shows_the_same_numbers_in_every_edition(built_site, chart_pages, language):
    """Words change with the edition; numbers, dates and what the buttons and sliders do never do."""
    assert len(chart_pages) >= 10
    for page in chart_pages:
        english, translated = charts_in_order(built_site, page), charts_in_order(built_site / language, page)
        assert len(english) == len(translated), page
        for number, (source, edition) in enumerate(zip(english, translated), start=1):
            where = f"{page}, chart {number}"
            assert len(source["data"]) == len(edition["data"]), where
            for index, (trace, other) in enumerate(zip(source["data"], edition["data"])):
                assert shown_numbers(trace) == shown_numbers(other), f"{where}, trace {index}"
                assert digits_in_texts(trace) == digits_in_texts(other), f"{where}, trace {index}: numbers in texts"
            layout = {path: v for path, v in shown_numbers(source["layout"]).items() if SHOWN_LAYOUT.match(path)}
            other = {path: v for path, v in shown_numbers(edition["layout"]).items() if SHOWN_LAYOUT.match(path)}
            assert layout == other, f"{where}: layout"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translated_edition_speaks_its_language(built_site, language):
    """The page's language, the theme's words, and the chart texts are the edition's."""
    html = (built_site / language / "notebooks" / "02-emptying-the-gulag.html").read_text(encoding="utf-8")
    assert '<html lang="id"' in html
    for words in ("Gambar 2.1", "Tabel data untuk grafik ini", "Uji mandiri", "Periksa"):
        assert words in html, words
    figures = read_figures(built_site / language, "notebooks/02-emptying-the-gulag.html")["charts"]
    sources = [a["text"] for f in figures.values() for a in f["layout"].get("annotations", [])
               if a.get("name") == "thaw-source"]
    assert sources and all(text.startswith("Sumber:") for text in sources)


def test_the_root_page_offers_every_edition(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', html))
    assert links == {FIRST_PAGE: "en", f"id/{FIRST_PAGE}": "id"}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_links_to_itself_in_the_other_edition(built_site, language):
    for page in PAGES + ["search.html", "genindex.html"]:
        english = (built_site / page).read_text(encoding="utf-8")
        translated = (built_site / language / page).read_text(encoding="utf-8")
        for html, other, base in ((english, language, built_site / page),
                                  (translated, "en", built_site / language / page)):
            switch = re.findall(r'<a class="btn btn-sm thaw-language-switch" href="([^"]+)" hreflang="(\w+)"', html)
            assert len(switch) == 1 and switch[0][1] == other, page
            target = (base.parent / switch[0][0]).resolve()
            assert target == (built_site / site_prefix(other) / page).resolve() and target.exists(), page
            assert f'<link rel="alternate" hreflang="{other}" href="{switch[0][0]}">' in html, page


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translated_editions_launch_buttons_open_its_own_notebooks(built_site, language):
    """Binder (and a JupyterHub, when the build names one) opens the chapter in the edition's language."""
    from thaw.book.editions import notebook_in

    for page in [p for p in PAGES if p.startswith("notebooks/")]:
        html = (built_site / language / page).read_text(encoding="utf-8")
        binder = re.search(r'href="(https://mybinder.org/v2/gh/[^"]+)"', html)
        notebook = notebook_in(language, page.replace(".html", ".ipynb"))
        assert binder and binder.group(1).endswith("urlpath=lab/tree/" + notebook), page
        assert (built_site.parent.parent / notebook).exists(), notebook


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_exercise_keeps_its_english_title_in_a_translated_edition(built_site, language):
    """Exercise titles are translated where the exercise stands and where its solution names it."""
    import json

    from conftest import CHAPTERS

    for chapter in CHAPTERS:
        source = "".join("".join(c["source"]) for c in json.loads(chapter.read_text(encoding="utf-8"))["cells"])
        titles = re.findall(r"\{exercise\} \d+\.\d+: ([^\n]+)", source)
        html = (built_site / language / "notebooks" / f"{chapter.stem}.html").read_text(encoding="utf-8")
        assert titles and [t for t in titles if t.strip() in html] == [], chapter.name
