"""Files that keep what students type into the course's tools, so a kernel restart loses nothing.

Each tool keeps ``{"version": 1, "answers": {key: answer}}`` in one JSON file next to its
notebook, written whole after every answer. A file that cannot be read is never
overwritten: the tool says so and saves new answers to the next free name.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

from thaw.i18n import _


class AnswersFileError(ValueError):
    """An answers file that cannot be read; it is never overwritten."""


def load_answers(path, entry_is_valid: Callable[[str, object], bool], entry_description: str) -> dict:
    """The saved answers, {} if there are none yet; checked entry by entry (``entry_description``: see
    :func:`open_answers`)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnswersFileError(_("{path} is not a readable answers file ({error}). It was left as it is; "
                                 "your new answers go to another file.").format(path=path, error=error)) from None
    answers = content.get("answers") if isinstance(content, dict) else None
    if not isinstance(answers, dict):
        raise AnswersFileError(_("{path} has no 'answers' section. It was left as it is; "
                                 "your new answers go to another file.").format(path=path))
    for key, answer in answers.items():
        if not entry_is_valid(key, answer):
            raise AnswersFileError(_("{path}: the entry for '{key}' is not {description}. "
                                     "The file was left as it is.").format(path=path, key=key,
                                                                           description=_(entry_description)))
    return answers


def save_answers(path, answers: dict) -> None:
    """Write all answers at once (a crash never leaves half a file)."""
    path = Path(path)
    payload = json.dumps({"version": 1, "answers": answers}, ensure_ascii=False, indent=1)
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=".answers-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(payload)
    os.replace(temporary, path)


def free_path(path) -> Path:
    """``path``, or the first ``name-2.json``, ``name-3.json`` … that does not exist yet."""
    path = Path(path)
    number = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def open_answers(path, entry_is_valid, entry_description: str, when_saved: str) -> tuple[dict, Path, str]:
    """(answers so far, the file to save to, an HTML notice for the student) for a widget.

    ``entry_description`` and ``when_saved`` are English, marked with ``N_`` by the caller (or already
    translated): they are shown in the current language.
    """
    try:
        return (load_answers(path, entry_is_valid, entry_description), Path(path),
                _("<p>Your answers are saved to <code>{path}</code> {when}.</p>").format(
                    path=html.escape(str(path)), when=_(when_saved)))
    except AnswersFileError as error:
        path = free_path(path)
        return {}, path, _("<p><b>{problem}</b> New answers are saved to {path}.</p>").format(
            problem=html.escape(str(error)), path=html.escape(str(path)))
