"""The translation catalogues (thaw.book.translations): made from the book, and never silently stale."""

import re
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


# --- The glossary's Indonesian headwords, and the course's fixed terms, used the same way everywhere ---

#: A {term} role may show an inflected or shortened form of the Indonesian headword only if it is declared here
#: (glossary term -> the other forms allowed); case may always change with the sentence.
TERM_INFLECTIONS = {
    "Party Congress": {"Kongres Partai"},
}
#: The course's fixed terms (the table of the translators' brief): a message whose English has the term must
#: have its Indonesian, in every catalogue, the text's and the code's. (English pattern, Indonesian pattern.)
FIXED_TERMS = {
    "Secret Speech": (r"\bSecret Speech", r"Pidato Rahasia"),
    "cult of personality": (r"\bcult of personality", r"kultus individu"),
    "the Thaw": (r"\bthe (?:Khrushchev )?Thaw\b(?! \()", r"Pencairan"),
    "20th Party Congress": (r"\b20th (?:Party )?Congress", r"Kongres ke-20"),
    "rehabilitation": (r"\brehabilitat", r"rehabilitasi"),
    # "pemukiman khusus" (the settling) is the code's word in one self-check answer: tolerated.
    "special settlers": (r"\bspecial settle(?:r|ment)", r"(?:pemukim|pe(?:r)?mukiman) khusus"),
    "labour camps": (r"\blabou?r camps?\b", r"\bkamp\b"),
    "prisoners of war": (r"\bprisoners? of war", r"tawanan perang"),
    "peaceful coexistence": (r"\bpeaceful coexistence", r"koeksistensi damai"),
    "anti-Soviet agitation": (r"\banti-Soviet agitation", r"agitasi (?:dan propaganda )?anti-Soviet"),
    "Central Committee": (r"\bCentral Committee", r"Komite Sentral"),
    "de-Stalinization": (r"\bde-Stalini[sz]ation", r"de-Stalinisasi"),
    "amnesty": (r"\bamnesty", r"amnesti"),
    "Presidium": (r"\bPresidium\b", r"Presidium"),
    "Gulag": (r"\bGulag\b", r"Gulag"),
    "the USSR": (r"\b(?:USSR|Soviet Union)\b", r"Uni Soviet"),
    "labour colonies": (r"\blabou?r colon", r"koloni"),
    "deportation": (r"\bdeported peoples|\bdeportation", r"deportasi|dideportasi"),
    "the seed text": (r"\bseed text", r"teks awal"),
    "machine translation": (r"\bmachine translat", r"terjemahan mesin|diterjemahkan (?:oleh )?mesin"),
    "self-check": (r"\bself-check", r"uji mandiri"),
}
TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")


def glossary_terms() -> list[str]:
    """The terms of book/glossary.md, as its {glossary} directive lists them."""
    text = (translations.ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip() and not line.startswith(" ")]


def indonesian_headwords(language: str = "id") -> dict[str, str]:
    """Glossary term -> its headword in the edition: "Pencairan (ottepel'; Thaw)"."""
    from babel.messages.pofile import read_po

    path = translations.LOCALE_DIR / language / "LC_MESSAGES" / "book" / "glossary.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {term: catalogue[term].string for term in glossary_terms() if catalogue.get(term) is not None}


