"""Luoshi's access rules, written down once, for the authorisation probe.

This is a mirror of Sources/LuoshiDomain/Access/Caller.swift (which roles may read and change
what, within which units), plus the order in which the controllers and use cases apply it. It is
the contract the probe holds the server to: every route in routes.swift (with SitePath.swift) and
every operation of the OpenAPI document must be classified below, or the probe fails, so a new
route cannot ship unclassified.

Outcomes, and the answer each one means:
  ALLOW      the role gets past authorisation: 2xx/3xx (for a write, 409/422 validation too)
  DENY       role not allowed (access.role_not_allowed): 403
  OUTSIDE    record outside the caller's unit scope (access.outside_scope): 403, as Caller.swift
             and RuleViolation.swift document (the code answers 403, never 404, for scope)
  NOT_FOUND  the record is somebody else's and is looked up by owner (API tokens): 404
  SIGN_IN    no caller: a page GET redirects 303 to /signin?next=PATH, any other page request
             answers 401, the API answers 401 application/problem+json
  BAD_LOGIN  the sign-in form with wrong credentials: 401 for everybody
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

ALLOW = "allow"
DENY = "deny"
OUTSIDE = "outside"
NOT_FOUND = "not-found"
SIGN_IN = "sign-in"
BAD_LOGIN = "bad-login"

ANONYMOUS = "anonymous"

# The demo accounts the probe signs in as (username -> role), as seeded by `luoshi serve --demo`.
DEMO_ROLES = {
    "admin": "admin",
    "duchashi": "supervisor",
    "shuji": "leader",
    "fagaiju": "unitHead",        # head of 区发展和改革局 (FGJ)
    "fagaiju-staff": "staff",     # staff of FGJ
    "jijian": "auditor",
}
ROLE_ORDER = ["admin", "duchashi", "shuji", "fagaiju", "fagaiju-staff", "jijian", ANONYMOUS]


@dataclass(frozen=True)
class Caller:
    username: str
    role: str
    scope_path: str            # materialised path of the account's scope unit, "/<id>/…/"
    person_id: Optional[str]   # the person the account belongs to
    reads_everything: bool = False  # a principal leader's account (书记, 区长)


@dataclass(frozen=True)
class Target:
    """What the access policy needs to know about the record a request touches.

    unit_path: the unit itself (units), the person's unit, the indicator's owner unit, a key
    object's responsible unit, the unit named in a create's body; for tasks the responsible unit.
    """
    label: str
    unit_path: Optional[str] = None
    cooperating_paths: tuple[str, ...] = ()
    assignee_id: Optional[str] = None
    lead_leader_id: Optional[str] = None
    owner: Optional[str] = None        # API tokens: the owning account's username
    import_kind: Optional[str] = None  # POST /import: the kind in the form
    decided: bool = False              # decisions: decided (or later), so readable beyond deliberations
    personnel: bool = False            # decisions: a personnel matter
    members: tuple[str, ...] = ()      # meetings and their agenda items: the members' person ids
    chair_id: Optional[str] = None     # meetings and their agenda items: the chair's person id
    published: bool = False            # bulletins, assessment runs: published (read by everyone signed in) or a draft
    raters: tuple[str, ...] = ()       # observation events: the raters' usernames
    person_id: Optional[str] = None    # people: the person's own id (a cadre file is its person's)


# --- Caller.swift --------------------------------------------------------------------------

READS_ALL_UNITS = {"admin", "supervisor", "leader", "auditor"}


def reads_all_units(c: Caller) -> bool:
    return c.role in READS_ALL_UNITS


def covers(c: Caller, unit_path: Optional[str]) -> bool:
    return unit_path is not None and unit_path.startswith(c.scope_path)


def read_people(c: Caller, t: Optional[Target]) -> str:
    return ALLOW if reads_all_units(c) or covers(c, t.unit_path) else OUTSIDE


def may_write_people(c: Caller) -> bool:
    return c.role in {"admin", "unitHead"}


def write_people(c: Caller, t: Optional[Target]) -> str:
    """requireWritePeople(inUnitPath:); without a known unit (an empty form) only the role counts."""
    if c.role == "admin":
        return ALLOW
    if c.role == "unitHead":
        return ALLOW if t is None or t.unit_path is None or covers(c, t.unit_path) else OUTSIDE
    return DENY


def manage_units(c: Caller, t=None) -> str:
    return ALLOW if c.role == "admin" else DENY


def manage_accounts(c: Caller, t=None) -> str:
    return ALLOW if c.role == "admin" else DENY


def read_accounts(c: Caller, t=None) -> str:
    return ALLOW if c.role in {"admin", "auditor"} else DENY


def register_work(c: Caller, t=None) -> str:
    return ALLOW if c.role in {"admin", "supervisor"} else DENY


def read_audit(c: Caller, t=None) -> str:
    return ALLOW if c.role in {"admin", "supervisor", "auditor"} else DENY


def reads_all_work(c: Caller) -> bool:
    """Caller.workScope == .everything: supervisors, auditors, admins, and accounts set to read
    everything (the principal leaders). Other leaders read what they lead, contract or oversee;
    the probe's demo leader (shuji) reads everything."""
    return c.role in {"admin", "supervisor", "auditor"} or (c.role == "leader" and c.reads_everything)


