"""Sign-in takes about as long for an unknown username as for a wrong password, so response times
do not tell which usernames exist (issue 6, finding 9)."""

from __future__ import annotations

import statistics
import uuid

from luoshi_http import input_value

# A real bcrypt cost, so checking a password takes measurable time; limits high enough that ten
# failures are never throttled.
SERVER_ENV = {
    "LUOSHI_PASSWORD_COST": "10",
    "LUOSHI_SIGN_IN_FAILURES_PER_ACCOUNT": "1000",
    "LUOSHI_SIGN_IN_FAILURES_PER_ADDRESS": "100000",
}
ATTEMPTS = 5


def timed_failure(server, username: str) -> float:
    client = server.client()
    page = client.get("/signin")
    token = input_value(page.text, "csrf")
    response = client.post_form("/signin", [("username", username), ("password", "Wrong-password-1"), ("csrf", token)])
    assert response.status == 401, f"a failed sign-in for {username!r} answered {response.brief()}"
    return response.elapsed


def test_unknown_username_takes_as_long_as_wrong_password(server):
    # Warm up both paths once (first requests pay for lazy set-up).
    timed_failure(server, "admin")
    timed_failure(server, f"nobody-{uuid.uuid4().hex[:8]}")
    unknown, wrong = [], []
    for _ in range(ATTEMPTS):  # interleaved, so drift in machine load hits both alike
        unknown.append(timed_failure(server, f"nobody-{uuid.uuid4().hex[:8]}"))
        wrong.append(timed_failure(server, "duchashi"))
    median_unknown, median_wrong = statistics.median(unknown), statistics.median(wrong)
    detail = (f"median unknown-user {median_unknown * 1000:.1f} ms vs wrong-password {median_wrong * 1000:.1f} ms "
              f"(unknown: {[round(t * 1000, 1) for t in unknown]} ms; wrong: {[round(t * 1000, 1) for t in wrong]} ms)")
    print(detail)
    assert median_unknown >= 0.5 * median_wrong, "an unknown username is answered much faster: " + detail
