"""A long import does not fail other users (issue 6, finding 6): while an 8,000-row people import
runs, eight other clients keep reading and making small writes, and none gets a 5xx."""

from __future__ import annotations

import csv
import io
import os
import statistics
import threading
import time
import uuid
from urllib.parse import quote

from luoshi_http import by_id, input_value, texts_where

ROWS = 8000
IMPORT_TIMEOUT = 900
# How long another user's request may take: longer, and a reverse proxy in front (nginx's default
# proxy_read_timeout is 60 s) would have answered 504 for the server.
OTHER_TIMEOUT = float(os.environ.get("LUOSHI_HTTP_OTHER_TIMEOUT", "60"))


def people_csv(client) -> tuple[bytes, str]:
    export = client.get("/export?kind=people&format=csv")
    assert export.status == 200, f"GET /export?kind=people&format=csv answered {export.brief()}"
    text = export.body.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    header, sample = table[0], table[1]
    assert len(table) > 1, "the people export has no rows"
    name_col = header.index("姓名")
    data = io.StringIO()
    writer = csv.writer(data, lineterminator="\r\n")
    writer.writerow(header)
    stamp = uuid.uuid4().hex[:6]
    for i in range(ROWS):
        row = list(sample)
        row[name_col] = f"导入{stamp}{i:05d}"
        if "电话" in header:
            row[header.index("电话")] = ""
        writer.writerow(row)
    return data.getvalue().encode("utf-8"), stamp


class Worker(threading.Thread):
    def __init__(self, name: str, action, stop: threading.Event):
        super().__init__(daemon=True)
        self.label, self.action, self.stop = name, action, stop
        self.results: list[tuple[float, float, int]] = []  # (start, elapsed, status)
        self.errors: list[str] = []

    def run(self) -> None:
        deadline = time.monotonic() + IMPORT_TIMEOUT
        while not self.stop.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status = self.action()
            except Exception as error:  # noqa: BLE001 - no answer (timeout, reset) counts as a failure
                self.errors.append(repr(error))
                status = 0
            self.results.append((started, time.monotonic() - started, status))
            time.sleep(0.05)

    def summary(self) -> str:
        times = [e for _, e, _ in self.results]
        statuses = sorted({s for _, _, s in self.results})
        if not times:
            return f"{self.label}: no requests"
        return (f"{self.label}: {len(times)} requests, median {statistics.median(times) * 1000:.0f} ms, "
                f"max {max(times) * 1000:.0f} ms, statuses {statuses}")


def test_long_import_does_not_fail_other_users(server):
    admin = server.client(timeout=IMPORT_TIMEOUT)
    admin.sign_in("admin")
    body, stamp = people_csv(admin)

    # Eight other clients: page reads, API reads and small writes.
    sessions = {}
    for user in ("duchashi", "shuji", "fagaiju", "fagaiju-staff", "jijian"):
        sessions[user] = server.client(timeout=OTHER_TIMEOUT)
        sessions[user].sign_in(user)
    token_reader = server.token("jijian")
    token_admin = server.token("admin")
    api = server.client(timeout=OTHER_TIMEOUT)
    language = {"value": "en"}

    def read_tasks_page(user):
        return lambda: sessions[user].get("/tasks").status

    def read_tasks_api():
        return api.api("GET", "/tasks?limit=25", token=token_reader).status

    def write_language():
        client = sessions["fagaiju-staff"]
        language["value"] = "zh-Hans" if language["value"] == "en" else "en"
        token = input_value(client.get("/settings").text, "csrf")
        return client.post_form("/settings/language", [("language", language["value"]), ("csrf", token)]).status

    def write_unit():
        return api.api("POST", "/units", {"code": "L" + uuid.uuid4().hex[:10], "name": "临时单位", "kind": "department"},
                       token=token_admin).status

    def write_token():
        client = sessions["jijian"]
        token = input_value(client.get("/settings").text, "csrf")
        return client.post_form("/settings/tokens", [("name", "t" + uuid.uuid4().hex[:6]), ("csrf", token)]).status

    stop = threading.Event()
    workers = [
        Worker("GET /tasks (duchashi)", read_tasks_page("duchashi"), stop),
        Worker("GET /tasks (shuji)", read_tasks_page("shuji"), stop),
        Worker("GET /tasks (fagaiju)", read_tasks_page("fagaiju"), stop),
        Worker("GET /api/v1/tasks (token)", read_tasks_api, stop),
        Worker("GET /api/v1/tasks (token) #2", read_tasks_api, stop),
        Worker("POST /settings/language", write_language, stop),
        Worker("POST /api/v1/units", write_unit, stop),
        Worker("POST /settings/tokens", write_token, stop),
    ]

    token = input_value(admin.get("/import").text, "csrf")
    outcome: dict = {}

    def run_import():
        started = time.monotonic()
        try:
            outcome["response"] = admin.post_multipart(
                "/import", [("csrf", token), ("kind", "people")], [("file", "people.csv", body, "text/csv")])
        except Exception as error:  # noqa: BLE001
            outcome["error"] = repr(error)
        outcome["elapsed"] = time.monotonic() - started
        outcome["ended"] = time.monotonic()

    importer = threading.Thread(target=run_import, daemon=True)
    importer.start()
    time.sleep(0.2)  # let the upload begin before the others pile in
    for w in workers:
        w.start()
    importer.join(timeout=IMPORT_TIMEOUT)
    stop.set()
    for w in workers:
        w.join(timeout=120)

    report = "\n".join(w.summary() for w in workers)
    elapsed = outcome.get("elapsed", float("nan"))
    detail = f"import of {ROWS} people ({len(body)} bytes) took {elapsed:.1f}s; others during it:\n{report}"
    print(detail)

    assert "error" not in outcome, f"the import request failed: {outcome.get('error')}\n{detail}"
    assert "response" in outcome, f"the import did not finish within {IMPORT_TIMEOUT}s\n{detail}"
    response = outcome["response"]
    assert response.status == 200, f"the import answered {response.brief()}\n{detail}"
    reported = " ".join(texts_where(response.text, by_id("import-report")))
    assert str(ROWS) in reported, f"the import report does not say {ROWS} were added: {reported!r}\n{detail}"

    failures = [(w.label, s) for w in workers for _, _, s in w.results if s >= 500 or s == 0]
    errors = [(w.label, e) for w in workers for e in w.errors]
    assert not failures and not errors, (
        f"other users got 5xx, or no answer within {OTHER_TIMEOUT}s: {failures[:20]} {errors[:5]}\n{detail}")
    during = [w.label for w in workers if not any(start < outcome["ended"] for start, _, _ in w.results)]
    assert not during, f"some clients made no request while the import ran: {during}\n{detail}"

    check = api.api("GET", f"/people?q={quote('导入' + stamp)}&limit=5", token=token_admin)
    assert check.status == 200 and check.json()["items"], f"the imported people are not there: {check.brief()}"
