"""The `next` parameter of sign-in (issue 6, finding 4): no header injection through CR/LF, and a
redirect only ever to a path of this site."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from luoshi_http import inputs_named

INJECTED = "/\r\nSet-Cookie: luoshi_csrf=planted"


def test_signin_page_does_not_carry_crlf_in_next(server):
    client = server.client()
    response = client.get("/signin?next=%2F%0D%0ASet-Cookie:%20luoshi_csrf=planted")
    assert response.status == 200, f"GET /signin with an injected next answered {response.brief()}"
    assert not any("planted" in v for v in response.all("Set-Cookie")), \
        f"the sign-in page set a planted cookie: {response.all('Set-Cookie')}"
    nexts = inputs_named(response.text, "next")
    values = [a.get("value", "") for a in nexts]
    for value in values:
        assert "\r" not in value and "\n" not in value, f"the hidden next field holds CR/LF: {value!r}"
    assert values in ([], ["/"]), f"the hidden next field should be absent or '/', is {values!r}"
    assert "Set-Cookie" not in response.text, "the injected header text is echoed into the sign-in page"


def sign_in_with_next(server, next_value: str):
    client = server.client()
    response = client.sign_in("fagaiju-staff", next=next_value, expect_success=False)
    assert response.status == 303, f"signing in with next={next_value!r} answered {response.brief()}"
    return response


def test_crlf_in_next_neither_splits_headers_nor_plants_a_cookie(server):
    response = sign_in_with_next(server, INJECTED)
    assert response.location == "/", f"next={INJECTED!r} redirected to {response.location!r}"
    planted = [v for v in response.all("Set-Cookie") if "planted" in v]
    assert not planted, f"the sign-in answer set a planted cookie: {planted}"
    for name, value in response.headers:
        assert "\r" not in value and "\n" not in value, f"header {name} holds CR/LF: {value!r}"


@pytest.mark.parametrize("next_value", [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example",
    "/\n/evil.example",
    " //evil.example",
])
def test_next_leading_off_site_goes_home(server, next_value):
    response = sign_in_with_next(server, next_value)
    location = response.location or ""
    assert location == "/", f"next={next_value!r} redirected to {location!r}"
    assert not location.startswith("//") and not urlparse(location).netloc, \
        f"next={next_value!r} redirected off site: {location!r}"


def test_next_with_a_query_is_kept(server):
    response = sign_in_with_next(server, "/tasks?year=2026")
    assert response.location == "/tasks?year=2026", f"next=/tasks?year=2026 redirected to {response.location!r}"
