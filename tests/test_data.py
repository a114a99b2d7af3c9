"""The data package: valid, documented, internally consistent; bad files give clear messages."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest
from frictionless import Package

from thaw import data
from thaw.data import DataError
from thaw.paths import ROOT

DATA = ROOT / "data"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r["name"] for r in PACKAGE["resources"] if r.get("profile") == "tabular-data-resource"]


def test_data_package_is_valid_frictionless():
    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in PACKAGE["resources"]}
    on_disk = {p.name for p in DATA.iterdir() if p.suffix in (".csv", ".json", ".txt") and p.name != "datapackage.json"}
    assert on_disk == described


@pytest.mark.parametrize("name", TABLES)
def test_resource_documents_what_it_counts(name):
    resource = data.resource(name)
    assert len(resource.get("description", "")) > 40, f"{name}: describe what is counted and as of when"
    assert resource.get("sources"), f"{name}: list its sources"
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"
        if field["type"] in ("integer", "number") and field["name"] not in ("year",):
            assert field.get("unit"), f"{name}.{field['name']} has no unit"


@pytest.mark.parametrize("name", TABLES)
def test_tables_mixing_sources_carry_a_source_per_row(name):
    frame = data.load(name)
    if "source" in frame:
        assert frame["source"].notna().all(), f"{name}: a row has no source"
    if "grade" in frame and "status" in frame:
        stated = frame[frame["status"] != "gap"]
        assert stated["grade"].notna().all(), f"{name}: a row with a figure has no evidence grade"


@pytest.mark.parametrize("name", TABLES)
def test_loader_types_every_table(name):
    frame = data.load(name)
    assert len(frame) > 0
    for field in data.resource(name)["schema"]["fields"]:
        column = frame[field["name"]]
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(column)
        elif field["type"] in ("integer", "year"):
            assert str(column.dtype) == "Int64"


def series(name):
    population = data.load("gulag_population")
    return population[population["series"] == name].set_index("date")["value"]


def kuznetsov_flow(measure, year):
    flows = data.load("gulag_flows")
    rows = flows[(flows["measure"] == measure) & (flows["period_start"].dt.year == year)
                 & flows["source"].str.startswith("Kuznetsov")]
    assert len(rows) == 1
    return int(rows["value"].iloc[0])


def test_stocks_and_flows_agree():
    """Stock(1 Jan, y+1) = stock(1 Jan, y) + admitted(y) − departed(y), for 1953–1955."""
    totals = series("itl_itk")
    for year in (1953, 1954, 1955):
        expected = (totals[f"{year}-01-01"] + kuznetsov_flow("admitted_convicted", year)
                    - kuznetsov_flow("departed_total", year))
        assert totals[f"{year + 1}-01-01"] == expected, year


def test_kruglov_april_1954_reconciles_with_the_1954_stock():
    flows = data.load("gulag_flows")
    kruglov = flows[flows["source"].str.startswith("Kruglov")].set_index("measure")["value"]
    first_quarter_in = kruglov["arrivals"] - kuznetsov_flow("admitted_convicted", 1953)
    first_quarter_out = kruglov["departures"] - kuznetsov_flow("departed_total", 1953)
    totals = series("itl_itk")
    assert totals["1954-01-01"] + first_quarter_in - first_quarter_out == totals["1954-04-01"]


def test_departures_are_end_of_term_plus_decrees_for_full_years():
    for year in (1953, 1954, 1955):
        assert kuznetsov_flow("departed_total", year) == (
            kuznetsov_flow("departed_end_of_term", year) + kuznetsov_flow("released_by_decree", year))


def test_the_archival_amnesty_figure_and_its_rivals():
    flows = data.load("gulag_flows")
    amnesty = flows[flows["measure"] == "released_amnesty"]
    assert set(amnesty.loc[amnesty["status"] == "read", "value"]) == {1201738}
    assert set(amnesty.loc[amnesty["status"] == "alternative", "grade"]) == {"C"}


def test_gaps_are_stated_not_filled():
    population = data.load("gulag_population")
    gaps = population[(population["series"] == "itl_itk") & (population["status"] == "gap")]
    assert sorted(gaps["date"].dt.year) == [1957, 1959, 1960]
    assert gaps["value"].isna().all()


def test_events_key_dates_have_chart_labels():
    events = data.load("events")
    keys = events[events["key"]]
    assert len(keys) >= 3 and keys["marker"].notna().all()
    assert len(events) >= 70


def test_seed_errors_are_not_stated_as_fact_in_events():
    events = data.load("events").set_index("id")
    congress = events[events["title"].str.contains("20th Congress")]
    assert (congress["start"] == pd.Timestamp("1956-02-14")).all()


# --- Bad input: clear messages naming file, row and field ------------------------------

@pytest.fixture
def data_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def rewrite_cell(path, row, column, value):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(path, index=False)
    assert header == list(frame.columns)


def test_a_word_in_a_number_column_names_file_row_and_field(data_copy):
    rewrite_cell(data_copy / "gulag_population.csv", 3, "value", "about 268 thousand")
    with pytest.raises(DataError) as error:
        data.load("gulag_population", data_copy)
    message = str(error.value)
    assert "gulag_population.csv" in message and "row 3" in message and "field 'value'" in message
    assert "about 268 thousand" in message and "whole number" in message


def test_a_bad_date_says_how_to_write_it(data_copy):
    rewrite_cell(data_copy / "uprisings.csv", 2, "start", "19/07/1953")
    with pytest.raises(DataError, match=r"uprisings.csv, row 2 \(line 3\), field 'start'.*YYYY-MM-DD"):
        data.load("uprisings", data_copy)


def test_a_value_outside_the_allowed_list_names_the_allowed_values(data_copy):
    rewrite_cell(data_copy / "gulag_flows.csv", 1, "status", "guessed")
    with pytest.raises(DataError, match=r"field 'status'.*'guessed' is not one of .*read, derived"):
        data.load("gulag_flows", data_copy)


def test_an_empty_value_must_be_declared_a_gap(data_copy):
    rewrite_cell(data_copy / "gulag_population.csv", 1, "value", "")
    with pytest.raises(DataError, match=r"row 1 .*field 'value'.*mark the row status 'gap'"):
        data.load("gulag_population", data_copy)


def test_a_missing_column_is_named(data_copy):
    path = data_copy / "camps.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["place_id"])
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"camps.csv.*missing column\(s\) place_id"):
        data.load("camps", data_copy)


def test_a_duplicate_key_names_both_rows(data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"duplicate key .*first used in row 1"):
        data.load("places", data_copy)


def test_a_short_row_is_reported(data_copy):
    path = data_copy / "camps.csv"
    path.write_text(path.read_text(encoding="utf-8") + "lostcamp,Lost\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"camps.csv, row 13 \(line 14\): 2 cells, but the schema has 7"):
        data.load("camps", data_copy)


def test_a_file_that_is_not_utf8_is_reported(data_copy):
    path = data_copy / "camps.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    with pytest.raises(DataError, match=r"camps.csv: not UTF-8"):
        data.load("camps", data_copy)


def test_a_broken_package_description_is_reported(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    with pytest.raises(DataError, match=r"datapackage.json, line \d+: not valid JSON"):
        data.load("camps", data_copy)


def test_an_unknown_dataset_lists_the_known_ones():
    with pytest.raises(DataError, match=r"no dataset called 'camp'.*camps"):
        data.load("camp")


def test_in_a_notebook_bad_data_shows_one_clear_message_and_stops_the_run(data_copy, monkeypatch):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbformat.v4 import new_code_cell, new_notebook

    path = data_copy / "camps.csv"
    path.write_text(path.read_text(encoding="utf-8") + "lostcamp,Lost\n", encoding="utf-8")
    monkeypatch.setenv("THAW_DATA_DIR", str(data_copy))
    notebook = new_notebook(cells=[new_code_cell("from thaw import data\ndata.table('camps')"),
                                   new_code_cell("print('not reached')")])
    with pytest.raises(CellExecutionError):
        NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    shown = "".join(output.get("text", "") for output in notebook.cells[0].outputs)
    assert shown.startswith("Data problem: ") and "camps.csv, row 13 (line 14)" in shown
    assert "Traceback" not in shown
    assert notebook.cells[1].outputs == []


# --- When sources differ: a real conflict, a difference of definition or date, or an error -----

CASES = {"conflict", "definition-or-date", "error"}
NOT_A_CONFLICT = re.compile(r"(?:not|rather than|no|nor)\s+(?:a\s+)?(?:real\s+)?conflict", re.I)


def difference_tables():
    return [r["name"] for r in data.read_package()["resources"]
            if any(f["name"] == "difference" for f in r.get("schema", {}).get("fields", []))]


def test_every_rival_row_says_which_of_the_three_cases_it_is():
    """A row kept beside the course's figure is a conflict, another definition or date, or an error."""
    for resource in data.read_package()["resources"]:
        if resource.get("profile") != "tabular-data-resource":
            continue
        table = data.load(resource["name"])
        if "status" not in table:
            continue
        rivals = table[table["status"].isin(["alternative", "error"])]
        if rivals.empty:
            continue
        assert "difference" in table, f"{resource['path']}: rival rows but no 'difference' column"
        cases = dict(zip(rivals.index + 1, rivals["difference"]))
        assert set(cases.values()) <= CASES, f"{resource['path']}: rows {cases} lack a case"
        # An error is an example of an error, never a rival: its status says so too.
        mismatched = table[(table["status"] == "error") != (table["difference"] == "error")]
        assert mismatched.empty, f"{resource['path']}: rows {list(mismatched.index + 1)}: status and case disagree"


