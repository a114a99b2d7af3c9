"""The translation catalogues of the course's text: ``python -m thaw.book.translations`` (``make translations``).

English is the source. Sphinx's gettext builder cuts every page and notebook of the book into
messages (a paragraph, a heading, a list item, a caption, a table cell), and sphinx-intl keeps one
gettext catalogue per page and language in ``book/locales/<language>/LC_MESSAGES/``, the layout
Sphinx reads when it builds an edition (``locale_dirs``). Updating the catalogues after an English
change adds the new messages untranslated, and marks a changed message's translation *fuzzy*
(out of date): the old translation stays beside the new English, for the translator to revise.

The report gives, per catalogue, how many messages are translated, out of date and untranslated.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from thaw.paths import ROOT

LOCALE_DIR = ROOT / "book" / "locales"
#: The editions beside the English source.
TRANSLATIONS = ("id",)


def extract(book: Path = ROOT, output: Path | None = None) -> Path:
    """Cut the book into message templates (.pot), one per page, without running any notebook."""
    output = output or Path(tempfile.mkdtemp(prefix="thaw-gettext-"))
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"  # messages are the authors' text, not outputs
    config.setdefault("sphinx", {}).setdefault("config", {})["gettext_compact"] = False  # one per page
    config_path = output / "gettext-config.yml"
    output.mkdir(parents=True, exist_ok=True)
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "--config", str(config_path),
         "--builder", "custom", "--custom-builder", "gettext", "--path-output", str(output)],
        capture_output=True, text=True)
    templates = output / "_build" / "gettext"
    if result.returncode != 0 or not any(templates.rglob("*.pot")):
        raise RuntimeError("Cutting the book into messages failed:\n" + (result.stdout + result.stderr)[-4000:])
    return templates


def update(templates: Path, locale_dir: Path = LOCALE_DIR, languages=TRANSLATIONS) -> None:
    """Bring each language's catalogues in line with the templates (sphinx-intl, as translators use it)."""
    from sphinx_intl.basic import update as sphinx_intl_update

    sphinx_intl_update(str(locale_dir), str(templates), languages, jobs=1)


@dataclass
class CatalogueState:
    catalogue: str
    translated: int
    out_of_date: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.out_of_date + self.untranslated


def states(language: str, locale_dir: Path = LOCALE_DIR) -> list[CatalogueState]:
    """How far each catalogue of a language is translated."""
    from babel.messages.pofile import read_po

    found = []
    folder = locale_dir / language / "LC_MESSAGES"
    for path in sorted(folder.rglob("*.po")):
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        messages = [m for m in catalogue if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy)
        done = sum(1 for m in messages if m.string and not m.fuzzy)
        found.append(CatalogueState(path.relative_to(folder).with_suffix("").as_posix(), done, fuzzy,
                                    len(messages) - done - fuzzy))
    return found


def report(language: str, locale_dir: Path = LOCALE_DIR) -> str:
    rows = states(language, locale_dir)
    lines = [f"| {language} catalogue | translated | out of date | untranslated |", "|---|---|---|---|"]
    lines += [f"| {s.catalogue} | {s.translated} | {s.out_of_date} | {s.untranslated} |" for s in rows]
    total = CatalogueState("all", *(sum(getattr(s, k) for s in rows) for k in ("translated", "out_of_date",
                                                                              "untranslated")))
    lines.append(f"| **all {total.total}** | {total.translated} | {total.out_of_date} | {total.untranslated} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m thaw.book.translations", description=__doc__.splitlines()[0])
    parser.add_argument("--report-only", action="store_true", help="report the catalogues as they are")
    arguments = parser.parse_args(argv)
    if not arguments.report_only:
        with tempfile.TemporaryDirectory(prefix="thaw-gettext-") as scratch:
            update(extract(ROOT, Path(scratch)))
    for language in TRANSLATIONS:
        print(report(language))


if __name__ == "__main__":
    main()
