"""The role × route authorisation matrix.

Rows come from the sources, not from a hand-kept list: every route routes.swift registers (paths
from SitePath.swift) and every operation of the OpenAPI document the server serves. Columns are
the demo roles and an anonymous visitor. Each cell's expected answer comes from access_rules.py
(the mirror of Caller.swift); a route missing from that table fails the probe.

Path parameters are real demo records, one inside and one outside the unit scope of the unit head
and the staff member (区发展和改革局), and for tasks also a sub-task assigned to the staff member.
Page forms are posted with a valid CSRF token and an empty body ("∅": the first check reached
must be authorisation, so a refused role must get 403 before any validation) and, where the form
has one, a complete body ("✚": a refused role must still get 403, an allowed one gets through).
The API is called with a bearer token and a schema-valid body.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import unquote

import pytest

from . import access_rules as rules
from .access_rules import ALLOW, ANONYMOUS, BAD_LOGIN, DENY, NOT_FOUND, OUTSIDE, ROLE_ORDER, SIGN_IN, Target
from .probe_world import FGJ, OUTSIDE_UNIT, WEB_LOCK_PERIOD, WEB_UNLOCK_PERIOD, World, report_input
from .probe_support import ROOT, Client, Response, api_operations, load_yaml, location_path, web_routes

WORKERS = int(os.environ.get("LUOSHI_PROBE_WORKERS", "4"))
SESSION_ENDING = {"POST /signout", "POST /settings/sign-out-everywhere"}
ID_KINDS = {"units": "unit", "people": "person", "tasks": "task", "indicators": "indicator",
            "key-objects": "keyObject", "tokens": "token", "decisions": "decision", "meetings": "meeting",
            "agenda-items": "agendaItem", "calendar": "calendar", "reports": "report", "notices": "notice",
            "accountability": "case", "attachments": "attachment",
            "inspections": "inspection", "inspection-photos": "photo", "bulletins": "bulletin",
            "schemes": "scheme", "runs": "run", "observations": "observation", "consequences": "consequence"}
API_ID_KINDS = {"unitId": "unit", "personId": "person", "taskId": "task", "indicatorId": "indicator",
                "keyObjectId": "keyObject", "tokenId": "token", "accountId": "account", "workAreaId": "workArea",
                "decisionId": "decision", "meetingId": "meeting", "itemId": "agendaItem", "reportId": "report",
                "noticeId": "notice", "caseId": "case", "period": "period", "inspectionId": "inspection",
                "bulletinId": "bulletin", "observationId": "observation", "runId": "run", "consequenceId": "consequence",
                # Paths with two ids: the world holds one id per parameter.
                "runId/unitId": "runUnit"}
# The tables of import and export ({kind} in their paths), each with a header row the import reads.
EXCHANGE_KINDS = {"units": "code,name,kind", "people": "name,position,rank,unit", "work-areas": "year,code,name",
                  "tasks": "code,title,tier,start,deadline,unit", "indicators": "code,year,name,measure,target,owner",
                  "key-objects": "year,kind,code,name,unit", "readings": "year,indicator,asOf,value"}


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


@dataclass
class Row:
    label: str                   # what the matrix prints
    route: str                   # the rules table's key ("GET /units/:id" or an operationId)
    rule: str
    method: str
    api: bool
    send: Callable[[Client, str], Response]     # (client, username) -> response
    target: Callable[[str], Optional[Target]] = lambda username: None
    path: Callable[[str], str] = lambda username: ""   # the path asked for (an anonymous GET must come back to it)
    session_ending: bool = False


@dataclass
class Cell:
    row: Row
    username: str
    expected: str
    status: int = 0
    ok: bool = False
    note: str = ""


# --- what a cell must answer -----------------------------------------------------------------

STATUS_OF = {DENY: 403, OUTSIDE: 403, NOT_FOUND: 404, BAD_LOGIN: 401}


def judge(row: Row, expected: str, response: Response, asked: str = "") -> tuple[bool, str]:
    s = response.status
    if s >= 500:
        return False, f"server error {s}"
    if expected == ALLOW:
        if 200 <= s < 400 or (row.method != "GET" and s in (409, 422)):
            return True, ""
        return False, f"allowed, got {s}"
    if expected == SIGN_IN:
        if row.api:
            if s == 401 and response.content_type == "application/problem+json":
                return True, ""
            return False, f"anonymous API call: {s} {response.content_type}, want 401 problem+json"
        if row.method == "GET":
            path, query = location_path(response)
            nexts = [unquote(n) for n in query.get("next", [])]
            if s == 303 and path == "/signin" and nexts and nexts[0].split("?")[0] == asked:
                return True, ""
            return False, f"anonymous page: {s} to {response.header('location')!r}, want 303 /signin?next={asked}"
        return (True, "") if s == 401 else (False, f"anonymous form post: {s}, want 401")
    want = STATUS_OF[expected]
    if s == want:
        return True, ""
    code = ""
    if response.content_type == "application/problem+json":
        try:
            code = " " + response.json().get("code", "")
        except ValueError:
            pass
    return False, f"got {s}{code}, want {want} ({expected})"


# --- building the rows -----------------------------------------------------------------------


@dataclass
class Fixtures:
    """Request bodies with real demo values, fetched once before the matrix runs."""
    world: World
    units: dict[str, dict] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)       # "own:<username>" / "victim:<username>" -> token id
    victim_of: dict[str, str] = field(default_factory=dict)    # username -> owner of the token it may not revoke


def task_form(task: dict) -> list[tuple[str, str]]:
    fields = [("year", str(task["year"])), ("code", task["code"]), ("title", task["title"]),
              ("areaId", task.get("areaId", "")), ("tier", task["tier"]), ("target", task.get("target", "")),
              ("requirements", task.get("requirements", "")), ("start", task["start"]), ("deadline", task["deadline"]),
              ("milestones", "\n".join(f"{m['date']} {m['target']}" for m in task.get("milestones", []))),
              ("leadLeaderId", task.get("leadLeaderId", "")), ("responsibleUnitId", task["responsibleUnitId"]),
              ("assigneeId", task.get("assigneeId", "")), ("weight", str(task.get("weight", 1))), ("rhythm", ""),
              ("originDecision", task.get("originDecision", ""))]
    fields += [("cooperatingUnitIds", u) for u in task.get("cooperatingUnitIds", [])]
    return fields


def task_input(task: dict) -> dict:
    keys = ("year", "code", "title", "areaId", "tier", "target", "requirements", "start", "deadline", "milestones",
            "leadLeaderId", "responsibleUnitId", "cooperatingUnitIds", "assigneeId", "parentId", "weight",
            "originDecision")
    return {k: task[k] for k in keys if k in task and task[k] is not None}


def unit_input(unit: dict) -> dict:
    return {k: unit[k] for k in ("code", "name", "kind", "assessmentGroup", "parentId", "sortOrder") if k in unit}


def person_input(person: dict) -> dict:
    return {k: person[k] for k in ("name", "position", "rank", "unitId", "phone") if person.get(k) is not None}


def web_full_bodies(fx: Fixtures, route: str, label: Optional[str]) -> list[tuple[str, Optional[Target], Callable[[], list]]]:
    """Complete form bodies for a route: (variant, target, body builder)."""
    w = fx.world
    year = str(w.year)
    fgj, out_unit = w.unit_ids[FGJ], w.unit_ids[OUTSIDE_UNIT]
    if route == "POST /units/new":
        return [("✚", None, lambda: [("code", unique("PRBU")), ("name", unique("探针单位")), ("kind", "department"),
                                    ("parentId", fgj), ("sortOrder", "0")])]
    if route == "POST /units/:id/edit":
        u = fx.units[label]
        return [("✚", None, lambda: [(k, str(v)) for k, v in unit_input(u).items()])]
    if route == "POST /people/new":
        return [(f"✚ unit {lab}", Target(lab, unit_path=w.unit_paths[unit]),
                 (lambda unit=unit: [("name", "探针人员"), ("position", "科员"), ("rank", "staff"), ("unitId", unit)]))
                for lab, unit in (("in", fgj), ("out", out_unit))]
    if route == "POST /people/:id/edit":
        p = fx.people[label]
        return [("✚", None, lambda: [(k, str(v)) for k, v in person_input(p).items()])]
    if route == "POST /accounts/new":
        return [("✚", None, lambda: [("username", unique("probe-")), ("displayName", "探针账号"), ("role", "staff"),
                                    ("scopeUnitId", fgj), ("password", "Probe-Passw0rd-2026")])]
    if route == "POST /tasks/new":
        return [("✚", None, lambda: [("year", year), ("title", unique("探针任务")), ("tier", "pushed"),
                                    ("start", f"{year}-01-01"), ("deadline", f"{year}-12-31"), ("responsibleUnitId", fgj),
                                    ("weight", "1")])]
    if route == "POST /tasks/:id/edit":
        t = w.task_details[label]
        return [("✚", None, lambda: task_form(t))]
    if route == "POST /tasks/:id/decompose":
        t = w.task_details[label]
        return [("✚", None, lambda: [("title", unique("探针子任务")), ("responsibleUnitId", t["responsibleUnitId"]),
                                    ("deadline", t["deadline"]), ("weight", "1")])]
    if route == "POST /tasks/:id/status":
        t = w.task_details[label]
        return [("✚", None, lambda: [("status", t["status"]), ("progress", str(t.get("reportedProgress", 0)))])]
    if route == "POST /indicators/:id/readings":
        return [("✚", None, lambda: [("value", "1"), ("asOf", f"{year}-06-30")])]
    # Supervision: the page forms carry the API's property names.
    if route == "POST /tasks/:id/reports":
        t = w.task_details[label]
        return [("✚", None, lambda: [(k, str(v)) for k, v in report_input(w, t).items()])]
    if route == "POST /reports/:id/sign-off":
        return [("✚", None, lambda: [("decision", "approve"), ("comment", "探针审核")])]
    if route == "POST /tasks/:id/closure":
        return [("✚", None, lambda: [("decision", "verify"), ("comment", "探针核实")])]
    if route == "POST /tasks/:id/notices":
        return [("✚", None, lambda: [("kind", "urge"), ("grade", ""), ("text", "探针催办"), ("replyBy", w.reply_by),
                                    ("deduction", "0")])]
    if route == "POST /notices/:id/reply":
        return [("✚", None, lambda: [("reply", "探针答复")])]
    if route == "POST /notices/:id/escalate":
        return [("✚", None, lambda: [("grade", "blue"), ("replyBy", w.reply_by), ("deduction", "0")])]
    if route == "POST /accountability/:id/conclude":
        return [("✚", None, lambda: [("conclusion", "探针结论")])]
    if route == "POST /periods/lock":
        return [("✚", None, lambda: [("period", WEB_LOCK_PERIOD)])]
    if route == "POST /periods/unlock":
        return [("✚", None, lambda: [("period", WEB_UNLOCK_PERIOD), ("reason", "探针解锁")])]
    if route == "POST /lights/recompute":
        return [("✚", None, lambda: [("year", year)])]
    return []



IMPORT_HEADERS = EXCHANGE_KINDS


def api_body(fx: Fixtures, op_id: str, label: Optional[str]) -> list[tuple[str, Optional[Target], Callable[[], dict]]]:
    """Schema-valid JSON bodies: (variant, target, builder)."""
    w = fx.world
    year = w.year
    fgj, out_unit = w.unit_ids[FGJ], w.unit_ids[OUTSIDE_UNIT]
    if op_id == "createUnit":
        return [("", None, lambda: {"code": unique("PRBU"), "name": unique("探针单位"), "kind": "department", "parentId": fgj})]
    if op_id == "updateUnit":
        return [("", None, lambda: unit_input(fx.units[label]))]
    if op_id == "createPerson":
        return [(f"unit {lab}", Target(lab, unit_path=w.unit_paths[unit]),
                 (lambda unit=unit: {"name": "探针人员", "position": "科员", "rank": "staff", "unitId": unit}))
                for lab, unit in (("in", fgj), ("out", out_unit))]
    if op_id == "updatePerson":
        return [("", None, lambda: person_input(fx.people[label]))]
    if op_id == "createAccount":
        return [("", None, lambda: {"username": unique("probe-"), "displayName": "探针账号", "role": "staff",
                                    "scopeUnitId": fgj, "password": "Probe-Passw0rd-2026"})]
    if op_id == "createWorkArea":
        return [("", None, lambda: {"year": year, "code": unique("PRBA"), "name": unique("探针板块")})]
    if op_id == "createTask":
        variants = [("key task", None, lambda: {"year": year, "title": unique("探针任务"), "tier": "pushed",
                                                "start": f"{year}-01-01", "deadline": f"{year}-12-31",
                                                "responsibleUnitId": fgj})]
        for lab in ("in", "out", "assigned"):
            t = w.task_details[lab]
            variants.append((f"parent {lab}", w.targets[("task", lab)],
                             (lambda t=t: {"title": unique("探针子任务"), "tier": t["tier"], "start": t["start"],
                                           "deadline": t["deadline"], "responsibleUnitId": t["responsibleUnitId"],
                                           "parentId": t["id"]})))
        return variants
    if op_id == "updateTask":
        return [("", None, lambda: task_input(w.task_details[label]))]
    if op_id == "changeTaskStatus":
        t = w.task_details[label]
        return [("", None, lambda: {"status": t["status"], "progress": t.get("reportedProgress", 0)})]
    if op_id == "createIndicator":
        return [("", None, lambda: {"year": year, "code": unique("PRBI"), "name": unique("探针指标"), "measure": "count",
                                    "target": 10, "ownerUnitId": fgj})]
    if op_id == "recordReading":
        return [("", None, lambda: {"value": 1, "asOf": f"{year}-06-30"})]
    if op_id == "updateAccount":
        return [("", None, lambda: {"readsEverything": False})]
    if op_id == "createToken":
        return [("", None, lambda: {"name": unique("probe-api-")})]
    if op_id == "createDecision":
        return [("", None, lambda: {"year": year, "title": unique("探针事项"), "kind": "ordinary"})]
    if op_id == "updateDecision":
        d = w.decision_details[label]
        return [("", None, lambda: {"year": d["year"], "title": d["title"], "kind": d["kind"]})]
    if op_id == "moveDecision":
        return [("", None, lambda: {"action": "complete"})]
    if op_id == "addOpinion":
        return [("", None, lambda: {"advisorName": "探针顾问", "stance": "support", "text": "探针意见"})]
    joint = w.meeting_details.get("joint", {})
    chair = joint.get("chairId")
    if op_id == "createMeeting":
        return [("", None, lambda: {"kind": "onSite", "title": unique("探针会议"), "day": f"{year}-12-01", "chairId": chair, "memberIds": []})]
    if op_id == "createMeetingSeries":
        return [("", None, lambda: {"kind": "weeklyMonday", "title": unique("探针例会"), "rhythm": "weekly", "chairId": chair,
                                    "memberIds": [], "firstDay": f"{year}-12-07"})]
    if op_id == "setAttendance":
        member = joint["members"][0]
        return [("", None, lambda: {"personId": member["personId"], "attendance": member["attendance"],
                                    "leaveReason": member["leaveReason"]})]
    if op_id == "addAgendaItem":
        return [("", None, lambda: {"title": unique("探针汇报")})]
    if op_id == "setMinutes":
        return [("", None, lambda: {"minutes": joint.get("minutes", "")})]
    if op_id == "castVote":
        return [("", None, lambda: {"choice": "for"})]
    if op_id == "recordOutcome":
        return [("", None, lambda: {"outcome": "decided"})]
    if op_id == "updateWorkArea":
        return [("", None, lambda: {"name": w.area_names[w.ids[("workArea", label)]]})]
    if op_id == "updateIndicator":
        return [("", None, lambda: {"completionCap": 1.2})]
    if op_id == "updateKeyObject":
        return [("", None, lambda: {"location": unique("探针地点")})]
    if op_id == "submitReport":
        return [("", None, lambda: report_input(w, w.task_details[label]))]
    if op_id == "signOffReport":
        return [("", None, lambda: {"approve": True, "comment": "探针审核"})]
    if op_id == "closeTask":
        return [("", None, lambda: {"verified": True})]
    if op_id == "unlockPeriod":
        return [("", None, lambda: {"reason": "探针解锁"})]
    if op_id == "issueNotice":
        return [("", None, lambda: {"kind": "urge", "text": "探针催办", "replyBy": w.reply_by})]
    if op_id == "replyNotice":
        return [("", None, lambda: {"reply": "探针答复"})]
    if op_id == "escalateNotice":
        return [("", None, lambda: {"grade": "blue", "replyBy": w.reply_by})]
    if op_id == "concludeCase":
        return [("", None, lambda: {"conclusion": "探针结论"})]
    if op_id == "recomputeLights":
        return [("", None, lambda: {"year": year})]
    if op_id == "recordInspection":
        return [("", None, lambda: {"day": w.today.isoformat(), "leaderId": w.leader_id, "place": unique("探针督查地点")})]
    if op_id == "createBulletin":
        return [("", None, lambda: {"period": w.bulletin_period})]
    if op_id == "updateBulletin":
        # Its own title again: the draft stays as it is, the published one answers 409 (frozen).
        return [("", None, lambda: {"title": f"探针通报{label}"})]
    if op_id == "publishBulletin":
        # Publishing cannot be undone: asked only of the published bulletin (409 for the office), so the
        # draft stays a draft for every other row of the matrix.
        return [("", None, lambda: {})] if label == "published" else []
    if op_id == "recordInstruction":
        # The probe's item is settled: 409 once the caller may instruct.
        return [("", None, lambda: {"instruction": "探针批示"})]
    # Incentives and constraints: the probe's assessment year is its own (see add_assessment), so the
    # demo's years stay as they are.
    a_year = w.assessment_year
    if op_id == "createObservation":
        return [("", None, lambda: {"year": a_year, "title": unique("探针观摩"), "day": w.today.isoformat(),
                                    "criteria": [{"name": "进度", "weight": 1}], "unitIds": [fgj],
                                    "raterIds": [w.account_ids["duchashi"]]})]
    if op_id == "submitObservationSheet":
        return [("", None, lambda: {"scores": [{"unitId": fgj, "criterion": 0, "score": 80}]})]
    if op_id == "saveAssessmentScheme":
        return [("", None, lambda: {"year": a_year, "group": "departments", "title": unique("探针方案"),
                                    "items": [{"key": "T", "name": "任务按时完成", "kind": "tasksOnTime", "points": 100}]})]
    if op_id == "previewAssessment":
        # The published group: 409 once allowed, so the preview the other rows read stays as it is.
        return [("", None, lambda: {"year": a_year, "group": "departments"})]
    if op_id == "publishAssessmentRun":
        # Publishing cannot be undone: asked of the published run only (409 for the office).
        return [("", None, lambda: {})] if label == "published" else []
    if op_id == "recordAssessmentBonus":
        return [("", None, lambda: {"year": a_year, "unitId": fgj, "points": 1, "reason": "探针加分", "evidence": "探针依据"})]
    if op_id == "recordCommendation":
        return [("", None, lambda: {"year": a_year, "unitId": fgj, "title": unique("探针表彰"), "basis": "探针依据"})]
    if op_id == "createKeyObject":
        return [("", None, lambda: {"year": year, "kind": "keyProject", "code": unique("PRBK"), "name": unique("探针项目"),
                                    "responsibleUnitId": fgj})]
    return [("", None, lambda: {})]


def labels_for(w: World, kind: str) -> list[str]:
    return [label for (k, label) in w.ids if k == kind]


def build_web_rows(fx: Fixtures, routes: list[str]) -> list[Row]:
    w = fx.world
    rows: list[Row] = []
    for route in routes:
        method, path = route.split(" ", 1)
        rule = rules.WEB_ROUTES.get(route)
        if rule is None:
            continue   # reported by the classification check
        segments = path.strip("/").split("/")
        if ":id" in segments:
            kind = ID_KINDS.get(segments[segments.index(":id") - 1])
            if kind is None:
                pytest.fail(f"{route}: the probe does not know which record ':id' names; add it to ID_KINDS "
                            "in tests/probe/test_probe_authz.py", pytrace=False)
            if kind == "token":
                variants = ["own", "other"]
            else:
                variants = labels_for(w, kind)
        else:
            kind, variants = None, [None]
        for label in variants:
            def concrete(username: str, label=label, kind=kind, path=path) -> str:
                if kind is None:
                    return path
                if kind == "token":
                    owner = username if label == "own" else fx.victim_of.get(username, "admin")
                    key = ("own:" if label == "own" else "victim:") + owner
                    return path.replace(":id", fx.tokens.get(key, fx.tokens["victim:admin"]))
                return path.replace(":id", w.ids[(kind, label)])

            def target(username: str, label=label, kind=kind) -> Optional[Target]:
                if kind is None:
                    return None
                if kind == "token":
                    owner = username if label == "own" else fx.victim_of.get(username, "admin")
                    return Target(label, owner=owner)
                return w.targets[(kind, label)]

            suffix = f" [{label}]" if label else ""
            if method == "GET":
                query = {"/export": "?kind=tasks&format=csv", "/tasks/export": "?format=csv", "/bulletins/:id/export": "?format=csv",
                         "/import/example": "?kind=tasks"}.get(path, "")
                rows.append(Row(f"{route}{suffix}", route, rule, method, False,
                                (lambda c, u, concrete=concrete, query=query: c.get(concrete(u) + query)),
                                target, path=concrete))
                continue
            # POST: the empty form, then complete ones.
            if route == "POST /signin":
                rows.append(Row(f"{route} (wrong password)", route, rule, method, False,
                                lambda c, u: c.post_form("/signin", [("username", "probe-nobody"),
                                                                     ("password", "wrong-password-1"), ("next", "/")]),
                                target))
                continue
            rows.append(Row(f"{route}{suffix} ∅", route, rule, method, False,
                            (lambda c, u, concrete=concrete: c.post_form(concrete(u), [])), target,
                            session_ending=route in SESSION_ENDING))
            if route == "POST /import":
                for kind_name, header in IMPORT_HEADERS.items():
                    rows.append(Row(f"{route} ✚ {kind_name}", route, rule, method, False,
                                    (lambda c, u, kind_name=kind_name, header=header: c.post_multipart(
                                        "/import", {"kind": kind_name},
                                        {"file": ("probe.csv", (header + "\n").encode(), "text/csv")})),
                                    (lambda u, kind_name=kind_name: Target(kind_name, import_kind=kind_name))))
                continue
            for variant, full_target, body in web_full_bodies(fx, route, label):
                rows.append(Row(f"{route}{suffix} {variant}", route, rule, method, False,
                                (lambda c, u, concrete=concrete, body=body: c.post_form(concrete(u), body())),
                                (lambda u, full_target=full_target, target=target: full_target or target(u))))
    return rows


def build_api_rows(fx: Fixtures, operations) -> list[Row]:
    w = fx.world
    rows: list[Row] = []
    for op in operations:
        rule = rules.API_OPERATIONS.get(op.operation_id)
        if rule is None:
            continue
        params = [p.strip("{}") for p in op.path.split("/") if p.startswith("{")]
        if params == ["kind"]:
            # Import and export, per table: an import's body is the table's header row as CSV.
            for kind_name, header in EXCHANGE_KINDS.items():
                path = op.path.replace("{kind}", kind_name)
                target = Target(kind_name, import_kind=kind_name)
                if op.method == "GET":
                    call = (lambda c, u, path=path: c.request("GET", "/api/v1" + path + f"?year={w.year}&format=csv",
                                                              bearer=c.token is not None))
                else:
                    call = (lambda c, u, path=path, header=header: c.request(
                        "POST", "/api/v1" + path, body=(header + "\n").encode(), content_type="text/csv",
                        bearer=c.token is not None))
                rows.append(Row(f"API {op.method} {op.path} {op.operation_id} [{kind_name}]", op.operation_id, rule, op.method,
                                True, call, (lambda u, target=target: target)))
            continue
        if params:
            kind = API_ID_KINDS.get("/".join(params))
            if kind is None:
                pytest.fail(f"{op.operation_id}: the probe does not know which record {{{'/'.join(params)}}} names; add it to "
                            "API_ID_KINDS in tests/probe/test_probe_authz.py", pytrace=False)
            variants = ["own", "other"] if kind == "token" else labels_for(w, kind)
        else:
            kind, variants = None, [None]
        for label in variants:
            path = op.path
            if kind == "token":
                # A token of the caller's own (made for the API rows), or another account's.
                def token_path(u: str, label=label, template=path, param=params[0]) -> str:
                    key = f"api-own:{u}" if label == "own" else f"api-victim:{fx.victim_of.get(u, 'admin')}"
                    return template.replace("{" + param + "}", fx.tokens.get(key, fx.tokens["api-victim:admin"]))
                owner_of = (lambda u, label=label: Target(label, owner=u if label == "own" else fx.victim_of.get(u, "admin")))
                for variant, _, body in api_body(fx, op.operation_id, label):
                    rows.append(Row(f"API {op.method} {op.path} {op.operation_id} [{label}]", op.operation_id, rule, op.method, True,
                                    (lambda c, u, token_path=token_path, body=body, method=op.method:
                                        c.request(method, "/api/v1" + token_path(u), json_body=body(), bearer=c.token is not None)),
                                    owner_of))
                continue
            if kind is not None:
                ids = w.ids[(kind, label)]
                for param, value in zip(params, ids if isinstance(ids, tuple) else (ids,)):
                    path = path.replace("{" + param + "}", value)
            base_target = w.targets[(kind, label)] if kind else None
            suffix = f" [{label}]" if label else ""
            if op.method == "GET":
                query = f"?year={w.year}" if op.path in ("/tasks", "/indicators", "/key-objects", "/work-areas") else ""
                rows.append(Row(f"API {op.method} {op.path} {op.operation_id}{suffix}", op.operation_id, rule, op.method, True,
                                (lambda c, u, path=path + query: c.request("GET", "/api/v1" + path, bearer=c.token is not None)),
                                (lambda u, t=base_target: t)))
                continue
            for variant, body_target, body in api_body(fx, op.operation_id, label):
                tail = f" {variant}" if variant else ""
                rows.append(Row(f"API {op.method} {op.path} {op.operation_id}{suffix}{tail}", op.operation_id, rule,
                                op.method, True,
                                (lambda c, u, path=path, body=body, method=op.method:
                                    c.request(method, "/api/v1" + path, json_body=body(), bearer=c.token is not None)),
                                (lambda u, t=body_target or base_target: t)))
    return rows


# --- tests -----------------------------------------------------------------------------------


def source_operations() -> set[str]:
    with open(os.path.join(ROOT, "Sources/LuoshiAPI/openapi.yaml"), encoding="utf-8") as f:
        return {op.operation_id for op in api_operations(load_yaml(f.read()))}


def test_every_route_and_operation_is_classified(server):
    """A route or operation the rules table does not know fails here (and its matrix row fails)."""
    assert not rules.unknown_rules(), f"access_rules.py uses undefined rules: {rules.unknown_rules()}"
    routes = web_routes()
    served = load_yaml(Client(server.base, "doc").get("/api/openapi.yaml").text)
    operations = {op.operation_id for op in api_operations(served)} | source_operations()
    missing = [r for r in routes if r not in rules.WEB_ROUTES] + \
              [f"operation {o}" for o in sorted(operations) if o not in rules.API_OPERATIONS]
    if missing:
        pytest.fail("not classified in tests/probe/access_rules.py (add each with its rule): " + ", ".join(missing),
                    pytrace=False)


def prepare(world: World) -> Fixtures:
    fx = Fixtures(world)
    admin_api = Client(world.base, "admin-api", world.tokens["admin"])
    for label in labels_for(world, "unit"):
        fx.units[label] = admin_api.api("GET", f"/units/{world.ids[('unit', label)]}").json()
    for label in labels_for(world, "person"):
        fx.people[label] = admin_api.api("GET", f"/people/{world.ids[('person', label)]}").json()
    # API tokens to revoke: each account's own, and two victims (admin's, for everyone else to try;
    # duchashi's, for admin to try).

    def make_token(username: str, name: str) -> str:
        client = world.sessions.get(username)
        page = client.post_form("/settings/tokens", [("name", name)])
        assert page.status == 200, f"creating token {name} as {username}: {page.status}"
        for chunk in page.text.split("<tr")[1:]:
            if f">{name}<" in chunk:
                found = re.search(r"/settings/tokens/([0-9a-fA-F-]{36})/revoke", chunk)
                if found:
                    return found.group(1)
        raise AssertionError(f"token {name} not listed on /settings for {username}")

    for username in rules.DEMO_ROLES:
        fx.tokens[f"own:{username}"] = make_token(username, f"probe-own-{username}")
        fx.victim_of[username] = "duchashi" if username == "admin" else "admin"
    for owner in ("admin", "duchashi"):
        fx.tokens[f"victim:{owner}"] = make_token(owner, f"probe-victim-{owner}")
    # The API's revokeToken rows get tokens of their own (the web rows revoke theirs).
    for username in rules.DEMO_ROLES:
        fx.tokens[f"api-own:{username}"] = make_token(username, f"probe-api-own-{username}")
    for owner in ("admin", "duchashi"):
        fx.tokens[f"api-victim:{owner}"] = make_token(owner, f"probe-api-victim-{owner}")
    return fx


def run_cell(world: World, row: Row, username: str) -> Cell:
    caller = world.callers.get(username)
    expected = rules.expected(row.rule, caller, row.target(username))
    cell = Cell(row, username, expected)
    if row.session_ending:
        client = world.sessions.fresh(username)
    elif row.api:
        client = Client(world.base, username, world.tokens.get(username))   # bearer only, no cookies
    else:
        client = world.sessions.get(username)
    try:
        response = row.send(client, username)
    except Exception as error:  # noqa: BLE001 - a cell that cannot be asked fails, with the reason
        cell.note = f"request failed: {error}"
        return cell
    cell.status = response.status
    cell.ok, cell.note = judge(row, expected, response, row.path(username))
    return cell


def render(rows: list[Row], cells: dict[tuple[str, str], Cell]) -> str:
    width = max(len(r.label) for r in rows) + 2
    header = "route".ljust(width) + "".join(u[:13].ljust(14) for u in ROLE_ORDER)
    lines = [header, "-" * len(header)]
    for row in rows:
        line = row.label.ljust(width)
        for username in ROLE_ORDER:
            cell = cells[(row.label, username)]
            want = {ALLOW: "ok", SIGN_IN: "→in", DENY: "403", OUTSIDE: "403", NOT_FOUND: "404", BAD_LOGIN: "401"}[cell.expected]
            mark = "✓" if cell.ok else "✗"
            line += f"{mark}{cell.status or '---'}" + ("" if cell.ok else f"≠{want}")
            line = line.ljust(width + 14 * (ROLE_ORDER.index(username) + 1))
        lines.append(line.rstrip())
    return "\n".join(lines)


def test_authorisation_matrix(server, world, artifacts, capsys):
    started = time.monotonic()
    fx = prepare(world)
    served = load_yaml(Client(server.base, "doc").get("/api/openapi.yaml").text)
    routes = web_routes()
    rows = build_web_rows(fx, routes) + build_api_rows(fx, api_operations(served))
    unclassified = [r for r in routes if r not in rules.WEB_ROUTES] + \
                   [op.operation_id for op in api_operations(served) if op.operation_id not in rules.API_OPERATIONS]

    # Everything but the session-ending rows in parallel, then those one by one.
    ordinary = [(row, u) for row in rows if not row.session_ending for u in ROLE_ORDER]
    ending = [(row, u) for row in rows if row.session_ending for u in ROLE_ORDER]
    cells: dict[tuple[str, str], Cell] = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for cell in pool.map(lambda job: run_cell(world, *job), ordinary):
            cells[(cell.row.label, cell.username)] = cell
    for row, username in ending:
        cell = run_cell(world, row, username)
        cells[(row.label, username)] = cell
    world.sessions.forget()   # sign-out-everywhere ended the shared sessions

    table = render(rows, cells)
    failures = [c for c in cells.values() if not c.ok]
    passed = len(cells) - len(failures)
    summary = (f"{len(rows)} rows × {len(ROLE_ORDER)} callers = {len(cells)} cells: {passed} as the rules say, "
               f"{len(failures)} not; {time.monotonic() - started:.1f}s")
    by_row: dict[str, list[Cell]] = {}
    for c in failures:
        by_row.setdefault(c.row.label, []).append(c)
    details = "\n".join(
        f"  ✗ {row.label}: " + "; ".join(f"{c.username} {c.note}" for c in
                                          sorted(by_row[row.label], key=lambda c: ROLE_ORDER.index(c.username)))
        for row in rows if row.label in by_row)
    report = (f"Luoshi authorisation matrix (✓ = answer as access_rules.py says; ✗STATUS≠WANT otherwise; "
              f"→in = sign-in redirect / 401)\n{table}\n\n{summary}\n"
              + (f"unclassified routes: {', '.join(unclassified)}\n" if unclassified else "")
              + (f"failures:\n{details}\n" if failures else ""))
    with open(os.path.join(artifacts, "authz-matrix.txt"), "w", encoding="utf-8") as f:
        f.write(report)
    with capsys.disabled():
        print("\n" + report)
    message = []
    if unclassified:
        message.append(f"routes missing from tests/probe/access_rules.py: {', '.join(unclassified)}")
    if failures:
        message.append(f"{len(failures)} cells differ from the access rules (matrix in {artifacts}/authz-matrix.txt):\n"
                       f"{details}")
    if message:
        pytest.fail("\n".join(message), pytrace=False)
