"""Scope in what is listed, not only in what is asked for by id.

For the two scoped demo accounts (the unit head and the staff member of 区发展和改革局), every task
and person that reaches them through a list must be one the access rules let them read
(access_rules.can_read_task / read_people, the mirror of Caller.swift): the API register and
people list, the decomposition trees of the tasks they may open (API and task pages), unit and
key-object pages, the register and "my tasks" pages, and the task and people exports.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time

import pytest

from . import access_rules as rules
from .access_rules import ALLOW, Target
from .probe_support import Client
from .probe_world import FGJ, OUTSIDE_UNIT, World

SCOPED = ["fagaiju", "fagaiju-staff"]
UUID = r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
MAX_TREES = 40


class Records:
    """Tasks and people as the administrator sees them, fetched once each."""

    def __init__(self, world: World):
        self.world = world
        self.admin = Client(world.base, "admin-api", world.tokens["admin"])
        self.tasks: dict[str, dict] = {}
        self.people: dict[str, dict] = {}

    def task(self, task_id: str) -> dict:
        task_id = task_id.lower()
        if task_id not in self.tasks:
            response = self.admin.api("GET", f"/tasks/{task_id}")
            self.tasks[task_id] = response.json() if response.status == 200 else {}
        return self.tasks[task_id]

    def task_target(self, task_id: str) -> Target | None:
        t = self.task(task_id)
        if not t:
            return None
        paths = self.world.unit_paths
        return Target("listed", unit_path=paths[t["responsibleUnitId"]],
                      cooperating_paths=tuple(paths[u] for u in t.get("cooperatingUnitIds", [])),
                      lead_leader_id=t.get("leadLeaderId"),
                      assignee_id=t.get("assigneeId"))

    def person_target(self, person_id: str) -> Target | None:
        person_id = person_id.lower()
        if person_id not in self.people:
            response = self.admin.api("GET", f"/people/{person_id}")
            self.people[person_id] = response.json() if response.status == 200 else {}
        p = self.people[person_id]
        return Target("listed", unit_path=self.world.unit_paths[p["unitId"]]) if p else None


def all_items(client: Client, path: str) -> list[dict]:
    items, offset = [], 0
    for _ in range(100):
        sep = "&" if "?" in path else "?"
        response = client.api("GET", f"{path}{sep}limit=100&offset={offset}")
        assert response.status == 200, f"{client.label} GET {path}: {response.status}"
        body = response.json()
        items += body["items"]
        if not body["hasMore"]:
            break
        offset += 100
    return items


def test_lists_and_trees_stay_in_scope(world: World, artifacts, capsys):
    started = time.monotonic()
    records = Records(world)
    year = world.year
    leaks: list[str] = []
    checked = 0
    code_to_task = {t["code"]: t["id"] for t in all_items(records.admin, f"/tasks?year={year}&keyTasksOnly=false")}
    code_to_unit = {code: uid for code, uid in world.unit_ids.items()}

    for username in SCOPED:
        caller = world.callers[username]
        api = Client(world.base, username, world.tokens[username])
        page = world.sessions.get(username)
        seen_tasks: dict[str, str] = {}    # task id -> where it was listed (first place)
        seen_people: dict[str, str] = {}

        def saw_tasks(ids, where):
            for task_id in ids:
                seen_tasks.setdefault(task_id.lower(), where)

        def saw_people(ids, where):
            for person_id in ids:
                seen_people.setdefault(person_id.lower(), where)

        listed = all_items(api, f"/tasks?year={year}&keyTasksOnly=false")
        saw_tasks([t["id"] for t in listed], "API listTasks")
        readable_keys = [t["id"] for t in listed if not t.get("parentId")]
        for task_id in readable_keys[:MAX_TREES]:
            tree = api.api("GET", f"/tasks/{task_id}/tree")
            if tree.status == 200:
                saw_tasks([t["id"] for t in tree.json()], f"API getTaskTree({task_id})")
        saw_people([p["id"] for p in all_items(api, "/people")], "API listPeople")

        pages = [f"/tasks/{t}" for t in readable_keys[:MAX_TREES]]
        pages += [f"/units/{world.unit_ids[FGJ]}", f"/units/{world.unit_ids[OUTSIDE_UNIT]}", "/my/tasks", "/people",
                  f"/people?unitId={world.unit_ids[OUTSIDE_UNIT]}"]
        pages += [f"/tasks?year={year}&offset={n}" for n in range(0, 250, 25)]
        pages += [f"/key-objects/{object_id}" for (kind, _), object_id in world.ids.items() if kind == "keyObject"]
        for path in pages:
            response = page.get(path)
            if response.status != 200:
                continue
            task_ids = set(re.findall(r"/tasks/" + UUID, response.text))
            saw_tasks(task_ids, f"page {path}")
            saw_people(set(re.findall(r"/people/" + UUID, response.text)), f"page {path}")

        export = page.get(f"/export?kind=tasks&format=csv&year={year}")
        if export.status == 200:
            rows = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff"))))
            codes = [r[0] for r in rows[1:] if r]
            saw_tasks([code_to_task[c] for c in codes if c in code_to_task], "export kind=tasks")
        export = page.get("/export?kind=people&format=csv")
        if export.status == 200:
            rows = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff"))))
            if rows:
                column = next((i for i, h in enumerate(rows[0]) if h.strip() in ("单位编码", "Unit code", "unit")), None)
                for r in rows[1:]:
                    if column is not None and len(r) > column and r[column] in code_to_unit:
                        unit_path = world.unit_paths[code_to_unit[r[column]]]
                        if rules.read_people(caller, Target("export", unit_path=unit_path)) != ALLOW:
                            leaks.append(f"{username}: export kind=people lists {r[0]} of unit {r[column]}")

        for task_id, where in seen_tasks.items():
            target = records.task_target(task_id)
            checked += 1
            if target is not None and not rules.can_read_task(caller, target):
                t = records.task(task_id)
                leaks.append(f"{username}: {where} shows task {t.get('code')} {t.get('title')} "
                             f"(responsible unit outside the scope, not co-operating, not assigned)")
        for person_id, where in seen_people.items():
            target = records.person_target(person_id)
            checked += 1
            if target is not None and rules.read_people(caller, target) != ALLOW:
                leaks.append(f"{username}: {where} shows person {records.people[person_id].get('name')} "
                             f"of {records.people[person_id].get('unitName')}")

    report = [f"scope probe: {checked} listed records checked for {', '.join(SCOPED)}, {len(leaks)} outside the "
              f"caller's scope, {time.monotonic() - started:.1f}s"] + [f"  ✗ {leak}" for leak in leaks]
    text = "\n".join(report) + "\n"
    with open(os.path.join(artifacts, "scope-probe.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with capsys.disabled():
        print("\n" + text)
    if leaks:
        pytest.fail(f"{len(leaks)} record(s) listed outside the caller's scope:\n" + "\n".join(leaks), pytrace=False)
