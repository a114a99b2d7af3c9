"""The course's languages: English (the source) and Indonesian.

One setting, told once: ``thaw.i18n.set_language("id")`` (or the ``THAW_LANGUAGE``
environment variable, read at import). Everything that writes a number or a date for a
reader asks this module, so the two editions differ in their words and conventions and
never in their numbers:

=============  =====================  =====================
               English                Indonesian
=============  =====================  =====================
a count        1,201,738              1.201.738
a decimal      70.8%                  70,8%
a large round  1.5 million            1,5 juta
a date         27 Mar 1953            27 Maret 1953
a month        Mar 1953               Maret 1953
=============  =====================  =====================

Indonesian follows the EYD V conventions (Pedoman Umum Ejaan Bahasa Indonesia): a point
groups thousands, a comma marks decimals, month names are written out.
"""

from __future__ import annotations

import os

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}
SOURCE_LANGUAGE = "en"

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
}
#: How each language groups thousands and marks decimals (also Plotly's ``layout.separators``,
#: which is written decimal mark first).
SEPARATORS = {"en": {"thousands": ",", "decimal": "."}, "id": {"thousands": ".", "decimal": ","}}
MILLION = {"en": "million", "id": "juta"}

_language = SOURCE_LANGUAGE
#: What else follows the language (the chart template's number marks): called with the new code.
_followers: list = []


def set_language(code: str) -> None:
    """Write every number, date and (as catalogues fill) every word in this language from now on."""
    global _language
    if code not in LANGUAGES:
        choices = ", ".join(f"'{c}' ({name})" for c, name in LANGUAGES.items())
        raise ValueError(f"Unknown language '{code}'. Choose one of: {choices}.")
    _language = code
    for follow in _followers:
        follow(code)


def follow_language(callback) -> None:
    """Call ``callback(code)`` now and whenever the language is set."""
    _followers.append(callback)
    callback(_language)


def language() -> str:
    return _language


def plotly_separators(code: str | None = None) -> str:
    """Plotly's ``layout.separators`` for a language: the decimal mark, then the thousands mark."""
    marks = SEPARATORS[code or _language]
    return marks["decimal"] + marks["thousands"]


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the language's marks: 1,201,738 / 1.201.738; 70.8 / 70,8."""
    text = f"{value:,.{decimals}f}"
    marks = SEPARATORS[_language]
    return text.translate(str.maketrans({",": marks["thousands"], ".": marks["decimal"]}))


def format_millions(value: float, decimals: int = 1) -> str:
    """A large round number in millions: "1.5 million" / "1,5 juta"."""
    return f"{format_number(value / 1_000_000, decimals)} {MILLION[_language]}"


def month_name(month: int) -> str:
    """A month as the language writes it in a date: "Mar" / "Maret"."""
    return MONTHS[_language][month - 1]


if os.environ.get("THAW_LANGUAGE"):
    set_language(os.environ["THAW_LANGUAGE"])
