"""Notebooks prepared for JupyterLab: ``python -m thaw.book.lab [--language id] OUT_DIR`` (``make lab``).

jupyterlab-myst renders one notebook at a time: it cannot read ``book/references.bib`` or
``book/glossary.md``, and it resolves a cross-reference only to a target in an earlier cell. So a
citation shows as its key with a warning sign, and a glossary term or a reference to a later figure
logs "Cross reference target was not found" to the browser console. The book itself is unchanged:
students get a copy of each notebook in which, in every Markdown cell,

* a citation (``{cite:p}``, ``{cite:t}``, ``{cite}``) is the book's author–year text, "[Kruglov, 1954]"
  or "Kruglov [1954]", each work linked to its entry in the chapter's source list, with the full
  reference as hover text; the ``{bibliography}`` directive becomes that list, in Markdown;
* a glossary term (``{term}``) is the term in bold, its short definition as hover text, linked to a
  list "Terms used in this chapter" placed before the chapter's sources (in the notebook's language);
* a figure reference (``{numref}``) is "Figure N", linked to the caption, N as JupyterLab numbers the
  notebook's figures (another notebook's figure: its number in the book, "Figure 2.N");
* a page reference (``{doc}``) is a link to that notebook.

Links and anchors are inline HTML, which jupyterlab-myst leaves to JupyterLab (and JupyterLab scrolls
to the anchor): a Markdown link to ``#…`` is a MyST cross-reference and fails like the roles.

``make lab`` writes the prepared notebooks to ``lab/`` (``lab/id/`` for Indonesian), which
``make clean`` leaves alone: a student's work there is never overwritten. A notebook is (re)written
only if it is missing or still as last prepared (``.prepared.json`` keeps a hash of each file's content; opening
a notebook in JupyterLab, which adds its kernel's ``language_info``, does not count as a change).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import json
import re
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from thaw import i18n
from thaw.book.editions import notebook_in
from thaw.book.translated_notebooks import catalogue_path
from thaw.book.translations import read_catalogue
from thaw.figures import NUMREF, REFERENCE_FORMAT, caption_labels
from thaw.figures import _numbers as book_figure_numbers
from thaw.paths import ROOT

BIBLIOGRAPHY = ROOT / "book" / "references.bib"
GLOSSARY = ROOT / "book" / "glossary.md"
#: The repository's one copy of the JupyterLab settings students get (the news prompt off).
SETTINGS_OVERRIDES = ROOT / "jupyterlab" / "overrides.json"
#: Where JupyterLab reads settings overrides, under the prefix of the Python that runs it.
OVERRIDES_IN_PREFIX = Path("share", "jupyter", "lab", "settings", "overrides.json")
#: The record of what was last prepared in an output folder: file name -> sha256 of its text.
RECORD = ".prepared.json"

CITE = re.compile(r"\{cite(?::(?P<kind>[pt]))?\}`(?P<keys>[^`]+)`")
TERM = re.compile(r"\{term\}`(?P<text>[^`<]*?)\s*(?:<(?P<target>[^`>]+)>)?`")
DOC = re.compile(r"\{doc\}`(?P<text>[^`<]*?)\s*(?:<(?P<target>[^`>]+)>)?`")
BIBLIOGRAPHY_DIRECTIVE = re.compile(r"^(`{3,})\{bibliography\}[^\n]*\n(?:.*?\n)??\1[ \t]*$", re.M | re.S)
HEADING = re.compile(r"^#{1,6} .*$", re.M)
#: The end of a sentence in a glossary definition: a full stop after a word or a number (not "No.", "S. N."),
#: then a capital.
SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”»])(?<!\bNo)(?<!\bSt)(?<!\bArt)(?<!\bvol)(?<!\bpp)(?<!\bp)\.\s+(?=[A-Z\"“«(])")

TERMS_HEADING = {"en": "Terms used in this chapter", "id": "Istilah dalam bab ini"}


class UnknownReference(ValueError):
    """A citation key, glossary term, figure label or page that the course does not have."""


# --- Citations ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Work:
    key: str
    author: str  # as the book's author–year citations give it (Markdown)
    year: str
    reference: str  # the full reference, as in the book's source lists (Markdown)
    plain: str  # the same, plain text (hover text)


@lru_cache(maxsize=None)
def works(bibliography: Path = BIBLIOGRAPHY) -> dict[str, Work]:
    """Every work of the .bib file, formatted as the book formats it: the citations by sphinxcontrib-bibtex's
    author–year style (``bibtex_reference_style: author_year``), the references by the course's pybtex style
    (``bibtex_default_style: thaw``, thaw.book.sphinxext.citations), sorted as the book sorts them."""
    from pybtex.backends.markdown import Backend as Markdown
    from pybtex.backends.plaintext import Backend as PlainText
    from pybtex.database import parse_file
    from pybtex.richtext import Text
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import year

    from thaw.book.sphinxext.citations import _CourseBibliographyStyle, _KeyLabels

    markdown, plain = Markdown(), PlainText()  # rendering by a backend's name looks it up each time: slow
    entries = parse_file(str(bibliography), bib_format="bibtex").entries
    style = AuthorYearReferenceStyle()
    author = style.person.author_or_editor_or_title(full=False)
    found = {}
    for formatted in _CourseBibliographyStyle(label_style=_KeyLabels).format_entries(entries.values()):
        data = {"entry": entries[formatted.key], "style": style}
        found[formatted.key] = Work(formatted.key, Text(author.format_data(data)).render(markdown),
                                    Text(year.format_data(data)).render(markdown),
                                    formatted.text.render(markdown), formatted.text.render(plain))
    return found


def source_anchor(key: str) -> str:
    return "source-" + re.sub(r"[^\w-]+", "-", key)


def attribute(text: str) -> str:
    """Text for an HTML attribute inside Markdown (a table's pipes too)."""
    return html.escape(" ".join(text.split()), quote=True).replace("|", "&#124;")


def _link(work: Work, text: str) -> str:
    return f'<a href="#{source_anchor(work.key)}" title="{attribute(work.plain)}">{text}</a>'


def citation(kind: str, keys: list[str]) -> str:
    """A citation as the book writes it: parenthetical "[Jones, 2017, Smith, 2005]" or textual "Smith [2005]";
    several works in the order of the source list, as sphinxcontrib-bibtex orders them."""
    cited = [work for work in works().values() if work.key in keys]
    if kind == "t":
        return ", ".join(f"{w.author} \\[{_link(w, w.year)}\\]" for w in cited)
    return "\\[" + ", ".join(_link(w, f"{w.author}, {w.year}") for w in cited) + "\\]"


def _keys(text: str) -> list[str]:
    return [key.strip() for key in re.split(r"[,;]", text) if key.strip()]


def source_list(keys: list[str]) -> str:
    """The chapter's works, in the book's order, each with the anchor its citations link to."""
    return "\n".join(f'- <a id="{source_anchor(w.key)}"></a>' + w.reference.replace("\n", "\n  ")
                     for w in works().values() if w.key in keys)


# --- Glossary ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    anchor: str  # from the English headword, the same in every language
    headword: str
    names: str  # the line that gives the Russian and Indonesian terms
    definition: str  # Markdown

    @property
    def hover(self) -> str:
        """The short definition: the definition's first sentence, plain."""
        return SENTENCE_END.split(re.sub(r"[*`]", "", self.definition), maxsplit=1)[0].rstrip(".") + "."


def glossary_entries(glossary: Path = GLOSSARY) -> dict[str, list[str]]:
    """The English glossary's entries: headword -> its paragraphs, each on one line, as Sphinx reads them."""
    text = glossary.read_text(encoding="utf-8")
    body = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.M | re.S).group(1)
    entries: dict[str, list[str]] = {}
    paragraphs: list[str] = []
    for line in body.splitlines() + [""]:
        if line and not line[0].isspace():
            paragraphs = entries.setdefault(line.strip(), [])
            paragraphs.append("")
        elif line.strip():
            paragraphs[-1] = (paragraphs[-1] + " " + line.strip()).strip()
        elif paragraphs and paragraphs[-1]:
            paragraphs.append("")
    return {headword: [p for p in paragraphs if p] for headword, paragraphs in entries.items()}