def can_read_task(c: Caller, t: Target) -> bool:
    if reads_all_work(c):
        return True
    units = [c.scope_path] if c.role in {"unitHead", "staff"} else []
    covered = lambda path: path is not None and any(path.startswith(u) for u in units)
    return (covered(t.unit_path) or any(covered(p) for p in t.cooperating_paths)
            or (c.person_id is not None and c.person_id in (t.assignee_id, t.lead_leader_id)))


def read_work(c: Caller, t: Target) -> str:
    """An indicator (by its owner unit) or a key object (by its responsible unit), as
    Caller.canRead(indicator:) / canRead(keyObject:): within the caller's work scope."""
    if reads_all_work(c):
        return ALLOW
    return ALLOW if c.role in {"unitHead", "staff"} and covers(c, t.unit_path) else OUTSIDE


def read_task(c: Caller, t: Target) -> str:
    return ALLOW if can_read_task(c, t) else OUTSIDE


def require_manage_task(c: Caller, t: Target) -> str:
    if c.role in {"admin", "supervisor"}:
        return ALLOW
    if c.role == "unitHead":
        return ALLOW if covers(c, t.unit_path) else OUTSIDE
    return DENY


def manage_task(c: Caller, t: Target) -> str:
    """Pages and the API load the task as readable first, then ask requireManage(task:)."""
    read = read_task(c, t)
    return read if read != ALLOW else require_manage_task(c, t)


def change_status(c: Caller, t: Target) -> str:
    """Readable first; then the assignee may, else requireManage (ChangeTaskStatus.swift)."""
    read = read_task(c, t)
    if read != ALLOW:
        return read
    if c.person_id is not None and t.assignee_id == c.person_id:
        return ALLOW
    return require_manage_task(c, t)


def may_decompose(c: Caller, t: Target) -> str:
    """Caller.mayDecompose: whoever manages the task, and a unit head whose unit co-operates on it."""
    if c.role == "unitHead" and any(covers(c, p) for p in t.cooperating_paths):
        return ALLOW
    return require_manage_task(c, t)


def decompose_task(c: Caller, t: Target) -> str:
    """The decompose pages load the task as readable first, then ask mayDecompose."""
    read = read_task(c, t)
    return read if read != ALLOW else may_decompose(c, t)


def create_task(c: Caller, t: Optional[Target]) -> str:
    """API createTask: a key task needs requireRegisterWork; with parentId it decomposes the
    parent: requireDecompose(parent, the sub-task's unit) (CreateTask.swift). The probe's body
    names the parent's responsible unit, so a co-operating head is refused for that unit."""
    if t is None:
        return register_work(c)
    if c.role == "unitHead" and any(covers(c, p) for p in t.cooperating_paths):
        return ALLOW if covers(c, t.unit_path) else OUTSIDE
    return require_manage_task(c, t)


def decompose_submit(c: Caller, t: Target) -> str:
    """POST /tasks/:id/decompose: readable, mayDecompose, then the use case's requireDecompose for
    the unit in the form (the probe sends the parent's responsible unit)."""
    allowed = decompose_task(c, t)
    return allowed if allowed != ALLOW else create_task(c, t)


def record_reading(c: Caller, t: Target) -> str:
    """Read first (scope), then the right to record."""
    read = read_work(c, t)
    if read != ALLOW:
        return read
    if c.role in {"admin", "supervisor"}:
        return ALLOW
    if c.role == "unitHead":
        return ALLOW if covers(c, t.unit_path) else OUTSIDE
    return DENY


