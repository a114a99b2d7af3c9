"""The translation catalogues of the course's text: ``python -m thaw.book.translations`` (``make translations``).

English is the source. Sphinx's gettext builder cuts every page and notebook of the book into
messages (a paragraph, a heading, a list item, a caption, a table cell), and sphinx-intl keeps one
gettext catalogue per page and language in ``book/locales/<language>/LC_MESSAGES/``, the layout
Sphinx reads when it builds an edition (``locale_dirs``). Updating the catalogues after an English
change adds the new messages untranslated, and marks a changed message's translation *fuzzy*
(out of date): the old translation stays beside the new English, for the translator to revise.

The words that code writes for readers (chart titles and hover text, explorer messages, quiz
buttons; thaw.i18n) are cut the same way into catalogues in ``src/thaw/locale/``: one per module of
``thaw``, from the strings marked ``_("…")`` or ``N_("…")``; one per data table, from the columns
that ``data/datapackage.json`` marks ``"translate": true``; and one for the self-check questions.

The report gives, per catalogue, how many messages are translated, out of date and untranslated.
Then the translated notebooks for JupyterLab (``notebooks/<language>/``) are regenerated from the
catalogues (thaw.book.translated_notebooks).
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from thaw import i18n
from thaw.paths import ROOT

LOCALE_DIR = ROOT / "book" / "locales"
#: The catalogues of the words code writes (thaw.i18n reads them at run time).
CODE_LOCALE_DIR = i18n.LOCALE_DIR
PACKAGE_DIR = Path(i18n.__file__).parent
#: The catalogue of the data tables' translated columns is named after the table: "data-events".
DATA_CATALOGUE = "data-{}"
SELF_CHECK_FIELDS = ("prompt", "options", "explanation", "source")
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


def _write_template(path: Path, messages: dict[str, list[tuple[str, int]]]) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    # A fixed date: extracting again must not change a catalogue whose messages did not change.
    template = Catalog(project="The Khrushchev Thaw course", charset="utf-8",
                       creation_date=datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc))
    for message, locations in messages.items():
        template.add(message, locations=locations)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, template, width=100, omit_header=False)


def code_messages(package: Path = PACKAGE_DIR, data_dir: Path = ROOT / "data") -> dict[str, dict]:
    """Catalogue name -> {message: [(file, line), …]}: the words of the code, the data and the self-checks."""
    import csv
    import json

    from babel.messages.extract import extract_from_file

    found: dict[str, dict] = {}
    for module in sorted(package.rglob("*.py")):
        name = module.relative_to(package).with_suffix("").as_posix().replace("/", ".")
        where = module.relative_to(package.parent.parent).as_posix()  # src/thaw/…
        for line, message, _comments, _context in extract_from_file(
                "python", module, keywords={"_": None, "N_": None}):
            if message:
                found.setdefault(name, {}).setdefault(message, []).append((where, line))
    resources = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    for resource in resources:
        columns = [f["name"] for f in resource.get("schema", {}).get("fields", []) if f.get("translate")]
        if not columns:
            continue
        messages = found.setdefault(DATA_CATALOGUE.format(resource["name"]), {})
        with (data_dir / resource["path"]).open(encoding="utf-8", newline="") as handle:
            for row_number, row in enumerate(csv.DictReader(handle), start=2):  # line 1 is the header
                for column in columns:
                    if row.get(column, "").strip():
                        messages.setdefault(row[column], []).append((f"data/{resource['path']}", row_number))
    checks = yaml.safe_load((package / "self_checks.yml").read_text(encoding="utf-8"))
    lines = (package / "self_checks.yml").read_text(encoding="utf-8").splitlines()
    messages: dict = {}
    for chapter, questions in (checks or {}).items():
        for question in questions:
            line = next((i + 1 for i, text in enumerate(lines) if f"key: {question['key']}" in text), 0)
            for field in SELF_CHECK_FIELDS:
                values = question.get(field) or []
                for value in values if isinstance(values, list) else [values]:
                    messages.setdefault(str(value), []).append(("src/thaw/self_checks.yml", line))
    if messages:
        found["self_checks"] = messages
    return found


def extract_code(output: Path) -> Path:
    """Cut the code's, the data's and the self-checks' words into message templates (.pot), one per catalogue."""
    templates = output / "code"
    for name, messages in code_messages().items():
        _write_template(templates / f"{name}.pot", messages)
    return templates


