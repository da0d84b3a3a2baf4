"""Fixtures for the security probe (tests/probe): its own demo server and the demo's identities.

The probe starts `$LUOSHI_BIN serve --demo` (default: .build/debug/luoshi) on 127.0.0.1 and a
free port, with its own SQLite file in a temporary folder, waits (bounded) for /healthz, and stops
that one process at the end. Sign-in throttling is lifted for it (the matrix signs in many
times) and bcrypt runs at its minimum cost. API tokens come from `luoshi token create`.
The server log is copied to $LUOSHI_ARTIFACTS (as probe-server.log) when that is set.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from .probe_support import ROOT, Server
from .probe_world import World, build_world

BIN = os.environ.get("LUOSHI_BIN", os.path.join(ROOT, ".build", "debug", "luoshi"))
START_TIMEOUT = float(os.environ.get("LUOSHI_PROBE_START_TIMEOUT", "150"))


def artifacts_dir() -> str:
    path = os.environ.get("LUOSHI_ARTIFACTS") or os.path.join(tempfile.gettempdir(), "luoshi-probe-artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def artifacts() -> str:
    return artifacts_dir()


@pytest.fixture(scope="session")
def server():
    if not os.access(BIN, os.X_OK):
        pytest.fail(f"no luoshi binary at {BIN} (set LUOSHI_BIN)")
    workdir = tempfile.mkdtemp(prefix="luoshi-probe.")
    srv = Server(BIN, workdir, START_TIMEOUT)
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()
        try:
            shutil.copy(srv.log_path, os.path.join(artifacts_dir(), "probe-server.log"))
        except OSError:
            pass
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def world(server) -> World:
    return build_world(server)
