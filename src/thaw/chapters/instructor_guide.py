"""The instructor guide (book/instructor-guide.ipynb): read from the chapters themselves.

Objectives, prerequisites, time and exercises are taken from each chapter notebook,
so the guide cannot drift from the course. Which exercise serves which objective is
the one judgement kept here, in ``EXERCISE_OBJECTIVES``; a test checks that it names
every exercise and only real objectives.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd

from thaw.charts import table_view
from thaw.i18n import N_, _
from thaw.paths import ROOT


#: exercise label -> numbers of the chapter's learning objectives it practises
EXERCISE_OBJECTIVES = {
    "ch01-ex-date": [3], "ch01-ex-grades": [5], "ch01-ex-terms": [1], "ch01-ex-journal": [4],
    "ch02-ex-check": [2], "ch02-ex-amnesty": [1, 2], "ch02-ex-decline": [3], "ch02-ex-rehab": [4],
    "ch03-ex-pospelov": [2], "ch03-ex-rewrite": [1, 5], "ch03-ex-dates": [1, 5],
    "ch03-ex-interpret": [3],
    "ch04-ex-crimea": [3], "ch04-ex-periods": [2], "ch04-ex-routes": [5], "ch04-ex-seed": [4],
    "ch05-ex-stock": [3], "ch05-ex-share": [1, 4], "ch05-ex-adenauer": [2], "ch05-ex-seed": [4],
    "ch06-ex-journal": [2], "ch06-ex-films": [3], "ch06-ex-print-runs": [4],
    "ch06-ex-sixtiers": [5],
    "ch07-ex-terms": [1], "ch07-ex-leaders": [4], "ch07-ex-sputnik": [3], "ch07-ex-vienna": [2, 3],
    "ch08-ex-compare": [1, 2], "ch08-ex-gdr": [2], "ch08-ex-convictions": [3], "ch08-ex-churches": [4],
    "ch09-ex-rates": [3], "ch09-ex-check": [3, 5], "ch09-ex-end": [1], "ch09-ex-claim": [2],
    "ch10-ex-one-claim": [2], "ch10-ex-evidence": [1, 2], "ch10-ex-correction": [4, 5],
}

EXERCISE = re.compile(r"```\{exercise\} (\d+)\.(\d+): ([^\n]+)\n:label: ([\w-]+)")
TERM = re.compile(r"\{term\}`([^`<]+?)(?:\s*<[^>]+>)?`")
#: The column headers a reader sees: the frames keep the English names (tests and code select by them).
HEADERS = {"chapter": N_("chapter"), "learning objectives": N_("learning objectives"),
           "prerequisites": N_("prerequisites"), "time needed": N_("time needed"), "exercise": N_("exercise"),
           "label": N_("label"), "practises objectives": N_("practises objectives")}


def _headed(styler):
    """A table whose column headers are written in the reader's language."""
    return styler.relabel_index([_(HEADERS.get(str(c), str(c))) for c in styler.data.columns], axis="columns")


def _plain(text: str) -> str:
    """Markdown of an objective as plain text: roles and emphasis dropped."""
    return re.sub(r"[*_]", "", TERM.sub(r"\1", text)).strip()


def chapters(root: Path = ROOT) -> list[dict]:
    """What each chapter notebook says of itself: title, objectives, prerequisites, time, exercises."""
    found = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        text = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        objectives = re.search(r"\*\*Learning objectives\.\*\*[^\n]*\n\n(.*?)\n\n", text, re.S).group(1)
        prerequisites = re.search(r"\*\*Prerequisites\.\*\*\s*\n\n(.*?)\n\n", text, re.S).group(1)
        found.append({
            "number": int(path.name[:2]), "notebook": path.stem,
            "title": notebook.cells[0].source.splitlines()[0].lstrip("# ").split(". ", 1)[1],
            "objectives": [_plain(line.split(". ", 1)[1]) for line in objectives.splitlines()
                           if re.match(r"\d+\. ", line)],
            "prerequisites": [_plain(row.split("|")[1]) for row in prerequisites.splitlines()[2:]
                              if row.startswith("|")],
            "time": _plain(re.search(r"\*\*Time needed\.\*\*\s*([^\n]*)", text).group(1)),
            "exercises": [{"number": f"{c}.{k}", "title": _plain(title), "label": label}
                          for c, k, title, label in EXERCISE.findall(text)],
        })
    return found


def chapter_map():
    """One row per chapter: objectives, prerequisites and time needed."""
    rows = [{"chapter": f"{c['number']}. {c['title']}",
             "learning objectives": " ".join(f"({i}) {o}" for i, o in enumerate(c["objectives"], 1)),
             "prerequisites": "; ".join(c["prerequisites"]), "time needed": c["time"]} for c in chapters()]
    return _headed(table_view(pd.DataFrame(rows)))


def exercise_map():
    """Every exercise with its label (to assign it by) and the objectives it practises."""
    rows = []
    for chapter in chapters():
        for exercise in chapter["exercises"]:
            served = EXERCISE_OBJECTIVES.get(exercise["label"], [])
            rows.append({"exercise": f"{exercise['number']} {exercise['title']}", "label": exercise["label"],
                         "practises objectives": ", ".join(f"{chapter['number']}.{n}" for n in served)})
    return _headed(table_view(pd.DataFrame(rows)))
