"""The course's answer keys, and keeping them out of what students receive.

The keys are: chapter 10's verdicts on the claims of the source text (a table, the module that
shows it and their translations), the solutions to the exercises, and the cells tagged
``answer-key``. The student edition (:mod:`thaw.book.student`) and the released assignments
(:mod:`thaw.book.assignments`) leave them out; :func:`leaks` checks what they wrote, and both
refuse to finish if a key string is found.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat

from thaw.paths import ROOT

#: Tables of the data package that are answer keys.
KEY_TABLES = ("seed_claims_key",)
#: Modules of the package that show an answer key.
KEY_MODULES = ("thaw.chapters.claims_answer_key",)
#: Cells that show an answer key carry this tag.
KEY_CELL_TAG = "answer-key"
#: Functions that reveal answers: their definitions (``def <name>(``) must not reach students.
KEY_FUNCTIONS = ("answer_key", "claim_quiz", "assess")

#: The opening line of a MyST directive written as a fence: ```{solution} label
FENCE = re.compile(r"^(`{3,}|~{3,})\s*\{([\w-]+)\}")
SHORTEST_KEY_LINE = 30  # characters: shorter lines of a solution's text ("terms", "1953") prove no leak


def _catalogue_names() -> list[str]:
    """The gettext catalogues (without extension) that hold a key's translations."""
    return [f"data-{table}" for table in KEY_TABLES] + [module.removeprefix("thaw.") for module in KEY_MODULES]


