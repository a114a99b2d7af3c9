"""thaw.grading: the answer contracts of the computed exercises, and the comparison that grades them.

Every exercise with a gated solution that computes its answer ends with one line
``*Your answer:* `name`: …`` (the nbgrader generator reads it), and its solution's code defines
``name`` from the data. Here each chapter's code runs as the notebook runs it (every code cell
in order, in one namespace), the value each solution defines is taken as the course's, and
``matches`` must accept it in the other forms a student may plausibly give and reject wrong ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
from functools import lru_cache

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import CHAPTERS, NOTEBOOK_DIR
from thaw import i18n
from thaw.grading import MissingAnswer, describe_mismatch, mark, mark_verdict, matches, require_answer

#: The generator's regex for an exercise's answer line.
ANSWER_LINE = re.compile(r"^\*Your answer:\* `([A-Za-z_][A-Za-z0-9_]*)`", re.M)
EXERCISE = re.compile(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)\n(.*?)\n```", re.S)
SOLUTION_START = re.compile(r"```\{solution-start\} ([\w-]+)")


# --- The notebooks' exercises and solutions ----------------------------------------------------------

def _exercises(notebook) -> dict[str, str]:
    """Every exercise's label and body (the text inside its directive)."""
    text = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return {label: body for label, body in EXERCISE.findall(text)}


def _gated(notebook) -> dict[str, list]:
    """Each gated solution's label and its code cells."""
    regions, label = {}, None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            start = SOLUTION_START.search(cell.source)
            if start:
                label = start.group(1)
                regions[label] = []
        if label and cell.cell_type == "code":
            regions[label].append(cell)
        if cell.cell_type == "markdown" and "{solution-end}" in cell.source:
            label = None
    return regions


def _computed(path) -> list[tuple[str, str]]:
    """The computed exercises of one chapter: (label, answer name), in order."""
    notebook = nbformat.read(path, as_version=4)
    exercises = _exercises(notebook)
    found = []
    for label, cells in _gated(notebook).items():
        if cells:
            names = ANSWER_LINE.findall(exercises[label])
            found.append((label, names[0] if len(names) == 1 else None))
    return found


COMPUTED = [(path.stem, label, name) for path in CHAPTERS for label, name in _computed(path)]


@lru_cache(maxsize=None)
def solution_values(stem: str) -> dict[str, object]:
    """Run a chapter's code cells in order, in one namespace (as its kernel would), and keep the value
    each gated solution gives its answer name when its last code cell has run: label -> value."""
    notebook = nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4)
    exercises, regions = _exercises(notebook), _gated(notebook)
    last_cell = {cells[-1].id: label for label, cells in regions.items() if cells}
    namespace: dict = {"__name__": "__main__"}
    values = {}
    here = os.getcwd()
    os.chdir(NOTEBOOK_DIR)
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(cell.source, f"{stem}:{cell.id}", "exec"), namespace)  # noqa: S102
            if cell.id in last_cell:
                label = last_cell[cell.id]
                name = ANSWER_LINE.findall(exercises[label])[0]
                values[label] = namespace[name]
            if len(values) == len(last_cell):
                break
    finally:
        os.chdir(here)
    return values


def expected(label: str):
    stem = next(stem for stem, each, _name in COMPUTED if each == label)
    return solution_values(stem)[label]


# --- The contracts ------------------------------------------------------------------------------------

def test_about_twenty_computed_exercises():
    assert len(COMPUTED) >= 19


@pytest.mark.parametrize("stem, label, name", COMPUTED, ids=[label for _s, label, _n in COMPUTED])
def test_each_computed_exercise_states_one_answer_in_its_last_paragraph(stem, label, name):
    notebook = nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4)
    body = _exercises(notebook)[label]
    assert name, f"{label}: one '*Your answer:* `name`: …' line"
    last_paragraph = body.strip().split("\n\n")[-1]
    assert ANSWER_LINE.match(last_paragraph) and "\n" not in last_paragraph, \
        f"{label}: the answer line is the exercise's last paragraph, on one line"
    # The solution's own code defines the name (never elsewhere in the chapter: no clash for the student).
    code = {cell.id: cell.source for cell in notebook.cells if cell.cell_type == "code"}
    solution_ids = {cell.id for cell in _gated(notebook)[label]}
    defining = [cell_id for cell_id, source in code.items() if re.search(rf"\b{name}\b", source)]
    assert defining and set(defining) <= solution_ids, f"{label}: `{name}` is used outside its solution"


