"""The translated notebooks for JupyterLab (notebooks/<language>/, thaw.book.translated_notebooks): generated
from the English notebooks and the book's catalogues, current, and the English notebooks cell for cell."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import nbformat
import pytest

from thaw.book import translated_notebooks as tn
from thaw.book.toc import toc_notebooks
from thaw.paths import ROOT

LANGUAGE = "id"
ENGLISH = toc_notebooks()


def english_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def generated():
    """A notebook regenerated in memory from the committed English notebook and catalogue (once each)."""
    made: dict[Path, tn.Translated] = {}

    def generate(english: Path) -> tn.Translated:
        if english not in made:
            made[english] = tn.translate(english, LANGUAGE)
        return made[english]
    return generate


def committed(english: Path) -> nbformat.NotebookNode:
    return nbformat.read(tn.output_path(english, LANGUAGE), as_version=4)


def test_the_translated_notebooks_are_the_notebooks_of_the_toc():
    assert ENGLISH, "no notebooks in _toc.yml"
    wanted = sorted(tn.output_path(e, LANGUAGE).name for e in ENGLISH)
    assert sorted(p.name for p in tn.output_folder(LANGUAGE).glob("*.ipynb")) == wanted, (
        "notebooks/id/ must hold exactly one translated notebook per notebook of _toc.yml: run make translations")


# 1. Staleness ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("english", ENGLISH, ids=english_id)
def test_the_committed_translated_notebook_is_current(generated, english):
    target = tn.output_path(english, LANGUAGE)
    assert target.exists(), f"{target.relative_to(ROOT)} is missing: run make translations"
    assert target.read_text(encoding="utf-8") == tn.text(generated(english).notebook), (
        f"{target.relative_to(ROOT)} is not what {english.relative_to(ROOT)} and its catalogue give "
        "(never edit it by hand): run make translations")


# 2. Parity with the English ------------------------------------------------------------------------------

ROLE_TARGET = re.compile(r"\{(numref|ref|doc|term|cite(?::\w+)?|footcite(?::\w+)?)\}`([^`]*)`")


def _without_literal_blocks(source: str) -> tuple[str, list[str]]:
    """The markdown without its literal (code) blocks, and the blocks' lines."""
    literal = tn.literal_lines(source)
    lines = source.splitlines()
    return ("\n".join(l for n, l in enumerate(lines) if n not in literal),
            [l for n, l in enumerate(lines) if n in literal])


def structure(source: str) -> dict:
    """What a translation of a markdown cell must keep: everything but the words."""
    text, literal = _without_literal_blocks(source)
    lines = text.splitlines()
    roles = []
    for name, target in ROLE_TARGET.findall(text):
        if name in ("numref", "ref", "doc", "term") and "<" in target:
            # {term}`Thaw` may become {term}`Pencairan <Thaw>`: the text may change, not the target
            target = target.rsplit("<", 1)[1].rstrip(">")
        roles.append(f"{name}:{target}")
    return {
        "targets": re.findall(r"^\s*\((.+)\)=\s*$", text, re.M),
        "labels": re.findall(r"^\s*:label:\s*(\S+)", text, re.M),
        "directive options": [l.strip() for l in lines if re.match(r"^\s*:[\w-]+:", l)],
        "directives": [re.match(r"^\s*(`{3,}|:{3,})(\{[\w:-]+\})?", l).group(0).strip() for l in lines
                       if re.match(r"^\s*(`{3,}|:{3,})", l)],
        "roles": sorted(roles),
        "headings": [len(m) for m in re.findall(r"^(#{1,6})\s", text, re.M)],
        "list items": len(re.findall(r"^\s*(?:[-*+]|\d+[.)])\s", text, re.M)),
        "table rows": [l.count("|") for l in lines if l.lstrip().startswith("|")],
        "links and images": re.findall(r"\]\(([^)]+)\)", text),
        "inline code": sorted(re.findall(r"(?<![}`])`([^`]+)`", ROLE_TARGET.sub(" ", text))),
        "literal blocks": literal,
        "bold markers": text.count("**"),
    }


