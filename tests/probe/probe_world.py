"""The demo as the probe sees it: the demo accounts as callers (role, scope path, person), their
API tokens and signed-in sessions, and real records inside and outside the scope of the unit head
and the staff member of 区发展和改革局 (FGJ), found through the API at start-up.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from .access_rules import ANONYMOUS, DEMO_ROLES, Caller, Target
from .probe_support import Client, anonymous, sign_in

DEMO_YEAR = 2026       # DemoPlanData.year
FGJ = "FGJ"            # 区发展和改革局, the unit head's and the staff member's scope
OUTSIDE_UNIT = "JTJ"   # 区教育和体育局: outside FGJ
OTHER_HEAD = ("yunhe", "YHJD")   # a unit head outside FGJ (运河街道), who writes the reports outside FGJ's scope
# Reporting periods the probe locks (long past, so no demo report is touched): the API's lock and
# unlock rows use API_LOCK_PERIOD; the pages' lock and unlock forms their own two.
API_LOCK_PERIOD = "2025-01"
WEB_UNLOCK_PERIOD = "2025-02"
WEB_LOCK_PERIOD = "2025-03"
# A one-pixel PNG, for the report attachment the pages' form uploads.
PROBE_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


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
    account_ids: dict[str, str] = field(default_factory=dict)     # username -> account id
    assessment_year: int = DEMO_YEAR + 4    # the probe's own assessment year (its schemes and runs)
    today: date = field(default_factory=lambda: datetime.now(ZoneInfo("Asia/Shanghai")).date())   # the server's day

    @property
    def reply_by(self) -> str:
        """A reply date (or a committed date) the rules accept: a month ahead."""
        return (self.today + timedelta(days=30)).isoformat()

    @property
    def soon(self) -> str:
        """A task due by this day may already be past its deadline when the probe reports on it."""
        return (self.today + timedelta(days=2)).isoformat()

    @property
    def bulletin_period(self) -> str:
        """The current month, as a reporting period's key."""
        return f"{self.today.year:04d}-{self.today.month:02d}"

    @property
    def leader_id(self) -> str:
        """A district leader's person id (the secretary's), to lead an inspection."""
        return self.callers["shuji"].person_id

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
    w.account_ids = {username: by_username[username]["id"] for username in DEMO_ROLES}
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
        add("person", label, people[0]["id"], Target(label, unit_path=paths[unit], person_id=people[0]["id"]))

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
        if "in" not in chosen and s.get("parentId") is None and s["responsibleUnitId"] == fgj and s["status"] in open_statuses \
                and not detail(s["id"]).get("awaitingClosure"):
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
    add_supervision(server, w, summaries, detail, task_target)
    add_inspections_bulletins(w)
    add_assessment(w, units)
    return w


def report_input(w: World, task: dict) -> dict:
    """A report the reporting rule accepts for this task today (找原因 when it is past its deadline),
    at the progress the task already shows, so reports that count move nothing."""
    body = {"progress": task.get("reportedProgress", 0), "situation": "探针进展", "nextSteps": "探针下步"}
    if task["deadline"] <= w.soon:
        body.update({"delayReason": "探针原因", "remedy": "探针措施", "committedDay": w.reply_by})
    return body


