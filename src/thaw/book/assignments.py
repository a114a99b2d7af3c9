"""nbgrader assignments made from the chapters (``make assignments``).

Writes an nbgrader course directory (default ``assignments/``, or ``assignments-id/`` for the
Indonesian edition): ``nbgrader_config.py`` (written once; after that it is the instructor's), each
assignment's source in ``source/<assignment>/``, and, through nbgrader's own ``generate_assignment``,
the student versions in ``release/``. It never touches the gradebook's students, submissions or
grades, so it is safe to run again when the course changes.

One assignment per chapter, made from the chapter's notebook:
- an exercise whose solution computes its answer (its text names it: "*Your answer:* `name`")
  gets an answer cell, whose nbgrader solution is the course's code (students get a stub), and an
  autograded test: a hidden test runs the course's solution and compares the student's ``name``
  with it by :func:`thaw.grading.matches`, which accepts every correct form of the answer;
- an exercise with a written answer, and the written part of a computed one, is a task graded by
  hand; its mark scheme, hidden from students, is the course's model answer;
- cells that show an answer key are left out, and so is chapter 10's claim checker, which the
  capstone grades.
The capstone, made from chapter 10: the student's verdict on every claim of the source text
(autograded, one point per claim) and their justifications (graded by hand against the rows of the
chapter's rubric that grade evidence).

The release folder is then checked for answer keys (:mod:`thaw.book.answer_keys`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from thaw import data
from thaw.book import answer_keys
from thaw.book.editions import notebook_in
from thaw.book.lab import prepared_for_jupyterlab
from thaw.i18n import SOURCE_LANGUAGE, _, language as current_language, set_language
from thaw.paths import ROOT

AUTOGRADED_POINTS = 2   # a computed answer
WRITTEN_POINTS = 3      # a written answer, graded by hand against its mark scheme
VERDICT_POINTS = 1      # the capstone: one claim's verdict
RUBRIC_BEST = 4         # the best mark for one criterion of chapter 10's rubric
#: The rows of chapter 10's rubric (by their English criterion) that grade the capstone's justifications.
JUSTIFICATION_CRITERIA = ("evidence", "kind of error", "writing")
CAPSTONE = "capstone"
CAPSTONE_CHAPTER = "10-reading-a-source.ipynb"
CAPSTONE_TAG = "capstone"        # chapter 10's cells that the capstone shows too (the source, the method)
CHECKER_TAG = "claim-checker"    # chapter 10's claim checker: in the capstone, not in the chapter's assignment
COURSE_ID = "thaw"
#: A solution's cells with these tags only display what the others computed (a summary in prose): the
#: hidden test's reference leaves them out, as they may use names a student's notebook does not have.
DISPLAY_TAGS = {"remove-input", "remove-cell"}
DEFAULT_COURSE_DIRS = {"en": "assignments", "id": "assignments-id"}

ANSWER_LINE = re.compile(r"^\*(?:Your answer|Jawaban Anda):\* `([A-Za-z_][A-Za-z0-9_]*)`", re.MULTILINE)
LABEL = re.compile(r"^:label:\s*(\S+)", re.MULTILINE)
SOLUTION_DIRECTIVES = ("exercise", "solution", "solution-start", "solution-end")

CONFIG = '''\
# nbgrader settings of the Khrushchev Thaw course, written once by `make assignments`: edit freely.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, GetGrades

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = "{course_id}"
# Students fetch from and submit to the exchange. On a JupyterHub it is a folder every user can
# reach (the default is /srv/nbgrader/exchange); see the instructor guide, "Teaching at scale".
# c.Exchange.root = "/srv/nbgrader/exchange"
# Autograding runs each notebook: allow a slow server time for a cell that draws a chart, and use the
# course's kernel manager, which looks for a cell's reply every second (nbclient can miss a reply after
# a widget is drawn and wait out the whole timeout: nbclient issue 312; thaw.book.build).
c.Execute.timeout = 300
c.Execute.kernel_manager_class = "thaw.book.build.PromptKernelManager"
# Feedback shows each mark and what the tests printed, but not the hidden tests or mark schemes:
# they hold the course's answers, which next year's students should not inherit.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, ClearMarkScheme, CSSHTMLHeaderPreprocessor]
'''


@dataclass
class Exercise:
    label: str
    text: str                                           # the exercise directive, as the chapter writes it
    answer: str | None = None                           # the name that holds a computed answer
    code: list[str] = field(default_factory=list)       # the solution's code cells
    reference: list[str] = field(default_factory=list)  # those that compute (not those that only display)
    model: list[str] = field(default_factory=list)      # the solution's prose: the mark scheme


# --- Cells with nbgrader's metadata ----------------------------------------------------------------

def _graded(cell, grade_id: str, **kind):
    """``cell`` with nbgrader's metadata (schema 3); ``kind``: grade, solution, locked, task, points."""
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": False, "task": False,
                                 "schema_version": 3, "grade_id": grade_id, **kind}
    return cell


