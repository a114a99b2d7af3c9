"""Where the course's files are: the repository's folders, found once.

The package lives in ``src/thaw`` of the repository and reads the data, notebooks and
book from there, so it is installed editable (``pip install -e .``, as requirements.txt does).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
