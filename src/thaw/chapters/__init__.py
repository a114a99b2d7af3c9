"""The course's content: one module per notebook of the book, named after it.

``ch02_emptying_the_gulag`` serves ``notebooks/02-emptying-the-gulag.ipynb``; ``timeline``,
``about_data`` and ``instructor_guide`` serve the reference pages of the same names in
``book/``. A chapter module uses only the core (``thaw.data``, ``thaw.charts``, ``thaw.maps``,
``thaw.explore``, ``thaw.answers``, ``thaw.quiz``), never the book tooling in ``thaw.book``.
"""
