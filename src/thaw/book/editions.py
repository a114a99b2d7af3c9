"""The book's editions: English, the source, and one per translation that has catalogues.

=============  ==========================  =================================================
edition        where readers find it       what it is built from
=============  ==========================  =================================================
English        ``_build/html/``            the book as written
Indonesian     ``_build/html/id/``         the same sources, with ``language: id``: Sphinx
                                           translates the text from ``book/locales/id/``, and
                                           the notebooks run with thaw's language set to
                                           Indonesian (thaw.i18n), so charts speak it too
=============  ==========================  =================================================

A translated edition is built in a folder of its own (``_build/id/``: its execution cache,
doctrees and executed notebooks), from ``_config.yml`` with ``book/locales/<language>/config.yml``
merged over it, then copied into its place under the English site. The site's root page
(``_build/html/index.html``) offers every edition.
"""

from __future__ import annotations

import filecmp
import html
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from thaw import i18n

#: The translations' catalogues and settings, in the book's folder.
LOCALES = Path("book") / "locales"
EDITION_CONFIG = "config.yml"
#: The page every edition opens on.
FIRST_PAGE = "book/welcome.html"


@dataclass(frozen=True)
class Edition:
    language: str
    book: Path      # the book's source folder
    output: Path    # where this edition's _build goes (jupyter-book --path-output)

    @property
    def is_source(self) -> bool:
        return self.language == i18n.SOURCE_LANGUAGE

    @property
    def build_dir(self) -> Path:
        return self.output / "_build"

    @property
    def html(self) -> Path:
        """Where Jupyter Book writes the edition."""
        return self.build_dir / "html"

    @property
    def cache_dir(self) -> Path:
        return self.build_dir / ".jupyter_cache"

    @property
    def prefix(self) -> str:
        """Its place in the site, relative to the English root: "" or "id/"."""
        return site_prefix(self.language)


def site_prefix(language: str) -> str:
    return "" if language == i18n.SOURCE_LANGUAGE else f"{language}/"


#: Where the notebooks of a translated edition are, for JupyterLab and Binder (thaw.book.translated_notebooks).
TRANSLATED_NOTEBOOKS = "notebooks/{language}"


def notebook_in(language: str, notebook: str) -> str:
    """A notebook's path in the repository for an edition: "notebooks/02-….ipynb" in English,
    "notebooks/id/02-….ipynb" in Indonesian (the book's own notebooks, "book/timeline.ipynb", go there too)."""
    if language == i18n.SOURCE_LANGUAGE:
        return notebook
    return f"{TRANSLATED_NOTEBOOKS.format(language=language)}/{Path(notebook).name}"


def edition_pages(site: Path) -> list[Path]:
    """The HTML files of the edition built in ``site``, without the translated editions placed inside it."""
    placed = {site_prefix(language).rstrip("/") for language in i18n.LANGUAGES if language != i18n.SOURCE_LANGUAGE}
    return sorted(path for path in site.rglob("*.html") if path.relative_to(site).parts[0] not in placed)


def editions(book: Path, output: Path | None = None) -> list[Edition]:
    """English first, then every language that has catalogues in ``book/locales/`` (the tests' small books have none)."""
    output = output or book
    found = [Edition(i18n.SOURCE_LANGUAGE, book, output)]
    for language in i18n.LANGUAGES:
        if language != i18n.SOURCE_LANGUAGE and (book / LOCALES / language / "LC_MESSAGES").is_dir():
            found.append(Edition(language, book, output / "_build" / language))
    return found


def _merged(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else value
    return merged


def edition_settings(edition: Edition) -> dict:
    """``_config.yml``, with a translated edition's ``book/locales/<language>/config.yml`` merged over it."""
    config = yaml.safe_load((edition.book / "_config.yml").read_text(encoding="utf-8"))
    settings = edition.book / LOCALES / edition.language / EDITION_CONFIG
    if not edition.is_source and settings.exists():
        config = _merged(config, yaml.safe_load(settings.read_text(encoding="utf-8")) or {})
    return config


def write_config(edition: Edition) -> Path | None:
    """The translated edition's configuration file (None for English, which uses ``_config.yml``)."""
    if edition.is_source:
        return None
    config = _merged(edition_settings(edition), {"sphinx": {"config": {
        "language": edition.language,
        "locale_dirs": [LOCALES.as_posix()],
        "gettext_compact": False,  # one catalogue per page, as thaw.book.translations makes them
    }}})
    path = edition.output / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def place(edition: Edition, site: Path) -> int:
    """Copy a translated edition into its folder of the site; return how many files changed.

    Files that did not change are left alone, and files the edition no longer has are removed,
    so that a no-change rebuild costs a comparison.
    """
    target = site / edition.prefix
    changed = 0
    wanted = set()
    for source in edition.html.rglob("*"):
        if source.is_dir():
            continue
        relative = source.relative_to(edition.html)
        wanted.add(relative)
        copy = target / relative
        if copy.exists() and copy.stat().st_size == source.stat().st_size and filecmp.cmp(source, copy, shallow=False):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy)
        changed += 1
    for copy in [p for p in target.rglob("*") if p.is_file() and p.relative_to(target) not in wanted]:
        copy.unlink()
        changed += 1
    return changed


ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{titles}</title>
<meta name="description" content="An open course on the Khrushchev Thaw, in English and in Bahasa Indonesia.">
<style>
  :root {{ color-scheme: light dark; }}
  body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 36rem;
         margin: 0 auto; padding: 3rem 1.25rem; line-height: 1.5; }}
  h1 {{ font-size: 1.6rem; margin-bottom: 2rem; }}
  ul {{ list-style: none; padding: 0; }}
  li {{ margin: 0 0 1rem; }}
  a {{ display: block; padding: 1rem 1.25rem; border: 1px solid currentColor; border-radius: .5rem;
       font-size: 1.15rem; text-decoration: none; color: LinkText; }}
  a span {{ display: block; font-size: .95rem; color: CanvasText; opacity: .8; }}
</style>
</head>
<body>
<main>
<h1>{titles}</h1>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def title(edition: Edition) -> str:
    """The edition's title: ``title`` in its config.yml, or in ``_config.yml``."""
    return edition_settings(edition).get("title", "")


def write_root_page(site: Path, built: list[Edition]) -> None:
    """The site's front door: one link per edition, each in its own language."""
    words = {"en": ("Read the course in English", "Ten chapters, with charts, explorers and self-checks."),
             "id": ("Baca kursus dalam Bahasa Indonesia", "Sepuluh bab, dengan grafik, penjelajah data, dan uji mandiri.")}
    links = []
    for edition in built:
        label, note = words[edition.language]
        links.append(f'<li><a href="{edition.prefix}{FIRST_PAGE}" hreflang="{edition.language}" '
                     f'lang="{edition.language}">{html.escape(label)}<span>{html.escape(note)}</span></a></li>')
    heading = " · ".join(html.escape(title(e)) for e in built)
    (site / "index.html").write_text(ROOT_PAGE.format(titles=heading, links="\n".join(links)), encoding="utf-8")