def add_supervision(server, w: World, summaries: list[dict], detail, task_target) -> None:
    """Supervision records, made through the API (and one form) as the demo's people would:
    FGJ's staff member's report awaiting sign-off and an urge notice on FGJ's task; on a task of
    another unit (运河街道), its head's report, which counts at once and names someone answerable,
    so an accountability case opens, and an urge notice; report attachments on both sides when the
    pages' report form takes files; and locked periods to unlock."""
    head, head_unit = OTHER_HEAD
    fgj_task = w.task_details["in"]
    unit_id = w.unit_ids[head_unit]
    other = next((detail(s["id"]) for s in summaries if s["responsibleUnitId"] == unit_id
                  and s["status"] in ("inProgress", "notStarted") and not detail(s["id"]).get("awaitingClosure")), None)
    assert other, f"no open demo task of {head_unit} for the reports outside FGJ's scope"
    other_target = task_target("other-unit", other)
    staff_api = Client(w.base, "staff-api", w.tokens["fagaiju-staff"])
    office_api = Client(w.base, "office-api", w.tokens["duchashi"])
    head_token = server.create_token(head, "probe")
    head_api = Client(w.base, f"{head}-api", head_token)

    def made(response, what: str) -> dict:
        assert response.status == 201, f"{what}: {response.status} {response.text[:300]}"
        return response.json()

    report = made(staff_api.api("POST", f"/tasks/{fgj_task['id']}/reports", report_input(w, fgj_task)), "FGJ's staff report")
    w.ids[("report", "in")] = report["id"]
    w.targets[("report", "in")] = w.targets[("task", "in")]
    people = Client(w.base, "admin-api", w.tokens["admin"]).api("GET", f"/people?unitId={unit_id}&limit=5").json()["items"]
    assert people, f"no people in {head_unit}"
    answerable = dict(report_input(w, other), problems="探针问题", accountablePersonId=people[0]["id"])
    report = made(head_api.api("POST", f"/tasks/{other['id']}/reports", answerable), f"{head}'s report")
    w.ids[("report", "out")] = report["id"]
    w.targets[("report", "out")] = other_target
    cases = office_api.api("GET", "/accountability-cases?open=true").json()["items"]
    case = next((c for c in cases if c.get("reportId") == report["id"]), None)
    assert case, f"{head}'s report named someone answerable, but no accountability case opened"
    w.ids[("case", "open")] = case["id"]
    w.targets[("case", "open")] = Target("open")

    for label, task, target in (("in", fgj_task, w.targets[("task", "in")]), ("out", other, other_target)):
        notice = made(office_api.api("POST", f"/tasks/{task['id']}/notices",
                                     {"kind": "urge", "text": "探针催办", "replyBy": w.reply_by}), f"notice {label}")
        w.ids[("notice", label)] = notice["id"]
        w.targets[("notice", label)] = target

    for period in (API_LOCK_PERIOD, WEB_UNLOCK_PERIOD):
        locked = office_api.api("PUT", f"/period-locks/{period}")
        assert locked.status == 200, f"locking {period}: {locked.status} {locked.text[:300]}"
    w.ids[("period", "locked")] = API_LOCK_PERIOD
    w.targets[("period", "locked")] = Target("locked")

    # Attachments come only through the pages' report form (multipart). Without that form (the
    # pages not built yet) there are none, and GET /attachments/:id has no rows to ask.
    for label, username, token, task, target in (("in", "fagaiju-staff", w.tokens["fagaiju-staff"], fgj_task, w.targets[("task", "in")]),
                                                  ("out", head, head_token, other, other_target)):
        page = sign_in(w.base, username, token=token)
        fields = {k: str(v) for k, v in report_input(w, task).items()}
        posted = page.post_multipart(f"/tasks/{task['id']}/reports", fields, {"attachments[]": ("probe.png", PROBE_PNG, "image/png")})
        if posted.status not in (200, 303):
            continue
        reports = Client(w.base, "api", token).api("GET", f"/tasks/{task['id']}/reports").json()["items"]
        files = [a["id"] for r in reports for a in r["attachments"]]
        if files:
            w.ids[("attachment", label)] = files[0]
            w.targets[("attachment", label)] = target


