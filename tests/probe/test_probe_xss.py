"""The XSS probe: hostile text in every writable text field, then every page that shows it.

Payloads go in through the page forms where a form exists (units, people, accounts' display
names, tasks with target/requirements/milestones/origin, sub-tasks, a cancel reason, readings'
comment and evidence, API token names) and through the API otherwise (work areas, indicators
with their period, key objects with powers and location); query parameters and refused forms that
echo what was typed get them too. Each page is parsed with html.parser and fails if it holds an
element a payload brought (one the templates never have), an on* attribute, or a javascript: URL,
and where a value is displayed it must read exactly as typed. Exports are not HTML and are skipped.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import quote, urlencode

import pytest

from .probe_world import FGJ, World
from .probe_support import Client, Response, active_tag_counts, injected_markup, parse_html, sign_in

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "R&amp;D &lt;b&gt;",
]
WORKERS = int(os.environ.get("LUOSHI_PROBE_WORKERS", "4"))
PASSWORD = "Probe-Passw0rd-2026"


def value(i: int, field_name: str) -> str:
    """The text planted in one field: a marker naming the payload and the field, then the payload."""
    return f"zxq{i}{field_name} {PAYLOADS[i]}"


@dataclass
class Probe:
    label: str
    client: Client
    path: str
    shows: list[str] = field(default_factory=list)     # values that must read literally
    method: str = "GET"
    form: Optional[list] = None
    headers: Optional[dict] = None
    audit: bool = False                                # values appear JSON-encoded (the audit trail)
    want_status: Optional[int] = 200                   # None: any non-5xx


@dataclass
class Planted:
    rand: str
    ids: dict[tuple[str, int], str] = field(default_factory=dict)
    usernames: dict[int, str] = field(default_factory=dict)
    codes: dict[tuple[str, int], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)          # plants that failed (a failure)
    responses: list[tuple[str, Response, list[str]]] = field(default_factory=list)  # answers to check as pages
    refused: list[str] = field(default_factory=list)           # input the server refused (reported)
    allowance: dict[str, int] = field(default_factory=dict)


def created_id(response: Response, prefix: str) -> Optional[str]:
    match = re.match(rf"^{re.escape(prefix)}/([0-9a-fA-F-]{{36}})", response.header("location"))
    return match.group(1) if match else None


def flash_error(response: Response) -> str:
    match = re.search(r'class="flash error"[^>]*>(.*?)</div>', response.text, re.S)
    return match.group(1)[:200] if match else response.text[:200]


def plant_note(planted: Planted, what: str, response: Response) -> None:
    if response.status in (409, 422):
        planted.refused.append(f"{what}: refused {response.status}: {flash_error(response)}")
    else:
        planted.problems.append(f"{what}: {response.status} {response.header('location')!r} {flash_error(response)}")


@pytest.fixture(scope="module")
def planted(world: World) -> Planted:
    admin = world.sessions.get("admin")
    api = Client(world.base, "admin-api", world.tokens["admin"])
    year = world.year
    fgj = world.unit_ids[FGJ]
    p = Planted(rand=uuid.uuid4().hex[:6])

    # What the templates themselves contain, before any payload exists.
    clean = ["/", "/tasks", f"/tasks/{world.ids[('task', 'in')]}", f"/tasks/{world.ids[('task', 'in')]}/edit",
             f"/units/{fgj}", f"/units/{fgj}/edit", "/settings", "/audit", f"/indicators/{world.ids[('indicator', 'in')]}",
             f"/key-objects/{next(v for (k, _), v in world.ids.items() if k == 'keyObject')}", "/people/new"]
    for path in clean:
        for tag, count in active_tag_counts(parse_html(admin.get(path).text)).items():
            p.allowance[tag] = max(p.allowance.get(tag, 0), count)

    for i in range(len(PAYLOADS)):
        v = lambda f, i=i: value(i, f)  # noqa: E731
        r = admin.post_form("/units/new", [("code", f"XSSU{i}{p.rand}"), ("name", v("u")), ("kind", "department"),
                                           ("parentId", fgj), ("sortOrder", "0")])
        unit = created_id(r, "/units")
        if not unit:
            plant_note(p, f"unit {i}", r)
            continue
        p.ids[("unit", i)] = unit

        r = admin.post_form("/people/new", [("name", v("p")), ("position", v("pos")), ("rank", "districtLeader"),
                                            ("unitId", unit), ("phone", "")])
        person = created_id(r, "/people")
        if person:
            p.ids[("person", i)] = person
        else:
            plant_note(p, f"person {i}", r)

        username = f"xss{i}-{p.rand}"
        r = admin.post_form("/accounts/new", [("username", username), ("displayName", v("a")), ("role", "unitHead"),
                                              ("scopeUnitId", unit), ("password", PASSWORD)])
        if r.status == 303:
            p.usernames[i] = username
        else:
            plant_note(p, f"account {i}", r)

        r = api.api("POST", "/work-areas", {"year": year, "code": f"XSSA{i}{p.rand}", "name": v("w")})
        area = r.json().get("id") if r.status == 201 else None
        if area:
            p.ids[("area", i)] = area
        else:
            plant_note(p, f"work area {i}", r)

        fields = [("year", str(year)), ("code", f"XSST{i}{p.rand}"), ("title", v("t")), ("areaId", area or ""),
                  ("tier", "pushed"), ("target", v("tg")), ("requirements", v("rq")), ("start", f"{year}-01-01"),
                  ("deadline", f"{year}-12-31"), ("milestones", f"{year}-06-30 {v('ms')}"),
                  ("leadLeaderId", person or ""), ("responsibleUnitId", unit), ("rhythm", ""),
                  ("weight", "1")]
        r = api.api("POST", "/decisions", {"year": year, "title": v("dc"), "kind": "ordinary", "content": v("dt"), "basis": v("db")})
        if r.status == 201:
            p.ids[("decision", i)] = r.json()["id"]
            opinion = api.api("POST", f"/decisions/{r.json()['id']}/opinions", {"advisorName": v("on"), "stance": "support", "text": v("ot")})
            if opinion.status != 201:
                plant_note(p, f"opinion {i}", opinion)
        else:
            plant_note(p, f"decision {i}", r)
        r = admin.post_form("/tasks/new", fields)
        task = created_id(r, "/tasks")
        if not task:
            plant_note(p, f"task {i}", r)
        else:
            p.ids[("task", i)] = task
            p.codes[("task", i)] = f"XSST{i}{p.rand}"
            r = admin.post_form(f"/tasks/{task}/decompose", [("title", v("st")), ("responsibleUnitId", unit),
                                                             ("assigneeId", person or ""), ("target", v("sg")),
                                                             ("deadline", f"{year}-12-31"), ("weight", "1")])
            if r.status != 303:
                plant_note(p, f"sub-task {i}", r)
            else:
                tree = api.api("GET", f"/tasks/{task}/tree").json()
                sub = next((t["id"] for t in tree if t["title"] == v("st")), None)
                if sub is None:
                    p.problems.append(f"sub-task {i}: not in the tree of its parent (titles: {[t['title'] for t in tree]})")
                else:
                    p.ids[("sub", i)] = sub
                    r = admin.post_form(f"/tasks/{sub}/status", [("status", "cancelled"), ("progress", ""),
                                                                 ("reason", v("cr"))])
                    if r.status != 303:
                        plant_note(p, f"cancel reason {i}", r)

        r = api.api("POST", "/indicators", {"year": year, "code": f"XSSI{i}{p.rand}", "name": v("i"), "measure": "count",
                                            "period": PAYLOADS[i][:20], "target": 100, "ownerUnitId": unit})
        indicator = r.json().get("id") if r.status == 201 else None
        if not indicator:
            plant_note(p, f"indicator {i}", r)
        else:
            p.ids[("indicator", i)] = indicator
            r = admin.post_form(f"/indicators/{indicator}/readings", [("value", "5"), ("asOf", f"{year}-06-30"),
                                                                     ("comment", v("c")), ("evidence", v("e"))])
            if r.status != 303:
                plant_note(p, f"reading {i}", r)

        body = {"year": year, "kind": "keyProject", "code": f"XSSK{i}{p.rand}", "name": v("k"), "delegatedPowers": v("dp"),
                "responsibleUnitId": unit, "location": v("lc")}
        if person:
            body["contractedLeaderId"] = person
        if task:
            body["taskIds"] = [task]
        if indicator:
            body["indicatorIds"] = [indicator]
        r = api.api("POST", "/key-objects", body)
        if r.status == 201:
            p.ids[("keyObject", i)] = r.json()["id"]
        else:
            plant_note(p, f"key object {i}", r)

        r = admin.post_form("/settings/tokens", [("name", v("tk"))])
        if r.status != 200:
            plant_note(p, f"token name {i}", r)

    # Assessment (issue 11): an observation event with a payload title and criterion over each planted
    # unit, a commendation and bonus points with payload words; the office plants them.
    office_api = Client(world.base, "duchashi-api", world.tokens["duchashi"])
    for i in range(len(PAYLOADS)):
        v = lambda f, i=i: value(i, f)  # noqa: E731
        unit = p.ids.get(("unit", i))
        if not unit:
            continue
        r = office_api.api("POST", "/observations", {
            "year": year, "title": v("oe"), "day": f"{year}-06-01", "criteria": [{"name": v("oc"), "weight": 1}],
            "unitIds": [unit], "raterIds": [world.account_ids["duchashi"]]})
        if r.status == 201:
            p.ids[("observation", i)] = r.json()["id"]
        else:
            plant_note(p, f"observation event {i}", r)
        r = office_api.api("POST", "/commendations", {"year": year, "unitId": unit, "title": v("cm"), "basis": v("cb")})
        if r.status != 201:
            plant_note(p, f"commendation {i}", r)
        r = office_api.api("POST", "/assessment/bonuses", {"year": year, "unitId": unit, "points": 1, "reason": v("br"), "evidence": v("be")})
        if r.status != 201:
            plant_note(p, f"bonus {i}", r)

    # The import form: unit names from a CSV file, and a refused people file whose cells are payloads.
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    rows = "".join(f"XSSM{i}{p.rand},{cell(value(i, 'im'))},department,{FGJ}\n" for i in range(len(PAYLOADS)))
    r = admin.post_multipart("/import", {"kind": "units"},
                             {"file": ("xss-units.csv", ("code,name,kind,parent\n" + rows).encode(), "text/csv")})
    if r.status == 200:
        p.ids.update({("imported", i): "" for i in range(len(PAYLOADS))})
        p.responses.append(("import report (units)", r, []))
    else:
        plant_note(p, "imported units", r)
    rows = "".join(f"{cell(payload)},{cell(payload)},{cell(payload)},{cell(payload)}\n" for payload in PAYLOADS)
    r = admin.post_multipart("/import", {"kind": "people"},
                             {"file": ("xss-people.csv", ("name,position,rank,unit\n" + rows).encode(), "text/csv")})
    p.responses.append(("refused import (people)", r, []))
    return p


def probes(world: World, p: Planted) -> list[Probe]:
    admin = world.sessions.get("admin")
    year = world.year
    fgj = world.unit_ids[FGJ]
    out: list[Probe] = []
    n = range(len(PAYLOADS))
    ids = p.ids

    for i in n:
        v = lambda f, i=i: value(i, f)  # noqa: E731
        if ("unit", i) not in ids:
            continue
        unit = ids[("unit", i)]
        has = lambda kind, i=i: (kind, i) in ids  # noqa: E731
        person_values = [v("p"), v("pos")] if has("person") else []
        task_values = [v("t")] if has("task") else []
        sub_values = [v("st")] if has("sub") else []
        out += [
            Probe(f"unit list search {i}", admin, "/units?" + urlencode({"q": v("u")}), [v("u")]),
            Probe(f"unit page {i}", admin, f"/units/{unit}", [v("u")] + person_values + task_values + sub_values),
            Probe(f"unit edit form {i}", admin, f"/units/{unit}/edit", [v("u")]),
        ]
        if has("person"):
            person = ids[("person", i)]
            portfolio = task_values + ([v("k")] if has("keyObject") else [])
            out += [
                Probe(f"people search {i}", admin, "/people?" + urlencode({"q": v("p")}), [v("p"), v("pos"), v("u")]),
                Probe(f"person page + portfolio {i}", admin, f"/people/{person}", [v("p"), v("pos"), v("u")] + portfolio),
                Probe(f"person edit form {i}", admin, f"/people/{person}/edit", [v("p"), v("pos")]),
            ]
        if has("task"):
            task = ids[("task", i)]
            area = [v("w")] if has("area") else []
            tree_and_objects = sub_values + ([v("k")] if has("keyObject") else [])
            out += [
                Probe(f"register search {i}", admin, "/tasks?" + urlencode({"year": year, "q": v("t")}),
                      [v("t"), v("u")] + area + person_values[:1]),
                Probe(f"task page {i}", admin, f"/tasks/{task}",
                      [v("t"), v("tg"), v("rq"), v("ms"), v("u")] + area + person_values[:1] + tree_and_objects),
                Probe(f"task edit form {i}", admin, f"/tasks/{task}/edit", [v("t"), v("tg"), v("rq"), v("ms")] + area),
                Probe(f"decompose form {i}", admin, f"/tasks/{task}/decompose", [v("t")] + person_values[:1]),
            ]
        if has("sub"):
            out.append(Probe(f"sub-task page {i}", admin, f"/tasks/{ids[('sub', i)]}",
                             [v("st"), v("sg"), v("cr"), v("t")] + person_values[:1]))
        if has("decision"):
            decision = ids[("decision", i)]
            out += [
                Probe(f"decision page {i}", admin, f"/decisions/{decision}", [v("dc"), v("dt"), v("db"), v("on"), v("ot")]),
                Probe(f"decision edit form {i}", admin, f"/decisions/{decision}/edit", [v("dc"), v("dt"), v("db")]),
                Probe(f"decisions search {i}", admin, "/decisions?" + urlencode({"q": v("dc")}), [v("dc")]),
            ]
        if has("indicator"):
            out.append(Probe(f"indicator page {i}", admin, f"/indicators/{ids[('indicator', i)]}",
                             [v("i"), PAYLOADS[i][:20], v("u"), v("c"), v("e")]))
        if has("keyObject"):
            out.append(Probe(f"key object page {i}", admin, f"/key-objects/{ids[('keyObject', i)]}",
                             [v("k"), v("dp"), v("u"), v("lc")] + person_values[:1] + task_values
                             + ([v("i")] if has("indicator") else [])))
        if has("observation"):
            office = world.sessions.get("duchashi")
            out += [
                Probe(f"observation event (office) {i}", office, f"/observations/{ids[('observation', i)]}", [v("oe"), v("oc"), v("u")]),
                Probe(f"observations {i}", office, f"/observations?year={year}", [v("oe")]),
                Probe(f"consequences {i}", office, f"/consequences?year={year}", [v("cm"), v("cb"), v("br"), v("be"), v("u")]),
                Probe(f"assessment hub {i}", office, f"/assessment?year={year}", [v("oe")]),
            ]
        if i in p.usernames:
            own = sign_in(world.base, p.usernames[i], PASSWORD)
            out += [
                Probe(f"home as account {i}", own, "/", [v("a"), v("u")]),
                Probe(f"my tasks as account {i}", own, "/my/tasks", task_values + sub_values),
                Probe(f"settings as account {i}", own, "/settings", [v("a")]),
            ]

    out += [Probe(f"imported unit {i}", admin, "/units?" + urlencode({"q": value(i, "im")}), [value(i, "im")])
            for i in n if ("imported", i) in ids]
    planted_units = [value(i, "u") for i in n if ("unit", i) in ids]
    out += [
        Probe("FGJ's page (children)", admin, f"/units/{fgj}", planted_units),
        Probe("accounts", admin, "/accounts", [value(i, "a") for i in p.usernames]),
        Probe("settings (token names)", admin, "/settings", [value(i, "tk") for i in n if ("unit", i) in ids]),
        Probe("indicators", admin, f"/indicators?year={year}", [value(i, "i") for i in n if ("indicator", i) in ids]),
        Probe("key objects", admin, f"/key-objects?year={year}",
              [s for i in n if ("keyObject", i) in ids for s in (value(i, "k"), value(i, "lc"))]),
        Probe("register", admin, f"/tasks?year={year}", []),
        Probe("home", admin, "/", []),
        Probe("audit (sign-ins of the payload accounts)", admin, "/audit", [value(i, "a") for i in p.usernames]),
    ]
    by_kind = {
        "unit": ["u"], "person": ["p", "pos"], "account": ["a"], "workArea": ["w"],
        "task": ["t", "tg", "rq", "ms", "st", "cr"], "decision": ["dc", "dt", "db"], "opinion": ["on", "ot"], "indicator": ["i"], "reading": ["c", "e"],
        "keyObject": ["k", "dp", "lc"], "apiToken": ["tk"], "observationEvent": ["oe", "oc"], "consequence": ["cm", "cb"],
        "bonus": ["br", "be"],
    }
    for kind, fields in by_kind.items():
        expected = [value(i, f) for i in n if ("unit", i) in ids for f in fields]
        out.append(Probe(f"audit ?kind={kind}", admin, f"/audit?kind={kind}", expected, audit=True))

    # Query parameters and refused forms that echo what was typed.
    task_in = world.ids[("task", "in")]
    indicator_in = world.ids[("indicator", "in")]
    for i, payload in enumerate(PAYLOADS):
        q = lambda **kw: urlencode(kw)  # noqa: E731
        anon = Client(world.base, "anonymous")
        out += [
            Probe(f"units ?q ?kind [{i}]", admin, "/units?" + q(q=payload, kind=payload), [payload]),
            Probe(f"people ?q ?unitId [{i}]", admin, "/people?" + q(q=payload, unitId=payload), [payload]),
            Probe(f"register filters [{i}]", admin, "/tasks?" + q(year=payload, area=payload, tier=payload, unit=payload,
                                                                  leader=payload, status=payload, q=payload, sort=payload),
                  [payload]),
            Probe(f"key objects ?kind [{i}]", admin, "/key-objects?" + q(kind=payload, year=payload)),
            Probe(f"indicators ?year [{i}]", admin, "/indicators?" + q(year=payload)),
            Probe(f"audit filters [{i}]", admin, "/audit?" + q(actor=payload, kind=payload, **{"from": payload, "to": payload})),
            Probe(f"home ?done [{i}]", admin, "/?" + q(done=payload)),
            Probe(f"sign-in ?next [{i}]", anon, "/signin?" + q(next=payload)),
            Probe(f"sign-in ?next=/… [{i}]", anon, "/signin?" + q(next="/" + payload)),
            Probe(f"error page, hostile id and Referer [{i}]", admin, "/units/" + quote(payload, safe=""),
                  headers={"Referer": f"{world.base}/units?x={payload}"}, want_status=None),
            Probe(f"error page, Referer path [{i}]", admin, "/no-such-page",
                  headers={"Referer": f"{world.base}/{quote(payload)}"}, want_status=None),
            Probe(f"refused unit form [{i}]", admin, "/units/new", [payload], method="POST",
                  form=[("code", "bad code!"), ("name", payload), ("kind", "department")], want_status=None),
            Probe(f"refused person form [{i}]", admin, "/people/new", [payload], method="POST",
                  form=[("name", payload), ("position", payload), ("rank", ""), ("unitId", fgj)], want_status=None),
            Probe(f"refused account form [{i}]", admin, "/accounts/new", [payload], method="POST",
                  form=[("username", ""), ("displayName", payload), ("role", "staff"), ("scopeUnitId", fgj),
                        ("password", "x")], want_status=None),
            Probe(f"refused task form [{i}]", admin, "/tasks/new", [payload], method="POST",
                  form=[("title", payload), ("target", payload), ("requirements", payload), ("milestones", payload),
                        ("tier", "pushed"), ("responsibleUnitId", fgj)], want_status=None),
            Probe(f"refused decision form [{i}]", admin, "/decisions/new", [payload], method="POST",
                  form=[("year", "1999"), ("title", payload), ("content", payload), ("basis", payload), ("kind", "ordinary")],
                  want_status=None),
            Probe(f"refused decompose form [{i}]", admin, f"/tasks/{task_in}/decompose", [payload], method="POST",
                  form=[("title", payload), ("target", payload), ("responsibleUnitId", "")], want_status=None),
            Probe(f"refused reading form [{i}]", admin, f"/indicators/{indicator_in}/readings", method="POST",
                  form=[("value", ""), ("comment", payload), ("evidence", payload)], want_status=None),
            Probe(f"refused status form [{i}]", admin, f"/tasks/{task_in}/status", method="POST",
                  form=[("status", payload), ("reason", payload)], want_status=None),
            Probe(f"refused token name [{i}]", admin, "/settings/tokens", method="POST",
                  form=[("name", payload * 4)], want_status=None),
            Probe(f"refused sign-in [{i}]", anon, "/signin", [payload], method="POST",
                  form=[("username", payload), ("password", "wrong"), ("next", payload)], want_status=None),
        ]
    return out


def audit_forms(text: str) -> list[str]:
    encoded = json.dumps(text, ensure_ascii=False)[1:-1]
    return [text, encoded, encoded.replace("/", "\\/"), json.dumps(text)[1:-1]]


def check(probe: Probe, allowance: dict[str, int]) -> list[str]:
    try:
        if probe.method == "GET":
            response = probe.client.get(probe.path, headers=probe.headers)
        else:
            if probe.client.csrf is None:
                probe.client.refresh_csrf("/signin")
            response = probe.client.post_form(probe.path, probe.form, headers=probe.headers)
    except Exception as error:  # noqa: BLE001
        return [f"request failed: {error}"]
    return inspect(f"{probe.label} ({probe.method} {probe.path[:90]})", response, probe.shows, probe.want_status,
                   probe.audit, allowance)


def inspect(where: str, response: Response, shows: list[str], want_status: Optional[int], audit: bool,
            allowance: dict[str, int]) -> list[str]:
    problems = []
    if response.status >= 500:
        problems.append(f"{where}: server error {response.status}")
    elif want_status is not None and response.status != want_status:
        problems.append(f"{where}: status {response.status}, want {want_status}")
    if response.status in (301, 302, 303, 307, 308):
        location = response.header("location")
        squeezed = re.sub(r"[\x00-\x20\x7f]+", "", location).lower()
        if squeezed.startswith(("javascript:", "data:", "vbscript:")):
            problems.append(f"{where}: redirect to a script URL {location!r}")
        return problems
    if "html" not in response.content_type:
        return problems
    page = parse_html(response.text)
    problems += [f"{where}: {p}" for p in injected_markup(page, allowance)]
    for expected in shows:
        forms = audit_forms(expected) if audit else [expected]
        if not any(page.shows(f) for f in forms):
            problems.append(f"{where}: {expected!r} is not shown literally")
    return problems


def test_payloads_stay_text(world, planted, artifacts, capsys):
    started = time.monotonic()
    all_probes = probes(world, planted)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda probe: (probe, check(probe, planted.allowance)), all_probes))
    problems = [p for _, found in results for p in found]
    for label, response, shows in planted.responses:
        problems += inspect(label, response, shows, None, False, planted.allowance)
    fields_planted = len(planted.ids)
    report = [f"XSS probe: {len(PAYLOADS)} payloads, {fields_planted} records planted, {len(all_probes)} pages checked, "
              f"{len(problems)} problem(s), {time.monotonic() - started:.1f}s",
              f"template allowance of active elements: {planted.allowance or 'none'}"]
    if planted.refused:
        report += ["input the server refused (not a failure; that field could not carry the payload):"]
        report += [f"  - {r}" for r in planted.refused]
    if planted.problems:
        report += ["records that could not be planted:"] + [f"  ✗ {r}" for r in planted.problems]
    if problems:
        report += ["problems:"] + [f"  ✗ {p}" for p in problems]
    text = "\n".join(report) + "\n"
    with open(os.path.join(artifacts, "xss-probe.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with capsys.disabled():
        print("\n" + text)
    if planted.problems:
        pytest.fail("could not plant payloads:\n" + "\n".join(planted.problems), pytrace=False)
    if problems:
        pytest.fail(f"{len(problems)} XSS problem(s):\n" + "\n".join(problems), pytrace=False)


HOSTILE_NEXT = ["javascript:alert(1)", "//evil.example/", "/\\evil.example", "https://evil.example/",
                "/\t/evil.example", " /x", "/%0d%0aSet-Cookie:x=1"]


def test_sign_in_next_stays_on_site(world):
    """After signing in, `next` may only lead to a path of this site."""
    problems = []
    for nxt in HOSTILE_NEXT:
        client = Client(world.base, "next-probe")
        client.refresh_csrf("/signin")
        response = client.post_form("/signin", [("username", "shuji"), ("password", "Luoshi-2026"), ("next", nxt)])
        location = response.header("location")
        if response.status != 303:
            problems.append(f"next={nxt!r}: sign-in answered {response.status}")
        elif not location.startswith("/") or location.startswith("//") or location.startswith("/\\") \
                or re.search(r"[\x00-\x20\x7f\\]", location):
            problems.append(f"next={nxt!r}: redirected to {location!r}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_scanner_sees_unescaped_payloads():
    """The checker itself: each payload pasted into a page unescaped (and into a link), the way a
    template that forgot to escape would, must be reported; the same page escaped must not be."""
    from html import escape

    def page(text: str, attribute: str, href: str) -> str:
        return (f'<html><body><main><h1>{text}</h1><input name="q" value="{attribute}">'
                f"<a href='{href}'>x</a><textarea>{text}</textarea></main></body></html>")

    for payload in PAYLOADS[:5]:
        dirty = parse_html(page(payload, payload, payload))
        assert injected_markup(dirty, {}), f"the scanner missed {payload!r}"
        clean = parse_html(page(escape(payload, quote=False), escape(payload, quote=True), "/units"))
        assert not injected_markup(clean, {}), f"the scanner flags escaped {payload!r}"
        assert clean.shows(payload), f"escaped {payload!r} does not read literally"
    amp = PAYLOADS[5]
    assert parse_html(page(escape(amp, quote=False), escape(amp), "/")).shows(amp)
    assert not parse_html(page(amp, amp, "/")).shows(amp), "entities decoded twice would go unnoticed"
