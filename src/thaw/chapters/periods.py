"""Totals over periods of unequal length, and the bars that draw them.

Two series of the course come as totals over spans of years, not year by year:
rehabilitations (``rehabilitations.csv``, the KGB/FSB archive count, 1954–2004) and
convictions for anti-Soviet agitation (``agitation_convictions.csv``, Kozlov's Table 1,
1956–1987). Chapters 4, 8 and 9 read them here and draw them with :func:`bars`, so a
period, its length and its average per year mean the same thing in every chapter:

>>> periods.rehabilitations()[["label", "years", "value", "per_year"]]
>>> periods.bars(periods.rehabilitations(), yearly=True, name="rehabilitated")

The average per year is derived: the period total divided by the calendar years of the
period. It assumes nothing about how the total was spread over those years.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from thaw import data
from thaw.charts import APPROXIMATE, PALETTE, evidence_hatch, fmt_int, fmt_span
from thaw.i18n import N_, _, format_number

REHABILITATIONS, CONVICTIONS = "rehabilitations", "convictions"
#: The series, and what their values count. These words are English, marked for translation:
#: show them through ``thaw.i18n._`` (``_(SERIES[series])``, ``_(DERIVED_NOTE)``).
SERIES = {
    REHABILITATIONS: N_("persons rehabilitated (KGB archive count)"),
    CONVICTIONS: N_("persons convicted of anti-Soviet agitation (Art. 70 / 58-10 and Art. 190-1)"),
}
UNITS = {REHABILITATIONS: N_("rehabilitated"), CONVICTIONS: N_("convicted")}
DERIVED_NOTE = N_("derived: period total ÷ calendar years in the period")
#: The rows of rehabilitations.csv that make up the period series (figures and stated gaps).
REHABILITATION_ROWS = ["kgb-1954-1961-rehabilitated", "kgb-1962-1983-rehabilitated", "gap-1984-1987-rehabilitated",
                       "kgb-1988-1989-rehabilitated", "gap-1990-rehabilitated", "kgb-1991-2004-rehabilitated"]
#: Figures kept beside each rehabilitation total (same period), and the column they go to.
REHABILITATION_CONTEXT = {"refused": "refused", "cases_reviewed": "reviewed", "applications_reviewed": "reviewed"}


# --- Periods ----------------------------------------------------------------------------------

def label(first_year: int, last_year: int | None = None) -> str:
    """A period as the course writes it: '1954–1961', or '1990' for a single year."""
    last_year = first_year if last_year is None else last_year
    return fmt_span(pd.Timestamp(int(first_year), 1, 1), pd.Timestamp(int(last_year), 1, 1), precision="year")


def rate(value: float) -> str:
    """An average per year: whole numbers from 100 up (92,148), one decimal below (14.0)."""
    return format_number(value, 0) if value >= 100 else format_number(value, 1)


def _about(text: str, approximate: bool) -> str:
    return _("about {amount}").format(amount=text) if approximate else text


def amount(value, approximate: bool = False) -> str:
    """A total as the source gives it: '737,182', or 'about 630,000'."""
    return _about(fmt_int(value), approximate)


def _with_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """Add label, calendar years, start and end (1 Jan after the last year) and the average per year."""
    frame["label"] = [label(a, b) for a, b in zip(frame["first_year"], frame["last_year"])]
    frame["years"] = frame["last_year"] - frame["first_year"] + 1
    for column in ("value", "art70", "art190_1", "refused", "reviewed"):
        if column in frame:
            frame[column] = pd.array([pd.NA if pd.isna(v) else int(v) for v in frame[column]], dtype="Int64")
    frame["per_year"] = (frame["value"] / frame["years"]).astype("Float64").round(1)
    frame["start"] = [pd.Timestamp(int(y), 1, 1) for y in frame["first_year"]]
    frame["end"] = [pd.Timestamp(int(y) + 1, 1, 1) for y in frame["last_year"]]
    return frame.sort_values(["first_year", "last_year"]).reset_index(drop=True)


def _approximate(qualifiers) -> list[bool]:
    return [isinstance(q, str) and q.replace("_", " ") in APPROXIMATE for q in qualifiers]


def rehabilitations() -> pd.DataFrame:
    """Persons rehabilitated by period (KGB/FSB archive count), gaps included, one row per period.

    Columns: ``label`` ('1954–1961'), ``first_year``, ``last_year``, ``years``, ``value`` (the
    total), ``per_year`` (derived), ``status``, ``qualifier``, ``approximate``, grades and source,
    and the figures kept beside each total: ``refused``, ``reviewed`` (with ``reviewed_what``).
    """
    table = data.table("rehabilitations").set_index("id")
    missing = [row for row in REHABILITATION_ROWS if row not in table.index]
    if missing:
        raise data.DataError(f"rehabilitations.csv has no row(s) {', '.join(missing)}, which the period series needs.")
    rows = table.loc[REHABILITATION_ROWS].reset_index()
    frame = pd.DataFrame({
        "first_year": rows["period_start"].dt.year.astype(int), "last_year": rows["period_end"].dt.year.astype(int),
        "value": rows["value"], "status": rows["status"], "qualifier": rows["qualifier"],
        "approximate": _approximate(rows["qualifier"]), "grade": rows["grade"],
        "grade_detail": rows["grade_detail"], "source": rows["source"]})
    for measure, column in REHABILITATION_CONTEXT.items():
        for row in data.stated(table[table["measure"] == measure]).itertuples():
            where = (frame["first_year"] == row.period_start.year) & (frame["last_year"] == row.period_end.year)
            frame.loc[where, column] = row.value
            frame.loc[where, f"{column}_what"] = measure.replace("_", " ")
    return _with_spans(frame)


def convictions() -> pd.DataFrame:
    """Persons convicted of anti-Soviet agitation by period (Kozlov, Table 1), both articles, gaps included.

    One row per period (``kind`` "period") or single year (``kind`` "year"). Where both
    articles apply (from 1966) the period's ``value`` is their sum (status ``derived``).
    1957 and 1958 have figures of their own; the other single years are gaps.
    """
    table = data.table("agitation_convictions")
    table = table[table["scope"].isin(["period", "year"])].copy()
    table["first_year"] = table["period_start"].dt.year
    table["last_year"] = table["period_end"].dt.year
    rows = []
    for (first, last, kind), group in table.groupby(["first_year", "last_year", "scope"], sort=True):
        by_article = group.set_index("article")
        gap = data.stated(group).empty
        art70 = by_article["value"].get("art70", pd.NA)
        art190 = by_article["value"].get("art190_1", pd.NA)
        value = pd.NA if gap else int(0 if pd.isna(art70) else art70) + int(0 if pd.isna(art190) else art190)
        rows.append({"first_year": int(first), "last_year": int(last), "kind": kind,
                     "art70": art70, "art190_1": art190, "value": value,
                     "status": data.GAP_STATUS if gap else ("derived" if len(group) > 1 else "read"),
                     "qualifier": "exact", "approximate": False,
                     "grade": pd.NA if gap else group["grade"].dropna().max(),
                     "grade_detail": "; ".join(sorted(set(group["grade_detail"].dropna()) - {""})),
                     "source": group["source"].iloc[0]})
    return _with_spans(pd.DataFrame(rows))


def table(series: str) -> pd.DataFrame:
    """The periods of ``series``: ``"rehabilitations"`` or ``"convictions"``."""
    if series == REHABILITATIONS:
        return rehabilitations()
    if series == CONVICTIONS:
        return convictions()
    choices = "; ".join(f"'{key}' = {_(text)}" for key, text in SERIES.items())
    raise ValueError(_("Unknown series '{series}'. Choose one of: {choices}.").format(series=series, choices=choices))


# --- The pieces of the conviction bars ----------------------------------------------------------

def conviction_parts() -> pd.DataFrame:
    """The pieces the conviction bars are built from: one row per article and span of years.

    Table 1 gives a total per article and period, and two single years (1957, 1958) inside
    1956–1960. That period is split into its single years and the remainder row of the data
    (1956, 1959 and 1960 together, derived by subtraction). ``covered`` lists the calendar
    years a piece's total counts; ``period``, ``first_year`` and ``last_year`` are those of
    the period it belongs to.
    """
    table = data.stated(data.table("agitation_convictions"))
    periods = table[table["scope"] == "period"]
    pieces = []
    for row in periods.itertuples():
        first, last = row.period_start.year, row.period_end.year
        inside = table[(table["article"] == row.article) & (table["scope"] != "period")
                       & (table["period_start"] >= row.period_start) & (table["period_end"] <= row.period_end)]
        remainder = inside[inside["scope"] == "remainder"]
        if remainder.empty:
            pieces.append((row, "period", list(range(first, last + 1)), first, last))
            continue
        singles = inside[inside["scope"] == "year"]
        taken = set(singles["period_start"].dt.year)
        for single in singles.itertuples():
            pieces.append((single, "year", [single.period_start.year], first, last))
        pieces.append((next(remainder.itertuples()), "remainder",
                       [y for y in range(first, last + 1) if y not in taken], first, last))
    frame = pd.DataFrame([{
        "id": row.id, "article": row.article, "kind": kind, "covered": covered,
        "first_year": first, "last_year": last, "period": label(first, last),
        "value": int(row.value), "status": row.status, "grade": row.grade,
        "grade_detail": row.grade_detail, "source": row.source} for row, kind, covered, first, last in pieces])
    return frame.sort_values(["first_year", "article", "kind"]).reset_index(drop=True)


def runs(years: list[int]) -> list[list[int]]:
    """[1956, 1959, 1960] -> [[1956], [1959, 1960]]: consecutive years together."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def by_year(parts: pd.DataFrame) -> pd.DataFrame:
    """Each piece drawn over the years it counts: its total spread evenly over them.

    A piece whose years run on (1961–1965) is one row; one whose years do not (1956, 1959
    and 1960) is one row per year, each standing for an equal share. ``years`` is the
    divisor of the average per year (the number of years the total counts).
    """
    rows = []
    for part in parts.to_dict("records"):
        spans = [part["covered"]] if len(runs(part["covered"])) == 1 else [[y] for y in part["covered"]]
        for span in spans:
            rows.append({**part, "label": label(span[0], span[-1]), "start": pd.Timestamp(span[0], 1, 1),
                         "end": pd.Timestamp(span[-1] + 1, 1, 1), "years": len(part["covered"])})
    return pd.DataFrame(rows)


