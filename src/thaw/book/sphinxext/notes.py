"""Book-only notes: the note under each explorer (it needs a kernel) is written here, once.

In JupyterLab the explorer runs, so the notebook itself carries no note; the book's copy of
each notebook gets one under every cell whose metadata describes an explorer.
"""

from __future__ import annotations

import json

from thaw.book.sphinxext.pages import docname_is_notebook

#: Under each explorer, in the book only (in JupyterLab the explorer runs). The cell that builds
#: the explorer says what to use instead: metadata ``thaw: explorer: {name, in_the_book}``.
#: Not marked for thaw.i18n: the note becomes part of the page, whose catalogue (book/locales) translates it
#: whole, with the explorer's own words; an Indonesian note here would match no message there.
KERNEL_NOTE = "The {name} needs a running Python kernel, so this page shows only its code.\nHere in the book, {in_the_book}"


def explorer_note(metadata: dict) -> str | None:
    """The book's note under an explorer cell (None for other cells), a MyST ``{note}``."""
    explorer = (metadata.get("thaw") or {}).get("explorer")
    if not explorer:
        return None
    text = KERNEL_NOTE.format(name=explorer.get("name", "explorer"), in_the_book=explorer["in_the_book"])
    return "```{note}\n" + text + "\n```"


def _book_only_cells(app, docname, source) -> None:
    """The book's copy of a notebook gets a note under each explorer (the notebook file has none)."""
    if not docname_is_notebook(app, docname):
        return
    notebook = json.loads(source[0])
    cells = notebook.get("cells", [])
    with_notes = []
    for cell in cells:
        with_notes.append(cell)
        note = explorer_note(cell.get("metadata", {})) if cell.get("cell_type") == "code" else None
        if note:
            added = {"cell_type": "markdown", "metadata": {}, "source": note}
            if "id" in cell:
                added["id"] = f"{cell['id']}-book-note"
            with_notes.append(added)
    notebook["cells"] = with_notes
    source[0] = json.dumps(notebook, ensure_ascii=False, indent=1)


def setup(app) -> None:
    app.connect("source-read", _book_only_cells, priority=400)
