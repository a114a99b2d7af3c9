"""Load the course's datasets from the Frictionless Data Package in ``data/``.

Every table is checked against its schema in ``data/datapackage.json`` while it
is read. A problem raises :class:`DataError`, whose message names the file, the
row and the field, so that a student who edits a CSV sees what to fix instead of
a traceback from deep inside pandas.

The data are written in English. The text columns that a reader sees on a chart, in hover
text, a menu or an explorer's sentences (event titles, place names, chart labels…) are marked
``"translate": true`` in ``datapackage.json``; their values are the messages of the gettext
catalogue ``src/thaw/locale/<language>/LC_MESSAGES/data-<table>.po`` (``make translations``
extracts them). :func:`table` returns those columns in the current language
(:func:`thaw.i18n.set_language`); every other column (ids, numbers, dates, the codes that
code compares, sources) stays as it is in the CSV, so both editions filter, group and count
the same rows. :func:`load`, which validation and tests use, always reads the English.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from thaw import i18n
from thaw.errors import DataError  # noqa: F401 (raised here; also imported from here)
from thaw.paths import DATA

#: The repository's data folder; ``THAW_DATA_DIR`` points elsewhere (tests use it).
DEFAULT_DATA_DIR = DATA

#: In tables that state gaps, ``value`` may be empty only on a row whose status is this.
GAP_STATUS = "gap"
#: Statuses of a figure that may be charted and compared: read in a source, or derived from
#: figures read by stated arithmetic. "alternative" (a rival or superseded figure), "error"
#: (a misprint kept to teach it) and "gap" (no figure found) are shown only as such.
STATED_STATUSES = ("read", "derived")


def stated(frame):
    """The rows of ``frame`` whose figure was read or derived (not gaps, alternatives or errors)."""
    return frame[frame["status"].isin(STATED_STATUSES)]


def gaps(frame):
    """The rows of ``frame`` that record a figure no source gives."""
    return frame[frame["status"] == GAP_STATUS]


@dataclass(frozen=True)
class Location:
    """Where in a CSV file a problem was found (rows count data rows from 1)."""

    path: Path
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.row is not None:
            parts.append(f"row {self.row} (line {self.row + 1})")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


def data_dir() -> Path:
    return Path(os.environ.get("THAW_DATA_DIR", DEFAULT_DATA_DIR))


def _read_json(path: Path, what: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: {what} is missing") from None
    except json.JSONDecodeError as error:
        raise DataError(f"{path}, line {error.lineno}: not valid JSON ({error.msg})") from None


def read_package(directory: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``directory`` (default: the course data)."""
    return _read_json((directory or data_dir()) / "datapackage.json", "the data package description")


def resource(name: str, directory: Path | None = None) -> dict:
    """The description of one resource (table) of the data package."""
    package = read_package(directory)
    for item in package.get("resources", []):
        if item.get("name") == name:
            return item
    names = ", ".join(r.get("name", "?") for r in package.get("resources", []))
    raise DataError(f"no dataset called '{name}' in the data package (it has: {names})")


def _parse_cell(text: str, field: dict, where: Location):
    """Convert one CSV cell to a Python value according to its schema field."""
    kind = field.get("type", "string")
    try:
        if kind == "string":
            return text
        if kind in ("integer", "year"):
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "boolean":
            if text in ("true", "false"):
                return text == "true"
            raise ValueError
    except ValueError:
        pass
    else:
        raise DataError(f"{where}: the schema type '{kind}' is not supported by the course loader")
    examples = {"integer": "a whole number such as 1201738", "year": "a year such as 1956",
                "number": "a number such as 67.5", "date": "a date written YYYY-MM-DD",
                "boolean": "true or false"}
    raise DataError(f"{where}: '{text}' is not {examples[kind]}")


