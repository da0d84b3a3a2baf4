"""The demo as the probe sees it: the demo accounts as callers (role, scope path, person), their
API tokens and signed-in sessions, and real records inside and outside the scope of the unit head
and the staff member of 区发展和改革局 (FGJ), found through the API at start-up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Optional

from .access_rules import ANONYMOUS, DEMO_ROLES, Caller, Target
from .probe_support import Client, anonymous, sign_in

DEMO_YEAR = 2026       # DemoPlanData.year
FGJ = "FGJ"            # 区发展和改革局, the unit head's and the staff member's scope
OUTSIDE_UNIT = "JTJ"   # 区教育和体育局: outside FGJ


class Sessions:
    """One signed-in client per demo account, made on first use and shared; `fresh` gives a
    throwaway one (for sign-out and other session-ending requests)."""

    def __init__(self, base: str, tokens: dict[str, str]):
        self.base = base
        self.tokens = tokens
        self._clients: dict[str, Client] = {}
        self._lock = threading.Lock()

    def get(self, username: str) -> Client:
        with self._lock:
            client = self._clients.get(username)
            if client is None:
                client = anonymous(self.base) if username == ANONYMOUS else \
                    sign_in(self.base, username, token=self.tokens.get(username))
                self._clients[username] = client
            return client

    def fresh(self, username: str) -> Client:
        return anonymous(self.base) if username == ANONYMOUS else sign_in(self.base, username, token=self.tokens.get(username))

    def forget(self) -> None:
        with self._lock:
            self._clients.clear()


@dataclass
class World:
    """The demo as the probe sees it: who is who, and records in and out of FGJ's scope."""
    base: str
    year: int
    callers: dict[str, Caller]
    tokens: dict[str, str]
    sessions: Sessions
    unit_ids: dict[str, str]                 # code -> id
    unit_paths: dict[str, str]               # id -> materialised path
    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, label) -> record id
    targets: dict[tuple[str, str], Target] = field(default_factory=dict)
    staff_person: Optional[str] = None
    task_details: dict[str, dict] = field(default_factory=dict)   # label -> the task as the API gives it
    area_names: dict[str, str] = field(default_factory=dict)      # work area id -> its name
    decision_details: dict[str, dict] = field(default_factory=dict)
    meeting_details: dict[str, dict] = field(default_factory=dict)

    def admin(self) -> Client:
        return self.sessions.get("admin")


def _all_pages(client: Client, path: str) -> list[dict]:
    items, offset = [], 0
    for _ in range(200):   # bounded: 200 pages of 100
        sep = "&" if "?" in path else "?"
        response = client.api("GET", f"{path}{sep}limit=100&offset={offset}")
        assert response.status == 200, f"GET {path}: {response.status} {response.text[:300]}"
        body = response.json()
        items += body["items"]
        if not body["hasMore"]:
            return items
        offset += 100
    raise AssertionError(f"{path}: more than 200 pages")