@lru_cache(maxsize=None)
def glossary(language: str = i18n.SOURCE_LANGUAGE) -> dict[str, Term]:
    """The glossary in ``language``, by English headword in lower case (Sphinx matches terms so):
    the Indonesian headwords and definitions come from the book's catalogue of the glossary page."""
    translate = (lambda text: text) if language == i18n.SOURCE_LANGUAGE else _translator(language)
    terms = {}
    for headword, (names, *definition) in glossary_entries().items():
        anchor = "term-" + re.sub(r"\W+", "-", headword.lower()).strip("-")
        terms[headword.lower()] = Term(anchor, translate(headword), translate(names),
                                       " ".join(translate(p) for p in definition))
    return terms


def _translator(language: str):
    path = catalogue_path(GLOSSARY, language)
    catalogue = {m.id: m.string for m in read_catalogue(path) if m.id and m.string and not m.fuzzy}

    def translate(text: str) -> str:
        if text not in catalogue:
            raise UnknownReference(f"{path.relative_to(ROOT)}: no up-to-date translation of {text[:60]!r}")
        return catalogue[text]
    return translate


def term_list(terms: list[Term]) -> str:
    return "\n".join(f'- <a id="{t.anchor}"></a>**{t.headword}** ({t.names}): {t.definition}'
                     for t in sorted(terms, key=lambda t: t.headword.lower()))