def test_answer_names_are_unique_across_the_course():
    names = [name for _stem, _label, name in COMPUTED]
    assert len(set(names)) == len(names)


def test_written_exercises_have_no_answer_line():
    for path in CHAPTERS:
        notebook = nbformat.read(path, as_version=4)
        computed = {label for label, cells in _gated(notebook).items() if cells}
        for label, body in _exercises(notebook).items():
            if label not in computed:
                assert not ANSWER_LINE.search(body), f"{label} is a written exercise"


def _leaves(value):
    """The scalar parts of an expected value (to check that no reason gives one away)."""
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _spellings(leaf) -> set[str]:
    if isinstance(leaf, (int, np.integer)) and not isinstance(leaf, bool):
        return {str(leaf), f"{leaf:,}"} if abs(leaf) >= 10 else set()
    if isinstance(leaf, (float, np.floating)):
        return {f"{leaf:.{d}f}" for d in (1, 2, 3)} | {f"{100 * leaf:.1f}"} if leaf else set()
    if isinstance(leaf, (dt.date, pd.Timestamp)):
        return {pd.Timestamp(leaf).strftime("%Y-%m-%d")}
    return {str(leaf)} if len(str(leaf)) > 3 else set()


def check(label: str, accepted: list, rejected: list) -> None:
    value = expected(label)
    assert matches(value, value) and describe_mismatch(value, value) == ""
    assert len(accepted) >= 2 and rejected
    for form in accepted:
        assert matches(form, value), f"{label}: {form!r} should be accepted ({describe_mismatch(form, value)})"
        assert describe_mismatch(form, value) == ""
    for form in rejected:
        assert not matches(form, value), f"{label}: {form!r} should be rejected"
        reason = describe_mismatch(form, value)
        assert reason and reason.endswith("."), (label, form, reason)
        given = repr(form) + str(form)
        for leaf in _leaves(value):
            for spelling in _spellings(leaf):
                assert spelling not in reason or spelling in given, f"{label}: '{reason}' gives away {spelling}"


def test_ch01_grades():
    value = expected("ch01-ex-grades")
    assert isinstance(value, pd.Series) and value.sum() > 0
    without_zeros = {key: float(count) for key, count in value.items() if count}
    wrong = value.copy()
    wrong.iloc[0] += 1
    check("ch01-ex-grades",
          accepted=[value.to_dict(), without_zeros, value.to_frame("C"), {k.lower(): int(v) for k, v in value.items()}],
          rejected=[wrong, {key: count for key, count in value.items() if key != value.idxmax()}, list(value)])


def test_ch01_terms():
    person, days = expected("ch01-ex-terms")
    assert person == "Beria"  # the chapter states it (terms_summary) and history agrees: 113 days
    check("ch01-ex-terms", accepted=[[person, days], (f" {person.upper()} ", float(days)), (person, np.int64(days))],
          rejected=[(days, person), (person, days + 1), person])


def test_ch02_check():
    stock = expected("ch02-ex-check")
    assert isinstance(stock, int)
    check("ch02-ex-check", accepted=[float(stock), np.int64(stock), pd.Series([stock])],
          rejected=[1_325_053, stock + 50, str(stock), float(stock) + 0.5])  # the printed misprint (stated)


def test_ch02_decline():
    value = expected("ch02-ex-decline")
    assert value["political"] > value["itl_itk"] > 0
    check("ch02-ex-decline",
          accepted=[pd.Series(value), {key: round(pct, 1) for key, pct in value.items()},
                    pd.DataFrame({"fall": value})],
          rejected=[{key: -pct for key, pct in value.items()}, {key: pct / 100 for key, pct in value.items()},
                    dict(zip(value, reversed(list(value.values()))))])
    assert "looks like a fraction" in describe_mismatch({k: p / 100 for k, p in value.items()}, value)


