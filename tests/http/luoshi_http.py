"""Helpers for Luoshi's HTTP regression tests: the server process, a client, HTML parsing, spreadsheets.

These tests talk to a real `luoshi serve --demo` over TCP (never the in-memory client), so a
body is streamed the way browsers and proxies send it. The binary comes from $LUOSHI_BIN
(default: the debug build in .build/debug/luoshi). Every server binds 127.0.0.1 on a free port,
keeps its SQLite database in a temporary folder and is stopped (its own PID only) when the
module ends. Its log is copied to $LUOSHI_ARTIFACTS when that is set.

Only the standard library is used for HTTP (http.client), so the exact bytes on the wire are
under the test's control.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LUOSHI_BIN", os.path.join(ROOT, ".build", "debug", "luoshi"))
DEMO_PASSWORD = "Luoshi-2026"
FAGAIJU_UNIT = "区发展和改革局"
START_TIMEOUT = float(os.environ.get("LUOSHI_HTTP_START_TIMEOUT", "180"))

# Settings every test server gets unless a module overrides them: cheap password hashing and
# sign-in limits high enough that signing in over and over never trips them.
BASE_ENV = {
    "LUOSHI_PASSWORD_COST": "4",
    "LUOSHI_SIGN_IN_FAILURES_PER_ACCOUNT": "1000",
    "LUOSHI_SIGN_IN_FAILURES_PER_ADDRESS": "100000",
    "LUOSHI_LOG_LEVEL": "info",
}


# --- the server ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `luoshi serve --demo` process on 127.0.0.1 with its own database."""

    def __init__(self, name: str, env: dict[str, str] | None = None):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix=f"luoshi-http-{name}-")
        self.database_url = f"sqlite://{self.dir}/x.sqlite"
        self.port = free_port()
        self.host = "127.0.0.1"
        self.log_path = os.path.join(self.dir, "server.log")
        self.env = dict(BASE_ENV)
        self.env.update(env or {})
        self.process: subprocess.Popen | None = None
        self._tokens: dict[str, str] = {}

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> "Server":
        if not os.access(BIN, os.X_OK):
            pytest.fail(f"the luoshi binary {BIN} is missing (build it, or set LUOSHI_BIN)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
        env.update(self.env)
        log = open(self.log_path, "wb")
        # The server itself is the child (no shell in between), so its PID is ours to stop.
        self.process = subprocess.Popen(
            [BIN, "serve", "--demo", "--host", self.host, "--port", str(self.port), "--database-url", self.database_url],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.dir, env=env)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server {self.name} exited with {self.process.returncode} before answering:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
                conn.close()
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        pytest.fail(f"server {self.name} did not answer /healthz within {START_TIMEOUT:.0f}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        artifacts = os.environ.get("LUOSHI_ARTIFACTS")
        if artifacts:
            os.makedirs(artifacts, exist_ok=True)
            shutil.copy(self.log_path, os.path.join(artifacts, f"http-{self.name}-server.log"))
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    def status_kb(self, key: str) -> int:
        """A value from /proc/PID/status in kB (VmHWM: peak resident memory, VmRSS: current)."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        raise AssertionError(f"{key} not in /proc/{self.pid}/status")

    def token(self, username: str = "admin") -> str:
        """A personal API token for `username`, from `luoshi token create` (cached per user)."""
        if username not in self._tokens:
            self._tokens[username] = self.new_token(username)
        return self._tokens[username]

    def new_token(self, username: str, name: str | None = None) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
        env.update(self.env)
        done = subprocess.run(
            [BIN, "token", "create", "--username", username, "--name", name or f"http-test-{uuid.uuid4().hex[:8]}",
             "--database-url", self.database_url],
            capture_output=True, text=True, timeout=120, cwd=self.dir, env=env)
        token = done.stdout.strip()
        assert done.returncode == 0 and token and " " not in token, \
            f"token create for {username} failed ({done.returncode}): {done.stdout!r} {done.stderr!r}"
        return token

    def client(self, **kwargs) -> "Client":
        return Client(self, **kwargs)


# --- HTTP -----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    elapsed: float = 0.0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def location(self) -> str | None:
        return self.header("Location")

    def json(self):
        return json.loads(self.body)

    def brief(self, limit: int = 300) -> str:
        text = re.sub(r"\s+", " ", page_text(self.text) if "html" in (self.header("Content-Type") or "") else self.text)
        return f"{self.status} {text[:limit]!r}"


class Client:
    """A cookie-keeping HTTP/1.1 client that never follows redirects.

    Every request goes over a fresh TCP connection. Bodies over `chunk` bytes are written in
    pieces with a short pause in between, so the server really receives them streamed."""

    def __init__(self, server: Server, language: str = "en", timeout: float = 120):
        self.server = server
        self.language = language
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.bearer: str | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                chunk: int = 1024, pause: float = 0.002, cookies: bool = True) -> Response:
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            all_headers = {"Accept-Language": self.language} if self.language else {}
            if cookies and self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if self.bearer:
                all_headers["Authorization"] = f"Bearer {self.bearer}"
            all_headers.update(headers or {})
            if body is not None:
                all_headers["Content-Length"] = str(len(body))
            for name, value in all_headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            if body:
                for offset in range(0, len(body), chunk):
                    conn.send(body[offset:offset + chunk])
                    if pause and len(body) > chunk:
                        time.sleep(pause)
            raw = conn.getresponse()
            data = raw.read()
            response = Response(raw.status, raw.getheaders(), data, time.monotonic() - started)
        finally:
            conn.close()
        if cookies:
            self._keep_cookies(response)
        return response

    def _keep_cookies(self, response: Response) -> None:
        for line in response.all("Set-Cookie"):
            first, *attributes = [part.strip() for part in line.split(";")]
            name, _, value = first.partition("=")
            attrs = {a.split("=", 1)[0].lower(): (a.split("=", 1)[1] if "=" in a else "") for a in attributes}
            expired = attrs.get("max-age") == "0" or ("expires" in attrs and "1970" in attrs["expires"])
            if expired or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields, **kwargs) -> Response:
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urlencode(items).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers.update(kwargs.pop("headers", {}) or {})
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def post_multipart(self, path: str, fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]],
                       **kwargs) -> Response:
        body, content_type = multipart(fields, files)
        headers = {"Content-Type": content_type}
        headers.update(kwargs.pop("headers", {}) or {})
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def api(self, method: str, path: str, payload=None, token: str | None = None) -> Response:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        return self.request(method, "/api/v1" + path, body=body, headers=headers, cookies=token is None)

    # --- pages and forms

    def csrf(self, path: str = "/settings") -> str:
        """The csrf field of a page's first form (GET path with this client's cookies)."""
        page = self.get(path)
        assert page.status == 200, f"GET {path} for a csrf token answered {page.brief()}"
        value = input_value(page.text, "csrf")
        assert value, f"GET {path} has no input named csrf"
        return value

    def sign_in(self, username: str, password: str = DEMO_PASSWORD, next: str | None = None,
                expect_success: bool = True) -> Response:
        page = self.get("/signin")
        assert page.status in (200, 303), f"GET /signin answered {page.brief()}"
        token = input_value(page.text, "csrf") if page.status == 200 else None
        assert token, f"GET /signin has no csrf field: {page.brief()}"
        fields = [("username", username), ("password", password), ("csrf", token)]
        if next is not None:
            fields.append(("next", next))
        response = self.post_form("/signin", fields)
        if expect_success:
            assert response.status == 303 and "luoshi_session" in self.cookies, \
                f"signing in as {username} answered {response.brief()}"
        return response


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    boundary = "----luoshi" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields:
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n".encode()
        out += value.encode() + b"\r\n"
    for name, filename, data, content_type in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                f"Content-Type: {content_type}\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- HTML -------------------------------------------------------------------------


@dataclass
class Form:
    id: str | None
    action: str | None
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # name -> kind ("input:text", "textarea", "select", "select-multiple", ...)
    kinds: dict[str, str] = field(default_factory=dict)

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.fields if k == name]

    def replaced(self, **changes: str) -> list[tuple[str, str]]:
        """The fields as a browser submits them, with some single-valued fields changed."""
        out, done = [], set()
        for name, value in self.fields:
            if name in changes:
                if name not in done:
                    out.append((name, changes[name]))
                    done.add(name)
            else:
                out.append((name, value))
        out += [(k, v) for k, v in changes.items() if k not in done]
        return out


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.inputs: list[dict[str, str]] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("id"), a.get("action"), (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag == "input":
            self.inputs.append(a)
            kind = (a.get("type") or "text").lower()
            if self._form is not None and a.get("name") and kind not in ("submit", "button", "file", "image", "reset"):
                if kind in ("checkbox", "radio") and "checked" not in a:
                    return
                self._form.fields.append((a["name"], a.get("value", "")))
                self._form.kinds[a["name"]] = "input:" + kind
        elif tag == "textarea":
            self._textarea = (a.get("name", ""), [])
        elif tag == "select":
            self._select = {"name": a.get("name", ""), "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            if self._form is not None and name:
                value = "".join(parts)
                self._form.fields.append((name, value[1:] if value.startswith("\n") else value))
                self._form.kinds[name] = "textarea"
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            s = self._select
            chosen = [o for o in s["options"] if o["selected"]]
            if not chosen and not s["multiple"] and s["options"]:
                chosen = [s["options"][0]]
            if self._form is not None and s["name"]:
                for o in chosen:
                    value = o["value"] if o["value"] is not None else "".join(o["text"]).strip()
                    self._form.fields.append((s["name"], value))
                self._form.kinds[s["name"]] = "select-multiple" if s["multiple"] else "select"
            self._select = None
        elif tag == "form":
            self._form = None


def parse_page(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def forms(html: str) -> list[Form]:
    return parse_page(html).forms


def form_by_id(html: str, form_id: str) -> Form:
    for form in forms(html):
        if form.id == form_id:
            return form
    raise AssertionError(f"no form#{form_id} on the page; forms: {[f.id for f in forms(html)]}")


def input_value(html: str, name: str) -> str | None:
    for attrs in parse_page(html).inputs:
        if attrs.get("name") == name:
            return attrs.get("value", "")
    return None


def inputs_named(html: str, name: str) -> list[dict[str, str]]:
    return [a for a in parse_page(html).inputs if a.get("name") == name]


class _TextParser(HTMLParser):
    """Collects text, optionally only inside elements matching a tag/id/class."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, match=None):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.depth = 0  # >0 while inside a matching element
        self.stack: list[bool] = []
        self.parts: list[str] = []
        self.chunks: list[list[str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in self.VOID:
            return
        a = {k: (v or "") for k, v in attrs}
        hit = self.match is not None and self.match(tag, a)
        self.stack.append(hit)
        if hit:
            if self.depth == 0:
                self.chunks.append([])
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag in self.VOID or not self.stack:
            return
        if self.stack.pop():
            self.depth -= 1

    def handle_data(self, data):
        if self._skip:
            return
        if self.match is None:
            self.parts.append(data)
        elif self.depth > 0:
            self.chunks[-1].append(data)


def page_text(html: str) -> str:
    """All visible text of a page (entities decoded)."""
    p = _TextParser()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def texts_where(html: str, match) -> list[str]:
    """Text of each outermost element for which match(tag, attrs) is true."""
    p = _TextParser(match)
    p.feed(html)
    return ["".join(chunk) for chunk in p.chunks]


def by_id(element_id: str):
    return lambda tag, a: a.get("id") == element_id


def by_class(name: str):
    return lambda tag, a: name in a.get("class", "").split()


def links(html: str) -> list[str]:
    out = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                href = dict(attrs).get("href")
                if href:
                    out.append(href)
    P().feed(html)
    return out


TASK_LINK = re.compile(r"^/tasks/([0-9a-f-]{36})$")


def task_ids_linked(html: str) -> list[str]:
    return [m.group(1) for href in links(html) if (m := TASK_LINK.match(href))]


def assert_not_5xx(response: Response, what: str) -> None:
    assert response.status < 500, f"{what} answered {response.brief()}"


# --- spreadsheets -------------------------------------------------------------------


def build_xlsx(sheet_xml: str, compression: int | None = None) -> bytes:
    """A minimal .xlsx (one worksheet, inline strings) around the given worksheet XML."""
    import io
    import zipfile

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED if compression is None else compression) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 199 -> GR."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def worksheet(rows: dict[int, dict[int, str]], dimension: str | None = None) -> str:
    """Worksheet XML with inline-string cells: rows maps a 1-based row number to {0-based column: text}."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for r in sorted(rows):
        cells = "".join(
            f'<c r="{column_name(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{xml_escape(v)}</t></is></c>'
            for c, v in sorted(rows[r].items()))
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)
