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
import re
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


def _carried(text: str) -> dict[str, list[str]]:
    """What of a message must reappear unchanged in its translation."""
    roles = [f"{name}:{target.rsplit('<', 1)[-1].rstrip('>') if name == 'term' else target}"
             for name, target in ROLE.findall(text)]
    prose = ROLE.sub(" ", text)
    code = INLINE_CODE.findall(prose)
    prose = INLINE_CODE.sub(" ", prose)
    return {
        "roles": sorted(roles),
        "inline code": sorted(code),
        "link targets": sorted(LINK_TARGET.findall(prose)),
        # The same numbers, whatever marks group or split them; in the order written.
        "numbers": [re.sub(r"[.,:]", "", n) for n in NUMBER.findall(LINK_TARGET.sub(" ", prose))],
        "bold markers": ["**"] * prose.count("**"),
        "italic markers": ["*"] * (prose.count("*") - 2 * prose.count("**")),
    }


def problems(language: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every translation that does not carry over its English's roles, code, links, numbers or
    emphasis, named by its catalogue and line. Untranslated and out-of-date messages are counted
    by ``states``, not here."""
    from babel.messages.pofile import read_po

    found = []
    folder = locale_dir / language / "LC_MESSAGES"
    for path in sorted(folder.rglob("*.po")):
        with path.open("rb") as handle:
            catalogue = read_po(handle)
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
    arguments = parser.parse_args(argv)
    if not arguments.report_only:
        with tempfile.TemporaryDirectory(prefix="thaw-gettext-") as scratch:
            update(extract(ROOT, Path(scratch)))
    for language in TRANSLATIONS:
        print(report(language))
        for problem in problems(language):
            print("Check:", problem)


if __name__ == "__main__":
    main()