def _markdown(text: str, grade_id: str | None = None, **kind):
    cell = nbformat.v4.new_markdown_cell(text)
    return _graded(cell, grade_id, **kind) if grade_id else cell


def _code(text: str, grade_id: str | None = None, **kind):
    cell = nbformat.v4.new_code_cell(text)
    return _graded(cell, grade_id, **kind) if grade_id else cell


def _mark_scheme(parts: list[str]) -> str:
    return "\n\n".join(["### BEGIN MARK SCHEME", *parts, "### END MARK SCHEME"])


def plain_exercise(directive: str) -> str:
    """An exercise directive as plain Markdown, which the formgrader and the feedback pages (nbconvert)
    render too: its title in bold, then its text."""
    lines = directive.split("\n")
    title = answer_keys.FENCE.sub("", lines[0].strip()).strip()
    body = [line for line in lines[1:-1] if not line.startswith(":")]
    return "\n".join([_("**Exercise {title}**").format(title=title), *body]).strip()


def exercise_cells(exercise: Exercise) -> list:
    """One exercise's cells: the task (graded by hand) or its text, the answer and its test, a place to write."""
    text = plain_exercise(exercise.text)
    model = [part.strip() for part in exercise.model if part.strip()]
    code = "\n\n".join(c.strip() for c in exercise.code if c.strip())
    reference = "\n\n".join(c.strip() for c in exercise.reference if c.strip())
    written = bool(model) or not exercise.answer
    cells = []
    if written:
        scheme = [_("**The course's model answer.**"), *model]
        if code and not exercise.answer:  # computed with no named answer: the grader reads the course's code
            scheme.append(f"```python\n{code}\n```")
        cells.append(_markdown(text + "\n\n" + _mark_scheme(scheme), exercise.label, task=True,
                               locked=True, points=WRITTEN_POINTS))
    else:
        cells.append(_markdown(text, f"{exercise.label}-text", locked=True))
    if exercise.answer:
        name = exercise.answer
        cells.append(_code("\n".join([_("# Your code: keep your answer in `{name}`.").format(name=name),
                                      "### BEGIN SOLUTION", code, "### END SOLUTION"]),
                           f"{exercise.label}-answer", solution=True))
        missing = _("Keep your answer in `{name}`, as the exercise asks.").format(name=name)
        cells.append(_code("\n".join([
            _("# Checks `{name}` ({points} points) when your work is graded.").format(
                name=name, points=AUTOGRADED_POINTS),
            "from thaw.grading import require_answer",
            f"require_answer(globals(), {name!r}, {missing!r})",
            "### BEGIN HIDDEN TESTS",
            "from thaw.grading import mark",
            f"mark(globals(), {name!r}, {reference!r}, {AUTOGRADED_POINTS})",
            "### END HIDDEN TESTS"]), f"{exercise.label}-test", grade=True, locked=True, points=AUTOGRADED_POINTS))
    if written:
        cells.append(_markdown(_("**Your written answer** (`{label}`): replace this line with it.").format(
            label=exercise.label)))
    return cells


# --- A chapter's assignment ------------------------------------------------------------------------

