"""Names as typed (issue 6, findings 12 and 13): text that looks like an HTML entity is shown
literally, and a name made only of invisible characters is refused."""

from __future__ import annotations

import datetime
import uuid

import pytest

from luoshi_http import page_text, texts_where

ENTITY_LOOKALIKE = "R&amp;D &lt;b&gt;"
ESCAPED_ONCE_MORE = "R&amp;amp;D &amp;lt;b&amp;gt;"


@pytest.fixture(scope="module")
def admin_token(server) -> str:
    return server.token("admin")


@pytest.fixture(scope="module")
def some_unit_id(server, admin_token) -> str:
    response = server.client().api("GET", "/units?q=%E5%8F%91%E5%B1%95%E5%92%8C%E6%94%B9%E9%9D%A9", token=admin_token)
    assert response.status == 200, f"listing units answered {response.brief()}"
    items = response.json()["items"]
    assert items, "no unit named like 发展和改革 in the demo"
    return items[0]["id"]


def code() -> str:
    return "T" + uuid.uuid4().hex[:10]


def create_unit(server, token, name):
    return server.client().api("POST", "/units", {"code": code(), "name": name, "kind": "department"}, token=token)


def create_person(server, token, name, unit_id):
    return server.client().api("POST", "/people", {"name": name, "position": "科员", "rank": "staff", "unitId": unit_id},
                               token=token)


def create_task(server, token, title, unit_id):
    year = datetime.date.today().year
    return server.client().api("POST", "/tasks", {
        "title": title, "tier": "supported", "start": f"{year}-01-01", "deadline": f"{year}-12-31",
        "responsibleUnitId": unit_id}, token=token)


def check_shown_literally(server, path: str) -> None:
    client = server.client()
    client.sign_in("admin")
    page = client.get(path)
    assert page.status == 200, f"GET {path} answered {page.brief()}"
    assert ESCAPED_ONCE_MORE in page.text, (
        f"{path}: the raw HTML does not hold {ESCAPED_ONCE_MORE!r}, so a browser does not show {ENTITY_LOOKALIKE!r}")
    assert ENTITY_LOOKALIKE in page_text(page.text), f"{path}: the page's text does not show {ENTITY_LOOKALIKE!r} exactly"
    titles = texts_where(page.text, lambda tag, a: tag == "title")
    assert titles and ENTITY_LOOKALIKE in titles[0], f"{path}: the <title> shows {titles!r}"
    assert "R&D <b>" not in page_text(page.text), f"{path}: the name is shown decoded as 'R&D <b>'"


def test_unit_name_that_looks_like_an_entity_is_shown_exactly(server, admin_token):
    response = create_unit(server, admin_token, ENTITY_LOOKALIKE)
    assert response.status == 201, f"creating the unit answered {response.brief()}"
    assert response.json()["name"] == ENTITY_LOOKALIKE
    check_shown_literally(server, f"/units/{response.json()['id']}")


def test_task_title_that_looks_like_an_entity_is_shown_exactly(server, admin_token, some_unit_id):
    response = create_task(server, admin_token, ENTITY_LOOKALIKE, some_unit_id)
    assert response.status == 201, f"creating the task answered {response.brief()}"
    check_shown_literally(server, f"/tasks/{response.json()['id']}")


INVISIBLE = [
    pytest.param("\ufeff\u202e\uffff", id="BOM+RLO+U+FFFF"),
    pytest.param("\u202e\ufeff", id="RLO+BOM"),
    pytest.param("\ufdd0\ufffe\uffff", id="noncharacters"),
    pytest.param("\u200b\u2060\ufeff", id="zero-width"),
]


def assert_refused(response, what: str) -> None:
    assert response.status == 422, f"{what}: expected 422, got {response.brief()}"
    assert "problem+json" in (response.header("Content-Type") or ""), f"{what}: not a problem document"
    assert response.json().get("code"), f"{what}: the problem document has no code: {response.text}"


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_unit_name_is_refused(server, admin_token, name):
    assert_refused(create_unit(server, admin_token, name), f"unit named {name!r}")


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_person_name_is_refused(server, admin_token, some_unit_id, name):
    assert_refused(create_person(server, admin_token, name, some_unit_id), f"person named {name!r}")


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_task_title_is_refused(server, admin_token, some_unit_id, name):
    assert_refused(create_task(server, admin_token, name, some_unit_id), f"task titled {name!r}")


def test_normal_names_still_work(server, admin_token, some_unit_id):
    unit = create_unit(server, admin_token, "测试单位 Test-Unit")
    assert unit.status == 201, f"a normal unit name answered {unit.brief()}"
    person = create_person(server, admin_token, "张三", some_unit_id)
    assert person.status == 201, f"a normal person name answered {person.brief()}"
    task = create_task(server, admin_token, "推进重点项目建设", some_unit_id)
    assert task.status == 201, f"a normal task title answered {task.brief()}"