def _check_constraints(value, text: str, field: dict, where: Location) -> None:
    constraints = field.get("constraints", {})
    if "enum" in constraints and text not in [str(v) for v in constraints["enum"]]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        raise DataError(f"{where}: '{text}' is not one of the allowed values ({allowed})")
    if "minimum" in constraints and value < constraints["minimum"]:
        raise DataError(f"{where}: {text} is below the minimum {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:
        raise DataError(f"{where}: {text} is above the maximum {constraints['maximum']}")


def _read_rows(path: Path, fields: list[dict], missing: set[str]) -> list[dict]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise DataError(f"{path}: the file is missing") from None
    names = [f["name"] for f in fields]
    with handle:
        try:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header != names:
                missing_names = [n for n in names if n not in (header or [])]
                extra = [n for n in (header or []) if n not in names]
                detail = []
                if missing_names:
                    detail.append("missing column(s) " + ", ".join(missing_names))
                if extra:
                    detail.append("unexpected column(s) " + ", ".join(extra))
                if not detail:
                    detail.append("columns are in the wrong order; expected " + ", ".join(names))
                raise DataError(f"{Location(path, 0)}: header does not match the schema: "
                                + "; ".join(detail))
            rows = []
            for number, cells in enumerate(reader, start=1):
                if len(cells) != len(names):
                    raise DataError(f"{Location(path, number)}: {len(cells)} cells, "
                                    f"but the schema has {len(names)} fields")
                row = {}
                for field, text in zip(fields, cells):
                    where = Location(path, number, field["name"])
                    if text in missing:
                        if field.get("constraints", {}).get("required"):
                            raise DataError(f"{where}: a value is required but the cell is empty")
                        row[field["name"]] = None
                        continue
                    value = _parse_cell(text, field, where)
                    _check_constraints(value, text, field, where)
                    row[field["name"]] = value
                rows.append(row)
        except UnicodeDecodeError as error:
            raise DataError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
        except csv.Error as error:
            raise DataError(f"{Location(path, max(reader.line_num - 1, 0))}: broken CSV ({error})") from None
    return rows


def _check_table_rules(path: Path, rows: list[dict], schema: dict) -> None:
    """Rules that span cells: unique primary keys, and gaps stated explicitly."""
    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        seen = {}
        for number, row in enumerate(rows, start=1):
            value = tuple(row[k] for k in key)
            if value in seen:
                raise DataError(f"{Location(path, number, ', '.join(key))}: duplicate key {value} "
                                f"(first used in row {seen[value]})")
            seen[value] = number
    names = {f["name"] for f in schema.get("fields", [])}
    if {"value", "status"} <= names:
        for number, row in enumerate(rows, start=1):
            is_gap = row["status"] == GAP_STATUS
            if is_gap != (row["value"] is None):
                problem = ("a gap row must leave 'value' empty" if is_gap else
                           "'value' is empty: give the number, or mark the row status 'gap'")
                raise DataError(f"{Location(path, number, 'value')}: {problem}")


def _to_frame(rows: list[dict], fields: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields])
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        if kind in ("integer", "year"):
            frame[name] = frame[name].astype("Int64")
        elif kind == "number":
            frame[name] = frame[name].astype("float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name])
        elif kind == "boolean":
            frame[name] = frame[name].astype("boolean")
        else:  # text: an empty cell is an empty string, so `if row.note:` reads naturally
            frame[name] = frame[name].fillna("")
    return frame


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Read dataset ``name`` as a typed DataFrame, checked against its schema.

    Raises :class:`DataError` naming file, row and field for any malformed cell.
    """
    directory = directory or data_dir()
    description = resource(name, directory)
    schema = description.get("schema", {})
    fields = schema.get("fields", [])
    path = directory / description["path"]
    rows = _read_rows(path, fields, set(schema.get("missingValues", [""])))
    _check_table_rules(path, rows, schema)
    return _to_frame(rows, fields)


@lru_cache(maxsize=None)
def _cached(name: str, directory: str) -> pd.DataFrame:
    return load(name, Path(directory))


@lru_cache(maxsize=None)
def _translated_columns(name: str, directory: str) -> tuple[str, ...]:
    fields = resource(name, Path(directory)).get("schema", {}).get("fields", [])
    return tuple(f["name"] for f in fields if f.get("translate"))


def translated_columns(name: str) -> tuple[str, ...]:
    """The columns of dataset ``name`` that :func:`table` translates (``"translate": true``)."""
    return _translated_columns(name, str(data_dir()))


def table(name: str) -> pd.DataFrame:
    """Like :func:`load`, cached per session; returns a copy that is safe to modify.

    Outside English, the columns marked ``"translate": true`` come translated (the copy is;
    the cached frame stays English). A value with no translation yet stays English.
    """
    directory = str(data_dir())
    frame = _cached(name, directory).copy()
    if i18n.language() != i18n.SOURCE_LANGUAGE:
        for column in _translated_columns(name, directory):
            frame[column] = frame[column].map(i18n._)
    return frame


def basemap(region: str = "ussr") -> dict:
    """Coastlines and borders for the offline maps (data/basemap_<region>.json)."""
    return _read_json(data_dir() / f"basemap_{region}.json", f"the base map of region '{region}'")
