"""nbgrader assignments (make assignments): how each exercise is graded, and the whole loop run with
nbgrader's own commands on a temporary course directory and exchange.

The loop: generate every assignment, release it, fetch and submit it as two students (one submits
the course's own solutions, the other submits it untouched), collect, autograde and generate
feedback. The first must get every autograded point, the second none, and both a feedback page that
gives no answer away.
"""

import html
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from thaw import data
from thaw.book import answer_keys
from thaw.book.assignments import (AUTOGRADED_POINTS, CAPSTONE, WRITTEN_POINTS, chapter_assignment,
                                   make_assignments, nbgrader_api)
from thaw.paths import ROOT

SCRIPTS = Path(sys.executable).parent
COURSE = "thaw"
STUDENTS = {"ada": "the course's solutions", "bo": "nothing"}
HIDDEN_TESTS = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def nbgrader(cwd: Path, *arguments: str) -> str:
    """One nbgrader command, as an instructor or a student types it; its log on failure."""
    environment = {**os.environ, "PATH": os.pathsep.join([str(SCRIPTS), os.environ["PATH"]])}
    done = subprocess.run([str(SCRIPTS / "nbgrader"), *arguments], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"nbgrader {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def hidden_test_lines(source: Path) -> set[str]:
    """Every line of the hidden tests of an assignment's source notebook, and their markers."""
    notebook = nbformat.read(source, as_version=4)
    return {line.strip() for cell in notebook.cells for part in HIDDEN_TESTS.findall(cell.source)
            for line in part.splitlines() if line.strip()} | {"BEGIN HIDDEN TESTS"}


def page_text(page: Path) -> str:
    """What a reader of an HTML page reads (a traceback's code is split into coloured spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def cells_by_id(notebook):
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells if "nbgrader" in cell.metadata}


def answer_as_the_course(folder: Path, source: Path) -> None:
    """Fill a fetched assignment with the course's answers: its solutions' code, a sentence for each
    written answer, and, for the capstone, the course's verdict on every claim with a justification."""
    for path in folder.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        solutions = cells_by_id(nbformat.read(source / path.name, as_version=4))
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id and cell.metadata["nbgrader"].get("solution"):
                cell.source = solutions[grade_id].source
            elif cell.cell_type == "markdown" and cell.source.startswith("**Your written answer**"):
                cell.source = "My answer, with its evidence."
        nbformat.write(notebook, path)
    if folder.name == CAPSTONE:
        key = data.table("seed_claims_key")
        answers = {row.id: {"verdict": row.verdict, "justification": f"Evidence: {row.source}."}
                   for row in key.itertuples()}
        (folder / "claim-answers.json").write_text(json.dumps({"version": 1, "answers": answers}), encoding="utf-8")


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """The loop, run once: (course directory, exchange, each student's home, the points of every assignment)."""
    base = tmp_path_factory.mktemp("nbgrader")
    course_dir, exchange = base / "course", base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    table = make_assignments(course_dir)
    (course_dir / "nbgrader_config.py").open("a").write(f'\nc.Exchange.root = "{exchange}"\n')
    assignments = sorted(table)
    homes = {student: base / student for student in STUDENTS}
    for home in homes.values():
        home.mkdir()

    def release(name):
        nbgrader(course_dir, "release_assignment", name)

    def work(student, name):  # a student fetches, answers (or not) and submits one assignment
        home = homes[student]
        nbgrader(home, "fetch_assignment", name, f"--course={COURSE}", f"--Exchange.root={exchange}")
        if student == "ada":
            answer_as_the_course(home / name, course_dir / "source" / name)
        nbgrader(home, "submit", name, f"--course={COURSE}", f"--Exchange.root={exchange}", f"--student={student}")

    # Each command is its own process, most of its time spent starting: several at once, as in a class.
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(release, assignments))
        list(pool.map(lambda pair: work(*pair), [(s, n) for s in STUDENTS for n in assignments]))
    for name in assignments:
        nbgrader(course_dir, "collect", name)
        nbgrader(course_dir, "autograde", name, "--create")
        nbgrader(course_dir, "generate_feedback", name)
    return course_dir, exchange, homes, table