def copy_data_without_keys(source: Path, target: Path) -> None:
    """Copy the data folder, leaving out the key tables and their entries in ``datapackage.json``."""
    package = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    kept = [r for r in package["resources"] if r["name"] not in KEY_TABLES]
    key_files = {r["path"] for r in package["resources"] if r["name"] in KEY_TABLES}
    shutil.copytree(source, target, ignore=lambda folder, names: [n for n in names if n in key_files])
    (target / "datapackage.json").write_text(
        json.dumps({**package, "resources": kept}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def copy_package_without_keys(source: Path, target: Path) -> None:
    """Copy ``src/`` (the package), leaving out the key modules and their catalogues."""
    modules = {module.rsplit(".", 1)[1] + ".py" for module in KEY_MODULES}
    catalogues = {name + suffix for name in _catalogue_names() for suffix in (".po", ".mo")}
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(
        "__pycache__", "*.egg-info", *sorted(modules), *sorted(catalogues)))


def solution_parts(notebook):
    """Each cell of ``notebook`` with what of it is a solution or an answer key: (cell, part).

    ``part`` is "key" (a cell tagged as an answer key), "solution" (a code cell inside a gated solution),
    "text" (any other code or raw cell), or, for a Markdown cell, its lines as (line, kind): "text",
    "solution" (a line of a solution) or "marker" (a solution directive's own fence). The Markdown is
    read line by line with one state that carries across cells, so a gated solution
    (``{solution-start}`` … ``{solution-end}``) spanning prose and code cells is found whole.
    """
    state, fence = "text", ""   # text | gated (inside solution-start..end) | closing | plain
    for cell in notebook.cells:
        if KEY_CELL_TAG in cell.metadata.get("tags", []):
            yield cell, "key"
            continue
        if cell.cell_type != "markdown":
            yield cell, "solution" if state == "gated" else "text"
            continue
        lines = []
        for line in cell.source.split("\n"):
            opening = FENCE.match(line.strip())
            name = opening.group(2) if opening else None
            kind = "marker"
            if state == "text":
                if name == "solution-start":
                    state = "gated"
                elif name == "solution":
                    state, fence = "plain", opening.group(1)
                else:
                    kind = "text"
            elif state == "gated":
                if name == "solution-end":
                    state = "closing"
                else:
                    kind = "solution"
            elif state == "closing":  # the fence that closes the solution-end directive
                state = "text"
            elif state == "plain":
                if line.strip() == fence:
                    state = "text"
                else:
                    kind = "solution"
            lines.append((line, kind))
        yield cell, lines


def _solution_parts(notebook) -> tuple[list[str], list[str], str]:
    """(the lines of every solution's text, the code cells of solutions and answer-key cells,
    everything else) of a notebook."""
    lines, code, rest = [], [], []
    for cell, part in solution_parts(notebook):
        if part == "key":
            if cell.cell_type == "code":
                code.append(cell.source)
            else:
                lines.extend(cell.source.split("\n"))
        elif part == "solution":
            code.append(cell.source)
        elif part == "text":
            rest.append(cell.source)
        else:
            lines.extend(line for line, kind in part if kind == "solution")
            rest.extend(line for line, kind in part if kind == "text")
    return lines, code, "\n".join(rest)


def key_strings(root: Path = ROOT, notebooks: list[Path] | None = None) -> set[str]:
    """Every string whose presence in a student's files gives an answer away.

    - each line (of at least SHORTEST_KEY_LINE characters) of a solution's text, and each code cell
      of a solution or an answer-key cell, in ``notebooks`` (default: every chapter, in every
      language);
    - the correct facts of the key tables, in English and in every translation;
    except what students read anyway: the chapters' other text and the glossary.
    - the definitions of the functions that reveal answers.
    Verdicts are single words ("wrong"): :func:`verdict_patterns` finds them beside their claim.
    """
    from babel.messages.pofile import read_po

    strings = {f"def {name}(" for name in KEY_FUNCTIONS}
    paths = notebooks or sorted((root / "notebooks").rglob("[0-9][0-9]-*.ipynb"))
    parts = [_solution_parts(nbformat.read(path, as_version=4)) for path in paths]
    # What students may read anyway: the chapters' other text and the glossary (its definitions go into
    # the notebooks prepared for JupyterLab), in every language.
    public = "\n".join([rest for _lines, _code, rest in parts] + _glossary_texts(root))
    for lines, code, _rest in parts:
        strings.update(line.strip() for line in lines
                       if len(line.strip()) >= SHORTEST_KEY_LINE and line.strip() not in public)
        strings.update(cell.strip() for cell in code if cell.strip() and cell.strip() not in public)
    facts = []
    for table in KEY_TABLES:
        facts.extend(row["correct_fact"] for row in _key_rows(root, table))
        for path in (root / "src" / "thaw" / "locale").glob(f"*/LC_MESSAGES/data-{table}.po"):
            with path.open("rb") as handle:
                facts.extend(m.string for m in read_po(handle) if m.id and m.string)
    strings.update(fact for fact in facts if fact not in public)  # "The 20th Congress met on …" is the glossary's
    return {s for s in strings if s}


def _glossary_texts(root: Path) -> list[str]:
    from babel.messages.pofile import read_po

    texts = [(root / "book" / "glossary.md").read_text(encoding="utf-8")]
    for path in (root / "book" / "locales").glob("*/LC_MESSAGES/book/glossary.po"):
        with path.open("rb") as handle:
            texts.extend(m.string for m in read_po(handle) if m.id and m.string)
    return texts


def _key_rows(root: Path, table: str) -> list[dict]:
    import csv

    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    path = next(r["path"] for r in package["resources"] if r["name"] == table)
    with (root / "data" / path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def verdict_patterns(root: Path = ROOT) -> list[re.Pattern]:
    """A claim's id and its verdict on one line: how a verdict would show in a table, a test or a dict."""
    rows = _key_rows(root, "seed_claims_key")
    return [re.compile(rf"\b{re.escape(row['id'])}\b[^\n]{{0,400}}\b{re.escape(row['verdict'])}\b") for row in rows]


def _texts(where: Path):
    """(name, text) of a file, or of every file in a folder or a zip."""
    if where.is_file() and not zipfile.is_zipfile(where):
        yield where.name, where.read_bytes().decode("utf-8", errors="ignore")
        return
    if zipfile.is_zipfile(where):
        with zipfile.ZipFile(where) as packed:
            for name in packed.namelist():
                yield name, packed.read(name).decode("utf-8", errors="ignore")
        return
    for path in sorted(where.rglob("*")):
        if path.is_file():
            yield str(path.relative_to(where)), path.read_bytes().decode("utf-8", errors="ignore")


def leaks(where: Path, strings: set[str], patterns: list[re.Pattern]) -> list[str]:
    """What in ``where`` (a file, a folder or a zip) gives an answer away: "file: what", one per finding."""
    found = []
    for name, text in _texts(where):
        # A notebook's JSON escapes quotes and newlines: search its cells' text as well.
        views = [text]
        if name.endswith(".ipynb"):
            try:
                views.append("\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells))
            except Exception:  # not a notebook after all: its raw text is searched
                pass
        for view in views:
            hits = [s for s in strings if s in view] + [p.pattern for p in patterns if p.search(view)]
            found.extend(f"{name}: {hit[:80]!r}" for hit in hits)
    return sorted(set(found))
