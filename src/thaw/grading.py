"""Autograding the computed exercises: does a student's answer equal the course's, in any correct form?

Each computed exercise ends with a line ``*Your answer:* `name`: …`` that says what the student's
variable ``name`` must hold. At grading time the exercise's gated solution defines the same name
with the course's value (computed from the data), and :func:`matches` compares the two.
:func:`describe_mismatch` says in one sentence, without giving the expected value away, why an
answer was not accepted.

The rules follow the type of the expected value:

- **a number** (int, float, numpy scalar): the answer must be a number (a one-element Series or
  array counts; a numeric string does not). A whole number (a count) must be exact, whether the
  answer holds it as an int or a float (12.0 == 12); any other number must agree within a
  relative tolerance of 0.5%.
- **text**: equal ignoring case, surrounding and repeated white space, and the kind of dash
  (``1954–1961`` == ``1954-1961``); a whole number matches the text of its digits (a year label
  ``"1956"`` accepts ``1956``). Text that is a date (``"1953-03-27"``) is compared as a date.
- **a date** (``datetime.date``, ``datetime.datetime``, ``pandas.Timestamp``, ``numpy.datetime64``
  or a date written as text): the same day, in any of those forms, or any text pandas reads as
  that day (``"27 March 1953"``).
- **a set**: any iterable (list, tuple, set, Index, Series, array) with the same elements, each
  compared by these rules; repeats do not matter.
- **a tuple or list**: the same number of items, matching in order.
- **a dict or Series**: a dict, a Series or a one-column DataFrame indexed by the keys, with the
  same keys (compared as text) and matching values. A key whose expected value is 0 may be left
  out; a key the course leaves out may be present with a missing value (None, NaN, NA), but
  not with a zero (a gap in the sources is not a zero).
- anything else: ``==``.

Neither function ever raises: an answer of the wrong type is simply not accepted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import numbers
import re

import numpy as np
import pandas as pd

from thaw.i18n import _

#: Relative tolerance for numbers that are not whole (shares, rates, averages).
RELATIVE_TOLERANCE = 0.005

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?\s*$")
_MOST_ITEMS = 100_000
_DATE_TYPES = (dt.date, np.datetime64)  # dt.datetime and pd.Timestamp are dt.date subclasses


def matches(answer, expected) -> bool:
    """Whether ``answer`` is a correct form of the course's ``expected`` value (see the module's rules)."""
    try:
        return _mismatch(answer, expected) is None
    except Exception:  # noqa: BLE001 - a wrong answer is never an error
        return False


def describe_mismatch(answer, expected) -> str:
    """Why ``answer`` does not match, in one sentence that never gives ``expected`` away ('' if it matches)."""
    try:
        reason = _mismatch(answer, expected)
    except Exception:  # noqa: BLE001
        return _("Your answer could not be compared with the course's answer.")
    if reason is None:
        return ""
    return reason[:1].upper() + reason[1:] + "."


# --- What kind of value ------------------------------------------------------------------------------

def _kind(value) -> str:
    """A value's kind as a student would name it: 'a list', 'a string' …"""
    if _missing(value):
        return _("a missing value")
    if isinstance(value, (bool, np.bool_)):
        return _("True or False")
    if isinstance(value, pd.DataFrame):
        return _("a DataFrame")
    if isinstance(value, pd.Series):
        return _("a Series")
    if isinstance(value, pd.Index):
        return _("an Index")
    if isinstance(value, np.ndarray):
        return _("an array")
    if isinstance(value, (str, np.str_)):
        return _("a string")
    if isinstance(value, _DATE_TYPES):
        return _("a date")
    if isinstance(value, (numbers.Number, np.number)):
        return _("a number")
    if isinstance(value, dict):
        return _("a dict")
    if isinstance(value, (set, frozenset)):
        return _("a set")
    if isinstance(value, tuple):
        return _("a tuple")
    if isinstance(value, list):
        return _("a list")
    return _("a value of type {name}").format(name=type(value).__name__)


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


def _is_number(value) -> bool:
    return isinstance(value, (numbers.Number, np.number)) and not isinstance(value, (bool, np.bool_, complex))


def _is_whole(value) -> bool:
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_text(value) -> bool:
    return isinstance(value, (str, np.str_))


def _is_date(value) -> bool:
    if isinstance(value, _DATE_TYPES):
        return True
    return _is_text(value) and bool(_ISO_DATE.match(value))


# --- The rules ---------------------------------------------------------------------------------------

def _mismatch(answer, expected) -> str | None:
    """None when ``answer`` matches ``expected``, else the reason (a sentence without its full stop)."""
    if _missing(expected):
        return None if _missing(answer) else _("expected no value, got {kind}").format(kind=_kind(answer))
    if _is_date(expected):
        return _date_mismatch(answer, expected)
    if _is_number(expected):
        return _number_mismatch(answer, expected)
    if _is_text(expected):
        return _text_mismatch(answer, expected)
    if isinstance(expected, (set, frozenset)):
        return _set_mismatch(answer, expected)
    if isinstance(expected, (tuple, list)):
        return _sequence_mismatch(answer, expected)
    if isinstance(expected, (dict, pd.Series)):
        return _mapping_mismatch(answer, expected)
    result = answer == expected
    if isinstance(result, (bool, np.bool_)) and result:
        return None
    return _("your answer is not the course's answer")


