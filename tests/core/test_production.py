"""Production mode as the README deploys it: DEBUG=0, WhiteNoise's manifest storage, `khuyencong serve`.
The server runs in a subprocess on a free local port, with its own SQLite database and static folder."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _production_env(tmp_path) -> dict:
    dropped = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "KHUYENCONG_TESTING",
               "STATIC_ROOT", "MEDIA_ROOT", "TASKS_BACKEND"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DEBUG="0", SECRET_KEY="production-test-" + "k" * 50, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="0", DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3",
               KHUYENCONG_VAR_DIR=str(tmp_path), STATIC_ROOT=str(tmp_path / "static"),
               MEDIA_ROOT=str(tmp_path / "media"))
    return env


def test_serve_with_debug_off_serves_pages_and_hashed_stylesheet(tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 - read back below
    server = subprocess.Popen(
        [sys.executable, "-m", "khuyencong", "serve", f"127.0.0.1:{port}", "--noreload", "--no-worker"],
        env=_production_env(tmp_path), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _headers, body = _get(f"http://127.0.0.1:{port}/tai-khoan/dang-nhap/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(1)
        log.seek(0)
        output = log.read()
        assert status == 200, f"login page: {status}\n{output[-3000:]}"
        page = body.decode()
        assert "Đăng nhập" in page
        stylesheet = re.search(r'href="(/static/core/site\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "the page links the hashed stylesheet of the manifest"
        status, headers, css = _get(f"http://127.0.0.1:{port}{stylesheet.group(1)}")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and b"{" in css
        assert "immutable" in headers.get("Cache-Control", "")  # WhiteNoise: hashed files are cached forever
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