def signed_in(c: Caller, t=None) -> str:
    return ALLOW


def own_token(c: Caller, t: Target) -> str:
    """revokeAPIToken looks the token up by (id, caller's account): another's is not found."""
    return ALLOW if t.owner == c.username else NOT_FOUND


def reads_deliberations(c: Caller) -> bool:
    """Caller+Decisions.swift: leaders, the office, auditors and admins read every decision and meeting."""
    return c.role in {"admin", "supervisor", "auditor", "leader"}


def read_decision(c: Caller, t: Target) -> str:
    """Others read what was decided, except personnel matters."""
    return ALLOW if reads_deliberations(c) or (t.decided and not t.personnel) else OUTSIDE


def propose_decision(c: Caller, t=None) -> str:
    return ALLOW if c.role in {"admin", "supervisor", "leader"} else DENY


def read_meeting(c: Caller, t: Target) -> str:
    return ALLOW if reads_deliberations(c) or (c.person_id is not None and c.person_id in t.members) else OUTSIDE


def run_meeting(c: Caller, t: Target) -> str:
    """Reading first (a stranger hears "not yours"), then the office or the chair."""
    if read_meeting(c, t) != ALLOW:
        return OUTSIDE
    if c.person_id is not None and c.person_id == t.chair_id:
        return ALLOW
    return register_work(c)


def record_outcome(c: Caller, t: Target) -> str:
    """The chair or a supervisor; not an administrator."""
    if read_meeting(c, t) != ALLOW:
        return OUTSIDE
    if c.person_id is not None and c.person_id == t.chair_id:
        return ALLOW
    return ALLOW if c.role == "supervisor" else DENY


def vote_own(c: Caller, t: Target) -> str:
    """A vote with no person named is the caller's own: only a member may cast it (meeting.not_member, 403)."""
    if read_meeting(c, t) != ALLOW:
        return OUTSIDE
    return ALLOW if c.person_id is not None and c.person_id in t.members else DENY


def own_person(c: Caller, t=None) -> str:
    """The calendar link of the caller's own person; an account without one has none (404)."""
    return ALLOW if c.person_id is not None else NOT_FOUND


def import_upload(c: Caller, t: Optional[Target]) -> str:
    """ExchangeKind.mayImport (page, API and importTable alike): units need manageUnits, people
    mayWritePeople, the plan's kinds (work areas, tasks, indicators, key objects, readings) registerWork. Without a kind (an empty form) a role that may import
    nothing at all is refused."""
    by_kind = {
        "units": manage_units(c) == ALLOW,
        "people": may_write_people(c),
        "work-areas": register_work(c) == ALLOW,
        "tasks": register_work(c) == ALLOW,
        "indicators": register_work(c) == ALLOW,
        "key-objects": register_work(c) == ALLOW,
        "readings": register_work(c) == ALLOW,
    }
    if t is None or t.import_kind is None:
        return ALLOW if any(by_kind.values()) else DENY
    return ALLOW if by_kind[t.import_kind] else DENY


# --- Caller+Supervision.swift ----------------------------------------------------------------
# Reports, notices and attachments are judged by their task (the Target is the task's); pages and
# the API load the record as readable first (OUTSIDE), then ask the role.


def write_report(c: Caller, t: Target) -> str:
    """requireWriteReport: the task's assignee, or the head or staff of its responsible unit."""
    if not can_read_task(c, t):
        return OUTSIDE
    if c.person_id is not None and t.assignee_id == c.person_id:
        return ALLOW
    if c.role in {"unitHead", "staff"}:
        return ALLOW if covers(c, t.unit_path) else OUTSIDE
    return DENY


def sign_off(c: Caller, t: Target) -> str:
    """requireSignOff: the head of the report's task's responsible unit."""
    if not can_read_task(c, t):
        return OUTSIDE
    if c.role != "unitHead":
        return DENY
    return ALLOW if covers(c, t.unit_path) else OUTSIDE


def read_inspection(c: Caller, t: Target) -> str:
    """InspectionsController.mayRead: organisation-wide readers, and the units an inspection heard,
    charged or criticised (the Target's unit_path)."""
    return ALLOW if reads_all_units(c) or covers(c, t.unit_path) else OUTSIDE


def read_bulletin(c: Caller, t: Target) -> str:
    """A published bulletin is read by everyone signed in; a draft by the office only."""
    return ALLOW if t.published else supervise(c)