def catalogue_messages(folder):
    from babel.messages.pofile import read_po

    for path in sorted(folder.rglob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    yield path.relative_to(folder), message


def term_role_misuses(locale_dir=translations.LOCALE_DIR, language="id") -> list[str]:
    """Every {term} role of the edition whose text is not its term's Indonesian headword (nor a declared form)."""
    headwords = indonesian_headwords(language)
    forms = {term.lower(): {headword.split(" (", 1)[0].lower()} | {f.lower() for f in TERM_INFLECTIONS.get(term, ())}
             for term, headword in headwords.items()}
    found = []
    for path, message in catalogue_messages(locale_dir / language / "LC_MESSAGES"):
        for role in TERM_ROLE.findall(message.string):
            shown, _, target = role.rpartition("<")
            target, shown = (target.rstrip(">").strip(), shown.strip()) if shown else (role.strip(), role.strip())
            wanted = forms.get(target.lower())
            if wanted is None:
                found.append(f"{path}:{message.lineno}: {{term}}`{role}` targets no glossary term")
            elif shown.lower() not in wanted:
                found.append(f"{path}:{message.lineno}: {{term}}`{role}` shows {shown!r}, not {sorted(wanted)}")
    return found


#: What of an English message is not the course's own prose: roles, code, link targets (file names), and
#: what it quotes or names in italics (titles, which keep their original form), file names.
NOT_PROSE = re.compile(r'\{[a-z:-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|"[^"]*"|\*[^*\s][^*]*\*|[\w./-]+\.(?:csv|json|ipynb|md|py)\b')


def fixed_term_misses(folder, language="id") -> list[str]:
    found = []
    for path, message in catalogue_messages(folder / language / "LC_MESSAGES"):
        prose = NOT_PROSE.sub(" ", message.id.replace("**", ""))
        for name, (english, indonesian) in FIXED_TERMS.items():
            if re.search(english, prose, re.IGNORECASE if name != "the Thaw" else 0) \
                    and not re.search(indonesian, message.string, re.IGNORECASE):
                found.append(f"{path}:{message.lineno}: {name!r} is not {indonesian!r}: {message.string[:70]!r}")
    return found


def test_every_glossary_headword_is_indonesian_with_the_russian_and_the_english_term():
    headwords = indonesian_headwords()
    assert sorted(headwords) == sorted(glossary_terms())
    for term, headword in headwords.items():
        indonesian, _, rest = headword.partition(" (")
        assert rest.endswith(")") and indonesian, f"{term}: {headword!r} is not 'Indonesian (Russian; English)'"
        # The English term, less its number: the checker allows a translation no digit the English lacks, so
        # "Amnesty of 1953" is "Amnesti 1953 (amnistiia; Amnesty)".
        english = re.sub(r"(?: of)? \d[\d-]*$", "", term)
        assert english in headword, f"{term}: the headword {headword!r} must keep the English term"
        # Sphinx registers the translated headword as a term too (keeping the English one and the anchor):
        # no markup in it.
        assert not set("*`{}") & set(headword), headword


def test_every_term_role_shows_its_indonesian_headword():
    assert term_role_misuses() == []


@pytest.mark.parametrize("folder", FOLDERS.values(), ids=FOLDERS.keys())
def test_the_fixed_terms_are_used_in_every_catalogue(folder):
    assert fixed_term_misses(folder) == []


def test_a_term_role_or_fixed_term_that_strays_fails(tmp_path):
    """The two checks above are real: a role that shows the English, or another word, and a "Secret Speech"
    translated otherwise, are found."""
    import shutil

    locales = tmp_path / "locales"
    shutil.copytree(translations.LOCALE_DIR, locales)
    chapter = locales / "id" / "LC_MESSAGES" / "notebooks" / "03-secret-speech.po"
    text = chapter.read_text(encoding="utf-8")
    assert "{term}`Pidato Rahasia <Secret Speech>`" in text
    chapter.write_text(text.replace("{term}`Pidato Rahasia <Secret Speech>`", "{term}`Secret Speech`", 1)
                       .replace("{term}`Komite Sentral <Central Committee>`", "{term}`Komite Pusat <Central Committee>`", 1)
                       .replace("Pidato Rahasia", "Pidato Tertutup"), encoding="utf-8")
    misuses = term_role_misuses(locales)
    assert any("`Secret Speech`" in m for m in misuses) and any("Komite Pusat" in m for m in misuses)
    assert any("'Secret Speech' is not" in m for m in fixed_term_misses(locales))
