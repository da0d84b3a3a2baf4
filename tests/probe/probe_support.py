"""Plumbing for the security probe: the server process, a cookie-keeping HTTP client, sign-in,
reading the routes out of the Swift sources and the OpenAPI document, and an HTML scanner that
finds markup a payload smuggled into a page. Standard library only (plus PyYAML, which
schemathesis brings into .venv-test, for the OpenAPI document).
"""

from __future__ import annotations

import http.client
import http.cookies
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Optional
from urllib.parse import urlencode, urlparse, parse_qs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO_PASSWORD = "Luoshi-2026"
REQUEST_TIMEOUT = 30


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment without any LUOSHI_* setting of the caller's (a stray LUOSHI_DATABASE_URL
    or LUOSHI_CONFIG must not point the probe's server elsewhere), plus the probe's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
    env.update(extra)
    return env


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to TERM the server if pytest itself is killed (a
    `timeout` around the run), so no server outlives the probe. Best effort elsewhere."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Server:
    """`luoshi serve --demo` on 127.0.0.1:FREEPORT with its own SQLite file; stopped by its PID."""

    SETTINGS = {
        "LUOSHI_SIGN_IN_FAILURES_PER_ADDRESS": "100000",
        "LUOSHI_SIGN_IN_FAILURES_PER_ACCOUNT": "1000",   # the most it allows
        "LUOSHI_PASSWORD_COST": "4",   # bcrypt's minimum: sign-ins are cheap, the rules the same
    }

    def __init__(self, binary: str, workdir: str, start_timeout: float):
        self.binary = binary
        self.workdir = workdir
        self.start_timeout = start_timeout
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database_url = "sqlite://" + os.path.join(workdir, "probe.sqlite")
        self.log_path = os.path.join(workdir, "server.log")
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--demo", "--host", "127.0.0.1", "--port", str(self.port),
             "--database-url", self.database_url],
            cwd=self.workdir, env=child_env(self.SETTINGS), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"luoshi serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"/healthz did not answer within {self.start_timeout:.0f}s:\n{self.log_tail()}")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    def create_token(self, username: str, name: str = "probe") -> str:
        """`luoshi token create`, which must print the token alone."""
        out = subprocess.run(
            [self.binary, "token", "create", "--username", username, "--name", name, "--database-url", self.database_url],
            cwd=self.workdir, env=child_env({"LUOSHI_LOG_LEVEL": "error"}), capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL)
        token = out.stdout.strip()
        if out.returncode != 0 or not token or len(token.split()) != 1:
            raise RuntimeError(f"token create for {username} failed ({out.returncode}): {out.stdout!r} {out.stderr[-2000:]!r}")
        return token


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    text: str

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else ""

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()

    def json(self):
        return json.loads(self.text)


