"""The book's editions: English (the source) and Indonesian (``language: id``, thaw.book.build).

The build's words written by code (chart tables, buttons) follow the edition: thaw.i18n is told
the book's language before any page is read.
"""

from __future__ import annotations

from thaw import i18n


def _follow_book_language(app, config) -> None:
    i18n.set_language(config.language if config.language in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE)


def setup(app):
    app.connect("config-inited", _follow_book_language)
