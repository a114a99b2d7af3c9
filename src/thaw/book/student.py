"""The student edition (``make student``): every chapter without solutions or answer keys.

Writes ``_build/student/`` (notebooks, data, the package, a README) and packs
it as ``_build/thaw-course-student.zip`` for distribution (an LMS, a JupyterHub). The
Indonesian edition (``make student EDITION=id``) is made the same way from the Indonesian
notebooks (``notebooks/id/``), with a README in Indonesian: ``_build/student-id/`` and
``_build/thaw-course-student-id.zip``.

Removed from each chapter notebook (which then comes prepared for JupyterLab: thaw.book.lab):
- ``{solution}`` directives (a fenced block in a Markdown cell);
- gated solutions: from ``{solution-start}`` to ``{solution-end}``, across cells,
  code cells included;
- cells tagged ``answer-key`` (the chapter 10 verdicts: their figure, the book's quiz, the key).

The data and the package come without the answer keys (:mod:`thaw.book.answer_keys`): chapter 10's
claim checker then records a student's verdicts without judging them. The self-checks keep their
answers: they are practice, and the README says so. The edition is checked for every key string
before it is packed.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import nbformat

from thaw.book import answer_keys
from thaw.book.editions import notebook_in
from thaw.book.lab import prepared_for_jupyterlab
from thaw.i18n import SOURCE_LANGUAGE
from thaw.paths import ROOT


STUDENT_README = """# The Khrushchev Thaw: student edition

The course's chapter notebooks, without the solutions to the exercises.

Set up once (Python 3.11):

    python3.11 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/jupyter lab notebooks/

Your answers in the source-criticism chapter's claim checker (claim-answers.json) and in the
date quiz of chapter 3 (date-quiz-answers.json) are saved next to the notebook. In this edition the
claim checker records your verdicts for your instructor without telling you the course's verdicts.

Each chapter ends with a self-check quiz. Self-checks are practice: they show their answers when
you press Check. The quiz keeps your choices in the browser, and "Save my answers to a file" keeps
them anywhere you like (load them back the same way).

The complete course, with solutions, is at the address your instructor gives.
"""


STUDENT_README_ID = """# Pencairan Khrushchev: edisi mahasiswa

Notebook bab-bab kursus, tanpa pembahasan latihan.

Persiapan (sekali saja, Python 3.11):

    python3.11 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/jupyter lab notebooks/

Jawaban Anda pada pemeriksa klaim di bab kritik sumber (claim-answers.json) dan pada kuis tanggal
di bab 3 (date-quiz-answers.json) disimpan di samping notebook. Dalam edisi ini pemeriksa klaim mencatat
penilaian Anda untuk pengajar Anda tanpa memberi tahu penilaian kursus.

Setiap bab diakhiri uji mandiri. Uji mandiri adalah latihan: jawabannya tampil ketika Anda menekan
Periksa. Pilihan Anda disimpan di peramban, dan "Simpan jawaban saya ke berkas" menyimpannya di mana
saja (muat kembali dengan cara yang sama). Jawaban yang disimpan dapat dimuat dalam edisi bahasa mana pun.

Kursus lengkap, dengan pembahasan, ada di alamat yang diberikan pengajar Anda.
"""
STUDENT_READMES = {"en": STUDENT_README, "id": STUDENT_README_ID}


def student_notebook(notebook):
    """A copy of ``notebook`` with solutions and answer keys removed (what they are: answer_keys.solution_parts)."""
    cells = []
    for cell, part in answer_keys.solution_parts(notebook):
        if part == "text":
            cells.append(cell)
        elif part not in ("key", "solution"):  # a Markdown cell: its text outside solutions
            text = "\n".join(line for line, kind in part if kind == "text").strip("\n")
            if text.strip():
                copy = nbformat.from_dict(dict(cell))
                copy.source = text
                cells.append(copy)
    result = nbformat.from_dict(dict(notebook))
    result.cells = cells
    return result


def make_student_edition(root: Path = ROOT, out: Path | None = None, language: str = SOURCE_LANGUAGE) -> Path:
    """Write the student edition folder and zip of one language; returns the zip's path."""
    suffix = "" if language == SOURCE_LANGUAGE else f"-{language}"
    out = out or root / "_build" / f"student{suffix}"
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    chapters = root / Path(notebook_in(language, "notebooks/01.ipynb")).parent
    for path in sorted(chapters.glob("[0-9][0-9]-*.ipynb")):
        # Prepared for JupyterLab after the solutions go, so the sources listed are those still cited.
        notebook = prepared_for_jupyterlab(student_notebook(nbformat.read(path, as_version=4)), language)
        nbformat.write(notebook, out / "notebooks" / path.name)
    answer_keys.copy_data_without_keys(root / "data", out / "data")
    answer_keys.copy_package_without_keys(root / "src", out / "src")
    # With postBuild and its settings, the edition is a repo2docker configuration: a hub's user image for a
    # graded class is built from it, so that no answer key is on the students' servers.
    for name in ("pyproject.toml", "requirements.txt", "LICENSE", "runtime.txt", "postBuild"):
        shutil.copy(root / name, out / name)
    shutil.copytree(root / "jupyterlab", out / "jupyterlab")
    (out / "README.md").write_text(STUDENT_READMES[language], encoding="utf-8")
    found = answer_keys.leaks(out, answer_keys.key_strings(root), answer_keys.verdict_patterns(root))
    if found:
        raise SystemExit("The student edition would give answers away; nothing was packed:\n  " + "\n  ".join(found))
    archive = out.parent / f"thaw-course-student{suffix}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(out.rglob("*")):
            if path.is_file():
                packed.write(path, Path("thaw-course-student") / path.relative_to(out))
    return archive


if __name__ == "__main__":
    archive = make_student_edition(language=sys.argv[1] if len(sys.argv) > 1 else SOURCE_LANGUAGE)
    folder = archive.parent / archive.stem.replace("thaw-course-", "")
    print(f"Student edition: {folder} (folder) and {archive} (to hand out).")