def test_ch02_rehab():
    value = expected("ch02-ex-rehab")
    assert all(0 < share < 1 for share in value.values())
    check("ch02-ex-rehab",
          accepted=[pd.Series(value), {key: round(float(share), 4) for key, share in value.items()},
                    {key.upper(): share for key, share in value.items()}],
          rejected=[{key: 100 * share for key, share in value.items()}, dict(list(value.items())[:2]),
                    {key: share + 0.01 for key, share in value.items()}])
    assert "percentage" in describe_mismatch({k: 100 * s for k, s in value.items()}, value)


def test_ch03_pospelov():
    value = expected("ch03-ex-pospelov")
    check("ch03-ex-pospelov", accepted=[list(value), np.array(value), tuple(round(float(x), 4) for x in value)],
          rejected=[tuple(reversed(value)), tuple(100 * x for x in value), value[:2]])


def test_ch03_dates():
    value = expected("ch03-ex-dates")
    assert pd.Timestamp(value).strftime("%d %B %Y") == "30 June 1956"  # the chapter states it
    check("ch03-ex-dates",
          accepted=[value.strftime("%Y-%m-%d"), value.date(), value.to_pydatetime(), value.strftime("%d %B %Y"),
                    pd.Timestamp(value) + pd.Timedelta(hours=15), np.datetime64(value.strftime("%Y-%m-%d"))],
          rejected=[value + pd.Timedelta(days=2), (value - pd.Timedelta(days=10)).strftime("%Y-%m-%d"),
                    "the thirtieth", value.year])


def test_ch04_periods():
    value = expected("ch04-ex-periods")
    hyphens = {key.replace("–", "-"): round(rate) for key, rate in value.items()}
    check("ch04-ex-periods", accepted=[value.to_dict(), hyphens, value.to_frame("a year"), value.round()],
          rejected=[value * 8, value.iloc[:2], pd.concat([value, pd.Series({"1991–2004": 45_000.0})]),
                    value.to_frame().assign(other=1)])


def test_ch04_routes():
    value = expected("ch04-ex-routes")
    with_gaps = pd.concat([value.astype(float), pd.Series({"balkars": np.nan, "kalmyks": None}, dtype=float)])
    zeros_for_gaps = pd.concat([value, pd.Series({"balkars": 0, "kalmyks": 0})])
    changed = value.copy()
    changed.iloc[1] += 100
    check("ch04-ex-routes", accepted=[value.to_dict(), value.astype(float), with_gaps],
          rejected=[zeros_for_gaps, changed, value.iloc[1:]])
    assert "should not be there" in describe_mismatch(zeros_for_gaps, value)


def test_ch05_share():
    value = expected("ch05-ex-share")
    low, high = value
    assert low < 0.01 and 0.015 < high < 0.025  # "under one in a hundred", "about two in a hundred"
    check("ch05-ex-share", accepted=[list(value), (round(low, 5), round(high, 4)), pd.Series(value)],
          rejected=[(high, low), (100 * low, 100 * high), (low, high, 0.0)])


def test_ch06_films():
    value = expected("ch06-ex-films")
    check("ch06-ex-films", accepted=[float(value), np.float64(value), pd.Series([value]), round(float(value), 2)],
          rejected=[value * 2.2, str(value), 100 * value, [value, value]])


def test_ch06_print_runs():
    value = expected("ch06-ex-print-runs")
    check("ch06-ex-print-runs", accepted=[list(value), tuple(float(x) for x in value), np.array(value)],
          rejected=[tuple(reversed(value)), (value[0], value[0]), value[0]])


def test_ch07_leaders():
    value = expected("ch07-ex-leaders")
    from thaw.chapters import ch07_peaceful_coexistence as coexistence

    others = set(coexistence.select_events(1953, 1964, "all")["title"]) - value
    titles = sorted(value)
    check("ch07-ex-leaders",
          accepted=[titles, pd.Series(titles), tuple(f"  {t.upper()} " for t in titles), pd.Index(titles)],
          rejected=[titles[1:], titles + [sorted(others)[0]], ", ".join(titles)])


