"""The book's editions: English (the source) and Indonesian (``language: id``; thaw.book.editions).

* The words code writes during a build (chart tables, buttons) follow the edition: thaw.i18n
  is told the book's language before any page is read.
* Every page has a language switch in its header that leads to the same page in the other
  edition, and names the other edition in ``<link rel="alternate" hreflang>``.
* A translated edition's address is the book's address followed by ``id/``, and its launch
  buttons (Binder, JupyterHub) open the edition's own notebooks (``notebooks/id/``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from docutils.transforms import Transform

from thaw import i18n
from thaw.book.editions import editions, notebook_in, site_prefix

#: How the switch names each edition: in its own language, and short for a phone's header.
EDITION_NAMES = {"en": ("English", "EN"), "id": ("Bahasa Indonesia", "ID")}


def book_language(config) -> str:
    return config.language if config.language in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE


def _follow_book_language(app, config) -> None:
    i18n.set_language(book_language(config))


def page_in(language: str, from_language: str, pagename: str) -> str:
    """The address of ``pagename`` in another edition, relative to the page in ``from_language``."""
    up = "../" * pagename.count("/") + "../" * site_prefix(from_language).count("/")
    return f"{up}{site_prefix(language)}{pagename}.html"


def _add_language_switch(app, pagename, templatename, context, doctree) -> None:
    here = book_language(app.config)
    others = [e.language for e in editions(Path(app.srcdir)) if e.language != here]
    if here != i18n.SOURCE_LANGUAGE and i18n.SOURCE_LANGUAGE not in others:
        others.insert(0, i18n.SOURCE_LANGUAGE)
    context["thaw_editions"] = [
        {"language": language, "name": EDITION_NAMES[language][0], "short": EDITION_NAMES[language][1],
         "url": page_in(language, here, pagename)}
        for language in others]


def _launch_translated_notebooks(app, pagename, templatename, context, doctree) -> None:
    """After the theme made its launch buttons (priority 501): point them at the edition's notebook."""
    language = book_language(app.config)
    if language == i18n.SOURCE_LANGUAGE:
        return
    english = f"{pagename}.ipynb"
    translated = notebook_in(language, english)

    def repoint(buttons):
        for button in buttons:
            if "buttons" in button:
                repoint(button["buttons"])
            elif isinstance(button.get("url"), str):
                button["url"] = (button["url"].replace(english, translated)
                                 .replace(quote(english, safe=""), quote(translated, safe="")))

    repoint(context.get("header_buttons", []))


def _forget_message_documents(app, doctree) -> None:
    """Keep in a translated page only the nodes it shows.

    Sphinx parses each translated message in a document of its own and puts its nodes in the page
    in place of the English ones. The page's table of ids still held the English nodes it replaced
    (with the trees they came from), and nodes taken from a message kept a reference to the message's
    document, whose settings hold the whole build environment. Pickled with the page, they made each
    Indonesian doctree 5.5 MB instead of 0.3 MB, and a no-change rebuild of the edition 15 s, not 4 s.
    """
    from docutils import nodes

    shown, in_page = {}, {id(doctree)}
    for node in doctree.findall(nodes.Node):  # text too: it has a document of its own
        in_page.add(id(node))
        if getattr(node, "_document", None) not in (None, doctree):
            node.document = doctree
        for node_id in node.get("ids", []) if isinstance(node, nodes.Element) else []:
            shown.setdefault(node_id, node)
    doctree.ids = {node_id: shown[node_id] for node_id in doctree.ids if node_id in shown}
    doctree.substitution_defs = {name: node for name, node in doctree.substitution_defs.items()
                                 if id(node) in in_page}


#: sphinx-exercise's heads: its own word ("Exercise", "Solution to") and, in a node of its own, the title.
EXERCISE_HEADS = ("exercise_title", "solution_title")


class NestedTextIsTranslatable(Transform):
    """Give text nested in a directive the source its directive has, so that Sphinx translates it.

    MyST parses a directive's content (the table of prerequisites inside the "At a glance"
    admonition) into nodes that carry no source file, and Sphinx's i18n
    skips any text without one, as if the theme had written it: it was never cut into messages,
    and stayed English in the Indonesian edition. Runs before Sphinx's translation (priority 20)
    and in the gettext build that cuts the messages.
    """

    default_priority = 15

    def apply(self, **kwargs) -> None:
        from docutils import nodes

        for node in self.document.findall(nodes.TextElement):
            if type(node).__name__ in EXERCISE_HEADS:
                node["translatable"] = False  # "Exercise" + its title: only the title is the authors' text
            if node.source or not node.rawsource:
                continue
            ancestor = node.parent
            while ancestor is not None and not ancestor.source:
                ancestor = ancestor.parent
            node.source = ancestor.source if ancestor is not None else self.document["source"]
            node.line = node.line or (ancestor.line if ancestor is not None else None)


def _exercises_keep_their_translated_titles(app, doctree) -> None:
    """sphinx-exercise keeps a copy of each exercise, made as the page was parsed, in English: a solution
    titles itself from that copy ("Solusi untuk Latihan (1.1: Choose a date)"). Copy them again, translated."""
    registry = getattr(app.env, "sphinx_exercise_registry", {})
    for node in doctree.findall(lambda n: type(n).__name__.startswith("exercise_") and n.get("label")):
        entry = registry.get(node["label"])
        if entry and entry.get("docname") == app.env.docname:
            entry["node"] = node.deepcopy()


def _keep_exercise_titles_for_gettext(app) -> None:
    """Let the gettext builder see an exercise's title ("1.1: Choose a date").

    sphinx-exercise moves the title into a new node, without its source, when a page is written;
    the gettext builder cuts messages from pages as written, so the titles were never cut, and stayed
    English in the Indonesian edition. (An edition translates a page as it is read, when the title
    is still in its own node: there it needs only the message.)
    """
    if app.builder.name == "gettext":
        app.registry.post_transforms = [transform for transform in app.registry.post_transforms
                                        if not transform.__module__.startswith("sphinx_exercise")]


def setup(app):
    app.add_transform(NestedTextIsTranslatable)
    app.connect("builder-inited", _keep_exercise_titles_for_gettext)
    app.connect("doctree-read", _exercises_keep_their_translated_titles)
    app.connect("config-inited", _follow_book_language)
    app.connect("doctree-read", _forget_message_documents)
    app.connect("html-page-context", _add_language_switch)
    app.connect("html-page-context", _launch_translated_notebooks, priority=502)