def by_period(parts: pd.DataFrame) -> pd.DataFrame:
    """Each piece drawn over its whole period; pieces of one article and kind in a period are added up.

    So 1957 and 1958 become one piece of 1956–1960 (3,380), beside the remainder (1,296).
    ``years`` is the length of the period: the divisor of the average per year.
    """
    rows = []
    for (first, last, article, kind), group in parts.groupby(["first_year", "last_year", "article", "kind"], sort=True):
        rows.append({"article": article, "kind": kind, "label": label(first, last),
                     "first_year": first, "last_year": last, "years": last - first + 1,
                     "start": pd.Timestamp(first, 1, 1), "end": pd.Timestamp(last + 1, 1, 1),
                     "covered": [y for years in group["covered"] for y in years],
                     "value": int(group["value"].sum()),
                     "status": "derived" if (group["status"] == "derived").any() else "read",
                     "grade": group["grade"].max(), "grade_detail": "; ".join(sorted(set(group["grade_detail"]))),
                     "source": "; ".join(dict.fromkeys(group["source"]))})
    return pd.DataFrame(rows)


# --- The one bar builder ------------------------------------------------------------------------

def bars(rows: pd.DataFrame, *, name: str, yearly: bool = False, colour: str = PALETTE["blue"],
         unit: str = N_("persons"), fill: float = 1.0, labels: bool = False, categories: bool = False,
         notes=None) -> go.Bar:
    """One bar per period row: its total, or with ``yearly=True`` its average per year (derived).

    ``rows`` is a table of periods (:func:`rehabilitations`, :func:`convictions`, :func:`by_year`,
    :func:`by_period`); rows without a figure are left out. On a time axis each bar spans its
    period (``fill`` of it: 0.92 leaves a gap between neighbours), so that unequal periods stay
    visible; with ``categories=True`` the bars stand side by side, one per period label.
    Evidence marks follow the course's grammar (:func:`thaw.charts.evidence_hatch`): dotted
    'about', hatched '/' derived by arithmetic, crossed grade D. ``labels`` writes the value on
    each bar; ``notes`` (a function of a row) adds lines to the hover text. ``unit`` is shown through
    ``thaw.i18n._`` (English marked with ``N_``, such as :data:`UNITS`, is translated; other text is kept).
    """
    rows = data.stated(rows) if "status" in rows else rows
    rows = rows[rows["value"].notna()]
    approximate = list(rows["approximate"]) if "approximate" in rows else [False] * len(rows)
    totals = [int(v) for v in rows["value"]]
    values = [round(t / n, 1) for t, n in zip(totals, rows["years"])] if yearly else totals
    shown = [_about(rate(v) if yearly else fmt_int(v), a) for v, a in zip(values, approximate)]
    hover = []
    for row, text, total, about in zip(rows.to_dict("records"), shown, totals, approximate):
        years = (_("{count} years") if row["years"] != 1 else _("{count} year")).format(count=fmt_int(row["years"]))
        tip = (_("{period}: {value} a year<br>(derived: {total} in {years})").format(
                   period=row["label"], value=text, total=amount(total, about), years=years) if yearly
               else f"{row['label']}: {text} {_(unit)}")
        extra = notes(row) if notes else None
        tip += "".join(f"<br>{line}" for line in ([extra] if isinstance(extra, str) else extra or []))
        hover.append(tip + ("<br>" + _("grade {grade}").format(grade=row["grade_detail"])
                            if row.get("grade_detail") else ""))
    patterns = [evidence_hatch(row.get("grade"), row.get("status"), row.get("qualifier"))
                for row in rows.to_dict("records")]
    if categories:
        place = dict(x=list(rows["label"]))
    else:
        place = dict(x=[(a + (b - a) / 2).date().isoformat() for a, b in zip(rows["start"], rows["end"])],
                     width=[fill * (b - a).total_seconds() * 1000 for a, b in zip(rows["start"], rows["end"])])
    return go.Bar(**place, y=values, name=name, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                  text=shown if labels else None, textposition="outside" if labels else None,
                  cliponaxis=False if labels else None,
                  marker=dict(color=colour, pattern_shape=patterns,
                              line=dict(width=0 if categories or fill < 1 else 1, color="white")))