def test_only_a_real_conflict_is_called_a_conflict():
    """False uncertainty: text that calls two figures a conflict must belong to a row classified as one."""
    for name in [r["name"] for r in data.read_package()["resources"] if r.get("profile") == "tabular-data-resource"]:
        table = data.load(name)
        for number, row in table.iterrows():
            text = " ".join(str(v) for k, v in row.items() if isinstance(v, str) and k != "difference")
            asserted = re.sub(NOT_A_CONFLICT, "", text)
            if re.search(r"\bconflict\b", asserted, re.I):  # the noun: "conflicts with" is plain English
                assert row.get("difference") == "conflict", \
                    f"{name} row {number + 1}: the text calls it a conflict, but it is not classified as one"


def test_the_three_cases_are_all_used_and_counted_on_the_about_page():
    from thaw.chapters import about_data as catalogue

    counts = catalogue.difference_counts()
    assert set(counts) == CASES and all(counts.values())
    assert sum(counts.values()) == sum(int((data.load(n)["difference"] != "").sum()) for n in difference_tables())


# --- A grade-D page never stands where a better source was not looked for --------------------

REGISTER = ROOT / "research" / "grade-d-register.csv"


def grade_d_rows() -> set[tuple[str, str]]:
    """(table, row key) of every row graded D; the key is the table's primary key without its source."""
    found = set()
    for resource in PACKAGE["resources"]:
        if resource.get("profile") != "tabular-data-resource":
            continue
        table = data.load(resource["name"])
        if "grade" not in table:
            continue
        keys = [k for k in resource["schema"].get("primaryKey") or ["id"] if k != "source"]
        for _, row in table[table["grade"] == "D"].iterrows():
            found.add((resource["name"], "|".join(_key_text(row[k]) for k in keys)))
    return found


def _key_text(value) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)


def test_every_grade_d_row_records_the_search_for_a_better_source():
    """Pattern 4 of the review: a popular page may stand only after a search for scholarship failed.

    The register names, for every grade-D row, the research note where that search is written up.
    A new grade-D row without a search fails; so does a register line left behind after a row was upgraded.
    """
    import csv

    with REGISTER.open(encoding="utf-8") as handle:
        register = {(r["table"], r["row"]): r for r in csv.DictReader(handle)}
    rows = grade_d_rows()
    assert sorted(rows - set(register)) == [], "grade-D rows with no recorded search for a better source"
    assert sorted(set(register) - rows) == [], "register lines for rows that are no longer grade D"
    for (table, row), line in register.items():
        assert (ROOT / line["searched_in"]).is_file(), f"{table} {row}: no research note {line['searched_in']}"
        assert line["outcome"].strip(), f"{table} {row}: the outcome of the search is not stated"