# --- Figures and pages -------------------------------------------------------------------------

def figure_word(language: str) -> str:
    """"Figure %s" in ``language`` (the book's ``numfig_format``, translated as the code's catalogues do)."""
    if language == i18n.SOURCE_LANGUAGE:
        return REFERENCE_FORMAT
    return i18n.catalogue(language).get(REFERENCE_FORMAT, REFERENCE_FORMAT)


def page_title(page: str, language: str) -> str:
    """The title of a chapter (its first heading), in the notebook of ``language``."""
    path = ROOT / notebook_in(language, f"notebooks/{page}.ipynb")
    if not path.exists():
        raise UnknownReference(f"{{doc}}`{page}`: no notebook {path.relative_to(ROOT)}")
    cells = nbformat.read(path, as_version=4).cells
    return next(line.removeprefix("# ") for cell in cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("# "))


# --- The notebook ------------------------------------------------------------------------------

def prepared_for_jupyterlab(notebook: nbformat.NotebookNode, language: str = i18n.SOURCE_LANGUAGE
                            ) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose Markdown JupyterLab renders without the book: citations, glossary terms,
    figure and page references as readable, linked text, and the chapter's sources and terms as lists
    (see the module's description). Code cells are untouched. Raises UnknownReference, naming the cell,
    for a citation key, term, figure label or page the course does not have."""
    prepared = nbformat.from_dict(copy.deepcopy(dict(notebook)))
    terms = glossary(language)
    local_figures = caption_labels(prepared.cells)
    cited: list[str] = []
    used: dict[str, Term] = {}

    def cite(match: re.Match) -> str:
        keys = _keys(match.group("keys"))
        unknown = [key for key in keys if key not in works()]
        if unknown:
            raise UnknownReference(f"{where}: {match.group(0)} cites {', '.join(unknown)}, which "
                                   f"{BIBLIOGRAPHY.relative_to(ROOT)} does not have")
        cited.extend(key for key in keys if key not in cited)
        return citation(match.group("kind") or "p", keys)

    def term(match: re.Match) -> str:
        text, target = match.group("text"), match.group("target") or match.group("text")
        found = terms.get(target.strip().lower())
        if found is None:
            raise UnknownReference(f"{where}: {match.group(0)}: no such term in {GLOSSARY.relative_to(ROOT)}")
        used[found.anchor] = found
        return f'<a href="#{found.anchor}" title="{attribute(found.hover)}"><strong>{html.escape(text)}</strong></a>'

    def numref(match: re.Match) -> str:
        label = match.group(1).strip()
        if label in local_figures:
            number = str(local_figures.index(label) + 1)
            return f'<a href="#{label}">{figure_word(language) % number}</a>'
        if label not in book_figure_numbers():
            raise UnknownReference(f"{where}: {match.group(0)}: no figure of the course has this label")
        return figure_word(language) % book_figure_numbers()[label]

    def doc(match: re.Match) -> str:
        page = (match.group("target") or match.group("text")).strip()
        text = match.group("text") if match.group("target") else page_title(page, language)
        return f'<a href="{page}.ipynb">{html.escape(text)}</a>'

    sources_cell = None
    for index, cell in enumerate(prepared.cells):
        if cell.cell_type != "markdown":
            continue
        where = f"cell {index} ({cell.get('id', '')})"
        source = CITE.sub(cite, cell.source)
        source = TERM.sub(term, source)
        source = NUMREF.sub(numref, source)
        cell.source = DOC.sub(doc, source)
        if BIBLIOGRAPHY_DIRECTIVE.search(cell.source):
            sources_cell = cell

    glossary_section = (f"## {TERMS_HEADING[language]}\n\n{term_list(list(used.values()))}\n\n" if used else "")
    if sources_cell is not None:
        source = sources_cell.source
        directive = BIBLIOGRAPHY_DIRECTIVE.search(source)
        source = source[:directive.start()] + source_list(cited) + source[directive.end():]
        headings = [h for h in HEADING.finditer(source) if h.start() < directive.start()]
        at = headings[-1].start() if headings else 0
        sources_cell.source = source[:at] + glossary_section + source[at:]
    elif glossary_section:
        prepared.cells.append(nbformat.v4.new_markdown_cell(glossary_section.rstrip("\n")))
    return prepared


# --- Writing them ------------------------------------------------------------------------------

def text(notebook: nbformat.NotebookNode) -> str:
    written = nbformat.writes(notebook, version=4)
    return written if written.endswith("\n") else written + "\n"


def fingerprint(text: str) -> str:
    """A notebook's content, hashed: its cells and metadata, but not what JupyterLab's kernel writes into a
    notebook it merely opens (``language_info``), nor the file's layout."""
    content = json.loads(text)
    content.get("metadata", {}).pop("language_info", None)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def source_notebooks(language: str) -> list[Path]:
    """The notebooks a student opens: the chapters (and, in a translated edition, the reference pages too)."""
    folder = ROOT / Path(notebook_in(language, "notebooks/01.ipynb")).parent
    pattern = "[0-9][0-9]-*.ipynb" if language == i18n.SOURCE_LANGUAGE else "*.ipynb"
    return sorted(folder.glob(pattern))


def prepare(out: Path, language: str = i18n.SOURCE_LANGUAGE, sources: list[Path] | None = None) -> list[str]:
    """Write each notebook prepared for JupyterLab into ``out``, never over a student's work: a notebook is
    (re)written only if it is missing or still exactly as last prepared. Returns one line per notebook kept."""
    sources = source_notebooks(language) if sources is None else sources
    made = {path.name: text(prepared_for_jupyterlab(nbformat.read(path, as_version=4), language))
            for path in sources}  # all first: an unknown reference leaves every file as it was
    out.mkdir(parents=True, exist_ok=True)
    record_path = out / RECORD
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    kept = []
    for name, new in made.items():
        target = out / name
        if target.exists() and fingerprint(target.read_text(encoding="utf-8")) != record.get(name):
            kept.append(f"{target}: kept as it is (changed since it was prepared; delete it for a fresh copy)")
            continue
        if not target.exists() or target.read_text(encoding="utf-8") != new:
            target.write_text(new, encoding="utf-8")
        record[name] = fingerprint(new)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return kept


def prepare_in_place(language: str) -> None:
    """Prepare the repository's own notebooks in place: for a Binder image only (its postBuild), whose
    launch buttons open ``notebooks/<name>.ipynb``. Never run this in a working copy of the course."""
    for path in source_notebooks(language):
        path.write_text(text(prepared_for_jupyterlab(nbformat.read(path, as_version=4), language)),
                        encoding="utf-8")


def install_settings(prefix: Path = Path(sys.prefix)) -> Path:
    """Install the course's JupyterLab settings (the news prompt off) for the JupyterLab of ``prefix``."""
    target = prefix / OVERRIDES_IN_PREFIX
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SETTINGS_OVERRIDES, target)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m thaw.book.lab", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="the folder for the prepared notebooks")
    parser.add_argument("--language", default=i18n.SOURCE_LANGUAGE, choices=sorted(i18n.LANGUAGES))
    parser.add_argument("--in-place", action="store_true",
                        help="prepare the repository's notebooks themselves (Binder's postBuild only)")
    parser.add_argument("--install-settings", type=Path, metavar="PREFIX",
                        help="install the JupyterLab settings under this Python prefix, and stop")
    arguments = parser.parse_args(argv)
    if arguments.install_settings:
        print(f"JupyterLab settings: {install_settings(arguments.install_settings)}")
    elif arguments.in_place:
        prepare_in_place(arguments.language)
    elif arguments.out:
        for line in prepare(arguments.out, arguments.language):
            print(line)
    else:
        parser.error("give OUT_DIR, --in-place or --install-settings")


if __name__ == "__main__":
    main()