def _single(answer):
    """A one-element Series, Index, array or 1×1 DataFrame as its element; anything else as it is."""
    if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        return answer.iat[0, 0]
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray)) and answer.size == 1:
        return answer.tolist()[0] if not isinstance(answer, np.ndarray) else answer.reshape(-1)[0]
    return answer


def _number_mismatch(answer, expected) -> str | None:
    answer = _single(answer)
    if _missing(answer):
        return _("expected a number, got a missing value")
    if not _is_number(answer):
        return _("expected a number, got {kind}").format(kind=_kind(answer))
    value, target = float(answer), float(expected)
    if math.isnan(value):
        return _("expected a number, got a missing value")
    if _is_whole(expected):
        if value == target or abs(value - target) <= 1e-9 * max(1.0, abs(target)):
            return None
        if value != round(value):
            return _("expected a whole number (a count), got {value}").format(value=answer)
    elif math.isclose(value, target, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12):
        return None
    if target and math.isclose(value, target * 100, rel_tol=RELATIVE_TOLERANCE):
        return _("the number looks like a percentage; give it as a fraction (0.25, not 25)")
    if target and math.isclose(value, target / 100, rel_tol=RELATIVE_TOLERANCE):
        return _("the number looks like a fraction; give it as a percentage (25, not 0.25)")
    return _("the number is too high") if value > target else _("the number is too low")


def _normal_text(text) -> str:
    return _SPACES.sub(" ", _DASHES.sub("-", str(text))).strip().casefold()


def _text_mismatch(answer, expected) -> str | None:
    answer = _single(answer)
    if _is_whole(answer):
        answer = str(answer)
    if not _is_text(answer):
        return _("expected text, got {kind}").format(kind=_kind(answer))
    if _normal_text(answer) == _normal_text(expected):
        return None
    return _("the text is not the course's answer")


def _day(value) -> dt.date | None:
    """The day a date, a timestamp or a date written as text stands for; None if it is none."""
    value = _single(value)
    if _missing(value) or isinstance(value, (bool, np.bool_)) or _is_number(value):
        return None
    if isinstance(value, (dt.date, np.datetime64)) or _is_text(value):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            return None
        return None if pd.isna(stamp) else stamp.date()
    return None


def _date_mismatch(answer, expected) -> str | None:
    day = _day(answer)
    if day is None:
        if _is_text(_single(answer)):
            return _("the text could not be read as a date; write it as YYYY-MM-DD")
        return _("expected a date, got {kind}").format(kind=_kind(_single(answer)))
    target = _day(expected)
    if day == target:
        return None
    return _("the date is too late") if day > target else _("the date is too early")


def _items(answer):
    """The elements of a collection a student may give for a set or a sequence; None if it is not one."""
    if _is_text(answer) or isinstance(answer, (dict, pd.DataFrame, bytes)):
        return None
    if isinstance(answer, (pd.Series, pd.Index)):
        return answer.tolist()
    if isinstance(answer, np.ndarray):
        return answer.reshape(-1).tolist() if answer.ndim <= 1 else None
    if isinstance(answer, (list, tuple, set, frozenset)):
        return list(answer)
    try:
        return list(itertools.islice(iter(answer), _MOST_ITEMS + 1))  # an endless iterator is no answer
    except TypeError:
        return None


def _set_mismatch(answer, expected) -> str | None:
    items = _items(answer)
    if items is None:
        return _("expected several items (a list or a set), got {kind}").format(kind=_kind(answer))
    wanted = list(expected)
    found = [False] * len(wanted)
    extra = []
    for item in items:
        hits = [i for i, target in enumerate(wanted) if matches(item, target)]
        if not hits:
            extra.append(item)
        for i in hits:
            found[i] = True
    missing = found.count(False)
    if extra:
        template = (_("1 of your items should not be there: {items}") if len(extra) == 1
                    else _("{count} of your items should not be there: {items}"))
        return template.format(count=len(extra), items=_listed(extra))
    if missing:
        return _("1 item is missing") if missing == 1 else _("{count} items are missing").format(count=missing)
    return None


def _listed(items, most: int = 5) -> str:
    """The first few items, for a reason that stays one short sentence."""
    shown = ", ".join(str(item) for item in items[:most])
    return shown + (" …" if len(items) > most else "")