def _pieces(source: str):
    """A Markdown cell as ("text", …), ("exercise", directive), ("solution", body), ("solution-start", "")
    and ("solution-end", "") pieces, in order."""
    pieces, text, block, inside, fence = [], [], [], None, ""
    for line in source.split("\n"):
        opening = answer_keys.FENCE.match(line.strip())
        if inside is None:
            if opening and opening.group(2) in SOLUTION_DIRECTIVES:
                if text:
                    pieces.append(("text", "\n".join(text)))
                    text = []
                inside, fence, block = opening.group(2), opening.group(1), [line]
            else:
                text.append(line)
            continue
        block.append(line)
        if line.strip() == fence:
            if inside == "exercise":
                pieces.append(("exercise", "\n".join(block)))
            elif inside == "solution":  # its body, without the directive's options (":class: dropdown")
                body = block[1:-1]
                while body and (body[0].startswith(":") or not body[0].strip()):
                    body = body[1:]
                pieces.append(("solution", "\n".join(body)))
            else:
                pieces.append((inside, ""))
            inside = None
    if text:
        pieces.append(("text", "\n".join(text)))
    return pieces


def _without_outputs(cell):
    copy = nbformat.from_dict(dict(cell))
    if copy.cell_type == "code":
        copy.outputs, copy.execution_count = [], None
    return copy


def chapter_assignment(notebook) -> nbformat.NotebookNode:
    """The nbgrader source version of one chapter: its exercises graded, its solutions the grader's."""
    cells, exercise, gated = [], None, False
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if answer_keys.KEY_CELL_TAG in tags or CHECKER_TAG in tags:
            continue
        if cell.cell_type != "markdown":
            if gated:
                exercise.code.append(cell.source)
                if not DISPLAY_TAGS & set(tags):
                    exercise.reference.append(cell.source)
            else:
                cells.append(_without_outputs(cell))
            continue
        kept: list[str] = []
        for kind, text in _pieces(cell.source):
            if kind == "text":
                (exercise.model if gated else kept).append(text)
                continue
            if kept and "\n".join(kept).strip():
                cells.append(_markdown("\n".join(kept).strip("\n")))
            kept = []
            if kind == "exercise":
                answer = ANSWER_LINE.search(text)
                exercise = Exercise(LABEL.search(text).group(1), text, answer.group(1) if answer else None)
            elif kind == "solution":
                exercise.model.append(text)
                cells.extend(exercise_cells(exercise))
                exercise = None
            elif kind == "solution-start":
                gated = True
            elif kind == "solution-end":
                gated = False
                cells.extend(exercise_cells(exercise))
                exercise = None
        if "\n".join(kept).strip():
            cells.append(_markdown("\n".join(kept).strip("\n")))
        if exercise is not None and not gated:  # an exercise with no solution: graded by hand, no mark scheme
            cells.extend(exercise_cells(exercise))
            exercise = None
    return _notebook_like(notebook, cells)


def _notebook_like(notebook, cells) -> nbformat.NotebookNode:
    result = nbformat.from_dict(dict(notebook))
    result.metadata.pop("widgets", None)
    result.cells = cells
    seen = set()
    for cell in result.cells:  # cells made here, or split, get ids of their own
        if not cell.get("id") or cell.id in seen:
            cell.id = nbformat.v4.new_markdown_cell().id
        seen.add(cell.id)
    return result


# --- The capstone ----------------------------------------------------------------------------------

def _rubric_rows(english, edition) -> str:
    """The header and the justification rows of chapter 10's rubric table, in the edition's language
    (the edition's cells are the English cells, with the same ids)."""
    def rows(cell):
        return [line for line in cell.source.split("\n") if line.startswith("|")]

    rubric = next((cell for cell in english.cells if rows(cell) and rows(cell)[0].split("|")[1].strip() == "criterion"),
                  None)
    if rubric is None:
        raise LookupError("chapter 10 has no rubric table (a table whose first column is 'criterion')")
    wanted = [i for i, row in enumerate(rows(rubric)) if row.split("|")[1].strip() in JUSTIFICATION_CRITERIA]
    if len(wanted) != len(JUSTIFICATION_CRITERIA):
        raise LookupError(f"chapter 10's rubric lacks a row for one of {JUSTIFICATION_CRITERIA}")
    translated = rows(next(cell for cell in edition.cells if cell.get("id") == rubric.get("id")))
    return "\n".join([translated[0], translated[1], *(translated[i] for i in wanted)])


