"""Translated notebooks for JupyterLab and Binder: ``python -m thaw.book.translated_notebooks``.

The book's Indonesian edition is built by Sphinx from the English notebooks and the catalogues of
``book/locales`` (thaw.book.translations). Students who open the notebooks themselves, in
JupyterLab or on Binder, need the same text in notebook form: ``notebooks/<language>/<name>.ipynb``,
one per notebook of ``_toc.yml`` (the chapters, and the reference pages written as notebooks), all
in one folder.

They are generated, never edited: each is the English notebook with

* a first code cell (tagged ``thaw-language``) that sets thaw's language, so that everything code
  writes (chart titles, explorers, quizzes) is translated at run time by thaw.i18n;
* every message of the page's catalogue put in place of its English in the markdown cells: the
  paragraphs, headings, list items, table cells, captions and directive titles, exactly the text
  Sphinx translates in the book;
* the code cells, cell ids and metadata unchanged, and no outputs.

A message that cannot be found in its cell stops the generator (it never leaves English silently);
a markdown paragraph that no message covers is reported (a gap in what gettext extracts).
``make translations`` regenerates them after updating the catalogues; tests/test_translated_notebooks.py
checks that the committed files are current and match their English cell for cell.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from thaw.book.sphinxext.citations import CITATION
from thaw.book.sphinxext.notes import explorer_note
from thaw.book.toc import toc_notebooks
from thaw.book.translations import read_catalogue
from thaw.paths import ROOT

LOCALE_DIR = ROOT / "book" / "locales"
#: The editions that get notebooks (the languages of book/locales).
LANGUAGES = ("id",)
#: The id and tag of the first cell, which sets the language.
LANGUAGE_CELL = "thaw-language"
LANGUAGE_COMMENT = {
    "id": "# Semua keluaran thaw (grafik, penjelajah, pesan) dalam Bahasa Indonesia.",
}
#: myst-nb numbers the lines of cell i (from 0) from (i + 1) * 10000 (myst_nb.core.nb_to_tokens),
#: and docutils reports them from 1 on top: a location's line 10002 is cell 0, line 0.
CELL_LINES = 10000


class UnplacedMessages(ValueError):
    """Messages of a notebook's catalogue that were not found in the notebook."""


def output_folder(language: str, root: Path = ROOT) -> Path:
    return root / "notebooks" / language


def output_path(english: Path, language: str, root: Path = ROOT) -> Path:
    """``notebooks/<language>/<name>.ipynb``: the chapters and the book's notebooks in one folder."""
    return output_folder(language, root) / english.name


def catalogue_path(english: Path, language: str, root: Path = ROOT, locale_dir: Path | None = None) -> Path:
    """The page's catalogue: ``book/locales/<language>/LC_MESSAGES/<page>.po`` (the page as in _toc.yml)."""
    locale_dir = locale_dir or root / "book" / "locales"
    page = english.resolve().relative_to(root.resolve()).with_suffix(".po")
    return locale_dir / language / "LC_MESSAGES" / page


def unprefix_citations(text: str, prefix: str) -> str:
    """The citation keys as authors write them: the book gives each page's keys the prefix ``<page>-``
    (thaw.book.sphinxext.citations), and the catalogues hold the book's text."""
    def strip(match: re.Match) -> str:
        keys = [k.strip() for k in match.group(2).split(",")]
        return match.group(1) + ",".join(k.removeprefix(prefix) for k in keys) + "`"
    return CITATION.sub(strip, text)


@dataclass
class Message:
    msgid: str
    msgstr: str
    cell: int  # the notebook's cell index
    line: int  # from 0, within the cell: where Sphinx says the message starts (a hint)
    catalogue_line: int = 0


@dataclass
class Placement:
    start: int
    end: int
    message: Message


@dataclass(frozen=True)
class Gap:
    """A line of a markdown cell's English that no message covers: it stays English."""
    notebook: str
    cell: int
    cell_id: str
    line: str

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.cell} ({self.cell_id}): {self.line.strip()[:100]!r}"


@dataclass
class Translated:
    notebook: nbformat.NotebookNode
    #: Markdown text of the English that no message covers (a gap in what gettext extracts).
    gaps: list[Gap] = field(default_factory=list)
    #: Messages that belong to text only the book shows (the note under an explorer).
    book_only: list[str] = field(default_factory=list)


def _book_cells(notebook) -> list[tuple[int | None, str]]:
    """The cells as the book parses them: (the notebook's cell index or None, source). The book adds a
    note under each explorer cell (thaw.book.sphinxext.notes), which shifts the cell numbers."""
    cells = []
    for index, cell in enumerate(notebook.cells):
        cells.append((index, cell.source))
        note = explorer_note(cell.get("metadata", {})) if cell.cell_type == "code" else None
        if note:
            cells.append((None, note))
    return cells


