"""The "About the data" page: what each dataset counts, and where the evidence is weak.

Built from data/datapackage.json and the tables themselves, so the page never
drifts from the data.
"""

from __future__ import annotations

import pandas as pd

from thaw import data
from thaw.charts import table_view
from thaw.i18n import N_, _, format_number

# Columns that name what a row counts, in the order they are looked for.
_WHAT = ["series", "measure", "camp_id", "id", "title", "name"]
_WHEN = ["date", "period_start", "start", "year"]
#: The column headers a reader sees: the frames keep the English names (code and notebooks select by them).
HEADERS = {
    "file": N_("file"), "what it holds": N_("what it holds"), "rows": N_("rows"),
    "what exactly is counted": N_("what exactly is counted"), "sources": N_("sources"), "row": N_("row"),
    "what": N_("what"), "when": N_("when"), "value": N_("value"), "grade": N_("grade"), "source": N_("source"),
    "note": N_("note"),
}


def _headed(styler):
    """A table whose column headers are written in the reader's language."""
    return styler.relabel_index([_(HEADERS.get(str(c), str(c))) for c in styler.data.columns], axis="columns")


def tables() -> list[dict]:
    """The tabular resources of the data package."""
    return [r for r in data.read_package()["resources"] if r.get("profile") == "tabular-data-resource"]


def datasets_table():
    rows = []
    for resource in tables():
        frame = data.table(resource["name"])
        rows.append({"file": resource["path"], "what it holds": resource.get("title", ""),
                     "rows": len(frame), "what exactly is counted": resource.get("description", ""),
                     "sources": len(resource.get("sources", []))})
    return _headed(table_view(pd.DataFrame(rows)))


def _rows_where(condition) -> pd.DataFrame:
    """Rows of every table that meet ``condition(frame)``, with their file and a label."""
    found = []
    for resource in tables():
        frame = data.table(resource["name"])
        mask = condition(frame)
        if mask is None or not mask.any():
            continue
        chosen = frame[mask]
        what = next((c for c in _WHAT if c in chosen), None)
        when = next((c for c in _WHEN if c in chosen), None)
        found.append(pd.DataFrame({
            "file": resource["path"],
            "row": (chosen.index + 1).astype(int),
            "what": chosen[what].astype(str) if what else "",
            "when": chosen[when].astype(str).str.removesuffix(" 00:00:00") if when else "",
            "value": chosen["value"] if "value" in chosen else pd.NA,
            "grade": chosen["grade"] if "grade" in chosen else pd.NA,
            "source": chosen["source"] if "source" in chosen else "",
            "note": chosen["note"] if "note" in chosen else "",
        }))
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


#: When two sources differ, the difference is one of three cases (the ``difference`` field of the data).
DIFFERENCE_CASES = {  # shown through _(): the language may be set after import
    "conflict": N_("A real conflict: equally good sources disagree about the same thing at the same date. "
                   "The course shows both and says which it uses, and why."),
    "definition-or-date": N_("Not a disagreement: the figures count different things, or at different dates, "
                             "or to a different precision. The course says what each counts."),
    "error": N_("An error in one source: a misprint or a slip that better evidence contradicts. "
                "The course states the right figure and keeps the wrong one only as an example of an error, "
                "never drawn as a rival."),
}


def differences(case: str) -> pd.DataFrame:
    """Rows whose difference from another source is ``case`` (one of DIFFERENCE_CASES)."""
    return _rows_where(lambda f: f["difference"] == case if "difference" in f else None)


def difference_counts() -> dict[str, int]:
    """How many rows of the data fall under each of the three cases."""
    return {case: len(differences(case)) for case in DIFFERENCE_CASES}


def case_summary(case: str):
    """What the case means and how many rows of the data it covers, computed when the page is built."""
    from IPython.display import Markdown

    count = difference_counts()[case]
    rows = (_("In the data: **{count} row**.") if count == 1 else _("In the data: **{count} rows**.")).format(
        count=format_number(count))
    return Markdown(f"{_(DIFFERENCE_CASES[case])} {rows}")


def gaps() -> pd.DataFrame:
    """Rows that state a figure was not found."""
    return _rows_where(lambda f: f["status"] == "gap" if "status" in f else None)


def weak_figures() -> pd.DataFrame:
    """Rows graded D: read only in a popular copy, flagged wherever they are used."""
    return _rows_where(lambda f: f["grade"] == "D" if "grade" in f else None)


def show(frame: pd.DataFrame):
    return _headed(table_view(frame.astype({"value": "Int64"}) if "value" in frame else frame))