def test_ch07_sputnik():
    value = expected("ch07-ex-sputnik")
    assert [key for key, when in value.items() if when.day == 5] == ["Beijing"]  # the chapter states it
    check("ch07-ex-sputnik",
          accepted=[{city: when.date() for city, when in value.items()},
                    {city: when.strftime("%Y-%m-%d") for city, when in value.items()}, pd.Series(value),
                    {city.lower(): when.normalize() for city, when in value.items()}],
          rejected=[{city: value["Moscow"] for city in value}, {city: when.time() for city, when in value.items()},
                    list(value.values())])


def test_ch08_compare():
    value = expected("ch08-ex-compare")
    from thaw.chapters import ch08_limits_of_the_thaw as limits

    withdrawn = int(limits.source_counts("poznan-1956", "killed", errors=True)["value"].max())
    with_errors = dict(value, **{"poznan-1956": (value["poznan-1956"][0], withdrawn)})
    check("ch08-ex-compare",
          accepted=[{key: list(span) for key, span in value.items()}, {key: np.array(span) for key, span in value.items()},
                    {key: tuple(float(x) for x in span) for key, span in value.items()}],
          rejected=[with_errors, {key: tuple(reversed(span)) for key, span in value.items()},
                    {key: span[1] - span[0] for key, span in value.items()}])


def test_ch08_convictions():
    share, per_year, gaps = expected("ch08-ex-convictions")
    check("ch08-ex-convictions",
          accepted=[[share, per_year, sorted(int(year) for year in gaps)],
                    (round(float(share), 4), per_year, list(gaps)),
                    (share, float(per_year), pd.Index(sorted(gaps)))],
          rejected=[(100 * share, per_year, gaps), (share, per_year, sorted(gaps)[1:]),
                    (share, per_year, sorted(gaps) + ["1957"])])


def test_ch09_rates():
    value = expected("ch09-ex-rates")
    from thaw.chapters import periods

    totals = periods.table("rehabilitations").set_index("label").loc[list(value.index), "value"]
    check("ch09-ex-rates",
          accepted=[value.to_dict(), {key.replace("–", "-"): int(round(rate)) for key, rate in value.items()},
                    value.to_frame("per year")],
          rejected=[totals, pd.Series(list(reversed(value.tolist())), index=value.index), value.iloc[:1]])


def test_ch09_check():
    value = expected("ch09-ex-check")
    check("ch09-ex-check", accepted=[value.to_dict(), value.astype(float), value.to_frame("value")],
          rejected=[{"art70": 6_543, "art190_1": 1_609},  # Kozlov's printed totals (the exercise states them)
                    value.iloc[:1], value.tolist()])


def test_ch10_evidence():
    value = expected("ch10-ex-evidence")
    from thaw import data

    population = data.table("gulag_population")
    political = population[population["series"] == "political"].set_index("date")["value"]
    december = int(political["1953-12-01"])  # the grade A figure of December 1953, not the earliest
    check("ch10-ex-evidence", accepted=[list(value), tuple(float(x) for x in value), pd.Series(value)],
          rejected=[(december, value[1]), tuple(reversed(value)), value[0]])


# --- The rules, one by one ------------------------------------------------------------------------------

def test_numbers():
    assert matches(12.0, 12) and matches(np.int64(12), 12) and matches(np.array([12]), 12)
    assert not matches(12.5, 12) and not matches(13, 12) and not matches("12", 12) and not matches(True, 1)
    assert matches(100.4, 100.0) and matches(99.6, 100.0) and not matches(100.6, 100.0)
    assert not matches(float("nan"), 1.0) and not matches(None, 1.0) and not matches([1.0, 2.0], 1.0)
    assert describe_mismatch("12", 12) == "Expected a number, got a string."
    assert describe_mismatch(12.5, 12) == "Expected a whole number (a count), got 12.5."