def _sequence_mismatch(answer, expected) -> str | None:
    if isinstance(answer, (set, frozenset)):
        return _("expected items in order (a tuple or a list), got a set")
    items = _items(answer)
    if items is None:
        return _("expected {count} items in order (a tuple or a list), got {kind}").format(
            count=len(expected), kind=_kind(answer))
    if len(items) != len(expected):
        return _("expected {count} items, got {given}").format(count=len(expected), given=len(items))
    for position, (item, target) in enumerate(zip(items, expected), start=1):
        reason = _mismatch(item, target)
        if reason is not None:
            return _("item {position}: {reason}").format(position=position, reason=reason)
    return None


def _mapping(answer) -> dict | None:
    """A dict, a Series or a one-column DataFrame as a dict; None for anything else."""
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            return None
        answer = answer.iloc[:, 0]
    if isinstance(answer, pd.Series):
        return dict(answer.items())
    if isinstance(answer, dict):
        return dict(answer)
    return None


def _mapping_mismatch(answer, expected) -> str | None:
    given = _mapping(answer)
    if given is None:
        if isinstance(answer, pd.DataFrame):
            return _("expected one value per key (a dict or a Series), got a DataFrame with {count} columns").format(
                count=answer.shape[1])
        return _("expected one value per key (a dict or a Series), got {kind}").format(kind=_kind(answer))
    wanted = {_normal_text(key): (key, value) for key, value in dict(expected.items()).items()}
    answered = {}
    for key, value in given.items():
        answered[_normal_text(key)] = (key, value)
    missing = [key for norm, (key, value) in wanted.items()
               if norm not in answered and not (_is_number(value) and value == 0)]
    extra = [key for norm, (key, value) in answered.items() if norm not in wanted and not _missing(value)]
    if missing:
        template = _("1 key missing: {keys}") if len(missing) == 1 else _("{count} keys missing: {keys}")
        return template.format(count=len(missing), keys=_listed(missing))
    if extra:
        template = (_("1 key that should not be there: {keys}") if len(extra) == 1
                    else _("{count} keys that should not be there: {keys}"))
        return template.format(count=len(extra), keys=_listed(extra))
    for norm, (key, target) in wanted.items():
        if norm not in answered:
            continue
        reason = _mismatch(answered[norm][1], target)
        if reason is not None:
            return _("for {key}, {reason}").format(key=key, reason=reason)
    return None


# --- Marking, as nbgrader's hidden tests call it ------------------------------------------------------
# A hidden test's last value is its mark: nbgrader reads a number a test cell returns as partial credit.
# Marking never raises for a student's notebook, whatever it holds, and prints to stdout only (nbgrader
# scores a test cell that writes to stderr zero). A traceback would print the test cell's lines, hidden
# tests and the course's solution among them, into the feedback students keep.

class MissingAnswer(AssertionError):
    """A test cell's visible check failed: the notebook does not define the answer's name."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback, which would print the cell's hidden lines.
        return [str(self)]


def require_answer(namespace: dict, name: str, message: str) -> None:
    """The visible part of a test cell: fail with ``message`` alone unless the notebook defines ``name``
    (so that nbgrader's Validate tells a student who has not kept their answer in it)."""
    if name not in namespace:
        raise MissingAnswer(message)


def reference(namespace: dict, name: str, solution: str):
    """The course's value of ``name``: the exercise's solution run in a copy of the student's namespace."""
    import contextlib
    import io
    import warnings

    scope = dict(namespace)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        exec(compile(solution, "<the course's solution>", "exec"), scope)  # noqa: S102 - the course's own code
    if name not in scope:
        raise NameError(f"the course's solution does not define {name!r}")
    return scope[name]


def mark(namespace: dict, name: str, solution: str, points: float) -> float:
    """``points`` if the student's ``name`` matches the course's (computed by ``solution``), else 0."""
    if name not in namespace:
        print(_("`{name}` is not defined: keep your answer in it, as the exercise asks.").format(name=name))
        return 0
    try:
        expected = reference(namespace, name, solution)
    except Exception as error:  # noqa: BLE001 - e.g. the notebook rebound a name that the solution uses
        print(_("`{name}`: not marked: the course's solution did not run in this notebook ({error}). "
                "Your instructor will check it by hand.").format(name=name, error=type(error).__name__))
        return 0
    answer = namespace[name]
    if matches(answer, expected):
        print(_("`{name}`: correct.").format(name=name))
        return points
    print(_("`{name}`: not accepted. {reason}").format(name=name, reason=describe_mismatch(answer, expected)))
    return 0


def mark_verdict(answers: dict, claim: str, verdict: str, points: float = 1) -> float:
    """``points`` if the student's recorded verdict on ``claim`` is the course's ``verdict``, else 0."""
    entry = answers.get(claim) if isinstance(answers, dict) else None
    given = entry.get("verdict") if isinstance(entry, dict) else None
    if given is None:
        print(_("{claim}: no verdict recorded.").format(claim=claim))
        return 0
    if given == verdict:
        print(_("{claim}: your verdict agrees with the course's.").format(claim=claim))
        return points
    print(_("{claim}: your verdict differs from the course's.").format(claim=claim))
    return 0
