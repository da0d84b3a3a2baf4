"""A task's tree shows a unit head only the sub-tasks they may read (issue 6, finding 11), on the
page and in GET /api/v1/tasks/{id}/tree."""

from __future__ import annotations

import datetime
import uuid

import pytest

from luoshi_http import FAGAIJU_UNIT, task_ids_linked


def all_pages(client, path: str, token: str) -> list[dict]:
    items, offset = [], 0
    for _ in range(200):  # bounded: at most 20,000 rows
        sep = "&" if "?" in path else "?"
        response = client.api("GET", f"{path}{sep}limit=100&offset={offset}", token=token)
        assert response.status == 200, f"GET {path} answered {response.brief()}"
        page = response.json()
        items += page["items"]
        if not page["hasMore"]:
            return items
        offset += 100
    raise AssertionError(f"{path} has more than 20,000 rows")


class Scope:
    """What fagaiju may read, computed from admin's view of the data."""

    def __init__(self, server):
        self.server = server
        self.client = server.client()
        self.admin = server.token("admin")
        session = self.client.api("GET", "/session", token=server.token("fagaiju")).json()
        self.scope_unit = session["account"]["scopeUnitId"]
        self.person = session["account"].get("personId")
        assert session["scopeUnitName"] == FAGAIJU_UNIT, f"fagaiju's scope is {session['scopeUnitName']}"
        units = all_pages(self.client, "/units", self.admin)
        self.units = {u["id"]: u for u in units}
        self.inside = {u for u in self.units if self._under(u)}
        self._people: dict[str, str | None] = {}

    def _under(self, unit_id: str | None) -> bool:
        for _ in range(100):
            if unit_id is None:
                return False
            if unit_id == self.scope_unit:
                return True
            unit_id = self.units.get(unit_id, {}).get("parentId")
        return False

    def person_unit(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        if person_id not in self._people:
            r = self.client.api("GET", f"/people/{person_id}", token=self.admin)
            self._people[person_id] = r.json()["unitId"] if r.status == 200 else None
        return self._people[person_id]

    def task(self, task_id: str) -> dict:
        r = self.client.api("GET", f"/tasks/{task_id}", token=self.admin)
        assert r.status == 200, f"admin GET /tasks/{task_id} answered {r.brief()}"
        return r.json()

    def readable(self, task: dict) -> bool:
        return (task["responsibleUnitId"] in self.inside
                or any(u in self.inside for u in task.get("cooperatingUnitIds", []))
                or (task.get("assigneeId") is not None and task.get("assigneeId") == self.person)
                or self.person_unit(task.get("assigneeId")) in self.inside)

    def tree(self, task_id: str, token: str) -> list[dict]:
        r = self.client.api("GET", f"/tasks/{task_id}/tree", token=token)
        assert r.status == 200, f"GET /tasks/{task_id}/tree answered {r.brief()}"
        return r.json()


def find_or_make_mixed_tree(scope: Scope) -> tuple[str, set[str], str]:
    """A key task fagaiju may read with sub-tasks fagaiju may not: (task id, hidden ids, how found)."""
    year = datetime.date.today().year
    for summary in all_pages(scope.client, f"/tasks?year={year}", scope.admin):
        task = scope.task(summary["id"])
        if not scope.readable(task):
            continue
        tree = scope.tree(task["id"], scope.admin)
        hidden = {s["id"] for s in tree[1:] if not scope.readable(scope.task(s["id"]))}
        if hidden:
            return task["id"], hidden, f"demo task {task['code']}"
    # None in the demo: register one for 区发展和改革局 with another unit co-operating, and give
    # that unit a sub-task of its own.
    other = next(u for u in scope.units.values() if u["id"] not in scope.inside and u.get("parentId"))
    parent = scope.client.api("POST", "/tasks", {
        "title": "跨部门协同推进测试任务", "tier": "pushed", "start": f"{year}-01-01", "deadline": f"{year}-12-31",
        "responsibleUnitId": scope.scope_unit, "cooperatingUnitIds": [other["id"]]}, token=scope.admin)
    assert parent.status == 201, f"creating the parent task answered {parent.brief()}"
    child = scope.client.api("POST", "/tasks", {
        "title": f"配合单位子任务{uuid.uuid4().hex[:6]}", "tier": "pushed", "start": f"{year}-01-01",
        "deadline": f"{year}-12-31", "responsibleUnitId": other["id"], "parentId": parent.json()["id"]}, token=scope.admin)
    assert child.status == 201, f"creating the other unit's sub-task answered {child.brief()}"
    return parent.json()["id"], {child.json()["id"]}, f"created task under {FAGAIJU_UNIT} with a sub-task of {other['name']}"


@pytest.fixture(scope="module")
def mixed(server):
    scope = Scope(server)
    task_id, hidden, how = find_or_make_mixed_tree(scope)
    print(f"task {task_id} ({how}); sub-tasks fagaiju may not read: {sorted(hidden)}")
    return scope, task_id, hidden, how


def test_task_page_tree_lists_no_unreadable_subtask(server, mixed):
    scope, task_id, hidden, how = mixed
    client = server.client()
    client.sign_in("fagaiju")
    page = client.get(f"/tasks/{task_id}")
    assert page.status == 200, f"fagaiju GET /tasks/{task_id} ({how}) answered {page.brief()}"
    shown = set(task_ids_linked(page.text))
    leaked = shown & hidden
    assert not leaked, f"the page of {task_id} ({how}) lists {len(leaked)} sub-task(s) fagaiju may not read: {sorted(leaked)}"
    for hidden_id in hidden:
        title = scope.task(hidden_id)["title"]
        assert title not in page.text, f"the page of {task_id} shows the title of unreadable sub-task {hidden_id}: {title!r}"


def test_api_tree_lists_no_unreadable_subtask(server, mixed):
    scope, task_id, hidden, how = mixed
    tree = scope.tree(task_id, server.token("fagaiju"))
    ids = [s["id"] for s in tree]
    assert task_id in ids, f"fagaiju's tree of {task_id} does not contain the task itself: {ids}"
    leaked = set(ids) & hidden
    assert not leaked, (
        f"GET /api/v1/tasks/{task_id}/tree ({how}) with fagaiju's token lists {len(leaked)} sub-task(s) "
        f"fagaiju may not read: {sorted(leaked)}")


def test_admin_still_sees_the_whole_tree(server, mixed):
    scope, task_id, hidden, _ = mixed
    ids = {s["id"] for s in scope.tree(task_id, scope.admin)}
    assert hidden <= ids, "the admin's tree lost sub-tasks"
