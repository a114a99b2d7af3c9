"""The table of contents (``_toc.yml``): which pages the book has, in reading order.

The build executes the notebooks it lists; the PDF, the browser tests and the benchmarks
visit the pages it lists. One reader of the file, so they all agree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from thaw.paths import ROOT


def toc_pages(book: Path = ROOT) -> list[str]:
    """Paths (relative to the site) of every page listed in ``_toc.yml``, in reading order."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [f + ".html" for f in files]


def toc_notebooks(book: Path = ROOT) -> list[Path]:
    """The notebooks that ``_toc.yml`` lists (the book executes only those)."""
    candidates = (book / page.removesuffix(".html") for page in toc_pages(book))
    return [path.with_suffix(".ipynb") for path in candidates if path.with_suffix(".ipynb").exists()]