def supervise(c: Caller, t=None) -> str:
    """requireSupervise, asked before anything is loaded: the supervision office only (not admins)."""
    return ALLOW if c.role == "supervisor" else DENY


def reply_notice(c: Caller, t: Target) -> str:
    """requireReplyNotice: the head or staff of the unit the notice was sent to (the task's
    responsible unit, in the probe's world)."""
    if not can_read_task(c, t):
        return OUTSIDE
    if c.role not in {"unitHead", "staff"}:
        return DENY
    return ALLOW if covers(c, t.unit_path) else OUTSIDE


def own_inbox(c: Caller, t=None) -> str:
    """Marking inbox entries read: an account without a person has no inbox (role_not_allowed)."""
    return ALLOW if c.person_id else DENY


# --- Caller+Incentives.swift ------------------------------------------------------------------
# The office (supervisor) keeps schemes, runs, observation events, bonuses, commendations and
# recommendations ("supervise"); previews and the register of consequences are the drafts' readers'.


def read_assessment_drafts(c: Caller, t=None) -> str:
    """readsAssessmentDrafts: the office, the auditors and the leaders."""
    return ALLOW if c.role in {"supervisor", "auditor", "leader"} else DENY


def rate_observation(c: Caller, t: Target) -> str:
    """requireScore: only the event's raters (observation.not_rater, 403); a closed event is 409."""
    return ALLOW if c.username in t.raters else DENY


def read_assessment_run(c: Caller, t: Target) -> str:
    """A published run (its league table) is everyone's; a preview the drafts' readers'."""
    return ALLOW if t.published else read_assessment_drafts(c)


def read_breakdown(c: Caller, t: Target) -> str:
    """The run first (a preview: role_not_allowed), then canReadBreakdown(unitPath:): the
    organisation-wide readers, a unit's head and staff their own unit's; admins none (outside_scope)."""
    run = read_assessment_run(c, t)
    if run != ALLOW:
        return run
    if c.role in {"supervisor", "auditor", "leader"}:
        return ALLOW
    if c.role in {"unitHead", "staff"}:
        return ALLOW if covers(c, t.unit_path) else OUTSIDE
    return OUTSIDE


def read_cadre_file(c: Caller, t: Target) -> str:
    """canReadCadreFile(personID:): the person themself, the office, the auditors, the principal leaders."""
    if c.person_id is not None and c.person_id == t.person_id:
        return ALLOW
    if c.role in {"supervisor", "auditor"} or (c.role == "leader" and c.reads_everything):
        return ALLOW
    return DENY


RULES: dict[str, Callable[[Caller, Optional[Target]], str]] = {
    "signed_in": signed_in,
    "manage_units": manage_units,
    "read_people": read_people,
    "write_people": write_people,
    "read_accounts": read_accounts,
    "manage_accounts": manage_accounts,
    "register_work": register_work,
    "read_task": read_task,
    "manage_task": manage_task,
    "change_status": change_status,
    "create_task": create_task,
    "record_reading": record_reading,
    "read_work": read_work,
    "decompose_task": decompose_task,
    "decompose_submit": decompose_submit,
    "read_audit": read_audit,
    "own_token": own_token,
    "import_upload": import_upload,
    "read_decision": read_decision,
    "propose_decision": propose_decision,
    "manage_decisions": register_work,
    "read_meeting": read_meeting,
    "run_meeting": run_meeting,
    "record_outcome": record_outcome,
    "vote_own": vote_own,
    "own_person": own_person,
    "write_report": write_report,
    "sign_off": sign_off,
    "supervise": supervise,
    "read_inspection": read_inspection,
    "read_bulletin": read_bulletin,
    "reply_notice": reply_notice,
    "own_inbox": own_inbox,
    "read_assessment_drafts": read_assessment_drafts,
    "rate_observation": rate_observation,
    "read_assessment_run": read_assessment_run,
    "read_breakdown": read_breakdown,
    "read_cadre_file": read_cadre_file,
}
# Rules that do not depend on a caller at all.
PUBLIC = "public"          # anyone, signed in or not: 2xx/3xx
SIGN_IN_FORM = "sign_in_form"  # POST /signin (the probe sends wrong credentials): 401 for all
CALENDAR_LINK = "calendar_link"  # GET /calendar/<token>: a token that is no link is not found, for anyone


