"""Serve the built book on loopback and open it in Debian's Chromium.

Shared by the browser tests, the benchmark and the screenshot script, so that all
three see the book the way a reader does. Needs the development requirements
(Playwright) and Debian's ``chromium``; never downloads a browser.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import sys
import threading
from pathlib import Path

from thaw.paths import ROOT

SITE = ROOT / "_build" / "html"

#: Flags for a headless, offline, root-safe Chromium (see toolchain notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"]

#: JavaScript that starts drawing every chart on the page now. Charts otherwise draw as they
#: come near the viewport (thaw-charts.js); call this, then wait for ALL_CHARTS_DRAWN.
DRAW_ALL_CHARTS = "() => { if (window.thawCharts) window.thawCharts.drawAll(); }"

#: JavaScript that resolves after two more frames are painted (layout settled, errors reported).
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"

#: JavaScript that is true once every chart container on the page has finished drawing.
ALL_CHARTS_DRAWN = """() => {
  if (document.readyState === 'loading') return false;
  const boxes = document.querySelectorAll('.thaw-chart .plotly-graph-div');
  return [...boxes].every(b => b.dataset.drawn === 'true' && b.querySelector('svg.main-svg'));
}"""


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"Chromium not found at {path}: run 'make chromium' "
                           "(or apt-get install chromium), or set CHROMIUM.")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real web server does

    def log_message(self, *args):  # keep test output readable
        pass


class _GzipHandler(_QuietHandler):
    """Sends text files gzip-compressed, as any static web host does (for the benchmark)."""

    COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml")
    _cache: dict[str, bytes] = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (not path.is_file() or path.suffix not in self.COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = f"{path}:{path.stat().st_mtime_ns}"
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a page mid-download is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path = SITE, compress: bool = False):
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL.

    With ``compress``, text files are sent gzip-compressed, as a static web host sends them.
    """
    if not (directory / "index.html").exists():
        raise RuntimeError(f"No built book in {directory}: run 'make book' first.")
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
