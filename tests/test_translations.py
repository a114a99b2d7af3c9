"""The translation catalogues (thaw.book.translations): made from the book, and never silently stale."""

import textwrap

import pytest

from thaw.book import translations
from thaw.book.toc import toc_pages


def write_template(folder, *messages):
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f'\n#: ../../notebooks/01.ipynb:{10000 * (i + 1) + 2}\nmsgid "{m}"\nmsgstr ""\n'
                   for i, m in enumerate(messages))
    (folder / "chapter.pot").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                                        + body, encoding="utf-8")


def translate(po_path, english, indonesian):
    """Set one message's translation, as a translator's tool does (babel reads and writes the file)."""
    from babel.messages.pofile import read_po, write_po

    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    catalogue[english].string = indonesian
    with po_path.open("wb") as handle:
        write_po(handle, catalogue, width=76)


def test_a_changed_english_message_marks_its_translation_out_of_date(tmp_path):
    templates, locales = tmp_path / "pot", tmp_path / "locales"
    write_template(templates, "The Thaw began after Stalin died.", "Its limits were enforced.")
    translations.update(templates, locales, ("id",))
    po = locales / "id" / "LC_MESSAGES" / "chapter.po"
    translate(po, "The Thaw began after Stalin died.", "Pencairan dimulai setelah Stalin wafat.")
    assert [(s.translated, s.out_of_date, s.untranslated) for s in translations.states("id", locales)] == [(1, 0, 1)]

    write_template(templates, "The Thaw began after Stalin died in March 1953.", "Its limits were enforced.",
                   "A new paragraph.")
    translations.update(templates, locales, ("id",))
    state, = translations.states("id", locales)
    assert (state.catalogue, state.translated, state.out_of_date, state.untranslated) == ("chapter", 0, 1, 2)
    text = po.read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgid "The Thaw began after Stalin died in March 1953."\nmsgstr "Pencairan dimulai' in text
    assert "| **all 3** | 0 | 1 | 2 |" in translations.report("id", locales)


@pytest.mark.slow
def test_every_page_of_the_book_is_cut_into_messages_of_its_prose_only(tmp_path):
    templates = translations.extract(output=tmp_path)
    made = {p.relative_to(templates).with_suffix("").as_posix() for p in templates.rglob("*.pot")}
    assert made == {page.removesuffix(".html") for page in toc_pages()}
    chapter = (templates / "notebooks" / "08-limits-of-the-thaw.pot").read_text(encoding="utf-8")
    assert 'msgid "Sources and data: counting repression"' in chapter  # a heading
    # Roles stay as written, for the translator to keep (citation keys with the page's prefix, as the
    # book's copy of the page has them: thaw.book.sphinxext.citations).
    assert "{cite:p}`08-limits-of-the-thaw-wiki_17juni`" in chapter
    assert "import " not in chapter and "ch08_limits_of_the_thaw" not in chapter  # no code


@pytest.mark.slow
def test_the_committed_catalogues_hold_exactly_the_messages_of_the_english_book(tmp_path):
    """After any change to the English text, `make translations` must have been run: a new or changed
    paragraph that is not in the catalogues fails here, with its page."""
    from babel.messages.pofile import read_po

    templates = translations.extract(output=tmp_path)
    for language in translations.TRANSLATIONS:
        folder = translations.LOCALE_DIR / language / "LC_MESSAGES"
        for template in templates.rglob("*.pot"):
            page = template.relative_to(templates).with_suffix("")
            catalogue = folder / page.with_suffix(".po")
            assert catalogue.exists(), f"no {language} catalogue for {page}: run make translations"
            with template.open("rb") as pot, catalogue.open("rb") as po:
                wanted = {m.id for m in read_po(pot) if m.id}
                held = {m.id for m in read_po(po) if m.id}
            missing = sorted(wanted - held)
            assert not missing, f"{catalogue.relative_to(translations.ROOT)} lacks {len(missing)} message(s), " \
                                f"the first: {missing[0][:80]!r}: run make translations"