def test_text_and_dates():
    assert matches("  beria ", "Beria") and matches("Geneva   Summit", "Geneva summit")
    assert matches("1954-1961", "1954–1961") and matches(1956, "1956") and not matches(1956.0, "1956")
    assert not matches("Beri", "Beria") and not matches(["Beria"], "Beria")
    for form in ["1953-03-27", "27 March 1953", dt.date(1953, 3, 27), dt.datetime(1953, 3, 27, 18),
                 pd.Timestamp("1953-03-27 23:59"), np.datetime64("1953-03-27")]:
        assert matches(form, "1953-03-27") and matches(form, pd.Timestamp("1953-03-27")), form
    assert not matches("1953-03-28", dt.date(1953, 3, 27)) and not matches(pd.NaT, "1953-03-27")
    assert not matches(19530327, "1953-03-27") and not matches("not a date", "1953-03-27")


def test_collections():
    assert matches(pd.Index(["a", "b"]), {"a", "b"}) and matches(["b", "a", "a"], frozenset({"a", "b"}))
    assert matches((x for x in ["a", "b"]), {"a", "b"}) and not matches("ab", {"a", "b"})
    assert not matches({"a", "b"}, ("a", "b")) and not matches(["a"], ("a", "b"))
    assert describe_mismatch(["a"], {"a", "b"}) == "1 item is missing."
    assert matches({"x": 1}, {"x": 1, "y": 0}) and not matches({"x": 1}, {"x": 1, "y": 2})
    assert matches(pd.Series({"x": 1, "z": np.nan}), {"x": 1}) and not matches({"x": 1, "z": 0}, {"x": 1})
    assert describe_mismatch({"x": 1}, {"x": 1, "y": 2}) == "1 key missing: y."
    assert matches({1956: 3}, {"1956": 3}) and not matches([("x", 1)], {"x": 1})
    assert not matches(pd.DataFrame({"a": [1], "b": [2]}, index=["x"]), {"x": 1})


@pytest.mark.parametrize("answer", [object(), None, pd.DataFrame(), np.array([[1, 2], [3, 4]]), {1, 2}, b"x",
                                    Ellipsis, pd.NA, float("inf"), [[]], {"a": {"b": 1}}, type, lambda: 1])
def test_never_raises(answer):
    for target in [12, 0.5, "Beria", "1953-03-27", {"a", "b"}, ("a", 1), {"a": 1}, pd.Series({"a": 1}), None,
                   pd.Timestamp("1953-03-27"), True]:
        assert matches(answer, target) in (True, False)
        assert isinstance(describe_mismatch(answer, target), str)


def test_reasons_are_translated():
    i18n.set_language("id")
    try:
        reason = describe_mismatch("12", 12)
    finally:
        i18n.set_language("en")
    assert reason != "Expected a number, got a string." and reason.endswith(".")


def test_marking_never_raises_whatever_the_notebook_holds(capsys):
    """A hidden test that raised would print its cell's lines, the course's solution among them, into the
    feedback: marking gives 0 with a reason instead."""
    assert mark({"total": 3}, "total", "total = rates.sum()", 2) == 0  # the solution fails in this notebook
    assert "not marked" in capsys.readouterr().out
    assert mark({}, "total", "total = 3", 2) == 0 and mark({"total": 3}, "total", "total = 3", 2) == 2
    for answers in (None, 5, {"c01": "wrong"}, {"c01": {}}, []):
        assert mark_verdict(answers, "c01", "wrong") == 0
    assert mark_verdict({"c01": {"verdict": "wrong"}}, "c01", "wrong") == 1


def test_a_missing_answer_is_reported_by_its_message_alone():
    require_answer({"total": 3}, "total", "Keep your answer in `total`.")
    with pytest.raises(MissingAnswer) as failed:
        require_answer({}, "total", "Keep your answer in `total`.")
    # What IPython prints instead of the traceback (and so what nbgrader's feedback shows).
    assert failed.value._render_traceback_() == ["Keep your answer in `total`."]
