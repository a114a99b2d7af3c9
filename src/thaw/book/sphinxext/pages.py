"""What kind of source a page is: shared by the parts of the extension that read sources."""

from __future__ import annotations


def docname_is_notebook(app, docname) -> bool:
    """True for a page written as a notebook (its source text is the notebook's JSON)."""
    return app.env.doc2path(docname).endswith(".ipynb")
