"""A quiet static server on loopback, for the screenshots and the Lighthouse bench."""

from __future__ import annotations

from pathlib import Path

#: Files a web server compresses (what nginx's ``gzip_types`` and static hosts cover).
COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest", ".ics"}


def serve_quietly(folder: Path, compress: bool = False):
    """A static server for ``folder`` on a free loopback port, in a thread; ``compress``
    gzips text files for clients that accept it, as the hosts the site is published on
    do (so a measurement of page speed is not a measurement of an uncompressed server)."""
    import contextlib
    import functools
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (compress and accepts and path.suffix in COMPRESSED_TYPES and path.is_file()):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    @contextlib.contextmanager
    def running():
        handler = functools.partial(Quiet, directory=str(folder))
        with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                yield f"http://127.0.0.1:{server.server_address[1]}"
            finally:
                server.shutdown()

    return running()
