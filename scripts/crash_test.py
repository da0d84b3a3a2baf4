#!/usr/bin/env python3
"""Crash test for Luoshi on SQLite; run it through scripts/crash-test, which prepares its arguments.

Starts `luoshi serve --demo` on a fresh SQLite file, creates an API token with `luoshi token create`,
then lets 16 clients write through the JSON API (task creation, task status/progress changes,
indicator readings) and SIGKILLs the server at random moments, restarting it each time on the same
file (every other restart with --demo, which must then load nothing).

A write counts as acknowledged only when the client got a 2xx answer carrying the record it wrote.
After every kill, before the restart, the file is opened read-only with sqlite3: every acknowledged
write must be there with its value, and integrity_check and foreign_key_check must be clean. After
the restart, `luoshi audit verify` must pass and a sample of the acknowledged writes is read back
through the API. Exit status 0 only if all of that held at every kill, and at least --min-kills
kills fitted in the time budget. Python standard library only.
"""
from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

T0 = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


class Failure(Exception):
    """A check that failed; the run goes on to the summary and exits 1."""


def norm_id(value) -> str | None:
    """A UUID as stored by SQLite (16-byte blob or text) or sent by the API, as lower-case text."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        return str(uuid.UUID(bytes=raw)) if len(raw) == 16 else str(uuid.UUID(raw.decode()))
    return str(uuid.UUID(str(value)))


# --- the server process ------------------------------------------------------------------------

class Server:
    def __init__(self, args: argparse.Namespace, db_path: str):
        self.bin = args.bin
        self.work = args.work
        self.port = args.port
        self.db_url = f"sqlite://{db_path}"
        self.log_dir = args.log_dir
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.log_path = ""
        self.log_paths: list[str] = []

    @staticmethod
    def env() -> dict[str, str]:
        # No inherited LUOSHI_* setting (a log level, another database...) may change the run;
        # synchronous stays FULL, the default, stated here so nothing can weaken it.
        env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
        env["LUOSHI_SQLITE_SYNCHRONOUS"] = "FULL"
        env["LUOSHI_LOG_FORMAT"] = "text"
        return env

    def start(self, demo: bool) -> None:
        self.starts += 1
        self.log_path = os.path.join(self.log_dir, f"server-{self.starts:02d}.log")
        self.log_paths.append(self.log_path)
        command = [self.bin, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database-url", self.db_url]
        if demo:
            command.append("--demo")
        with open(self.log_path, "wb") as out:
            # cwd is the work directory, so no ./luoshi.toml is picked up.
            self.proc = subprocess.Popen(command, cwd=self.work, env=self.env(), stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=subprocess.STDOUT)
        with open(os.path.join(self.work, "server.pid"), "w") as f:
            f.write(str(self.proc.pid))

    def wait_healthy(self, limit: float) -> float:
        """Seconds from now until /healthz answers 2xx; Failure if the server dies or takes too long."""
        start = time.monotonic()
        deadline = start + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"server exited with status {self.proc.returncode} before /healthz answered "
                              f"(log: {self.log_path})")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                status = conn.getresponse().status
                conn.close()
                if 200 <= status < 300:
                    return time.monotonic() - start
            except (OSError, http.client.HTTPException):
                # Not listening yet. (Polling a port in the ephemeral range that nobody listens on can
                # connect the socket to itself, and the answer is our own request line: BadStatusLine.)
                pass
            time.sleep(0.02)
        raise Failure(f"/healthz did not answer within {limit:.0f}s (log: {self.log_path})")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)

    def reap(self) -> None:
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if not self.alive():
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log("server ignored SIGTERM for 10 s; SIGKILL")
            self.proc.kill()
            self.proc.wait(timeout=10)

    def cli(self, *arguments: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([self.bin, *arguments, "--database-url", self.db_url], cwd=self.work, env=self.env(),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)


# --- talking to the API --------------------------------------------------------------------------

class Api:
    """One keep-alive connection. request() returns (status, json or None); OSError / HTTPException pass up."""

    def __init__(self, port: int, token: str, timeout: float = 20):
        self.port, self.token, self.timeout = port, token, timeout
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json", "Accept-Language": "en"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, "/api/v1" + path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
        except BaseException:
            self.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return response.status, parsed

    def get_ok(self, path: str):
        status, body = self.request("GET", path)
        if status != 200:
            raise Failure(f"GET {path} answered {status}: {body}")
        return body

    def get_pages(self, path: str, pages: int = 50) -> list:
        items, offset = [], 0
        separator = "&" if "?" in path else "?"
        for _ in range(pages):
            page = self.get_ok(f"{path}{separator}limit=100&offset={offset}")
            items.extend(page["items"])
            if not page["hasMore"]:
                break
            offset += len(page["items"])
        return items


# --- the writers -------------------------------------------------------------------------------

class TaskState:
    """What a task's (status, progress) may be: the last acknowledged value plus every value sent
    since without an acknowledgement (it may have committed before the kill)."""

    __slots__ = ("candidates", "acked", "used", "completed_once", "written")

    def __init__(self, status: str, progress: int | None, written: bool):
        self.acked = (status, progress)
        self.candidates = {self.acked}
        self.used: set[int] = set() if progress is None else {progress}
        self.completed_once = status == "completed"
        self.written = written   # whether a write of ours on it was acknowledged


class Shared:
    def __init__(self, clients: int):
        self.go = threading.Event()
        self.stop = threading.Event()
        self.cond = threading.Condition()
        self.parked = 0
        self.clients = clients

    def wait_parked(self, limit: float) -> bool:
        deadline = time.monotonic() + limit
        with self.cond:
            while self.parked < self.clients:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
        return True


class Client(threading.Thread):
    def __init__(self, number: int, shared: Shared, api: Api, setup: dict, seed: int, run_tag: str):
        super().__init__(name=f"client-{number}", daemon=True)
        self.number, self.shared, self.api, self.setup = number, shared, api, setup
        self.rng = random.Random(seed)
        self.run_tag = run_tag
        self.sequence = 0
        self.tasks: dict[str, TaskState] = {}
        self.task_order: list[str] = []
        for task_id, status in setup["owned"].get(number, []):
            self.tasks[task_id] = TaskState(status, None, written=False)
            self.task_order.append(task_id)
        self.created: dict[str, tuple] = {}          # acknowledged: id -> (code, title, cooperating unit ids)
        self.unacked_creates: dict[str, str] = {}    # code -> title, answer never received
        self.readings: dict[str, tuple] = {}         # acknowledged: id -> (indicator id, value)
        self.acked_log: list[dict] = []
        self.sent = collections.Counter()
        self.acked = collections.Counter()
        self.unacked = collections.Counter()
        self.not_sent = collections.Counter()
        self.answers = collections.Counter()         # non-2xx answers: "kind status code"
        self.bad_acks: list[str] = []
        self.failed: BaseException | None = None

    # one loop per thread: write while `go` is set, park (connection closed) while it is not
    def run(self) -> None:
        try:
            while not self.shared.stop.is_set():
                if not self.shared.go.is_set():
                    self.api.close()
                    with self.shared.cond:
                        self.shared.parked += 1
                        self.shared.cond.notify_all()
                    while not self.shared.go.wait(0.1) and not self.shared.stop.is_set():
                        pass
                    with self.shared.cond:
                        self.shared.parked -= 1
                    continue
                self.one_write()
        except BaseException as error:  # a bug in this script: report it, never hang the controller
            self.failed = error
            with self.shared.cond:
                self.shared.parked += 1
                self.shared.cond.notify_all()

    def one_write(self) -> None:
        roll = self.rng.random()
        if roll < 0.40:
            self.create_task()
        elif roll < 0.75 and self.task_order:
            self.change_status()
        else:
            self.record_reading()

    def send(self, kind: str, method: str, path: str, body):
        """(status, answer) or None when no answer came (connection refused or cut by the kill)."""
        self.sent[kind] += 1
        try:
            return self.api.request(method, path, body)
        except ConnectionRefusedError:
            # Never reached a server (it is down): nothing can have been written.
            self.not_sent[kind] += 1
            time.sleep(0.02)
            return "refused"
        except (OSError, http.client.HTTPException) as error:
            self.unacked[kind] += 1
            self.answers[f"{kind} no answer ({type(error).__name__})"] += 1
            return None

    def refused(self, kind: str, status: int, answer) -> None:
        self.unacked[kind] += 1
        code = answer.get("code") if isinstance(answer, dict) else None
        self.answers[f"{kind} {status} {code}"] += 1

    def ack(self, kind: str, record_id: str, value) -> None:
        self.acked[kind] += 1
        self.acked_log.append({"kind": kind, "id": record_id, "value": value, "client": self.number,
                               "t": round(time.monotonic() - T0, 3)})

    def create_task(self) -> None:
        kind = "task.create"
        self.sequence += 1
        year = self.setup["year"]
        code = f"CT{self.run_tag}-{self.number:02d}-{self.sequence:05d}"
        title = f"崩溃测试任务 {self.number}-{self.sequence} «{self.run_tag}»"
        units = self.setup["units"]
        unit = self.rng.choice(units)
        cooperating = []
        if self.rng.random() < 0.3:
            other = self.rng.choice(units)
            if other != unit:
                cooperating = [other]
        body = {"code": code, "title": title, "tier": self.rng.choice(["led", "pushed", "supported"]),
                "start": f"{year}-01-01", "deadline": f"{year}-12-31", "responsibleUnitId": unit,
                "target": "crash test", "cooperatingUnitIds": cooperating}
        reply = self.send(kind, "POST", "/tasks", body)
        if reply == "refused":
            return
        if reply is None:
            self.unacked_creates[code] = title
            return
        status, answer = reply
        if not 200 <= status < 300:
            self.refused(kind, status, answer)
            self.unacked_creates[code] = title
            return
        try:
            task_id = norm_id(answer["id"])
            ok = (answer["code"] == code and answer["title"] == title and answer["status"] == "notStarted"
                  and answer["progress"] == 0 and sorted(map(norm_id, answer["cooperatingUnitIds"])) == sorted(cooperating))
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            self.bad_acks.append(f"POST /tasks {code}: {status} {answer}")
            self.unacked_creates[code] = title
            return
        self.created[task_id] = (code, title, tuple(sorted(cooperating)))
        self.tasks[task_id] = TaskState("notStarted", 0, written=True)
        self.task_order.append(task_id)
        self.ack(kind, task_id, {"code": code, "title": title, "cooperatingUnitIds": cooperating})

    def change_status(self) -> None:
        kind = "task.status"
        for _ in range(10):
            task_id = self.rng.choice(self.task_order)
            state = self.tasks[task_id]
            free = [p for p in range(0, 100) if p not in state.used]
            if free or not state.completed_once:
                break
        else:
            self.record_reading()
            return
        # Every value is written at most once per task, so an old value can never pass for a newer one.
        if not state.completed_once and (not free or self.rng.random() < 0.1):
            want = ("completed", 100)
            body = {"status": "completed"}
            state.completed_once = True
        else:
            progress = self.rng.choice(free)
            state.used.add(progress)
            want = ("inProgress", progress)
            body = {"status": "inProgress", "progress": progress}
        state.candidates.add(want)
        reply = self.send(kind, "POST", f"/tasks/{task_id}/status", body)
        if reply == "refused":
            if want != state.acked:
                state.candidates.discard(want)
            return
        if reply is None:
            return
        status, answer = reply
        if not 200 <= status < 300:
            self.refused(kind, status, answer)
            return
        try:
            ok = norm_id(answer["id"]) == task_id and (answer["status"], answer["progress"]) == want
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            self.bad_acks.append(f"POST /tasks/{task_id}/status {body}: {status} {answer}")
            return
        state.candidates = {want}
        state.acked = want
        state.written = True
        self.ack(kind, task_id, {"status": want[0], "progress": want[1]})

    def record_reading(self) -> None:
        kind = "reading"
        indicator = self.rng.choice(self.setup["indicators"])
        value = round(self.rng.uniform(0, 1_000_000), 3)
        self.sequence += 1
        body = {"value": value, "asOf": f"{self.setup['year']}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}",
                "comment": f"crash test {self.run_tag} {self.number}-{self.sequence}"}
        reply = self.send(kind, "POST", f"/indicators/{indicator}/readings", body)
        if reply is None or reply == "refused":
            return
        status, answer = reply
        if not 200 <= status < 300:
            self.refused(kind, status, answer)
            return
        try:
            reading_id = norm_id(answer["id"])
            ok = norm_id(answer["indicatorId"]) == indicator and answer["value"] == value and answer["asOf"] == body["asOf"]
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            self.bad_acks.append(f"POST /indicators/{indicator}/readings {body}: {status} {answer}")
            return
        self.readings[reading_id] = (indicator, value)
        self.ack(kind, reading_id, {"indicatorId": indicator, "value": value})


# --- checks --------------------------------------------------------------------------------------

def read_file_state(db_path: str) -> dict:
    """The crashed file as SQLite recovers it, opened read-only (the server is dead)."""
    uri = "file:" + urllib.parse.quote(db_path) + "?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        foreign = con.execute("PRAGMA foreign_key_check").fetchall()
        tasks = {norm_id(r[0]): (r[1], r[2], r[3], r[4])
                 for r in con.execute("SELECT id, code, title, status, progress FROM tasks")}
        cooperating = collections.defaultdict(set)
        for task_id, unit_id in con.execute("SELECT task_id, unit_id FROM task_cooperating_units"):
            cooperating[norm_id(task_id)].add(norm_id(unit_id))
        readings = {norm_id(r[0]): (norm_id(r[1]), r[2]) for r in con.execute("SELECT id, indicator_id, value FROM readings")}
        audit_events = con.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
    finally:
        con.close()
    return {"integrity": integrity, "foreign": foreign, "tasks": tasks, "cooperating": cooperating,
            "readings": readings, "audit_events": audit_events}


def check_file(state: dict, clients: list[Client]) -> dict:
    """Every acknowledged write in the file with its value. Tightens each task's candidates to what
    the file holds (the restarted server starts from exactly that)."""
    lost: list[str] = []
    late_commits = 0
    tasks, readings, cooperating = state["tasks"], state["readings"], state["cooperating"]
    codes = {row[0] for row in tasks.values()}
    checked = 0
    # A loss is reported once: the lost record leaves the books (or, for a task's status, the books
    # continue from what the file holds).
    for client in clients:
        for task_id, (code, title, coop) in list(client.created.items()):
            checked += 1
            row = tasks.get(task_id)
            problem = None
            if row is None:
                problem = f"created task {task_id} ({code}) missing"
            elif (row[0], row[1]) != (code, title):
                problem = f"created task {task_id}: code/title {row[0]!r}/{row[1]!r}, acknowledged {code!r}/{title!r}"
            elif tuple(sorted(cooperating.get(task_id, ()))) != coop:
                problem = f"created task {task_id}: cooperating units {sorted(cooperating.get(task_id, ()))}, acknowledged {list(coop)}"
            if problem:
                lost.append(problem)
                del client.created[task_id]
                if row is None:
                    del client.tasks[task_id]
                    client.task_order.remove(task_id)
        for code in list(client.unacked_creates):
            if code in codes:
                late_commits += 1
            del client.unacked_creates[code]   # after this restart it can no longer appear
        for task_id, task_state in client.tasks.items():
            if not task_state.written:
                continue   # no acknowledged write of ours on it (a demo task's roll-up may still move it)
            row = tasks.get(task_id)
            value = None if row is None else (row[2], row[3])
            checked += 1
            if value not in task_state.candidates:
                lost.append(f"task {task_id}: file has {value}, acknowledged {task_state.acked}, "
                            f"possible {sorted(task_state.candidates, key=str)}")
            elif value != task_state.acked:
                late_commits += 1
            task_state.candidates = {value}
            task_state.acked = value
        for reading_id, (indicator, val) in list(client.readings.items()):
            checked += 1
            row = readings.get(reading_id)
            if row != (indicator, val):
                lost.append(f"reading {reading_id} of {indicator} missing" if row is None
                            else f"reading {reading_id}: file has {row}, acknowledged {(indicator, val)}")
                del client.readings[reading_id]
    return {"lost": lost, "late_commits": late_commits, "checked": checked}


def check_api(api: Api, clients: list[Client], rng: random.Random, sample: int) -> list[str]:
    """Read a sample of the acknowledged writes back through the restarted server."""
    problems: list[str] = []
    created = [(tid, v) for c in clients for tid, v in c.created.items()]
    for task_id, (code, title, _) in rng.sample(created, min(sample, len(created))):
        status, body = api.request("GET", f"/tasks/{task_id}")
        if status != 200 or not isinstance(body, dict) or (body.get("code"), body.get("title")) != (code, title):
            problems.append(f"API: created task {task_id} ({code}): {status} {body}")
    written = [(tid, s) for c in clients for tid, s in c.tasks.items() if s.written]
    for task_id, task_state in rng.sample(written, min(sample, len(written))):
        status, body = api.request("GET", f"/tasks/{task_id}")
        value = (body.get("status"), body.get("progress")) if status == 200 and isinstance(body, dict) else None
        if value not in task_state.candidates:
            problems.append(f"API: task {task_id}: {status} {value}, expected {task_state.candidates}")
    by_indicator = collections.defaultdict(dict)
    for c in clients:
        for reading_id, (indicator, value) in c.readings.items():
            by_indicator[indicator][reading_id] = value
    for indicator in rng.sample(sorted(by_indicator), min(3, len(by_indicator))):
        status, body = api.request("GET", f"/indicators/{indicator}/readings")
        seen = {norm_id(r["id"]): r["value"] for r in body} if status == 200 and isinstance(body, list) else {}
        for reading_id, value in by_indicator[indicator].items():
            if seen.get(reading_id) != value:
                problems.append(f"API: reading {reading_id} of {indicator}: {seen.get(reading_id)}, acknowledged {value}")
    return problems


# --- the run -------------------------------------------------------------------------------------

def fetch_setup(api: Api, clients: int) -> dict:
    session = api.get_ok("/session")
    if session["account"]["role"] != "admin":
        raise Failure(f"the token is not an admin's: {session['account']}")
    units = [norm_id(u["id"]) for u in api.get_pages("/units")]
    this_year = time.gmtime().tm_year
    tasks, year = [], this_year
    for year in (this_year, this_year - 1, this_year + 1):
        tasks = api.get_pages(f"/tasks?year={year}&keyTasksOnly=false")
        if tasks:
            break
    indicators = [norm_id(i["id"]) for i in api.get_ok(f"/indicators?year={year}")]
    if not units or not tasks or not indicators:
        raise Failure(f"the demo data is missing: {len(units)} units, {len(tasks)} tasks, {len(indicators)} indicators")
    owned = collections.defaultdict(list)
    open_tasks = [t for t in tasks if t["status"] != "cancelled"]
    for index, task in enumerate(open_tasks):
        owned[index % clients].append((norm_id(task["id"]), task["status"]))
    return {"year": year, "units": units, "indicators": indicators, "owned": owned,
            "demo_tasks": len(tasks), "demo_open_tasks": len(open_tasks)}


def count_log_levels(path: str) -> collections.Counter:
    counts = collections.Counter()
    pattern = re.compile(r"^\S+ (warning|error|critical) ")
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                match = pattern.match(line)
                if match:
                    counts[match.group(1)] += 1
    except OSError:
        pass
    return counts


def read_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def tail(path: str, lines: int = 30) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(collections.deque(f, lines))
    except OSError as error:
        return f"(cannot read {path}: {error})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True, help="an empty temporary directory (the caller removes it)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--budget", type=float, default=170, help="seconds for the whole run")
    parser.add_argument("--kills", type=int, default=15, help="kills to aim for")
    parser.add_argument("--min-kills", type=int, default=10, help="fewer kills than this is a failure")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--api-sample", type=int, default=15, help="acknowledged writes of each kind read back per restart")
    parser.add_argument("--artifacts", default="", help="directory for server logs and the write record")
    args = parser.parse_args()
    deadline = T0 + args.budget
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    run_tag = f"{rng.randrange(16 ** 4):04x}"
    args.log_dir = args.artifacts or args.work
    os.makedirs(args.log_dir, exist_ok=True)
    db_path = os.path.join(args.work, "crash.sqlite")
    server = Server(args, db_path)
    shared = Shared(args.clients)
    clients: list[Client] = []
    failures: list[str] = []
    cycles: list[dict] = []
    notes: list[str] = []
    token_while_running = None

    def on_term(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_term)

    log(f"crash test: seed {seed}, {args.clients} clients, aiming for {args.kills} kills "
        f"(at least {args.min_kills}) in {args.budget:.0f}s; binary {args.bin}; database {db_path}")
    try:
        # 1. first start, with the demo district
        server.start(demo=True)
        first_start = server.wait_healthy(max(5.0, min(150.0, deadline - time.monotonic() - 30)))
        log(f"demo server up on 127.0.0.1:{args.port} in {first_start:.1f}s")
        if "demo district loaded" not in read_text(server.log_path):
            notes.append("first start: no 'demo district loaded' line in the server's output")

        # 2. an API token, while the server runs (WAL lets a second process write)
        started = time.monotonic()
        result = server.cli("token", "create", "--username", "admin", "--name", "crash")
        token = result.stdout.strip()
        if result.returncode == 0 and re.fullmatch(r"\S+", token):
            token_while_running = True
            log(f"token created while the server runs ({time.monotonic() - started:.1f}s)")
        else:
            token_while_running = False
            notes.append(f"token create while the server ran failed (exit {result.returncode}): "
                         f"{(result.stderr or result.stdout).strip()[-300:]}; created it with the server stopped")
            log(notes[-1])
            server.stop()
            result = server.cli("token", "create", "--username", "admin", "--name", "crash")
            token = result.stdout.strip()
            if result.returncode != 0 or not re.fullmatch(r"\S+", token):
                raise Failure(f"token create failed (exit {result.returncode}): {result.stderr.strip()[-500:]}")
            server.start(demo=False)
            server.wait_healthy(60)

        setup_api = Api(args.port, token)
        setup = fetch_setup(setup_api, args.clients)
        setup_api.close()
        log(f"demo data: year {setup['year']}, {len(setup['units'])} units, {setup['demo_tasks']} tasks "
            f"({setup['demo_open_tasks']} not cancelled, shared out among the clients), {len(setup['indicators'])} indicators")

        for number in range(args.clients):
            client = Client(number, shared, Api(args.port, token), setup, rng.randrange(1 << 30), run_tag)
            clients.append(client)
            client.start()
        if not shared.wait_parked(10):
            raise Failure("the clients did not start")

        # 3. load, kill, check, restart, check
        cycle_cost = 0.0   # the longest kill-check-restart-check so far
        kills = 0
        while kills < args.kills:
            load = rng.uniform(0.3, 6.0)
            left = deadline - time.monotonic()
            overhead = max(cycle_cost * 1.3, 5.0) + 6   # kill, checks, restart; then the final stop
            if left < overhead + 0.3:
                log(f"stopping after {kills} kills: {left:.0f}s left, a cycle needs at least {overhead + 0.3:.0f}s")
                break
            load = min(load, left - overhead)
            acked_before = sum(sum(c.acked.values()) for c in clients)
            unacked_before = sum(sum(c.unacked.values()) for c in clients)
            shared.go.set()
            time.sleep(load)
            if not server.alive():
                raise Failure(f"the server exited on its own (status {server.proc.returncode}) under load; "
                              f"log {server.log_path}:\n{tail(server.log_path)}")
            server.kill()
            killed_at = time.monotonic()
            kills += 1
            shared.go.clear()
            server.reap()
            if not shared.wait_parked(30):
                raise Failure("clients still busy 30 s after the kill")
            broken = [c for c in clients if c.failed]
            if broken:
                raise Failure(f"client {broken[0].number} crashed: {broken[0].failed!r}")
            cycle = {"kill": kills, "load": load,
                     "acked": sum(sum(c.acked.values()) for c in clients) - acked_before,
                     "unacked": sum(sum(c.unacked.values()) for c in clients) - unacked_before}

            try:
                state = read_file_state(db_path)
            except sqlite3.Error as error:
                raise Failure(f"kill {kills}: cannot read the crashed file: {error}")
            file_check = check_file(state, clients)
            cycle["integrity"] = state["integrity"] == ["ok"]
            cycle["foreign_keys"] = not state["foreign"]
            cycle["lost"] = len(file_check["lost"])
            cycle["late_commits"] = file_check["late_commits"]
            cycle["checked"] = file_check["checked"]
            cycle["audit_rows"] = state["audit_events"]
            if not cycle["integrity"]:
                failures.append(f"kill {kills}: integrity_check: {state['integrity'][:5]}")
            if state["foreign"]:
                failures.append(f"kill {kills}: foreign_key_check: {state['foreign'][:5]}")
            for problem in file_check["lost"][:20]:
                failures.append(f"kill {kills}: LOST {problem}")

            demo = kills % 2 == 1   # every other restart with --demo, which must load nothing
            cycle["demo"] = demo
            server.start(demo=demo)
            cycle["recovery"] = server.wait_healthy(60)
            cycle["kill_to_healthy"] = time.monotonic() - killed_at
            if demo:
                text = read_text(server.log_path)
                if "demo district loaded" in text:
                    failures.append(f"restart {kills}: --demo loaded the demo district again into a used database")
                elif "demo not loaded again" not in text:
                    notes.append(f"restart {kills}: --demo printed neither 'demo not loaded again' nor 'demo district loaded'")

            audit = subprocess.Popen([server.bin, "audit", "verify", "--database-url", server.db_url], cwd=args.work,
                                     env=Server.env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
            check_rng = random.Random(rng.randrange(1 << 30))
            api = Api(args.port, token)
            try:
                api_problems = check_api(api, clients, check_rng, args.api_sample)
            except (OSError, http.client.HTTPException) as error:
                api_problems = [f"API read-back failed: {error!r}"]
            finally:
                api.close()
            try:
                audit_out, _ = audit.communicate(timeout=90)
            except subprocess.TimeoutExpired:
                audit.kill()
                audit_out, _ = audit.communicate()
                audit_out += "\n(timed out after 90 s)"
            cycle["audit_ok"] = audit.returncode == 0
            match = re.search(r"intact: (\d+) events", audit_out)
            cycle["audit_events"] = int(match.group(1)) if match else None
            if audit.returncode != 0:
                failures.append(f"restart {kills}: audit verify exited {audit.returncode}: {audit_out.strip()[-500:]}")
            cycle["api_problems"] = len(api_problems)
            failures.extend(f"restart {kills}: {p}" for p in api_problems[:20])
            cycle["cost"] = time.monotonic() - killed_at
            cycle_cost = max(cycle_cost, cycle["cost"])
            cycles.append(cycle)
            log(f"kill {kills:2d} after {load:.1f}s of load: {cycle['acked']} acked, {cycle['unacked']} unanswered; "
                f"file: {cycle['checked']} checked, {cycle['lost']} lost, integrity {'ok' if cycle['integrity'] else 'FAILED'}; "
                f"restart{' --demo' if demo else ''} healthy in {cycle['recovery']:.2f}s; "
                f"audit verify {'ok' if cycle['audit_ok'] else 'FAILED'} ({cycle['audit_events']} events); "
                f"API read-back {'ok' if not api_problems else 'FAILED'}")
        if kills < args.min_kills:
            why = (f"the budget of {args.budget:.0f}s ran out" if kills < args.kills
                   else f"only {args.kills} were asked for")
            failures.append(f"{kills} kills: at least {args.min_kills} needed, and {why}")
    except Failure as error:
        failures.append(str(error))
    except Exception as error:   # a timed-out command, a connection the setup lost, a bug here
        failures.append(f"unexpected error: {error!r}")
    except KeyboardInterrupt as error:
        failures.append(f"interrupted ({error})")
    finally:
        shared.stop.set()
        shared.go.set()
        server.stop()
        for client in clients:
            client.join(timeout=30)

    return summarize(args, seed, server, clients, cycles, failures, notes, token_while_running)


def summarize(args, seed, server, clients, cycles, failures, notes, token_while_running) -> int:
    acked = collections.Counter()
    unacked = collections.Counter()
    sent = collections.Counter()
    answers = collections.Counter()
    bad_acks: list[str] = []
    for c in clients:
        acked.update(c.acked)
        unacked.update(c.unacked)
        sent.update(c.sent)
        answers.update(c.answers)
        bad_acks.extend(c.bad_acks)
    for problem in bad_acks[:10]:
        failures.append(f"2xx answer without the record written: {problem}")
    if len(bad_acks) > 10:
        failures.append(f"... {len(bad_acks) - 10} more 2xx answers without the record written")
    lost = sum(c["lost"] + c["api_problems"] for c in cycles)
    levels = collections.Counter()
    for path in server.log_paths:
        levels.update(count_log_levels(path))

    if args.artifacts:
        with open(os.path.join(args.artifacts, "acknowledged-writes.jsonl"), "w") as f:
            for c in clients:
                for entry in c.acked_log:
                    f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    total = sum(acked.values())
    load_time = sum(c["load"] for c in cycles)
    print()
    print("crash test summary")
    print(f"  seed {seed}; {len(clients)} clients; SQLite synchronous=FULL; binary {args.bin}")
    print(f"  kills (SIGKILL under load): {len(cycles)}")
    print(f"  acknowledged writes: {total} ({acked['task.create']} task creations, {acked['task.status']} status/progress "
          f"changes, {acked['reading']} readings); {total / load_time if load_time else 0:.0f}/s over {load_time:.0f}s of load")
    print(f"  lost acknowledged writes: {lost}")
    late = sum(c["late_commits"] for c in cycles)
    not_sent = sum(sum(c.not_sent.values()) for c in clients)
    print(f"  writes sent without a 2xx answer: {sum(unacked.values())} (found committed anyway: {late}); "
          f"refused connections while the server was down: {not_sent}")
    if cycles:
        rec = [c["recovery"] for c in cycles]
        print(f"  recovery (restart to /healthz 2xx): min {min(rec):.2f}s, median {statistics.median(rec):.2f}s, max {max(rec):.2f}s")
        plain = [c["recovery"] for c in cycles if not c["demo"]]
        demo = [c["recovery"] for c in cycles if c["demo"]]
        if plain and demo:
            print(f"    median without --demo {statistics.median(plain):.2f}s, with --demo {statistics.median(demo):.2f}s")
        print("  per restart:   #  load   acked  unanswered  recovery  kill->healthy  integrity  audit verify (events)  lost")
        for c in cycles:
            print(f"               {c['kill']:2d}  {c['load']:4.1f}s  {c['acked']:6d}  {c['unacked']:10d}  "
                  f"{c['recovery']:7.2f}s{' d' if c['demo'] else '  '} {c['kill_to_healthy']:12.2f}s  "
                  f"{'ok' if c['integrity'] and c['foreign_keys'] else 'FAILED':>9}  "
                  f"{'ok' if c['audit_ok'] else 'FAILED':>12} ({c['audit_events']})  {c['lost'] + c['api_problems']:5d}")
        print("               (d: restarted with --demo)")
    if token_while_running is not None:
        print(f"  token create while the server ran: {'yes' if token_while_running else 'NO (had to stop the server)'}")
    other = {k: v for k, v in answers.items() if "no answer" not in k}
    if other:
        print("  answers other than 2xx:")
        for key, count in sorted(other.items(), key=lambda kv: -kv[1]):
            print(f"    {count:6d}  {key}")
    else:
        print("  answers other than 2xx: none")
    cut = {k: v for k, v in answers.items() if "no answer" in k}
    if cut:
        print("  requests cut off by the kills: " + ", ".join(f"{v} {k}" for k, v in sorted(cut.items())))
    print("  server log lines: " + (", ".join(f"{v} {k}" for k, v in sorted(levels.items())) or "no warnings or errors")
          + (f" ({args.artifacts})" if args.artifacts else ""))
    for note in notes:
        print(f"  note: {note}")
    print(f"  time: {time.monotonic() - T0:.0f}s")
    if failures:
        print(f"\ncrash test FAILED ({len(failures)} problems):")
        for failure in failures[:40]:
            print(f"  - {failure}")
        if not args.artifacts and server.log_path:
            print(f"\nlast server log ({server.log_path}):\n{tail(server.log_path)}")
        if args.artifacts:
            for suffix in ("", "-wal", "-shm"):
                source = os.path.join(args.work, "crash.sqlite" + suffix)
                if os.path.exists(source):
                    shutil.copy(source, args.artifacts)
        return 1
    print("\ncrash test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