def test_a_translation_must_carry_over_roles_code_links_numbers_and_emphasis(tmp_path):
    templates, locales = tmp_path / "pot", tmp_path / "locales"
    messages = {
        "On 17 June 1953 the strike became a revolt in more than 700 towns {cite:p}`p-wiki_17juni`.":
            "Pada 17 Juni 1953 pemogokan menjadi pemberontakan di lebih dari 700 kota {cite:p}`p-wiki_17juni`.",
        "About 1,201,738 prisoners (70.8%) left the {term}`Gulag` ({numref}`fig-ch02-flows`).":
            "Sekitar 1.201.738 tahanan (70,8%) meninggalkan {term}`Gulag` ({numref}`fig-ch02-flows`).",
        "Read `events.csv` and **the [notes](notes.md)**.": "Baca `events.csv` dan **[catatan](notes.md)**.",
        "The *ottepel'* began.": "*Ottepel'* (pencairan) dimulai.",
    }
    write_template(templates, *messages)
    translations.update(templates, locales, ("id",))
    po = locales / "id" / "LC_MESSAGES" / "chapter.po"
    for english, indonesian in messages.items():
        translate(po, english, indonesian)
    assert translations.states("id", locales)[0].translated == 4
    assert translations.problems("id", locales) == []

    broken = {
        "Pada 17 Juni 1953 pemogokan menjadi pemberontakan di lebih dari 700 kota {cite:p}`wiki_17juni`.": "roles",
        "Sekitar 1.201.783 tahanan (70,8%) meninggalkan {term}`Gulag` ({numref}`fig-ch02-flows`).": "numbers",
        "Baca `peristiwa.csv` dan **[catatan](catatan.md)**.": "inline code, link targets",
        "Ottepel' (pencairan) dimulai.": "italic markers",
    }
    for english, indonesian in zip(messages, broken):
        translate(po, english, indonesian)
    kinds = sorted(p.split(": the ")[1].split(" differ")[0] for p in translations.problems("id", locales))
    assert kinds == ["inline code", "italic markers", "link targets", "numbers", "roles"]
    assert translations.states("id", locales)[0].translated == 4


@pytest.mark.parametrize("language", translations.TRANSLATIONS)
def test_every_committed_translation_carries_over_its_english(language):
    assert translations.problems(language) == []


def test_a_numbered_heading_must_escape_its_full_stop(tmp_path):
    """Sphinx re-reads a translated title as a heading; "8. …" would read as a list, and the English stay."""
    templates, locales = tmp_path / "pot", tmp_path / "locales"
    write_template(templates, "8. The limits of the Thaw")
    translations.update(templates, locales, ("id",))
    po = locales / "id" / "LC_MESSAGES" / "chapter.po"
    translate(po, "8. The limits of the Thaw", "8. Batas-batas Pencairan")
    assert "numbered list" in " ".join(translations.problems("id", locales))
    translate(po, "8. The limits of the Thaw", "8\\. Batas-batas Pencairan")
    assert translations.problems("id", locales) == []


FOLDERS = {"text": translations.LOCALE_DIR, "code": translations.CODE_LOCALE_DIR}


@pytest.mark.parametrize("folder", FOLDERS.values(), ids=FOLDERS.keys())
@pytest.mark.parametrize("language", translations.TRANSLATIONS)
def test_every_message_is_translated_and_up_to_date(language, folder):
    """The gate: an English change that is not yet translated fails here, with its catalogue and line."""
    unfinished = translations.unfinished(language, folder)
    assert not unfinished, f"{len(unfinished)} message(s) to translate (make translations):\n" + "\n".join(unfinished[:40])


@pytest.mark.parametrize("language", translations.TRANSLATIONS)
def test_every_committed_translation_of_the_code_carries_over_its_english(language):
    assert translations.problems(language, translations.CODE_LOCALE_DIR) == []


