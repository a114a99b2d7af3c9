"""The Sphinx extension that makes the compiled book self-contained, one module per concern.

* :mod:`.charts`: the Plotly renderer (charts drawn offline from the notebook's figure JSON,
  with a data table) and the scripts and styles that pages with charts or quizzes load;
* :mod:`.figures`: each chart and its caption cell as one figure, numbered per chapter;
* :mod:`.notes`: the book-only note under each explorer;
* :mod:`.citations`: a bibliography on each page, labelled by BibTeX key;
* :mod:`.execution`: which notebooks run again and which pages are rewritten (thaw.book.cache);
* :mod:`.launch`: the JupyterHub launch button (``make book HUB_URL=…``);
* :mod:`.languages`: the English and Indonesian editions;
* :mod:`.layout`: the page-wide style that keeps every page within a phone's width;
* :mod:`.publish`: the published book's address (``THAW_BASE_URL``), its link previews
  (with ``sphinxext.opengraph``) and its sitemap.
"""

from __future__ import annotations

from thaw.book.sphinxext import (charts, citations, execution, figures, languages, launch, layout, notes,
                                  publish)


def setup(app):
    for part in (languages, launch, publish, figures, notes, citations, execution, charts, layout):
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