class Client:
    """One browser-like identity: a cookie jar, an optional bearer token, its CSRF token."""

    def __init__(self, base: str, label: str, token: Optional[str] = None):
        parsed = urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.base = base
        self.label = label
        self.token = token
        self.cookies: dict[str, str] = {}
        self.csrf: Optional[str] = None
        self._lock = threading.Lock()

    def request(self, method: str, path: str, *, form=None, json_body=None, body: Optional[bytes] = None,
                content_type: Optional[str] = None, headers: Optional[dict[str, str]] = None,
                bearer: bool = False) -> Response:
        all_headers = {"Accept-Language": "zh-CN"}
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode()
            content_type = "application/json"
            all_headers["Accept"] = "application/json, application/problem+json"
        if content_type:
            all_headers["Content-Type"] = content_type
        if bearer:
            if not self.token:
                raise RuntimeError(f"{self.label} has no API token")
            all_headers["Authorization"] = f"Bearer {self.token}"
        else:
            with self._lock:
                if self.cookies:
                    all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        last_error: Optional[Exception] = None
        for _attempt in range(3):   # a refused connection (server busy) is retried, twice at most
            conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
            try:
                conn.putrequest(method, path, skip_accept_encoding=True)
                for name, value in all_headers.items():
                    conn.putheader(name, value)
                if body is not None:
                    conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body)
                raw = conn.getresponse()
                data = raw.read()
                headers_out: dict[str, list[str]] = {}
                for name, value in raw.getheaders():
                    headers_out.setdefault(name.lower(), []).append(value)
                response = Response(raw.status, headers_out, data.decode("utf-8", "replace"))
                if not bearer:
                    self._remember_cookies(headers_out.get("set-cookie", []))
                if response.status == 503 and response.header("retry-after") and _attempt < 2:
                    # "busy, try again" (a database wait that timed out): do as told, twice at most.
                    time.sleep(min(float(response.header("retry-after") or 1), 3))
                    continue
                return response
            except (ConnectionRefusedError, ConnectionResetError) as error:
                last_error = error
                time.sleep(0.5)
            finally:
                conn.close()
        raise RuntimeError(f"{method} {path}: {last_error}")

    def _remember_cookies(self, lines: list[str]) -> None:
        with self._lock:
            for line in lines:
                jar = http.cookies.SimpleCookie()
                try:
                    jar.load(line)
                except http.cookies.CookieError:
                    continue
                for name, morsel in jar.items():
                    expired = morsel["max-age"] in ("0", "-1") or not morsel.value
                    if expired:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value

    # --- pages and forms ---

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def refresh_csrf(self, page: str = "/settings") -> str:
        response = self.get(page)
        token = hidden_csrf(response.text)
        if token is None:
            raise RuntimeError(f"{self.label}: no csrf field on {page} (status {response.status})")
        self.csrf = token
        return token

    def post_form(self, path: str, fields=None, *, with_csrf: bool = True, headers=None) -> Response:
        items = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        if with_csrf:
            if self.csrf is None:
                self.refresh_csrf("/signin" if "luoshi_session" not in self.cookies else "/settings")
            items.append(("csrf", self.csrf))
        return self.request("POST", path, form=items, headers=headers)

    def post_multipart(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> Response:
        if self.csrf is None:
            self.refresh_csrf()
        boundary = "probe" + uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in list(fields.items()) + [("csrf", self.csrf)]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data, ctype) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f'Content-Type: {ctype}\r\n\r\n'.encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, body=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}",
                            headers={"X-CSRF-Token": self.csrf})

    def api(self, method: str, path: str, json_body=None) -> Response:
        return self.request(method, "/api/v1" + path, json_body=json_body, bearer=True)


def sign_in(base: str, username: str, password: str = DEMO_PASSWORD, token: Optional[str] = None) -> Client:
    """A signed-in client: GET /signin for the pre-session CSRF token, POST the form, then read the
    session's own token from a page (it is bound to the session)."""
    client = Client(base, username, token)
    page = client.get("/signin")
    csrf = hidden_csrf(page.text)
    if csrf is None:
        raise RuntimeError(f"no csrf field on /signin (status {page.status})")
    response = client.request("POST", "/signin", form=[("username", username), ("password", password),
                                                        ("next", "/"), ("csrf", csrf)])
    if response.status != 303 or "luoshi_session" not in client.cookies:
        raise RuntimeError(f"signing in as {username}: {response.status} {response.header('location')!r} "
                           f"{response.text[:300]!r}")
    client.refresh_csrf()
    return client


def anonymous(base: str) -> Client:
    client = Client(base, "anonymous")
    client.refresh_csrf("/signin")
    return client


# --- HTML ------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, Optional[str]]]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.data.append(data)


@dataclass
class Page:
    elements: list[tuple[str, list[tuple[str, Optional[str]]]]]
    text: str                       # all text content, entities decoded, concatenated
    attribute_values: list[str]     # every attribute value, entities decoded

    def inputs(self, name: str) -> list[str]:
        return [dict(attrs).get("value") or "" for tag, attrs in self.elements
                if tag == "input" and dict(attrs).get("name") == name]

    def shows(self, value: str) -> bool:
        """The value appears literally, as text or as a whole attribute value (form fields)."""
        return value in self.text or value in self.attribute_values


