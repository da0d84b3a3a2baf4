"""X-Forwarded-For and the per-address sign-in limit (issue 6, finding 14): ignored unless the
peer is a configured trusted proxy; then failures count per forwarded address."""

from __future__ import annotations

import uuid

from luoshi_http import input_value

LIMIT = 5
LOW_LIMITS = {
    "LUOSHI_SIGN_IN_FAILURES_PER_ADDRESS": str(LIMIT),
    "LUOSHI_SIGN_IN_FAILURES_PER_ACCOUNT": "1000",
}


def failure(server, forwarded_for: str | None) -> int:
    client = server.client()
    page = client.get("/signin")
    token = input_value(page.text, "csrf")
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = client.post_form(
        "/signin", [("username", f"nobody-{uuid.uuid4().hex[:10]}"), ("password", "Wrong-password-1"), ("csrf", token)],
        headers=headers)
    assert response.status in (401, 429), f"a failed sign-in answered {response.brief()}"
    return response.status


def forwarded(i: int) -> str:
    return f"203.0.113.{i + 1}"


def test_forwarded_for_is_ignored_without_trusted_proxies(server_factory):
    server = server_factory(LOW_LIMITS, name="proxy-default")
    statuses = [failure(server, forwarded(i)) for i in range(LIMIT + 16)]  # 21 attempts
    assert statuses[:LIMIT] == [401] * LIMIT, f"the first {LIMIT} failures should be answered 401: {statuses}"
    assert all(s == 429 for s in statuses[LIMIT:]), (
        f"with no trusted proxy, varied X-Forwarded-For values escaped the per-address limit of {LIMIT}: {statuses}")


def test_forwarded_for_counts_per_client_behind_a_trusted_proxy(server_factory):
    server = server_factory(dict(LOW_LIMITS, LUOSHI_TRUSTED_PROXIES="127.0.0.1"), name="proxy-trusted")
    statuses = [failure(server, forwarded(i)) for i in range(20)]
    assert statuses == [401] * 20, (
        f"behind a trusted proxy, 20 failures from 20 distinct forwarded addresses were throttled: {statuses}")
    fresh = failure(server, forwarded(100))
    assert fresh == 401, f"the 21st failure, from a fresh forwarded address, was answered {fresh}"

    # Still throttled per forwarded address: one client that keeps failing hits the limit.
    repeated = [failure(server, "198.51.100.7") for _ in range(LIMIT + 1)]
    assert repeated[-1] == 429, f"{LIMIT + 1} failures from one forwarded address were not throttled: {repeated}"
    # A client cannot pick its own identity by prepending addresses: the proxy appends the real one.
    spoofed = failure(server, "10.9.8.7, 198.51.100.7")
    assert spoofed == 429, f"prepending an address to X-Forwarded-For escaped the limit: answered {spoofed}"