def build_world(server) -> World:
    tokens = {username: server.create_token(username, "probe") for username in DEMO_ROLES}
    sessions = Sessions(server.base, tokens)
    admin_api = Client(server.base, "admin-api", tokens["admin"])

    units = _all_pages(admin_api, "/units")
    by_id = {u["id"]: u for u in units}
    paths: dict[str, str] = {}

    def path_of(unit_id: str) -> str:
        if unit_id not in paths:
            parent = by_id[unit_id].get("parentId")
            paths[unit_id] = (path_of(parent) if parent else "/") + unit_id + "/"
        return paths[unit_id]

    for u in units:
        path_of(u["id"])
    unit_ids = {u["code"]: u["id"] for u in units}

    accounts = _all_pages(admin_api, "/accounts")
    by_username = {a["username"]: a for a in accounts}
    callers = {}
    for username, role in DEMO_ROLES.items():
        account = by_username[username]
        assert account["role"] == role, f"demo account {username} is {account['role']}, the probe expects {role}"
        callers[username] = Caller(username, role, paths[account["scopeUnitId"]], account.get("personId"),
                                   account.get("readsEverything", False))

    w = World(server.base, DEMO_YEAR, callers, tokens, sessions, unit_ids, paths)
    fgj, out_unit = unit_ids[FGJ], unit_ids[OUTSIDE_UNIT]
    staff_person = callers["fagaiju-staff"].person_id
    w.staff_person = staff_person
    assert staff_person, "fagaiju-staff has no person"

    def add(kind: str, label: str, record_id: str, target: Target) -> None:
        w.ids[(kind, label)] = record_id
        w.targets[(kind, label)] = target

    # An account to update (its readsEverything set to what it already is: no lasting change).
    add("account", "staff", by_username["fagaiju-staff"]["id"], Target("staff"))
    # Units.
    add("unit", "in", fgj, Target("in", unit_path=paths[fgj]))
    add("unit", "out", out_unit, Target("out", unit_path=paths[out_unit]))

    # People: one of FGJ, one of JTJ.
    for label, unit in (("in", fgj), ("out", out_unit)):
        people = admin_api.api("GET", f"/people?unitId={unit}&limit=5").json()["items"]
        assert people, f"no people in unit {unit}"
        add("person", label, people[0]["id"], Target(label, unit_path=paths[unit]))

    # Tasks: a key task FGJ is responsible for (not assigned to anyone), one FGJ has nothing to do
    # with, and a sub-task assigned to the staff member's person.
    summaries = _all_pages(admin_api, f"/tasks?year={DEMO_YEAR}&keyTasksOnly=false")
    assert summaries, f"the demo has no tasks in {DEMO_YEAR}"
    details: dict[str, dict] = {}

    def detail(task_id: str) -> dict:
        if task_id not in details:
            details[task_id] = admin_api.api("GET", f"/tasks/{task_id}").json()
        return details[task_id]

    def task_target(label: str, task: dict) -> Target:
        return Target(label, unit_path=paths[task["responsibleUnitId"]],
                      cooperating_paths=tuple(paths[u] for u in task.get("cooperatingUnitIds", [])),
                      assignee_id=task.get("assigneeId"), lead_leader_id=task.get("leadLeaderId"))

    open_statuses = ("inProgress", "notStarted")
    fgj_path = paths[fgj]
    chosen: dict[str, dict] = {}
    for s in summaries:
        if "in" not in chosen and s.get("parentId") is None and s["responsibleUnitId"] == fgj and s["status"] in open_statuses:
            chosen["in"] = detail(s["id"])
        if "out" not in chosen and s.get("parentId") is None and not paths[s["responsibleUnitId"]].startswith(fgj_path) \
                and s["status"] in open_statuses:
            d = detail(s["id"])
            if not any(paths[u].startswith(fgj_path) for u in d.get("cooperatingUnitIds", [])) and not d.get("assigneeId"):
                chosen["out"] = d
    for s in summaries:
        if "assigned" in chosen:
            break
        if s.get("parentId") and s["responsibleUnitId"] == fgj and s["status"] in open_statuses:
            d = detail(s["id"])
            if d.get("assigneeId") == staff_person:
                chosen["assigned"] = d
    for label in ("in", "out", "assigned"):
        assert label in chosen, f"no demo task for scope case {label!r}"
        add("task", label, chosen[label]["id"], task_target(label, chosen[label]))
    w.task_details = {label: chosen[label] for label in chosen}

    # Indicators: one owned by FGJ, one by another unit. The demo district gives FGJ none, so the
    # probe registers one (as admin, through the API) when it is missing.
    indicators = admin_api.api("GET", f"/indicators?year={DEMO_YEAR}").json()
    in_scope = lambda unit_id: bool(unit_id) and paths[unit_id].startswith(fgj_path)  # noqa: E731
    found = next((i for i in indicators if in_scope(i.get("ownerUnitId"))), None)
    if found is None:
        made = admin_api.api("POST", "/indicators", {"year": DEMO_YEAR, "code": "PROBE-FGJ", "name": "探针指标（发改局）",
                                                     "measure": "count", "target": 10, "ownerUnitId": fgj})
        assert made.status == 201, f"registering FGJ's indicator: {made.status} {made.text[:300]}"
        found = made.json()
    add("indicator", "in", found["id"], Target("in", unit_path=paths[found["ownerUnitId"]]))
    found = next((i for i in indicators if i.get("ownerUnitId") and not in_scope(i["ownerUnitId"])), None)
    assert found, "no demo indicator outside FGJ"
    add("indicator", "out", found["id"], Target("out", unit_path=paths[found["ownerUnitId"]]))

    # Key objects: FGJ's (registered by the probe if the demo has none) and another unit's.
    objects = admin_api.api("GET", f"/key-objects?year={DEMO_YEAR}").json()
    found = next((o for o in objects if in_scope(o["responsibleUnitId"])), None)
    if found is None:
        made = admin_api.api("POST", "/key-objects", {"year": DEMO_YEAR, "kind": "keyProject", "code": "PROBE-FGJ",
                                                      "name": "探针项目（发改局）", "responsibleUnitId": fgj,
                                                      "taskIds": [chosen["in"]["id"]]})
        assert made.status == 201, f"registering FGJ's key object: {made.status} {made.text[:300]}"
        found = made.json()
    add("keyObject", "in", found["id"], Target("in", unit_path=paths[found["responsibleUnitId"]]))
    found = next((o for o in objects if not in_scope(o["responsibleUnitId"])), None)
    assert found, "no demo key object outside FGJ"
    add("keyObject", "out", found["id"], Target("out", unit_path=paths[found["responsibleUnitId"]]))
    # A work area with tasks filed under it: renaming it to its own name changes nothing, and
    # removing it is refused by its rule (work_area.in_use) once the caller may try.
    areas = admin_api.api("GET", f"/work-areas?year={DEMO_YEAR}").json()
    assert areas, "the demo has no work areas"
    add("workArea", "any", areas[0]["id"], Target("any"))
    w.area_names = {a["id"]: a["name"] for a in areas}
    # Decisions: the demo's draft (deliberation) and a decided one; the year's first joint meeting
    # (settled items, chaired by the party secretary) and one of its items; a bogus calendar token.
    decisions = admin_api.api("GET", f"/decisions?year={DEMO_YEAR}&limit=100").json()["items"]
    draft = next(d for d in decisions if d["state"] == "draft")
    decided = next(d for d in decisions if d["state"] in ("decided", "decomposed") and d["kind"] != "personnel")
    add("decision", "draft", draft["id"], Target("draft"))
    add("decision", "decided", decided["id"], Target("decided", decided=True))
    w.decision_details = {"draft": draft, "decided": decided}
    meetings = admin_api.api("GET", "/meetings?limit=100").json()["items"]
    joint = next(m for m in meetings if m["kind"] == "jointPartyGovernment")
    joint = admin_api.api("GET", f"/meetings/{joint['id']}").json()
    members = tuple(m["personId"] for m in joint["members"])
    meeting_target = Target("joint", members=members, chair_id=joint["chairId"])
    add("meeting", "joint", joint["id"], meeting_target)
    settled = next(i for i in joint["agenda"] if i["outcome"] == "decided")
    add("agendaItem", "settled", settled["id"], Target("settled", members=members, chair_id=joint["chairId"]))
    add("calendar", "bogus", "lsc_probe-not-a-link.ics", Target("bogus"))
    w.meeting_details = {"joint": joint}
    return w