def read_messages(catalogue: Path, english: Path, notebook) -> tuple[list[Message], list[str]]:
    """The page's messages located in the notebook, each with its cell; and the messages of text only
    the book shows (located in a note the book adds)."""
    messages = read_catalogue(catalogue)
    prefix = english.stem + "-"
    book_cells = _book_cells(notebook)
    found, book_only = [], []
    for message in messages:
        if not message.id:
            continue
        msgid = unprefix_citations(message.id, prefix)
        msgstr = unprefix_citations(message.string, prefix) if message.string and not message.fuzzy else ""
        for filename, location in message.locations:
            if Path(filename).name != english.name:
                continue
            book_index, line = divmod(int(location), CELL_LINES)
            book_index -= 1
            if not 0 <= book_index < len(book_cells):
                raise UnplacedMessages(f"{catalogue}: {message.id[:60]!r} is located in cell {book_index}, "
                                       f"which {english.name} (as the book reads it) does not have")
            index, source = book_cells[book_index]
            if index is None:  # the note under an explorer: JupyterLab runs the explorer and shows no note
                if not _pattern(msgid).search(source):
                    raise UnplacedMessages(f"{catalogue}:{message.lineno}: {message.id[:60]!r} is located in the "
                                           f"book's note after cell {book_cells[book_index - 1][0]}, which lacks it")
                book_only.append(msgid)
                continue
            found.append(Message(msgid, msgstr, index, max(line - 2, 0), message.lineno))
    return found, book_only


def _pattern(msgid: str) -> re.Pattern:
    """Where a message's English is in a cell: Sphinx joins a node's lines with spaces (and a list item's
    or a directive body's continuation lines lose their indentation), so any whitespace matches a space."""
    return re.compile(r"\s+".join(re.escape(w) for w in msgid.split()))


#: What may stand before a node's text on its first line: a list marker, heading marks, a block quote's
#: marker, a definition's colon, or a directive's fence and name (its title is a message).
BEFORE_NODE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+|#{1,6}[ \t]+|>[ \t]*|:[ \t]+|(?:`{3,}|:{3,})\{[\w:-]+\}[ \t]+)?$")