def capstone(english, edition) -> nbformat.NotebookNode:
    """The capstone: chapter 10's source and method, its claim checker (recording only), a test per claim
    and the justifications graded by hand. ``english`` and ``edition``: chapter 10 in English and in the
    language of the assignment (the same cells)."""
    claims = data.table("seed_claims")
    key = data.table("seed_claims_key").set_index("id")
    justification_points = RUBRIC_BEST * len(JUSTIFICATION_CRITERIA)
    cells = [_markdown(_(
        "# Capstone: check the claims of a source\n\n"
        "This assignment applies the method of the whole course to one text. Give your verdict on each of "
        "the {count} checkable claims of the source text, with the claim checker below, and justify each "
        "verdict in a sentence that names the evidence: a date, a number, a document, and the chapter that "
        "gives it.\n\n"
        "- **Verdicts**: {verdict_points} point for each claim, marked automatically when your work is "
        "graded. The checker does not tell you the course's verdicts.\n"
        "- **Justifications**: {justification_points} points, graded by hand against the rubric at the end.\n\n"
        "The checker saves your answers to `claim-answers.json` beside this notebook after every answer, "
        "and the file is submitted with the notebook. Before you submit, run every cell from the top and "
        "check that the table of your answers is complete.").format(
            count=len(claims), verdict_points=VERDICT_POINTS, justification_points=justification_points),
        "capstone-instructions", locked=True)]
    checker_calls = 0
    for cell in edition.cells:
        tags = cell.metadata.get("tags", [])
        if CAPSTONE_TAG not in tags and CHECKER_TAG not in tags:
            continue
        copy = _without_outputs(cell)
        if "build_checker()" in copy.source:  # the capstone records; it never shows the course's verdicts
            copy.source = copy.source.replace("build_checker()", "build_checker(practice=False)")
            checker_calls += 1
        cells.append(copy)
    if checker_calls != 1:
        raise LookupError(f"chapter 10 should have one cell tagged {CHECKER_TAG!r} calling build_checker(), "
                          f"not {checker_calls}")
    cells.append(_code("claim_answers = claims.load_answers()\nclaims.answers_table(claim_answers)",
                       "capstone-answers", locked=True))
    for row in claims.itertuples():
        cells.append(_code("\n".join([
            _("# Claim {claim} (line {line}): your verdict ({points} point) is marked when your work is graded.").format(
                claim=row.id, line=row.line, points=VERDICT_POINTS),
            "### BEGIN HIDDEN TESTS",
            "from thaw.grading import mark_verdict",
            f"mark_verdict(globals().get('claim_answers'), {row.id!r}, {key.loc[row.id, 'verdict']!r}, "
            f"{VERDICT_POINTS})",
            "### END HIDDEN TESTS"]), f"capstone-{row.id}", grade=True, locked=True, points=VERDICT_POINTS))
    answer_key = "\n".join([_("| claim | the course's verdict | the correct fact | evidence |"), "|---|---|---|---|"] + [
        f"| {row.id} | {key.loc[row.id, 'verdict']} | {_(key.loc[row.id, 'correct_fact'])} | "
        f"{key.loc[row.id, 'chapter']}; {key.loc[row.id, 'source']} |" for row in claims.itertuples()])
    cells.append(_markdown("\n\n".join([
        _("## Your justifications ({points} points)").format(points=justification_points),
        _("Graded by hand against these rows of the chapter's rubric, {best} points each:").format(best=RUBRIC_BEST),
        _rubric_rows(english, edition),
        _mark_scheme([_("**The course's verdicts and evidence, claim by claim.**"), answer_key.replace("\n\n", " ")])]),
        "capstone-justifications", task=True, locked=True, points=justification_points))
    return _notebook_like(edition, cells)


# --- The course directory --------------------------------------------------------------------------

