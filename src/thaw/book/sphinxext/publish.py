"""The published book's address: link previews (Open Graph, Twitter cards) and the sitemap.

``sphinxext.opengraph`` (configured in ``_config.yml``) writes each page's ``og:`` tags; this
part gives it the book's address, finishes its work and writes ``sitemap.xml``:

* The address is ``html.baseurl`` in ``_config.yml`` (the course's GitHub Pages address),
  unless ``THAW_BASE_URL`` is set: the publishing workflow sets it from the Pages step, so
  a fork's previews and sitemap name the fork. ``THAW_BASE_URL=`` (empty) builds a book
  with no address: no ``og:url``, ``og:image`` or Twitter image (they must be absolute), no
  canonical link and no sitemap, instead of relative addresses that a preview cannot use.
* The preview image (``ogp_image``, under ``_static/``) is copied from ``book/images/``.
  It is a committed PNG made by ``scripts/make_social_card.py``.
* Each page gets Twitter card tags that repeat its ``og:`` title, description and image.
* ``sitemap.xml`` lists every page of the book (``_toc.yml``) at its address. Written here, not by
  ``sphinx-sitemap``: that package lists only the pages written by the last build (its issue 13),
  and the course's builds are incremental (``make test`` rebuilds; an edit rewrites one page).

Nothing here loads anything from outside: meta tags and the sitemap are read by the sites
that show a shared link, never by the reader's browser.
"""

from __future__ import annotations

import filecmp
import html
import os
import re
import shutil
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from sphinx.util import logging

from thaw.book.editions import site_prefix
from thaw.book.sphinxext.languages import book_language

logger = logging.getLogger(__name__)

#: Set by the publishing workflow (.github/workflows/book.yml) to the GitHub Pages address.
BASE_URL_VARIABLE = "THAW_BASE_URL"
#: Where the preview image named by ``ogp_image`` (``_static/NAME``) is kept in the book.
IMAGES_DIR = Path("book") / "images"
_META = re.compile(r'<meta property="(og:[\w:]+)" content="([^"]*)" />\n?')
#: Open Graph tags whose value is an address, or describes the image at one.
ABSOLUTE_ONLY = ("og:url", "og:image")
SITEMAP = "sitemap.xml"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def base_url(configured: str | None) -> str:
    """The book's address, ending in "/", from ``THAW_BASE_URL`` if set, else ``html.baseurl``; "" for none."""
    url = os.environ.get(BASE_URL_VARIABLE)
    url = (configured or "") if url is None else url
    url = url.strip()
    if not url:
        return ""
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        source = BASE_URL_VARIABLE if os.environ.get(BASE_URL_VARIABLE) is not None else "html.baseurl"
        raise ValueError(f"{source}={url!r} is not a web address like https://example.org/course/")
    return url.rstrip("/") + "/"


def _set_base_url(app, config) -> None:
    url = base_url(config.html_baseurl)
    if url:  # a translated edition lives in its folder of the site (thaw.book.editions)
        url += site_prefix(book_language(config))
    config.html_baseurl = url  # Sphinx: each page's canonical link (none when empty)
    if "ogp_site_url" in config:
        config.ogp_site_url = url
        if config.ogp_site_name is None:  # Jupyter Book sets no Sphinx `project`: name the site by its title
            config.ogp_site_name = config.html_title


def _finish_tags(app, pagename, templatename, context, doctree) -> None:
    """After sphinxext.opengraph: drop relative addresses, give the image's size, add Twitter card tags."""
    metatags = context.get("metatags", "")
    tags = dict(_META.findall(metatags))
    if "og:title" not in tags:
        return
    if not app.config.html_baseurl:
        for name in [name for name in tags if name.startswith(ABSOLUTE_ONLY)]:
            del tags[name]
        metatags = _META.sub(lambda m: m.group(0) if m.group(1) in tags else "", metatags)
    size = _preview_image_size(app)
    if size and "og:image" in tags:
        # Read from the PNG, so that a preview can lay the image out before it has fetched it.
        metatags = re.sub(r'(<meta property="og:image" content="[^"]*" />\n?)',
                          lambda m: m.group(1).rstrip("\n") + "\n"
                          f'<meta property="og:image:width" content="{size[0]}" />\n'
                          f'<meta property="og:image:height" content="{size[1]}" />\n', metatags, count=1)
    twitter = {"twitter:card": "summary_large_image" if "og:image" in tags else "summary",
               "twitter:title": tags["og:title"]}
    for og, name in (("og:description", "twitter:description"), ("og:image", "twitter:image"),
                     ("og:image:alt", "twitter:image:alt")):
        if og in tags:
            twitter[name] = tags[og]
    context["metatags"] = metatags + "".join(f'<meta name="{name}" content="{value}" />\n'
                                             for name, value in twitter.items())


def preview_image_source(app) -> Path | None:
    """The committed file that ``ogp_image`` (``_static/NAME``) is copied from, or None if there is none."""
    image = getattr(app.config, "ogp_image", None)
    if not image or "://" in image:
        return None
    if not image.startswith("_static/"):
        raise ValueError(f"ogp_image={image!r}: the course serves its preview image from _static/")
    return Path(app.srcdir) / IMAGES_DIR / image.removeprefix("_static/")


def _preview_image_size(app) -> tuple[int, int] | None:
    source = preview_image_source(app)
    if source is None or not source.is_file():
        return None
    with source.open("rb") as png:
        header = png.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


def _copy_preview_image(app, exception) -> None:
    """Put the preview image into _static, replacing a stale copy."""
    if exception is not None or app.builder.format != "html":
        return
    source = preview_image_source(app)
    if source is None:
        return
    if not source.is_file():
        logger.warning(f"the preview image {app.config.ogp_image} should be copied from {source}, "
                       "which does not exist (make it with scripts/make_social_card.py)")
        return
    copy = Path(app.outdir) / app.config.ogp_image
    copy.parent.mkdir(parents=True, exist_ok=True)
    if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
        shutil.copyfile(source, copy)


def _write_sitemap(app, exception) -> None:
    """sitemap.xml: every page of the book at the book's address (none without an address).

    Every page the build knows, whether or not this build wrote it (Jupyter Book builds only the
    pages of _toc.yml); a sitemap needs absolute addresses, so a book without one has none, and
    one left by an earlier build with an address is removed.
    """
    if exception is not None or app.builder.format != "html":
        return
    sitemap = Path(app.outdir) / SITEMAP
    base = app.config.html_baseurl
    if not base:
        sitemap.unlink(missing_ok=True)
        return
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    urlset = ElementTree.Element(f"{{{SITEMAP_NAMESPACE}}}urlset")
    for docname in sorted(app.env.found_docs):
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NAMESPACE}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}loc").text = base + app.builder.get_target_uri(docname)
    ElementTree.indent(urlset)
    ElementTree.ElementTree(urlset).write(sitemap, encoding="utf-8", xml_declaration=True)


def meta_tags(page_html: str) -> dict[str, str]:
    """The ``og:`` and ``twitter:`` meta tags of a built page, unescaped (for the tests)."""
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)" />', page_html)
    return {name: html.unescape(value) for name, value in found}


def setup(app) -> None:
    app.connect("config-inited", _set_base_url, priority=600)  # after Jupyter Book's settings
    app.connect("html-page-context", _finish_tags, priority=800)  # after sphinxext.opengraph (500)
    app.connect("build-finished", _copy_preview_image)
    app.connect("build-finished", _write_sitemap)