def parse_html(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    values = [v for _, attrs in collector.elements for _, v in attrs if v is not None]
    return Page(collector.elements, "".join(collector.data), values)


def hidden_csrf(html: str) -> Optional[str]:
    for tag, attrs in parse_html(html).elements:
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf" and a.get("value"):
            return a["value"]
    return None


# Elements a payload would bring; the templates themselves use none of them (checked against
# clean pages at the start of the XSS probe, whose counts are the allowance).
ACTIVE_TAGS = {"script", "img", "svg", "iframe", "frame", "object", "embed", "math", "video", "audio", "source",
               "base", "style", "applet", "portal", "image", "animate", "set", "use", "foreignobject"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc",
                  "codebase", "cite", "ping", "lowsrc", "dynsrc"}


def active_tag_counts(page: Page) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tag, _ in page.elements:
        if tag in ACTIVE_TAGS:
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def injected_markup(page: Page, allowance: dict[str, int]) -> list[str]:
    """Everything on the page that would run script: elements the templates do not have, event
    handler attributes, javascript:/vbscript:/data:text/html URLs. Empty when the page is clean."""
    problems = []
    for tag, count in active_tag_counts(page).items():
        if count > allowance.get(tag, 0):
            problems.append(f"<{tag}> element(s): {count} (templates: {allowance.get(tag, 0)})")
    for tag, attrs in page.elements:
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}> event-handler attribute")
            if name in URL_ATTRIBUTES and value is not None:
                squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append(f"<{tag} {name}={value!r}> script URL")
    return problems


# --- the routes, from the sources ------------------------------------------------------------


def site_paths(root: str = ROOT) -> dict[str, str]:
    """SitePath.swift: case name -> path."""
    with open(os.path.join(root, "Sources/LuoshiWeb/Support/SitePath.swift"), encoding="utf-8") as f:
        text = f.read()
    return dict(re.findall(r'^\s*case\s+(\w+)\s*=\s*"([^"]*)"', text, re.MULTILINE))


def web_routes(root: str = ROOT) -> list[str]:
    """routes.swift: every registered route as "METHOD /path" (paths from SitePath)."""
    with open(os.path.join(root, "Sources/LuoshiWeb/Configuration/routes.swift"), encoding="utf-8") as f:
        text = f.read()
    paths = site_paths(root)
    routes: list[str] = []
    for method, case in re.findall(r"app\.(get|post|put|patch|delete)\(\s*SitePath\.(\w+)\.components", text):
        routes.append(f"{method.upper()} {paths[case]}")
    for method, case in re.findall(r"app\.on\(\s*\.(GET|POST|PUT|PATCH|DELETE)\s*,\s*SitePath\.(\w+)\.components", text):
        routes.append(f"{method} {paths[case]}")
    # A route written any other way would escape this parser: refuse to guess.
    registrations = len(re.findall(r"^\s*app\.(?:get|post|put|patch|delete|on)\(", text, re.MULTILINE))
    if registrations != len(routes):
        raise AssertionError(f"routes.swift registers {registrations} routes but the probe understood {len(routes)}: "
                             "teach probe_support.web_routes the new form")
    return routes


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str                     # as in the document, e.g. /tasks/{taskId}
    has_body: bool


def api_operations(document: dict) -> list[Operation]:
    ops = []
    for path, item in (document.get("paths") or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            op = item.get(method)
            if op is None:
                continue
            ops.append(Operation(op.get("operationId") or f"{method.upper()} {path}", method.upper(), path,
                                 "requestBody" in op))
    return ops


def load_yaml(text: str) -> dict:
    import yaml  # PyYAML, installed with schemathesis in .venv-test
    return yaml.safe_load(text)


def location_path(response: Response) -> tuple[str, dict[str, list[str]]]:
    location = urlparse(response.header("location"))
    return location.path, parse_qs(location.query)