def update(templates: Path, locale_dir: Path = LOCALE_DIR, languages=TRANSLATIONS) -> None:
    """Bring each language's catalogues in line with the templates (sphinx-intl, as translators use it)."""
    from sphinx_intl.basic import update as sphinx_intl_update

    sphinx_intl_update(str(locale_dir), str(templates), languages, jobs=1)
    _refresh_locations(templates, locale_dir, languages)


def _refresh_locations(templates: Path, locale_dir: Path, languages) -> None:
    """Give every message the locations of its template.

    sphinx-intl leaves a catalogue alone when no message changed, so a cell added above a message
    (or a branch merged) leaves it pointing at the wrong cell; the translated notebooks place each
    message by its location.
    """
    from babel.messages.pofile import read_po, write_po

    for template in templates.rglob("*.pot"):
        with template.open("rb") as handle:
            where = {(m.id, m.context): m.locations for m in read_po(handle) if m.id}
        for language in languages:
            path = locale_dir / language / "LC_MESSAGES" / template.relative_to(templates).with_suffix(".po")
            if not path.exists():
                continue
            with path.open("rb") as handle:
                catalogue = read_po(handle)
            stale = [m for m in catalogue if m.id and where.get((m.id, m.context), m.locations) != m.locations]
            for message in stale:
                message.locations = where[(message.id, message.context)]
            if stale:
                with path.open("wb") as handle:
                    write_po(handle, catalogue, width=76)


@dataclass
class CatalogueState:
    catalogue: str
    translated: int
    out_of_date: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.out_of_date + self.untranslated


def read_catalogue(path: Path):
    """One catalogue, read: its babel Catalog."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


def catalogues(folder: Path):
    """Each catalogue in ``folder`` (and below it), read: (its path, its babel Catalog)."""
    for path in sorted(folder.rglob("*.po")):
        yield path, read_catalogue(path)


def states(language: str, locale_dir: Path = LOCALE_DIR) -> list[CatalogueState]:
    """How far each catalogue of a language is translated."""
    found = []
    folder = locale_dir / language / "LC_MESSAGES"
    for path, catalogue in catalogues(folder):
        messages = [m for m in catalogue if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy)
        done = sum(1 for m in messages if m.string and not m.fuzzy)
        found.append(CatalogueState(path.relative_to(folder).with_suffix("").as_posix(), done, fuzzy,
                                    len(messages) - done - fuzzy))
    return found


#: What a translation must carry over from its English exactly: MyST roles (a {term} role may
#: change its text, not its target), inline code, link targets.
ROLE = re.compile(r"\{([a-z:-]+)\}`([^`]*)`")
INLINE_CODE = re.compile(r"(?<![}`])`([^`]+)`")
LINK_TARGET = re.compile(r"\]\(([^)]+)\)")
#: A translation that starts like a numbered list item ("8. Batas-batas Pencairan"): a numbered
#: heading, which Sphinx would re-read as a list and leave in English unless written "8\. …".
LIST_START = re.compile(r"\d+\. ")
#: A number as either language writes it: digits, maybe grouped or with decimals (1,201,738 / 1.201.738),
#: or a time of day (22:28 / 22.28).
NUMBER = re.compile(r"\d(?:[\d.,:]*\d)?")
#: A placeholder that code fills after translating, "{count}" or "{share:.1%}" (not a MyST role, "{term}`…`").
PLACEHOLDER = re.compile(r"\{(\w*)(?:[:!][^{}`]*)?\}(?!`)")
#: A value that Plotly fills in hover text, "%{y:,}" or "%{customdata[0]}".
PLOTLY_FIELD = re.compile(r"%\{[^}]*\}")
#: HTML that code writes into a message ("<b>", "</i>").
TAG = re.compile(r"</?[a-z][a-z0-9]*")


def _carried(text: str) -> dict[str, list[str]]:
    """What of a message must reappear unchanged in its translation."""
    roles = [f"{name}:{target.rsplit('<', 1)[-1].rstrip('>') if name == 'term' else target}"
             for name, target in ROLE.findall(text)]
    prose = ROLE.sub(" ", text)
    code = INLINE_CODE.findall(prose)
    prose = INLINE_CODE.sub(" ", prose)
    plotly_fields = PLOTLY_FIELD.findall(prose)
    prose = PLOTLY_FIELD.sub(" ", prose)
    return {
        "Plotly fields": sorted(plotly_fields),
        "placeholders": sorted(PLACEHOLDER.findall(prose)),
        "HTML tags": sorted(TAG.findall(prose)),
        "roles": sorted(roles),
        "inline code": sorted(code),
        "link targets": sorted(LINK_TARGET.findall(prose)),
        # The same numbers, whatever marks group or split them; in the order written.
        "numbers": [re.sub(r"[.,:]", "", n) for n in NUMBER.findall(PLACEHOLDER.sub(" ", LINK_TARGET.sub(" ", prose)))],
        "bold markers": ["**"] * prose.count("**"),
        "italic markers": ["*"] * (prose.count("*") - 2 * prose.count("**")),
    }


def unfinished(language: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every message of a language that is untranslated or out of date, named by its catalogue and line,
    and where its English is."""
    found = []
    folder = locale_dir / language / "LC_MESSAGES"
    for path, catalogue in catalogues(folder):
        for message in catalogue:
            if message.id and (message.fuzzy or not message.string):
                state = "out of date" if message.fuzzy else "untranslated"
                where = ", ".join(f"{file}:{line}" for file, line in message.locations[:2])
                found.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{message.lineno}: "
                             f"{state} ({where}): {message.id[:70]!r}")
    return found


