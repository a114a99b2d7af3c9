"""The tooling that turns the course into a book, a student edition and a PDF.

``build`` (the strict book build), ``cache`` (which notebooks must run again), ``toc`` (the pages
``_toc.yml`` lists), ``sphinxext`` (the Sphinx extension, one module per concern), ``serve`` (a local server and the browser set-up the
tests, the PDF and the benchmark share), ``student`` and ``pdf``. Tooling uses the core and
reads the notebooks; it never imports a chapter module.
"""
