"""Error pages (issue 6, finding 8): the security headers are on refusals too, there is no csrf
field on them, and they show a message in words rather than a rule code."""

from __future__ import annotations

import re

import pytest

from luoshi_http import by_class, inputs_named, page_text, texts_where

# Rule codes look like access.role_not_allowed, record.not_found, page.not_found, request.malformed.
RULE_CODE = re.compile(
    r"\b(?:field|request|password|unit|account|person|record|access|sign_in|task|indicator|key_object|import|service|page|internal)"
    r"\.[a-z_]+\b")


def error_cases(server):
    staff = server.client()
    staff.sign_in("fagaiju-staff")
    token = staff.csrf("/settings")
    return {
        "403 role (staff opens /accounts)": (403, lambda: staff.get("/accounts")),
        "403 csrf (form without token)": (403, lambda: staff.post_form("/settings/language", [("language", "en")])),
        "404 unknown page": (404, lambda: staff.get("/no-such-page")),
        "404 unknown task": (404, lambda: staff.get("/tasks/00000000-0000-4000-8000-000000000000")),
        "422 invalid choice": (422, lambda: staff.post_form("/settings/language", [("language", "xx"), ("csrf", token)])),
        "405 GET on a POST-only path": (405, lambda: staff.get("/settings/language")),
        "404 signed out": (404, lambda: server.client().get("/no-such-page")),
    }


CASES = ["403 role (staff opens /accounts)", "403 csrf (form without token)", "404 unknown page", "404 unknown task",
         "422 invalid choice", "405 GET on a POST-only path", "404 signed out"]


@pytest.fixture(scope="module")
def responses(server):
    return {name: (status, call()) for name, (status, call) in error_cases(server).items()}


@pytest.mark.parametrize("case", CASES)
def test_error_page_status_and_headers(responses, case):
    expected, response = responses[case]
    assert response.status == expected, f"{case}: expected {expected}, got {response.brief()}"
    headers = {name: response.header(name) for name in
               ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Cache-Control")}
    assert headers["X-Content-Type-Options"] == "nosniff", f"{case}: {headers}"
    assert (headers["X-Frame-Options"] or "").upper() == "DENY", f"{case}: {headers}"
    assert headers["Content-Security-Policy"], f"{case}: no Content-Security-Policy: {headers}"
    assert "no-store" in (headers["Cache-Control"] or ""), f"{case}: {headers}"


@pytest.mark.parametrize("case", CASES)
def test_error_page_has_no_csrf_field(responses, case):
    _, response = responses[case]
    assert "html" in (response.header("Content-Type") or ""), f"{case}: not an HTML page: {response.header('Content-Type')}"
    found = inputs_named(response.text, "csrf")
    assert not found, f"{case}: the error page carries a csrf field: {found}"


@pytest.mark.parametrize("case", CASES)
def test_error_page_shows_a_message_not_a_rule_code(responses, case):
    _, response = responses[case]
    text = page_text(response.text)
    codes = RULE_CODE.findall(text)
    assert not codes, f"{case}: the page shows rule codes {codes}: {text[:300]!r}"
    messages = [m.strip() for m in texts_where(response.text, by_class("detail")) + texts_where(response.text, by_class("problem"))]
    assert any(messages), f"{case}: no message on the error page: {text[:300]!r}"