def _is_node(source: str, start: int, end: int) -> bool:
    """True if source[start:end] is a whole node: all of its lines' text, after any block markup."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    after = source[end:] if line_end < 0 else source[end:line_end]
    return bool(BEFORE_NODE.match(source[line_start:start])) and not after.strip()


def _line_of(source: str, position: int) -> int:
    return source.count("\n", 0, position)


def table_cells(source: str) -> list[tuple[int, int]]:
    """The spans of the text of every cell of every Markdown table in a cell's source (header and body
    rows; not the separator row), in order."""
    spans = []
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    index = 0
    while index < len(lines):
        if (lines[index].lstrip().startswith("|") and index + 1 < len(lines)
                and TABLE_SEPARATOR.match(lines[index + 1].strip())):
            end = index
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            for row in range(index, end):
                if row == index + 1:
                    continue  # the separator row
                spans += _row_cells(lines[row], offsets[row])
            index = end
        else:
            index += 1
    return spans


TABLE_SEPARATOR = re.compile(r"^\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$")


def _row_cells(line: str, offset: int) -> list[tuple[int, int]]:
    """The spans (within the cell's source) of the text of one table row's cells: between unescaped pipes
    outside inline code, without the spaces around it."""
    bounds, in_code, i = [], False, 0
    while i < len(line):
        char = line[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":
            in_code = not in_code
        elif char == "|" and not in_code:
            bounds.append(i)
        i += 1
    spans = []
    for left, right in zip(bounds, bounds[1:]):
        text = line[left + 1:right]
        if text.strip():
            lead = len(text) - len(text.lstrip())
            spans.append((offset + left + 1 + lead, offset + left + 1 + len(text.rstrip())))
    return spans


def place_tables(source: str, catalogue: dict[str, Message]) -> list[Placement]:
    """The cells of the tables in one markdown cell's source that are messages of the page.

    A table's cells are translated as Sphinx translates any node, by their text, whatever the message's
    location: Sphinx gives table cells unreliable locations (often an earlier cell of the notebook), and
    one location for several identical cells of a table.
    """
    placements = []
    for start, end in table_cells(source):
        key = " ".join(source[start:end].split())
        if key in catalogue:
            placements.append(Placement(start, end, catalogue[key]))
    return placements


def place(source: str, messages: list[Message], placed: list[Placement] = ()) -> tuple[list[Placement], list[Message]]:
    """Where the messages located in one markdown cell are in its source: the longest first, each at a whole
    node (after any list marker, heading marks or directive name, to the end of a line), never overlapping
    another or what is already ``placed`` (the tables' cells), at the occurrence nearest the line Sphinx
    gives. Returns all the cell's placements, in order, and the messages that were not found.
    """
    placements = list(placed)
    taken = [(p.start, p.end) for p in placements]
    missing = []
    for message in sorted(messages, key=lambda m: (-len(m.msgid), m.line, m.msgid)):
        free = [(m.start(), m.end()) for m in _pattern(message.msgid).finditer(source)
                if _is_node(source, m.start(), m.end())
                and all(m.end() <= ts or m.start() >= te for ts, te in taken)]
        if not free:
            missing.append(message)
            continue
        # The nearest to Sphinx's line; on a tie the first.
        start, end = min(free, key=lambda span: (abs(_line_of(source, span[0]) - message.line), span[0]))
        taken.append((start, end))
        placements.append(Placement(start, end, message))
    return sorted(placements, key=lambda p: p.start), missing


#: What a markdown cell may hold outside its messages: markup, not prose.
MARKUP_LINE = re.compile(
    r"""^\s*(?:
        \#{1,6}                               # heading marks
      | [-*+]|\d+[.)]                         # list markers
      | \|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*   # a table's separator row
      | [|\s]*                                # a table's pipes
      | (?:`{3,}|:{3,})(?:\{[\w:-]+\})?       # a directive's fence (a title is prose: a message)
        (?:[ \t]+[a-z0-9]+(?:-[a-z0-9]+)+)?  # or the label a solution refers to
      | :[\w-]+:.*                            # a directive's option
      | \(.+\)=                               # a target
      | >                                     # a block quote's marker
    )\s*$""", re.VERBOSE)


def gaps(source: str, placements: list[Placement]) -> list[str]:
    """The English left between the messages of a markdown cell that is not markup: prose that no
    message covers, which would stay English."""
    pieces, at = [], 0
    for placement in placements:
        pieces.append(source[at:placement.start])
        pieces.append("\0")  # a message was here
        at = placement.end
    pieces.append(source[at:])
    rest = "".join(pieces)
    found = []
    literal = literal_lines(rest)
    for number, line in enumerate(rest.splitlines()):
        if number in literal:  # a literal (code) block: Sphinx does not translate it either
            continue
        bare = line.replace("\0", " ")
        if MARKUP_LINE.match(bare) or not re.search(r"[^\W\d_]{2,}", bare):
            continue
        found.append(line.replace("\0", "…"))
    return found


FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})(.*)$")


def literal_lines(source: str) -> set[int]:
    """The numbers (from 0) of the lines of a markdown cell's literal blocks, fences included: fenced code
    (a fence with a language, or none), not MyST directives ({exercise}, {figure}), whose content is markdown."""
    found, open_fences = set(), []  # (fence, is literal)
    for number, line in enumerate(source.splitlines()):
        match = FENCE.match(line)
        top = open_fences[-1] if open_fences else None
        closes = (match and top and not match.group(2).strip() and match.group(1)[0] == top[0][0]
                  and len(match.group(1)) >= len(top[0]))
        if top and top[1]:  # inside a literal block: only its closing fence counts
            found.add(number)
            if closes:
                open_fences.pop()
        elif closes:
            open_fences.pop()
        elif match and match.group(1)[0] != ":" or (match and match.group(2).strip().startswith("{")):
            is_literal = not match.group(2).strip().startswith("{")
            open_fences.append((match.group(1), is_literal))
            if is_literal:
                found.add(number)
    return found


def translate_source(source: str, placements: list[Placement]) -> str:
    pieces, at = [], 0
    for placement in placements:
        pieces.append(source[at:placement.start])
        pieces.append(placement.message.msgstr)
        at = placement.end
    pieces.append(source[at:])
    return "".join(pieces)


def language_cell(language: str) -> nbformat.NotebookNode:
    source = f'{LANGUAGE_COMMENT[language]}\nfrom thaw.i18n import set_language\nset_language("{language}")'
    cell = nbformat.v4.new_code_cell(source=source, metadata={"tags": [LANGUAGE_CELL]})
    cell["id"] = LANGUAGE_CELL
    return cell


def translate(english: Path, language: str, root: Path = ROOT, locale_dir: Path | None = None) -> Translated:
    """The translated notebook, with the gaps found (see ``translate_notebook``)."""
    notebook = nbformat.read(english, as_version=4)
    catalogue = catalogue_path(english, language, root, locale_dir)
    messages, book_only = read_messages(catalogue, english, notebook)
    try:
        shown = english.resolve().relative_to(root.resolve())
    except ValueError:
        shown = english
    by_cell: dict[int, list[Message]] = {}
    for message in messages:
        by_cell.setdefault(message.cell, []).append(message)
    catalogue_messages = {m.msgid: m for m in messages}
    untranslated = [m for m in messages if not m.msgstr]
    if untranslated:
        raise UnplacedMessages(f"{shown}: messages without a translation in {catalogue.name}:\n" + "\n".join(
            f"  {catalogue.name}:{m.catalogue_line} (cell {m.cell}): {m.msgid[:70]!r}" for m in untranslated))

    tables = {index: place_tables(cell.source, catalogue_messages)
              for index, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"}
    in_tables = {p.message.msgid for placements in tables.values() for p in placements}
    cells, missing, gaps_found = [language_cell(language)], [], []
    for index, cell in enumerate(notebook.cells):
        copy = nbformat.from_dict(dict(cell))
        if cell.cell_type == "markdown":
            placements, not_found = place(cell.source, by_cell.get(index, []), tables[index])
            # A message located here but found in a table is in place (table locations are unreliable).
            missing += [m for m in not_found if m.msgid not in in_tables]
            copy["source"] = translate_source(cell.source, placements)
            gaps_found += [Gap(shown.as_posix(), index, cell.get("id", ""), line)
                           for line in gaps(cell.source, placements)]
        else:
            if cell.cell_type == "code":
                copy["outputs"], copy["execution_count"] = [], None
            missing += [m for m in by_cell.get(index, []) if m.msgid not in in_tables]
        cells.append(copy)
    if missing:
        raise UnplacedMessages(f"{shown}: {len(missing)} messages of {catalogue.name} not found in their cells "
                               "(the notebook would keep their English):\n" + "\n".join(
                                   f"  {catalogue.name}:{m.catalogue_line} (cell {m.cell}, line {m.line}): "
                                   f"{m.msgid[:70]!r}" for m in missing))
    translated = nbformat.v4.new_notebook(cells=cells, metadata=nbformat.from_dict(dict(notebook.metadata)))
    translated.nbformat, translated.nbformat_minor = notebook.nbformat, notebook.nbformat_minor
    return Translated(translated, gaps_found, book_only)


def translate_notebook(english: Path, language: str) -> nbformat.NotebookNode:
    """The English notebook with its markdown in ``language`` and a first cell that sets thaw's language.

    Raises UnplacedMessages, naming them, if any message of the page's catalogue is untranslated or
    cannot be found in the cell its location names.
    """
    return translate(Path(english), language).notebook


def text(notebook: nbformat.NotebookNode) -> str:
    """The file's text, as nbformat writes it (indentation 1, keys sorted, a final newline)."""
    written = nbformat.writes(notebook, version=4)
    return written if written.endswith("\n") else written + "\n"


def generate(language: str, root: Path = ROOT, write: bool = True) -> tuple[list[Path], list[Gap]]:
    """Write every notebook of ``_toc.yml`` in ``language``; returns the files that changed and the gaps.
    All are made before any is written: a message that stops one leaves every file as it was."""
    made, gaps_found = {}, []
    for english in toc_notebooks(root):
        result = translate(english, language, root)
        gaps_found += result.gaps
        made[output_path(english, language, root)] = text(result.notebook)
    changed = [target for target, new in made.items()
               if not target.exists() or target.read_text(encoding="utf-8") != new]
    if write:
        for target in changed:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(made[target], encoding="utf-8")
    return changed, gaps_found


def summarise_gaps(gaps_found: list[Gap]) -> list[str]:
    """The gaps in a few lines: per notebook, its exercise titles in one line, and one line per other cell
    (how many lines of English, and the first)."""
    groups: dict[tuple[str, str], list[Gap]] = {}
    for gap in gaps_found:
        kind = "exercise titles" if re.match(r"^\s*`{3,}\{exercise\}", gap.line) else f"cell {gap.cell} ({gap.cell_id})"
        groups.setdefault((gap.notebook, kind), []).append(gap)
    return [f"{notebook} {kind}: {len(found)} lines, from {found[0].line.strip()[:60]!r}"
            for (notebook, kind), found in groups.items()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m thaw.book.translated_notebooks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any notebook is out of date")
    arguments = parser.parse_args(argv)
    stale = []
    for language in LANGUAGES:
        changed, gaps_found = generate(language, write=not arguments.check)
        folder = output_folder(language).relative_to(ROOT)
        for line in summarise_gaps(gaps_found):
            print(f"{folder}: English that no catalogue message covers: {line}")
        if changed:
            verb = "out of date" if arguments.check else "written"
            print(f"{folder}: {len(changed)} notebooks {verb}: " + ", ".join(p.name for p in changed))
        else:
            print(f"{folder}: every notebook up to date")
        stale += changed
    if arguments.check and stale:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