def test_every_assignment_is_released_without_answers(graded_course):
    course_dir, _exchange, _homes, table = graded_course
    assert sorted(p.name for p in (course_dir / "release").iterdir()) == sorted(table)
    assert answer_keys.leaks(course_dir / "release", answer_keys.key_strings(), answer_keys.verdict_patterns()) == []


def test_the_student_who_answers_as_the_course_gets_every_autograded_point_and_the_blank_one_none(graded_course):
    course_dir, _exchange, _homes, table = graded_course
    api = nbgrader_api(course_dir)
    with api.gradebook as gradebook:
        for name, points in table.items():
            for student, expected in (("ada", points["autograded"]), ("bo", 0)):
                submission = gradebook.find_submission(name, student)
                assert (name, student, submission.code_score) == (name, student, expected)
                assert submission.max_code_score == points["autograded"]


def test_feedback_pages_for_both_students_give_no_answer_away(graded_course):
    course_dir, _exchange, _homes, table = graded_course
    keys = answer_keys.key_strings(), answer_keys.verdict_patterns()
    for student in STUDENTS:
        pages = sorted((course_dir / "feedback" / student).rglob("*.html"))
        assert [p.parent.name for p in pages] == sorted(table)
        for page in pages:  # (the folder also holds the student's own files: ada's verdicts are hers)
            assert answer_keys.leaks(page, *keys) == [], page
    for name in table:  # nor any line of a hidden test, as a traceback would print them
        hidden = hidden_test_lines(course_dir / "source" / name / f"{name}.ipynb")
        for student in STUDENTS:
            text = page_text(course_dir / "feedback" / student / name / f"{name}.html")
            assert [line for line in hidden if line in text] == [], (student, name)
    capstone = (course_dir / "feedback" / "ada" / CAPSTONE / f"{CAPSTONE}.html").read_text(encoding="utf-8")
    assert "c01: your verdict agrees with the course" in capstone
    blank = (course_dir / "feedback" / "bo" / CAPSTONE / f"{CAPSTONE}.html").read_text(encoding="utf-8")
    assert "c01: no verdict recorded" in blank


def test_each_exercise_becomes_graded_cells_with_its_points():
    notebook = nbformat.read(ROOT / "notebooks" / "01-after-stalin.ipynb", as_version=4)
    cells = cells_by_id(chapter_assignment(notebook))
    assert cells["ch01-ex-date"].metadata["nbgrader"]["task"]  # a written exercise: a task graded by hand
    assert cells["ch01-ex-date"].metadata["nbgrader"]["points"] == WRITTEN_POINTS
    assert "### BEGIN MARK SCHEME" in cells["ch01-ex-date"].source and "7 September 1953" in cells["ch01-ex-date"].source
    answer, test = cells["ch01-ex-grades-answer"], cells["ch01-ex-grades-test"]
    assert answer.metadata["nbgrader"]["solution"] and "### BEGIN SOLUTION" in answer.source
    assert test.metadata["nbgrader"]["points"] == AUTOGRADED_POINTS and "### BEGIN HIDDEN TESTS" in test.source
    assert "Markdown(" not in test.source  # the reference leaves out the cells that only display a summary


def test_the_indonesian_assignments_have_the_same_cells_and_points_in_indonesian():
    from thaw.book.assignments import notebooks, points

    english, indonesian = notebooks("en"), notebooks("id")
    assert {name: points(nb) for name, nb in indonesian.items()} == {name: points(nb) for name, nb in english.items()}
    capstone = indonesian[CAPSTONE]
    assert capstone.cells[0].source.startswith("# Proyek akhir: memeriksa klaim-klaim sebuah sumber")
    assert "build_checker(practice=False)" in "\n".join(c.source for c in capstone.cells)
    chapter = cells_by_id(indonesian["01-after-stalin"])
    assert "*Jawaban Anda:* `grade_counts`" in chapter["ch01-ex-grades"].source
    assert chapter["ch01-ex-grades-answer"].source.startswith("# Kode Anda: simpan jawaban Anda di `grade_counts`.")