def notebooks(language: str = SOURCE_LANGUAGE, root: Path = ROOT) -> dict[str, nbformat.NotebookNode]:
    """Every assignment's source notebook, by assignment name (the chapter's file name without .ipynb)."""
    previous = current_language()
    set_language(language)
    try:
        made = {}
        for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
            edition = nbformat.read(root / notebook_in(language, f"notebooks/{path.name}"), as_version=4)
            made[path.stem] = chapter_assignment(edition)
            if path.name == CAPSTONE_CHAPTER:
                made[CAPSTONE] = capstone(nbformat.read(path, as_version=4), edition)
        # Citations, glossary terms and references as readable text: students open these in JupyterLab.
        return {name: prepared_for_jupyterlab(notebook, language) for name, notebook in made.items()}
    finally:
        set_language(previous)


def points(notebook) -> dict[str, float]:
    """An assignment's points: {"autograded": …, "by hand": …, "total": …}."""
    autograded = by_hand = 0.0
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code" and not meta.get("solution"):
            autograded += meta["points"]
        elif meta.get("task") or (meta.get("grade") and meta.get("solution")):
            by_hand += meta["points"]
    return {"autograded": autograded, "by hand": by_hand, "total": autograded + by_hand}


@contextlib.contextmanager
def _scripts_on_path():
    """The environment's scripts first on PATH: nbgrader runs alembic (the gradebook's migrations) by name."""
    before = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), before])
    try:
        yield
    finally:
        os.environ["PATH"] = before


def nbgrader_api(course_dir: Path):
    """nbgrader's API on the course directory, with its nbgrader_config.py (the formgrader's and the
    commands' settings)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    return NbGraderAPI(CourseDirectory(config=config, root=str(course_dir)), config=config)


def make_assignments(course_dir: Path | None = None, language: str = SOURCE_LANGUAGE, root: Path = ROOT) -> dict:
    """Write the course directory and generate every assignment's student version; returns their points."""
    course_dir = Path(course_dir or root / DEFAULT_COURSE_DIRS[language]).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    config = course_dir / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG.format(course_id=COURSE_ID), encoding="utf-8")
    table = {}
    with _scripts_on_path():
        api = nbgrader_api(course_dir)
        for name, notebook in notebooks(language, root).items():
            folder = course_dir / "source" / name
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, folder / f"{name}.ipynb")
            table[name] = points(notebook)
            result = api.generate_assignment(name, force=True)
            if not result["success"]:
                raise SystemExit(f"nbgrader could not generate the assignment {name}:\n{result['log']}{result['error']}")
    found = answer_keys.leaks(course_dir / "release", answer_keys.key_strings(root), answer_keys.verdict_patterns(root))
    if found:
        raise SystemExit("A released assignment would give answers away:\n  " + "\n  ".join(found))
    return table


def course_points(language: str | None = None) -> dict:
    """Each assignment's points, in the edition of ``language`` (default: the current one)."""
    return {name: points(notebook) for name, notebook in notebooks(language or current_language()).items()}


def points_frame(table: dict):
    """The points of every assignment, as a table (the instructor guide shows it)."""
    import pandas as pd

    return pd.DataFrame([{_("assignment"): name, _("autograded"): int(row["autograded"]),
                          _("by hand"): int(row["by hand"]), _("total"): int(row["total"])}
                         for name, row in table.items()])


def points_table(table: dict) -> str:
    """The points of every assignment, as a Markdown table (make assignments prints it)."""
    frame = points_frame(table)
    lines = ["| " + " | ".join(frame.columns) + " |", "|---|---:|---:|---:|"]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", default=SOURCE_LANGUAGE, choices=sorted(DEFAULT_COURSE_DIRS))
    parser.add_argument("--course-dir", type=Path, help="the nbgrader course directory (default: assignments/)")
    options = parser.parse_args(argv)
    course_dir = options.course_dir or ROOT / DEFAULT_COURSE_DIRS[options.language]
    table = make_assignments(course_dir, options.language)
    print(points_table(table))
    print(f"\nThe nbgrader course directory: {course_dir} (sources in source/, student versions in release/).")


if __name__ == "__main__":
    main()