def problems(language: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every translation that does not carry over its English's roles, code, links, numbers or
    emphasis, named by its catalogue and line. Untranslated and out-of-date messages are counted
    by ``states``, not here."""
    found = []
    folder = locale_dir / language / "LC_MESSAGES"
    for path, catalogue in catalogues(folder):
        for message in catalogue:
            if not message.id or not message.string or message.fuzzy:
                continue
            if LIST_START.match(message.string):
                found.append(f"{path.relative_to(folder)}:{message.lineno}: write the number's full stop as "
                             f"'\\.': Markdown reads '{message.string[:12]}…' as a numbered list, and Sphinx then "
                             f"keeps the English: {message.id[:60]!r}")
            english, translated = _carried(message.id), _carried(message.string)
            for kind, wanted in english.items():
                if kind == "numbers":
                    same = sorted(wanted) == sorted(translated[kind])  # the order may change with the syntax
                else:
                    same = wanted == translated[kind]
                if not same:
                    found.append(f"{path.relative_to(folder)}:{message.lineno}: the {kind} differ "
                                 f"({wanted} in English, {translated[kind]} translated): {message.id[:60]!r}")
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
    parser.add_argument("--code-only", action="store_true",
                        help="update only the catalogues of the code, the data and the self-checks (seconds)")
    arguments = parser.parse_args(argv)
    if not arguments.report_only:
        with tempfile.TemporaryDirectory(prefix="thaw-gettext-") as scratch:
            update(extract_code(Path(scratch)), CODE_LOCALE_DIR)
            if not arguments.code_only:
                update(extract(ROOT, Path(scratch)))
    for language in TRANSLATIONS:
        for folder in (LOCALE_DIR, CODE_LOCALE_DIR):
            print(f"{folder.relative_to(ROOT)}:")
            print(report(language, folder))
            for problem in problems(language, folder):
                print("Check:", problem)
    if not arguments.report_only:
        regenerate_notebooks()


def regenerate_notebooks(languages=TRANSLATIONS) -> None:
    """Write the translated notebooks for JupyterLab (notebooks/<language>/) from the catalogues as they now
    are, and say which changed. A message without a translation leaves them as they were, and says so."""
    from thaw.book import translated_notebooks

    for language in languages:
        folder = translated_notebooks.output_folder(language).relative_to(ROOT)
        try:
            changed, gaps = translated_notebooks.generate(language)
        except translated_notebooks.UnplacedMessages as error:
            print(f"{folder}: not regenerated (translate the messages first, then run make translations again):\n"
                  f"{error}")
            continue
        for line in translated_notebooks.summarise_gaps(gaps):
            print(f"{folder}: English that no catalogue message covers: {line}")
        print(f"{folder}: " + (f"{len(changed)} notebooks regenerated: " + ", ".join(p.name for p in changed)
                               if changed else "every notebook up to date"))


if __name__ == "__main__":
    main()