# --- the routes ----------------------------------------------------------------------------
# Web routes: "METHOD /path" exactly as SitePath.swift spells the path (":id" parameters).
WEB_ROUTES: dict[str, str] = {
    "GET /healthz": PUBLIC,
    "GET /metrics": PUBLIC,
    "GET /ping": PUBLIC,
    "GET /api/openapi.yaml": PUBLIC,
    "GET /luoshi.css": PUBLIC,
    "GET /luoshi.js": PUBLIC,

    "GET /signin": PUBLIC,
    "POST /signin": SIGN_IN_FORM,
    "POST /signout": PUBLIC,
    "GET /": "signed_in",

    "GET /units": "signed_in",
    "GET /units/new": "manage_units",
    "POST /units/new": "manage_units",
    "GET /units/:id": "signed_in",           # every role reads the whole unit tree
    "GET /units/:id/edit": "manage_units",
    "POST /units/:id/edit": "manage_units",

    "GET /people": "signed_in",              # the list itself is filtered to the caller's scope
    "GET /people/new": "write_people",
    "POST /people/new": "write_people",      # scope: the unit in the form
    "GET /people/:id": "read_people",
    "GET /people/:id/edit": "write_people",
    "POST /people/:id/edit": "write_people",
    "POST /people/:id/oversight": "manage_accounts",

    "GET /accounts": "read_accounts",
    "GET /accounts/new": "manage_accounts",
    "POST /accounts/new": "manage_accounts",

    "GET /tasks": "signed_in",               # filtered to the caller's scope
    "GET /tasks/export": "signed_in",
    "GET /tasks/new": "register_work",
    "POST /tasks/new": "register_work",
    "GET /tasks/:id": "read_task",
    "GET /tasks/:id/edit": "manage_task",
    "POST /tasks/:id/edit": "manage_task",
    "GET /tasks/:id/decompose": "decompose_task",
    "POST /tasks/:id/decompose": "decompose_submit",
    "POST /tasks/:id/status": "change_status",
    "GET /my/tasks": "signed_in",

    "GET /indicators": "signed_in",
    "GET /indicators/:id": "read_work",
    "POST /indicators/:id/readings": "record_reading",
    "GET /key-objects": "signed_in",
    "GET /key-objects/:id": "read_work",

    "GET /decisions": "signed_in",           # filtered: deliberations only for those who read them
    "GET /decisions/new": "propose_decision",
    "POST /decisions/new": "propose_decision",
    "GET /decisions/:id": "read_decision",
    "GET /decisions/:id/edit": "manage_decisions",
    "POST /decisions/:id/edit": "manage_decisions",
    "POST /decisions/:id/move": "manage_decisions",
    "POST /decisions/:id/opinions": "manage_decisions",
    "GET /meetings": "signed_in",            # filtered: others see the meetings they are members of
    "GET /meetings/new": "manage_decisions",
    "POST /meetings/new": "manage_decisions",
    "GET /meetings/series/new": "manage_decisions",
    "POST /meetings/series/new": "manage_decisions",
    "GET /meetings/:id": "read_meeting",
    "POST /meetings/:id/attendance": "run_meeting",
    "GET /meetings/:id/agenda": "read_meeting",
    "POST /meetings/:id/agenda": "run_meeting",
    "GET /meetings/:id/minutes": "read_meeting",
    "POST /meetings/:id/minutes": "run_meeting",
    "POST /meetings/:id/next": "run_meeting",
    "POST /agenda-items/:id/vote": "vote_own",
    "POST /agenda-items/:id/outcome": "record_outcome",
    "GET /calendar/:id": CALENDAR_LINK,
    "POST /settings/calendar": "own_person",

    "GET /import": "signed_in",              # the page lists only the kinds the caller may import
    "POST /import": "import_upload",
    "GET /import/template": "signed_in",
    "GET /import/example": "signed_in",      # the demo plan's file: no records of this installation
    "GET /export": "signed_in",              # of what the caller may see

    "GET /audit": "read_audit",

    "GET /settings": "signed_in",
    "POST /settings/language": "signed_in",
    "POST /settings/password": "signed_in",
    "POST /settings/sign-out-everywhere": "signed_in",
    "POST /settings/tokens": "signed_in",
    "POST /settings/tokens/:id/revoke": "own_token",

    "GET /reports": "signed_in",             # reports of tasks the caller reads
    "POST /tasks/:id/reports": "write_report",
    "POST /reports/:id/sign-off": "sign_off",  # the target is the report's task
    "GET /attachments/:id": "read_task",     # the target is its report's task
    "POST /tasks/:id/closure": "supervise",
    "POST /tasks/:id/notices": "supervise",
    "GET /notices": "signed_in",             # notices on tasks the caller reads, or sent to their unit
    "GET /notices/:id": "read_task",         # the target is the notice's task
    "POST /notices/:id/reply": "reply_notice",
    "POST /notices/:id/escalate": "supervise",
    "GET /accountability": "signed_in",      # filtered as listAccountabilityCases
    "POST /accountability/:id/conclude": "supervise",
    "GET /periods": "signed_in",             # the locks, read by all who report; the forms are the office's
    "POST /periods/lock": "supervise",
    "POST /periods/unlock": "supervise",
    "GET /inbox": "signed_in",
    "POST /inbox/read": "own_inbox",
    "POST /lights/recompute": "supervise",
    "POST /meetings/:id/dispatch": "run_meeting",
    "POST /agenda-items/:id/instruction": "record_outcome",   # the target is the item's meeting
    "GET /inspections": "signed_in",          # the inspections the caller may read
    "GET /inspections/new": "supervise",
    "POST /inspections/new": "supervise",
    "GET /inspections/:id": "read_inspection",
    "GET /inspection-photos/:id": "read_inspection",   # the target is the photo's inspection
    "GET /bulletins": "signed_in",            # published ones, and drafts for the office
    "POST /bulletins/new": "supervise",
    "GET /bulletins/:id": "read_bulletin",
    "POST /bulletins/:id/edit": "supervise",
    "POST /bulletins/:id/publish": "supervise",   # the empty form is refused (publishing is confirmed)
    "GET /bulletins/:id/export": "read_bulletin",
    "GET /assessment": "signed_in",                 # published runs for all; previews listed for the drafts' readers
    "POST /assessment/schemes/new": "supervise",
    "GET /assessment/schemes/:id": "signed_in",     # the rules are known in advance
    "POST /assessment/schemes/:id/edit": "supervise",
    "POST /assessment/runs/new": "supervise",
    "GET /assessment/runs/:id": "read_assessment_run",
    "POST /assessment/runs/:id/publish": "supervise",   # the empty form is refused (publishing is confirmed)
    "GET /assessment/runs/:id/breakdown": "read_assessment_run",  # then the unit (?unit=) is checked by canReadBreakdown
    "POST /assessment/bonuses/new": "supervise",
    "GET /observations": "signed_in",
    "GET /observations/new": "supervise",
    "POST /observations/new": "supervise",
    "GET /observations/:id": "signed_in",           # the ranking only once closed (or for the office)
    "POST /observations/:id/sheet": "rate_observation",
    "POST /observations/:id/close": "supervise",
    "GET /consequences": "read_assessment_drafts",
    "POST /consequences/:id/refer": "supervise",
    "POST /commendations/new": "supervise",
    "GET /people/:id/file": "read_cadre_file",
}

