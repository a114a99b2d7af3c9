"""The book's editions: English (the source) and Indonesian (``language: id``; thaw.book.editions).

* The words code writes during a build (chart tables, buttons) follow the edition: thaw.i18n
  is told the book's language before any page is read.
* Every page has a language switch in its header that leads to the same page in the other
  edition, and names the other edition in ``<link rel="alternate" hreflang>``.
* A translated edition's address is the book's address followed by ``id/``.
"""

from __future__ import annotations

from pathlib import Path

from thaw import i18n
from thaw.book.editions import editions, site_prefix

#: How the switch names each edition: in its own language, and short for a phone's header.
EDITION_NAMES = {"en": ("English", "EN"), "id": ("Bahasa Indonesia", "ID")}


def book_language(config) -> str:
    return config.language if config.language in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE


def _follow_book_language(app, config) -> None:
    i18n.set_language(book_language(config))


def page_in(language: str, from_language: str, pagename: str) -> str:
    """The address of ``pagename`` in another edition, relative to the page in ``from_language``."""
    up = "../" * pagename.count("/") + "../" * site_prefix(from_language).count("/")
    return f"{up}{site_prefix(language)}{pagename}.html"


def _add_language_switch(app, pagename, templatename, context, doctree) -> None:
    here = book_language(app.config)
    others = [e.language for e in editions(Path(app.srcdir)) if e.language != here]
    if here != i18n.SOURCE_LANGUAGE and i18n.SOURCE_LANGUAGE not in others:
        others.insert(0, i18n.SOURCE_LANGUAGE)
    context["thaw_editions"] = [
        {"language": language, "name": EDITION_NAMES[language][0], "short": EDITION_NAMES[language][1],
         "url": page_in(language, here, pagename)}
        for language in others]


def setup(app):
    app.connect("config-inited", _follow_book_language)
    app.connect("html-page-context", _add_language_switch)
