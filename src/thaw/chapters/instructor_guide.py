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
from thaw.paths import ROOT


#: exercise label -> numbers of the chapter's learning objectives it practises
EXERCISE_OBJECTIVES = {
    "after-ex-date": [3], "after-ex-grades": [5], "after-ex-terms": [1], "after-ex-journal": [4],
    "gulag-ex-check": [2], "gulag-ex-amnesty": [1, 2], "gulag-ex-decline": [3], "gulag-ex-rehab": [4],
    "congress-ex-pospelov": [2], "congress-ex-rewrite": [1, 5], "congress-ex-dates": [1, 5],
    "congress-ex-interpret": [3],
    "returns-ex-crimea": [3], "returns-ex-periods": [2], "returns-ex-routes": [5], "returns-ex-seed": [4],
    "pows-ex-stock": [3], "pows-ex-share": [1, 4], "pows-ex-adenauer": [2], "pows-ex-seed": [4],
    "culture-ex-journal": [2], "culture-ex-films": [3], "culture-ex-print-runs": [4],
    "culture-ex-sixtiers": [5],
    "coex-ex-terms": [1], "coex-ex-leaders": [4], "coex-ex-sputnik": [3], "coex-ex-vienna": [2, 3],
    "limits-ex-compare": [1, 2], "limits-ex-gdr": [2], "limits-ex-convictions": [3], "limits-ex-churches": [4],
    "legacy-ex-rates": [3], "legacy-ex-check": [3, 5], "legacy-ex-end": [1], "legacy-ex-claim": [2],
    "source-ex-one-claim": [2], "source-ex-evidence": [1, 2], "source-ex-correction": [4, 5],
}

EXERCISE = re.compile(r"```\{exercise\} (\d+)\.(\d+): ([^\n]+)\n:label: ([\w-]+)")
TERM = re.compile(r"\{term\}`([^`<]+?)(?:\s*<[^>]+>)?`")


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
    return table_view(pd.DataFrame(rows))


def exercise_map():
    """Every exercise with its label (to assign it by) and the objectives it practises."""
    rows = []
    for chapter in chapters():
        for exercise in chapter["exercises"]:
            served = EXERCISE_OBJECTIVES.get(exercise["label"], [])
            rows.append({"exercise": f"{exercise['number']} {exercise['title']}", "label": exercise["label"],
                         "practises objectives": ", ".join(f"{chapter['number']}.{n}" for n in served)})
    return table_view(pd.DataFrame(rows))
