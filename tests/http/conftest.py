"""Fixtures for Luoshi's HTTP regression tests: each test module starts its own server(s).

See luoshi_http.py for the server process and the client. Run with
    PYTHONDONTWRITEBYTECODE=1 .venv-test/bin/pytest -p no:cacheprovider tests/http
(LUOSHI_BIN selects the binary; LUOSHI_ARTIFACTS, when set, receives each server's log).
"""

from __future__ import annotations

import pytest

from luoshi_http import Server


@pytest.fixture(scope="module")
def server_factory(request):
    """Starts servers for this module (env overrides per server); stops them all at the end."""
    started: list[Server] = []
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")

    def start(env: dict[str, str] | None = None, name: str | None = None) -> Server:
        server = Server(name or f"{module}-{len(started)}", env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server(server_factory, request) -> Server:
    """A fresh demo server for the module, with the module's SERVER_ENV (if any) applied."""
    return server_factory(getattr(request.module, "SERVER_ENV", None) or {})
