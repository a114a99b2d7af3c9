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

Words that code writes for a reader (chart titles, legends, hover text, explorer messages, quiz
buttons, the text columns of the data) are English in the code and translated by ``_``, from
gettext catalogues in ``src/thaw/locale/<language>/LC_MESSAGES/`` (one per module, and one per
data table). ``make translations`` extracts them (thaw.book.translations). A message that has no
translation yet, or whose English changed (*fuzzy*), is written in English; the tests fail on both.

Placeholders are named and filled after translation: ``_("{count} released").format(count=...)``.
Text fixed at import time is marked with ``N_`` (for extraction) and translated where it is shown,
so that a language set after ``import thaw`` still applies.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

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

#: The catalogues of the words code writes: ``<language>/LC_MESSAGES/<module or data table>.po``.
LOCALE_DIR = Path(__file__).parent / "locale"

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


@lru_cache(maxsize=None)
def catalogue(code: str) -> dict[str, str]:
    """Every translated, up-to-date message of a language's code catalogues: English -> translation."""
    from babel.messages.pofile import read_po

    found: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / code / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    found[message.id] = message.string
    return found


def _(message: str) -> str:
    """``message`` in the current language (English when it has no up-to-date translation)."""
    if _language == SOURCE_LANGUAGE or not message:
        return message
    return catalogue(_language).get(message, message)


def join_and(items, separator: str = ", ") -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c" (Indonesian: "a, b, dan c")."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    if len(items) == 2:
        return _("{first} and {second}").format(first=items[0], second=items[1])
    return _("{items} and {last}").format(items=separator.join(items[:-1]), last=items[-1])


def N_(message: str) -> str:
    """Mark text fixed at import time for extraction; translate it with ``_`` where it is shown."""
    return message


def month_name(month: int) -> str:
    """A month as the language writes it in a date: "Mar" / "Maret"."""
    return MONTHS[_language][month - 1]


if os.environ.get("THAW_LANGUAGE"):
    set_language(os.environ["THAW_LANGUAGE"])