@pytest.mark.parametrize("english", ENGLISH, ids=english_id)
def test_the_translated_notebook_is_the_english_cell_for_cell(english):
    source, translated = nbformat.read(english, as_version=4), committed(english)
    where = tn.output_path(english, LANGUAGE).relative_to(ROOT)
    first = translated.cells[0]
    assert (first.cell_type, first.get("id"), first.metadata.get("tags")) == ("code", tn.LANGUAGE_CELL,
                                                                              [tn.LANGUAGE_CELL]), where
    assert first.source.splitlines()[0].startswith("# ") and f'set_language("{LANGUAGE}")' in first.source
    assert translated.metadata == source.metadata, f"{where}: the notebook's metadata differ (kernelspec …)"
    assert (translated.nbformat, translated.nbformat_minor) == (source.nbformat, source.nbformat_minor)
    assert len(translated.cells) == len(source.cells) + 1, f"{where}: not one cell per English cell"
    for index, (cell, theirs) in enumerate(zip(source.cells, translated.cells[1:])):
        at = f"{where} cell {index} ({cell.get('id')})"
        assert theirs.cell_type == cell.cell_type, at
        assert theirs.get("id") == cell.get("id"), at
        assert theirs.metadata == cell.metadata, f"{at}: metadata (tags …) differ"
        assert theirs.keys() == cell.keys(), at
        if cell.cell_type == "code":
            assert theirs.source == cell.source, f"{at}: the code differs from the English"
            assert theirs.outputs == [] and theirs.execution_count is None, f"{at}: outputs committed"
        elif cell.cell_type == "markdown":
            english_structure, translated_structure = structure(cell.source), structure(theirs.source)
            for kind, wanted in english_structure.items():
                assert translated_structure[kind] == wanted, f"{at}: the {kind} differ"