def add_inspections_bulletins(w: World) -> None:
    """Two field inspections recorded through the office's form, each with a photo: one hearing FGJ
    ("in"), one hearing only the other unit ("out"); a draft bulletin and a published one."""
    office = sign_in(w.base, "duchashi", token=w.tokens["duchashi"])
    _, head_unit = OTHER_HEAD
    for label, unit in (("in", FGJ), ("out", head_unit)):
        fields = {"day": w.today.isoformat(), "leaderId": w.leader_id, "place": f"探针督查地点{label}",
                  "hearingUnit[]": unit, "hearingProgress[]": "探针进展", "hearingProblems[]": "", "hearingNextSteps[]": ""}
        posted = office.post_multipart("/inspections/new", fields, {"photos[]": ("probe.png", PROBE_PNG, "image/png")})
        assert posted.status == 303, f"inspection {label}: {posted.status} {posted.text[:300]}"
        inspection_id = posted.header("Location").split("?")[0].rsplit("/", 1)[-1]
        w.ids[("inspection", label)] = inspection_id
        w.targets[("inspection", label)] = Target(label, unit_path=w.unit_paths[w.unit_ids[unit]])
        page = office.get(f"/inspections/{inspection_id}")
        photo = re.search(r"/inspection-photos/([0-9a-f-]{36})", page.text)
        assert photo, f"inspection {label}: its photo is not on its page"
        w.ids[("photo", label)] = photo.group(1)
        w.targets[("photo", label)] = w.targets[("inspection", label)]
    for label in ("draft", "published"):
        posted = office.post_form("/bulletins/new", [("period", w.bulletin_period), ("title", f"探针通报{label}")])
        assert posted.status == 303, f"bulletin {label}: {posted.status} {posted.text[:300]}"
        bulletin_id = posted.header("Location").split("?")[0].rsplit("/", 1)[-1]
        if label == "published":
            done = office.post_form(f"/bulletins/{bulletin_id}/publish", [("confirm", "1")])
            assert done.status == 303, f"publishing: {done.status} {done.text[:300]}"
        w.ids[("bulletin", label)] = bulletin_id
        w.targets[("bulletin", label)] = Target(label, published=label == "published")


def add_assessment(w: World, units: list[dict]) -> None:
    """Incentives and constraints, made through the office's API in the probe's own assessment year
    (so the demo's years keep their runs): an observation event rated by fagaiju and jijian; the
    departments' run published and the towns' a preview; a commendation (a consequence that is no
    recommendation, so referring it answers 409 once allowed)."""
    office = Client(w.base, "office-api", w.tokens["duchashi"])
    year = w.assessment_year
    fgj, out_unit = w.unit_ids[FGJ], w.unit_ids[OUTSIDE_UNIT]

    def made(response, what: str) -> dict:
        assert response.status in (200, 201), f"{what}: {response.status} {response.text[:300]}"
        return response.json()

    raters = ("fagaiju", "jijian")
    event = made(office.api("POST", "/observations", {
        "year": year, "title": "探针观摩评比", "day": w.today.isoformat(), "criteria": [{"name": "进度", "weight": 1}],
        "unitIds": [fgj, out_unit], "raterIds": [w.account_ids[r] for r in raters]}), "observation event")
    w.ids[("observation", "scoring")] = event["id"]
    w.targets[("observation", "scoring")] = Target("scoring", raters=raters)

    groups = {u["id"]: u.get("assessmentGroup") for u in units}
    assert groups.get(fgj) == "departments" and groups.get(out_unit) == "departments", "FGJ and JTJ are assessed as departments"
    town = next((u for u in units if u.get("assessmentGroup") == "townsAndStreets"), None)
    assert town, "the demo has no unit assessed with the towns and streets"
    runs: dict[str, dict] = {}
    for label, group in (("published", "departments"), ("preview", "townsAndStreets")):
        scheme = made(office.api("POST", "/assessment/schemes", {
            "year": year, "group": group, "title": f"探针考核方案{label}",
            "items": [{"key": "T", "name": "任务按时完成", "kind": "tasksOnTime", "points": 100}]}), f"scheme {group}")
        w.ids[("scheme", label)] = scheme["id"]
        w.targets[("scheme", label)] = Target(label)
        runs[label] = made(office.api("POST", "/assessment/runs", {"year": year, "group": group}), f"preview {group}")
    made(office.api("POST", f"/assessment/runs/{runs['published']['id']}/publish", {}), "publishing the departments' run")
    for label, run in runs.items():
        w.ids[("run", label)] = run["id"]
        w.targets[("run", label)] = Target(label, published=label == "published")
    for label, run, unit in (("published in", runs["published"], fgj), ("published out", runs["published"], out_unit),
                             ("preview", runs["preview"], town["id"])):
        w.ids[("runUnit", label)] = (run["id"], unit)
        w.targets[("runUnit", label)] = Target(label, unit_path=w.unit_paths[unit], published=run is runs["published"])

    commendation = made(office.api("POST", "/commendations", {"year": year, "unitId": fgj, "title": "探针表彰", "basis": "探针依据"}),
                        "commendation")
    w.ids[("consequence", "commendation")] = commendation["id"]
    w.targets[("consequence", "commendation")] = Target("commendation")