# API operations, by operationId in /api/openapi.yaml.
API_OPERATIONS: dict[str, str] = {
    "getSession": "signed_in",
    "listUnits": "signed_in",
    "getUnit": "signed_in",
    "createUnit": "manage_units",
    "updateUnit": "manage_units",
    "listPeople": "signed_in",
    "getPerson": "read_people",
    "createPerson": "write_people",
    "updatePerson": "write_people",
    "listAccounts": "read_accounts",
    "createAccount": "manage_accounts",
    "updateAccount": "manage_accounts",
    "listTokens": "signed_in",
    "createToken": "signed_in",
    "revokeToken": "own_token",
    "listWorkAreas": "signed_in",
    "createWorkArea": "register_work",
    "updateWorkArea": "register_work",
    "deleteWorkArea": "register_work",       # the probe's area has tasks: 409 work_area.in_use once allowed
    "listTasks": "signed_in",
    "createTask": "create_task",
    "getTask": "read_task",
    "updateTask": "manage_task",
    "getTaskTree": "read_task",
    "changeTaskStatus": "change_status",
    "listIndicators": "signed_in",
    "createIndicator": "register_work",
    "getIndicator": "read_work",
    "listReadings": "read_work",
    "recordReading": "record_reading",
    "updateIndicator": "register_work",
    "listKeyObjects": "signed_in",
    "createKeyObject": "register_work",
    "getKeyObject": "read_work",
    "updateKeyObject": "register_work",
    "listDecisions": "signed_in",
    "createDecision": "propose_decision",
    "getDecision": "read_decision",
    "updateDecision": "manage_decisions",
    "moveDecision": "manage_decisions",
    "addOpinion": "manage_decisions",
    "listMeetings": "signed_in",
    "createMeeting": "manage_decisions",
    "getMeeting": "read_meeting",
    "setAttendance": "run_meeting",
    "addAgendaItem": "run_meeting",
    "setMinutes": "run_meeting",
    "scheduleNextMeeting": "run_meeting",
    "castVote": "vote_own",
    "recordOutcome": "record_outcome",
    "listMeetingSeries": "signed_in",
    "createMeetingSeries": "manage_decisions",
    "importTable": "import_upload",          # per kind, as the import page
    "exportTable": "signed_in",              # of what the caller may read
    "listTaskReports": "read_task",
    "submitReport": "write_report",
    "listReports": "signed_in",              # of tasks the caller reads
    "signOffReport": "sign_off",             # the target is the report's task
    "closeTask": "supervise",
    "listPeriodLocks": "signed_in",
    "lockPeriod": "supervise",
    "unlockPeriod": "supervise",
    "listNotices": "signed_in",              # of tasks the caller reads, or sent to their unit
    "issueNotice": "supervise",
    "getNotice": "read_task",                # the target is the notice's task
    "replyNotice": "reply_notice",
    "escalateNotice": "supervise",
    "listAccountabilityCases": "signed_in",  # filtered: all, the unit's, or on tasks a leader reads
    "concludeCase": "supervise",
    "listNotifications": "signed_in",        # the caller's own (none without a person)
    "markNotificationsRead": "own_inbox",
    "recomputeLights": "supervise",
    "generateDispatchAgenda": "run_meeting",
    "recordInstruction": "record_outcome",   # the target is the item's meeting
    "listInspections": "signed_in",          # the inspections the caller may read
    "recordInspection": "supervise",
    "getInspection": "read_inspection",
    "listCriticisms": "signed_in",           # all, or those of units in the caller's scope
    "listBulletins": "signed_in",            # published ones, and drafts for the office
    "createBulletin": "supervise",
    "getBulletin": "read_bulletin",
    "updateBulletin": "supervise",
    "publishBulletin": "supervise",          # asked of the published bulletin only (see api_body)
    "listObservations": "signed_in",         # without scores
    "createObservation": "supervise",
    "getObservation": "signed_in",           # the standings once closed (the office's before), a rater's own sheet
    "submitObservationSheet": "rate_observation",
    "closeObservation": "supervise",         # closed once: 409 for the office after that
    "listAssessmentSchemes": "signed_in",
    "saveAssessmentScheme": "supervise",
    "listAssessmentRuns": "signed_in",       # published ones, and previews for the drafts' readers
    "previewAssessment": "supervise",        # asked of the published group only: 409 (see api_body)
    "getAssessmentRun": "read_assessment_run",
    "publishAssessmentRun": "supervise",     # asked of the published run only (see api_body)
    "getAssessmentBreakdown": "read_breakdown",
    "listAssessmentBonuses": "read_assessment_drafts",
    "recordAssessmentBonus": "supervise",
    "recordCommendation": "supervise",
    "listConsequences": "read_assessment_drafts",
    "referRecommendation": "supervise",      # the probe's consequence is a commendation: 409 once allowed
    "getEligibility": "read_cadre_file",
}


def expected(rule: str, caller: Optional[Caller], target: Optional[Target]) -> str:
    """The outcome the rules promise for this caller (None: anonymous) and record."""
    if rule == PUBLIC:
        return ALLOW
    if rule == SIGN_IN_FORM:
        return BAD_LOGIN
    if rule == CALENDAR_LINK:
        return NOT_FOUND
    if caller is None:
        return SIGN_IN
    return RULES[rule](caller, target)


def unknown_rules() -> list[str]:
    """Rule names used in the tables but not defined (a typo in this file)."""
    known = set(RULES) | {PUBLIC, SIGN_IN_FORM, CALENDAR_LINK}
    return sorted({r for r in list(WEB_ROUTES.values()) + list(API_OPERATIONS.values()) if r not in known})