def test_the_code_catalogues_hold_exactly_the_words_marked_in_the_code_and_the_data():
    """A changed or new _("…") string, translated data cell or self-check question that `make translations`
    has not brought into the catalogues fails here (it would show in English in the Indonesian edition)."""
    from babel.messages.pofile import read_po

    wanted = {name: set(messages) for name, messages in translations.code_messages().items()}
    for language in translations.TRANSLATIONS:
        folder = translations.CODE_LOCALE_DIR / language / "LC_MESSAGES"
        held = {}
        for path in folder.glob("*.po"):
            with path.open("rb") as handle:
                held[path.stem] = {m.id for m in read_po(handle) if m.id}
        assert sorted(held) == sorted(wanted), "catalogues differ from the marked code: run make translations"
        for name, messages in wanted.items():
            missing = sorted(messages - held[name])
            assert not missing, f"{language}/{name}.po lacks {len(missing)} message(s), the first: " \
                                f"{missing[0][:80]!r}: run make translations"


def test_one_english_message_has_one_translation_in_all_the_code_catalogues():
    """thaw.i18n reads every catalogue into one table: two translations of one message would be a coin toss."""
    from babel.messages.pofile import read_po

    for language in translations.TRANSLATIONS:
        seen: dict[str, dict[str, list[str]]] = {}
        for path in sorted((translations.CODE_LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
            with path.open("rb") as handle:
                for message in read_po(handle):
                    if message.id and message.string:
                        seen.setdefault(message.id, {}).setdefault(message.string, []).append(path.stem)
        assert {m: t for m, t in seen.items() if len(t) > 1} == {}


def test_a_changed_string_in_the_code_marks_its_translation_out_of_date(tmp_path):
    package, data, locales = tmp_path / "thaw", tmp_path / "data", tmp_path / "locale"
    package.mkdir(), data.mkdir()
    (package / "self_checks.yml").write_text("{}\n", encoding="utf-8")
    (data / "datapackage.json").write_text('{"resources": [{"name": "events", "path": "events.csv", "schema": '
                                           '{"fields": [{"name": "title", "type": "string", "translate": true}]}}]}',
                                           encoding="utf-8")
    (data / "events.csv").write_text("title\nStalin dies\n", encoding="utf-8")
    module = package / "chapter.py"
    module.write_text('from thaw.i18n import _\n\ndef title():\n    return _("Prisoners released")\n', encoding="utf-8")

    def extract_and_update():
        for name, messages in translations.code_messages(package, data).items():
            translations._write_template(tmp_path / "pot" / f"{name}.pot", messages)
        translations.update(tmp_path / "pot", locales, ("id",))

    extract_and_update()
    assert sorted(p.stem for p in (locales / "id" / "LC_MESSAGES").glob("*.po")) == ["chapter", "data-events"]
    translate(locales / "id" / "LC_MESSAGES" / "chapter.po", "Prisoners released", "Tahanan dibebaskan")
    translate(locales / "id" / "LC_MESSAGES" / "data-events.po", "Stalin dies", "Stalin wafat")
    assert translations.unfinished("id", locales) == []

    module.write_text(module.read_text().replace("Prisoners released", "Prisoners released early"))
    extract_and_update()
    unfinished, = translations.unfinished("id", locales)
    assert "chapter.po" in unfinished and "out of date" in unfinished and "chapter.py:4" in unfinished


def test_code_translates_where_it_shows_words_never_at_import():
    """A _() run at import would keep the language of the moment thaw was imported: the Indonesian
    notebooks set the language after `import thaw`, and the build changes it between editions.
    Text fixed at import is marked with N_() and translated where it is shown."""
    import ast

    found = []
    for module in sorted(translations.PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))

        def visit(node, in_function):
            for child in ast.iter_child_nodes(node):
                inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                if (not inside and isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
                        and child.func.id == "_"):
                    found.append(f"{module.relative_to(translations.PACKAGE_DIR)}:{child.lineno}")
                visit(child, inside)

        visit(tree, False)
    assert found == []
