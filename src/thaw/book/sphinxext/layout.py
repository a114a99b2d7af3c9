"""The pages' own weight and width: the course's page-wide style, and icon fonts cut to the icons used.

* ``_static/thaw-pages.css``, linked from every page, keeps the reading column within a phone's
  width (long addresses break, tables wrap their cells).
* pydata-sphinx-theme draws its icons with Font Awesome's webfonts: 275 KB that a phone fetches
  before the page's text is complete, for some twenty icons. After each build the fonts in
  ``_static`` are replaced by subsets holding the icons the pages name (``fa-…`` classes in the
  HTML and the theme's scripts) and the glyphs the stylesheets use directly, made from the
  theme's own files (so an icon added later is never missing from an earlier subset).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from thaw.book.editions import edition_pages
from thaw.book.sphinxext.charts import static_url

PAGE_STYLE = "thaw-pages.css"
ICON_FONTS = "vendor/fontawesome/webfonts"
SUBSET_FONTS = ("fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2")
#: One rule of Font Awesome's stylesheet: the classes of an icon, and its code point.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:"\\([0-9a-f]+)"\}')
ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
#: Glyphs a stylesheet uses directly: private-use characters, written as themselves or escaped.
PRIVATE_GLYPH = re.compile(r'[\ue000-\uf8ff]|\\([ef][0-9a-fA-F]{3})(?![0-9a-fA-F])')


def theme_icon_fonts() -> Path:
    """The theme's own Font Awesome webfonts, from which each build's subsets are made."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / ICON_FONTS


def _link_page_style(app, pagename, templatename, context, doctree) -> None:
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="stylesheet" href="{static_url(context, PAGE_STYLE)}">')


def icons_in_use(site: Path) -> set[int]:
    """The code points of every icon that the built site's pages and stylesheets can show."""
    static = site / "_static"
    glyph_of = {}
    stylesheets = {path: path.read_text(encoding="utf-8", errors="ignore") for path in static.rglob("*.css")}
    for text in stylesheets.values():
        for classes, code in ICON_RULE.findall(text):
            for name in ICON_CLASS.findall(classes):
                glyph_of[name] = int(code, 16)
    named = set()
    for path in [*edition_pages(site), *static.glob("*.js"), *static.glob("scripts/*.js")]:
        if not path.name.startswith("plotly"):  # the pages, and the theme's scripts that add icons
            named |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    used = {glyph_of[name] for name in named if name in glyph_of}
    for text in stylesheets.values():
        for match in PRIVATE_GLYPH.finditer(ICON_RULE.sub("", text)):
            used.add(int(match.group(1), 16) if match.group(1) else ord(match.group(0)))
    return used


def _subset_icon_fonts(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    fonts = site / "_static" / ICON_FONTS
    # What the last subsetting wrote (beside the site, like the build's other stamps): a build that
    # wrote no page and found the fonts as they were left skips the work.
    stamp = site.parent / "thaw-icon-fonts.json"
    targets = [fonts / name for name in SUBSET_FONTS if (fonts / name).exists()]
    if stamp.exists() and stamp.stat().st_mtime >= max(p.stat().st_mtime for p in edition_pages(site)):
        if json.loads(stamp.read_text()) == {t.name: _digest(t) for t in targets}:
            return

    from fontTools import subset
    from fontTools.ttLib import TTFont

    originals = theme_icon_fonts()
    used = icons_in_use(site)
    for target in targets:
        font = TTFont(originals / target.name)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=used)
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(target)
    stamp.write_text(json.dumps({t.name: _digest(t) for t in targets}))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def setup(app) -> None:
    app.connect("html-page-context", _link_page_style, priority=520)
    app.connect("build-finished", _subset_icon_fonts)