def test_the_english_notebooks_have_no_outputs():
    """The translated notebooks clear outputs; the English ones have none to clear."""
    for english in ENGLISH:
        for cell in nbformat.read(english, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, english


# 3. Nothing left in English ------------------------------------------------------------------------------

def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("english", ENGLISH, ids=english_id)
def test_no_english_paragraph_is_left_in_the_translated_markdown(english):
    from babel.messages.pofile import read_po

    with tn.catalogue_path(english, LANGUAGE).open("rb") as handle:
        catalogue = read_po(handle)
    prefix = english.stem + "-"
    markdown = _flat("\n\n".join(c.source for c in committed(english).cells if c.cell_type == "markdown"))
    translations = _flat(" ".join(tn.unprefix_citations(m.string, prefix) for m in catalogue if m.id))
    left = []
    for message in catalogue:
        english_text = _flat(tn.unprefix_citations(message.id, prefix)) if message.id else ""
        if len(english_text) <= 40 or english_text in translations:  # kept as is (a title, a quotation)
            continue
        if english_text in markdown:
            left.append(english_text[:70])
    assert not left, f"{english.name}: English paragraphs left in the translated notebook: {left}"


def test_no_english_is_left_that_no_message_covers(generated):
    """A line of English that no catalogue message covers fails here: the book's extraction missed it
    (as it once missed the tables nested in "At a glance" and the exercises' titles), so the book's
    Indonesian edition would show it in English too."""
    left = [gap for english in ENGLISH for gap in generated(english).gaps]
    assert not left, "English that no catalogue message covers (a gettext gap):\n" + "\n".join(map(str, left))


# 4. The replacement, on a made-up notebook ----------------------------------------------------------------

PAGE = "01-test"


def make_book(tmp_path: Path, messages: list[tuple[str, str, int]], cells) -> Path:
    """A notebook ``notebooks/01-test.ipynb`` and its catalogue: (English, translation, location)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    notebook = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3",
                                                                              "display_name": "Python 3",
                                                                              "language": "python"}})
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
    english = tmp_path / "notebooks" / f"{PAGE}.ipynb"
    english.parent.mkdir(parents=True)
    nbformat.write(notebook, english)
    catalogue = Catalog(locale=LANGUAGE, creation_date=datetime.datetime(2026, 1, 1))
    for msgid, msgstr, location in messages:
        catalogue.add(msgid, msgstr, locations=[(f"../../../../somewhere/notebooks/{PAGE}.ipynb", location)])
    po = tmp_path / "book" / "locales" / LANGUAGE / "LC_MESSAGES" / "notebooks" / f"{PAGE}.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalogue, width=76)
    return english


CELL_0 = """# 1. The first chapter

The Thaw began in 1953,
and it ended {cite:p}`kozlov2005,wiki_thaw`.

- a list item that
  runs over two lines;
- a short item.

| date | what |
|---|---|
| 1953 | a date |
| 1954 | a date |"""
CELL_2 = """(sec-x)=
```{admonition} At a glance
:class: tip

A note.
```"""
MESSAGES = [
    ("1. The first chapter", "1\\. Bab pertama", 10002),
    ("The Thaw began in 1953, and it ended {cite:p}`01-test-kozlov2005,01-test-wiki_thaw`.",
     "Pencairan dimulai pada 1953, dan berakhir {cite:p}`01-test-kozlov2005,01-test-wiki_thaw`.", 10004),
    ("a list item that runs over two lines;", "butir daftar yang panjang;", 10007),
    ("a short item.", "butir pendek.", 10009),
    ("date", "tanggal", 20002),  # a table cell: Sphinx's location is often an earlier cell
    ("what", "apa", 20002),
    ("a date", "sebuah tanggal", 20002),  # two identical cells, one location
    ("At a glance", "Sekilas", 30003),
    ("A note.", "Sebuah catatan.", 30006),
]


def test_the_replacement_puts_every_message_in_place(tmp_path):
    code = 'print("The Thaw began in 1953")'
    english = make_book(tmp_path, MESSAGES, [nbformat.v4.new_markdown_cell(CELL_0), nbformat.v4.new_code_cell(code),
                                             nbformat.v4.new_markdown_cell(CELL_2)])
    result = tn.translate(english, LANGUAGE, root=tmp_path)
    cells = result.notebook.cells
    assert [c.get("id") for c in cells] == [tn.LANGUAGE_CELL, "cell-000", "cell-001", "cell-002"]
    assert cells[1].source == """# 1\\. Bab pertama

Pencairan dimulai pada 1953, dan berakhir {cite:p}`kozlov2005,wiki_thaw`.

- butir daftar yang panjang;
- butir pendek.

| tanggal | apa |
|---|---|
| 1953 | sebuah tanggal |
| 1954 | sebuah tanggal |"""
    assert cells[2].source == code and cells[2].outputs == []
    assert cells[3].source == "(sec-x)=\n```{admonition} Sekilas\n:class: tip\n\nSebuah catatan.\n```"
    assert result.gaps == []


def test_a_message_that_cannot_be_found_stops_the_generator_and_is_named(tmp_path):
    lost = ("A paragraph that the notebook does not have.", "Paragraf yang tidak ada.", 10011)
    english = make_book(tmp_path, [*MESSAGES, lost], [nbformat.v4.new_markdown_cell(CELL_0),
                                                      nbformat.v4.new_code_cell("1"),
                                                      nbformat.v4.new_markdown_cell(CELL_2)])
    with pytest.raises(tn.UnplacedMessages, match=r"01-test\.po:\d+ \(cell 0, line 9\): 'A paragraph that the "):
        tn.translate(english, LANGUAGE, root=tmp_path)


def test_a_message_without_translation_stops_the_generator_and_is_named(tmp_path):
    messages = [(m, "" if m == "a short item." else s, loc) for m, s, loc in MESSAGES]
    english = make_book(tmp_path, messages, [nbformat.v4.new_markdown_cell(CELL_0), nbformat.v4.new_code_cell("1"),
                                             nbformat.v4.new_markdown_cell(CELL_2)])
    with pytest.raises(tn.UnplacedMessages, match=r"(?s)without a translation.*'a short item\.'"):
        tn.translate(english, LANGUAGE, root=tmp_path)


def test_english_that_no_message_covers_is_reported(tmp_path):
    messages = [m for m in MESSAGES if m[0] != "A note."]
    english = make_book(tmp_path, messages, [nbformat.v4.new_markdown_cell(CELL_0), nbformat.v4.new_code_cell("1"),
                                             nbformat.v4.new_markdown_cell(CELL_2)])
    result = tn.translate(english, LANGUAGE, root=tmp_path)
    assert [(g.cell, g.line) for g in result.gaps] == [(2, "A note.")]
