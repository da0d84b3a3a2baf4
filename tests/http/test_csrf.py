"""CSRF over real TCP: a large streamed form still carries its token (issue 6, finding 1), and the
token is bound to the session rather than to a cookie any site can plant (finding 3)."""

from __future__ import annotations

import time

from luoshi_http import form_by_id, page_text, task_ids_linked

PLANTED = "plantedvalue1234567890abcd"


def first_task_id(client) -> str:
    page = client.get("/tasks")
    assert page.status == 200, f"GET /tasks answered {page.brief()}"
    ids = task_ids_linked(page.text)
    assert ids, "the register at /tasks lists no task"
    return ids[0]


def long_text(marker: str, characters: int) -> str:
    """Chinese text of `characters` characters (3 bytes each in UTF-8), starting with marker."""
    body = "落实重点工作目标要求逐项推进按期完成"
    text = marker + body * (characters // len(body) + 1)
    return text[:characters]


def edit_fields(client, task_id: str, target: str, requirements: str) -> list[tuple[str, str]]:
    page = client.get(f"/tasks/{task_id}/edit")
    assert page.status == 200, f"GET /tasks/{task_id}/edit answered {page.brief()}"
    form = form_by_id(page.text, "task-form")
    assert form.values("csrf"), "the edit form has no csrf field"
    return form.replaced(target=target, requirements=requirements)


def test_large_streamed_form_with_csrf_field_is_accepted(server):
    client = server.client()
    client.sign_in("duchashi")
    task_id = first_task_id(client)
    marker = f"大表单{int(time.time() * 1000) % 10**8}"
    target = long_text(marker, 1800)
    requirements = long_text(marker + "要求", 1900)
    fields = edit_fields(client, task_id, target, requirements)
    textarea_bytes = len(target.encode()) + len(requirements.encode())
    assert textarea_bytes > 10_000, f"the textareas hold only {textarea_bytes} bytes"

    # No X-CSRF-Token header: only the form field carries the token, as from a browser. The body
    # (~33 KB url-encoded) goes out in 1 KB pieces, so the server receives it streamed.
    response = client.post_form(f"/tasks/{task_id}/edit", fields, chunk=1024, pause=0.002)
    assert response.status == 303, (
        f"an edit form of {textarea_bytes} bytes of text with a correct csrf field answered {response.brief()}")
    assert response.location and response.location.startswith(f"/tasks/{task_id}"), \
        f"the edit redirected to {response.location!r}"

    shown = client.get(f"/tasks/{task_id}")
    assert shown.status == 200, f"GET /tasks/{task_id} answered {shown.brief()}"
    text = page_text(shown.text)
    assert target in text, "the new 1,800-character target is not shown on the task page after saving"
    assert requirements in text, "the new 1,900-character requirements are not shown on the task page after saving"


def test_large_streamed_form_with_wrong_csrf_is_refused(server):
    client = server.client()
    client.sign_in("duchashi")
    task_id = first_task_id(client)
    marker = f"错令牌{int(time.time() * 1000) % 10**8}"
    fields = edit_fields(client, task_id, long_text(marker, 1800), long_text(marker, 1900))
    wrong = [(k, ("x" * 64 if k == "csrf" else v)) for k, v in fields]
    response = client.post_form(f"/tasks/{task_id}/edit", wrong, chunk=1024, pause=0.002)
    assert response.status == 403, f"a large edit form with a wrong csrf field answered {response.brief()}"
    shown = client.get(f"/tasks/{task_id}")
    assert marker not in shown.text, "the edit with a wrong csrf field was saved anyway"


def test_small_form_without_csrf_is_refused(server):
    client = server.client()
    client.sign_in("fagaiju-staff")
    response = client.post_form("/settings/language", [("language", "en")])
    assert response.status == 403, f"a form without a csrf field answered {response.brief()}"


def test_planted_csrf_cookie_does_not_authorise_a_form(server):
    client = server.client()
    client.sign_in("fagaiju-staff")
    real = client.csrf("/settings")
    assert real != PLANTED

    client.cookies["luoshi_csrf"] = PLANTED
    response = client.post_form("/settings/language", [("language", "en"), ("csrf", PLANTED)])
    assert response.status == 403, (
        f"a form whose csrf field repeats a planted luoshi_csrf cookie answered {response.brief()} "
        "(the token must come from the session, not from a cookie another site can set)")

    # Control: the same session with the token its own pages show is accepted.
    response = client.post_form("/settings/language", [("language", "en"), ("csrf", client.csrf("/settings"))])
    assert response.status == 303, f"the session's own csrf token answered {response.brief()}"


def test_csrf_token_of_one_session_does_not_work_for_another(server):
    a = server.client()
    a.sign_in("fagaiju")
    token_a = a.csrf("/settings")

    b = server.client()
    b.sign_in("fagaiju-staff")
    token_b = b.csrf("/settings")
    assert token_a != token_b, "two sessions of different users were shown the same csrf token"

    # Everything of A's browser (its luoshi_csrf cookie included) except the session: B's.
    mixed = server.client()
    mixed.cookies = dict(a.cookies)
    mixed.cookies["luoshi_session"] = b.cookies["luoshi_session"]
    response = mixed.post_form("/settings/language", [("language", "en"), ("csrf", token_a)])
    assert response.status == 403, (
        f"user A's csrf token (with A's csrf cookie) under user B's session answered {response.brief()}")

    # And B's own token still works for B.
    response = b.post_form("/settings/language", [("language", "en"), ("csrf", token_b)])
    assert response.status == 303, f"B's own csrf token answered {response.brief()}"


def test_each_session_of_the_same_user_has_its_own_token(server):
    one = server.client()
    one.sign_in("fagaiju-staff")
    two = server.client()
    two.sign_in("fagaiju-staff")
    token_one = one.csrf("/settings")
    mixed = server.client()
    mixed.cookies = {"luoshi_session": two.cookies["luoshi_session"]}
    response = mixed.post_form("/settings/language", [("language", "en"), ("csrf", token_one)])
    assert response.status == 403, f"session 1's csrf token used with session 2 answered {response.brief()}"
