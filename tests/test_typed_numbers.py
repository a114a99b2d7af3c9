"""A number typed into the prose must come from the data: a row, or a derivation stated next to it.

The historian's review found prose that had drifted from the data (chapter 1 typed grade
counts its own table contradicted). Numbers the data can give are now computed when the book
builds (code outputs are not scanned here); this checks what is still typed, in the Markdown
of every chapter and book page and in the self-check questions. A typed number passes when:

- it is a value of some data row (any numeric field), or written in a row's text fields;
- it is a row value rounded to its last non-zero digit ("about 470,000" for 467,946);
- it is a share of two row values of one table, to the decimals written (41.5%);
- it is the result of arithmetic written out in the same paragraph ("a + b − c = d"), checked here;
- or it is listed, with its derivation, in ``typed_numbers.yml`` beside this file, and that
  derivation evaluates to it from row values; the Corrections page may also quote a wrong figure
  the course used to give, listed as corrected, and the test checks that no other page still gives it.

Counts of the course's own rows ("76 dated events", "3 are graded A") are never typed: the
data can give them, so they must be computed, whatever their size.

Years, days of the month, times, and numbers that label figures, exercises, chapters,
articles of the code or pages are not counts and are skipped, as are other numbers below ten.
Numbers from 10 to 99 can match a row by coincidence; the larger ones rarely do.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import BOOK_NOTEBOOKS, CHAPTERS
from thaw.paths import ROOT

DATA = ROOT / "data"
REGISTRY = Path(__file__).with_name("typed_numbers.yml")
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%)?(?![\w/-]|,\d|:\d)")
#: A count of the course's own data: events, rows, grades. The data give these; prose must not type them.
OWN_DATA_COUNT = re.compile(r"\s+(?:(?:dated|graded|timeline|course)\s+)?(?:events?|rows?|entries|data rows)\b"
                            r"|\s+(?:are\s+|is\s+)?(?:graded\s+)?[A-D](?=[\s,;.)]|$)")
LABEL_BEFORE = re.compile(r"(?:Figure|Fig\.|Exercise|Chapter|chapter|Table|Art\.|Article|article|No\.|no\.|vol\.|"
                          r"p\.|pp\.|§|cell|Section|section|line|lines|item|question|Question|Congress|"
                          r"Plenum|plenum|volume|number|issue)\s*$")


def prose_of(path: Path) -> list[str]:
    """The paragraphs a reader sees as typed text: Markdown cells and pages, without code and roles."""
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        text = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    text = re.sub(r"```\{(?:bibliography|code-cell)\}.*?```", "", text, flags=re.S)
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", "", text)  # cite, numref, doc, term roles
    text = re.sub(r"`[^`]*`", "", text)  # inline code: file names, labels, expressions
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def self_check_paragraphs() -> list[str]:
    bank = yaml.safe_load((ROOT / "src" / "thaw" / "self_checks.yml").read_text(encoding="utf-8"))
    out = []
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("source", "sources", "id", "key"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            out.append(node)
    walk(bank)
    return out


def typed_numbers(paragraph: str) -> list[tuple[str, float, int, bool, bool]]:
    """(as written, value, decimals, is a percentage, counts the course's own rows) for every count-like number."""
    found = []
    for match in NUMBER.finditer(paragraph):
        whole, fraction, percent = match.group(1), match.group(2) or "", match.group(3)
        value = float(whole.replace(",", "") + fraction)
        before, after = paragraph[max(0, match.start() - 14):match.start()], paragraph[match.end():match.end() + 12]
        if not percent and not fraction:
            if re.fullmatch(r"1[6-9]\d\d|20[0-2]\d", whole):
                continue  # a year
            if re.match(rf"\s?(?:{MONTHS})\b", after) or re.search(rf"\b{MONTHS}\.?\s?$", before):
                continue  # a day of the month
            if re.match(r"(?:st|nd|rd|th)\b", after) or re.search(r"\b1[6-9]\d\d[–-]$", before):
                continue  # an ordinal, or the end of a span of years such as 1972–75
        if LABEL_BEFORE.search(before) or re.match(r"\.\d", after):
            continue
        own_count = bool(OWN_DATA_COUNT.match(paragraph[match.end():match.end() + 30]))
        if value < 10 and not fraction and not percent and not own_count:
            continue
        found.append((match.group(0).strip(), value, len(fraction) - 1 if fraction else 0, bool(percent), own_count))
    return found


@lru_cache(maxsize=None)
def data_numbers() -> tuple[frozenset, dict]:
    """Every number in the data: the values of numeric cells, and numbers written in text cells."""
    numbers: set[float] = set()
    by_table: dict[str, list[float]] = {}
    for path in sorted(DATA.glob("*.csv")):
        values = []
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for cell in row.values():
                    cell = (cell or "").strip()
                    if re.fullmatch(r"-?\d+(\.\d+)?", cell):
                        values.append(float(cell))
                    for whole, fraction in re.findall(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", cell):
                        numbers.add(float(whole.replace(",", "") + fraction))
        numbers.update(values)
        by_table[path.stem] = values
    return frozenset(numbers), by_table


def rounds_to(value: float, written: float) -> bool:
    """467,946 rounds to 470,000; 13,532 to 13,500 (rounding at the written number's last non-zero digit)."""
    if written != int(written) or written == 0:
        return False
    zeros = len(str(int(written))) - len(str(int(written)).rstrip("0"))
    return zeros > 0 and round(value, -zeros) == written


@lru_cache(maxsize=None)
def shares() -> dict[int, set[float]]:
    """Shares a/b of two positive values of the same table, as percentages rounded to 0, 1 and 2 decimals."""
    out: dict[int, set[float]] = {0: set(), 1: set(), 2: set()}
    for values in data_numbers()[1].values():
        distinct = sorted({v for v in values if v > 0})
        for a, b in itertools.permutations(distinct, 2):
            if a < b:
                for decimals in out:
                    out[decimals].add(round(100 * a / b, decimals))
                    out[decimals].add(round(100 * (b - a) / b, decimals))  # a fall of b - a
    return out


def stated_results(paragraph: str) -> set[float]:
    """Results of arithmetic written out in the paragraph (a + b − c = d), checked."""
    results = set()
    term = r"\d{1,3}(?:,\d{3})+|\d+"
    for match in re.finditer(rf"((?:{term})(?:\s*[+−-]\s*(?:{term}))+)\s*=\s*({term})", paragraph):
        left = match.group(1).replace(",", "").replace("−", "-")
        total = eval(re.sub(r"[^\d+\- ]", "", left))  # digits, plus and minus only
        if total == int(match.group(2).replace(",", "")):
            results.add(float(total))
    for match in re.finditer(rf"({term})\s*[×x]\s*({term})\s*=\s*({term})", paragraph):
        a, b, c = (int(g.replace(",", "")) for g in match.groups())
        if a * b == c:
            results.add(float(c))
    return results


@lru_cache(maxsize=None)
def registry() -> dict[str, dict[str, str]]:
    """Numbers derived in ways the rules above do not cover: page -> {number as written: derivation}."""
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=None)
def data_dates() -> frozenset:
    dates = set()
    for path in DATA.glob("*.csv"):
        dates.update(re.findall(r"\d{4}-\d\d-\d\d", path.read_text(encoding="utf-8")))
    return frozenset(dates)


def derivation_holds(expression: str, written: float, decimals: int) -> bool:
    """A registry derivation: arithmetic on numbers and dates that each come from the data.

    ``days(1953-03-06, 1953-06-26)`` is the number of days between two dates of the data;
    ``constant in thaw/chapters/ch05_prisoners_of_war.py`` means a definition fixed in the course's code, where the number must stand.
    """
    constant = re.fullmatch(r"constant in thaw/([\w/]+)\.py", expression)
    if constant:
        code = (ROOT / "src" / "thaw" / f"{constant.group(1)}.py").read_text(encoding="utf-8").replace("_", "")
        return re.search(rf"\b{int(written)}\b", code) is not None
    def days(match):
        start, end = match.group(1), match.group(2)
        if not {start, end} <= data_dates():
            raise AssertionError(f"{start} or {end} is not a date in the data")
        return str((dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days)
    day_span = r"days\((\d{4}-\d\d-\d\d),\s*(\d{4}-\d\d-\d\d)\)"
    plain = re.sub(day_span, "", expression)
    operands = [float(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", plain)]
    if not all(n in data_numbers()[0] for n in operands if n not in (100, 1000)):
        return False
    expression = re.sub(day_span, days, expression)
    value = eval(re.sub(r"(\d),(\d)", r"\1\2", expression).replace("−", "-").replace("×", "*"), {"__builtins__": {}})
    return round(value, decimals) == written or rounds_to(value, written)


#: A registry entry for the Corrections page: a wrong figure it quotes, which must be gone from the course.
CORRECTED = "corrected: no longer in the course"


def still_in_the_course(written: str, quoting_page: str) -> bool:
    """Whether a number quoted as corrected still stands in any other page's prose."""
    return any(written in paragraph for path in PAGES if path.name != quoting_page for paragraph in prose_of(path))


def unexplained(paragraphs: list[str], page: str) -> list[str]:
    known = data_numbers()[0]
    listed = registry().get(page, {})
    problems = []
    for paragraph in paragraphs:
        derived_here = stated_results(paragraph)
        for written, value, decimals, percent, own_count in typed_numbers(paragraph):
            context = paragraph[max(0, paragraph.find(written) - 50):paragraph.find(written) + 40].replace("\n", " ")
            if own_count:
                problems.append(f"{written}: a count of the course's own data, typed: compute it … {context} …")
                continue
            if written in listed and listed[written] == CORRECTED:
                if still_in_the_course(written, page):
                    problems.append(f"{written}: quoted as corrected, but the course still says it")
                continue
            if written in listed:
                if not derivation_holds(listed[written], value, decimals):
                    problems.append(f"{written}: the derivation {listed[written]!r} in typed_numbers.yml does not give it")
                continue
            if value in known or value in derived_here or any(rounds_to(v, value) for v in known):
                continue
            if (percent or decimals) and round(value, decimals) in shares().get(decimals, set()):
                continue
            problems.append(f"{written}: matches no data row and no stated derivation … {context} …")
    return problems


PAGES = CHAPTERS + BOOK_NOTEBOOKS + sorted((ROOT / "book").glob("*.md"))


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_every_typed_number_comes_from_the_data(path):
    assert unexplained(prose_of(path), path.name) == []


def test_every_number_in_the_self_checks_comes_from_the_data():
    assert unexplained(self_check_paragraphs(), "self_checks.yml") == []


def test_the_check_catches_drift_and_accepts_what_the_data_give():
    # Chapter 1's old error: grade counts typed into prose that no row gives.
    assert unexplained(["Of the 27 events, 13 are graded A."], "x") != []
    assert unexplained(["only 3 are graded A and 7 B; 15 are C and 2 are D"], "x") != []
    assert unexplained(["The timeline holds 76 dated events."], "x") != []
    assert unexplained(["The amnesty released 1,201,738 people."], "x") == []  # a row value
    assert unexplained(["about 470,000 political prisoners"], "x") == []  # 467,946 rounded
    assert unexplained(["1,201,739 released"], "x") != []  # one off: drifted
    assert unexplained(["2,472,247 + 463,372 − 1,610,616 = 1,325,003"], "x") == []
    assert unexplained(["2,472,247 + 463,372 − 1,610,616 = 1,325,004"], "x") != []
    assert unexplained(["On 5 March 1953, in Figure 2.1, cell 12"], "x") == []  # dates and labels are not counts
