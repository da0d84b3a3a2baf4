"""Changing the password ends the account's other sessions and API tokens; "sign out everywhere"
ends every session of the account (issue 6, finding 7)."""

from __future__ import annotations

from luoshi_http import DEMO_PASSWORD, by_class, forms, texts_where

USER = "fagaiju-staff"
NEW_PASSWORD = "Xinmima-2026-abc"


def signed_out(client) -> bool:
    response = client.get("/")
    return response.status in (302, 303) and (response.location or "").startswith("/signin")


def password_fields(form) -> tuple[str, str]:
    names = [name for name, kind in form.kinds.items() if kind == "input:password"]
    assert len(names) == 2, f"the password form has password inputs {names}, expected current and new"
    return names[0], names[1]


def test_password_change_ends_other_sessions_and_tokens(server):
    one = server.client()
    one.sign_in(USER)
    two = server.client()
    two.sign_in(USER)
    token = server.new_token(USER, "before-password-change")
    api = server.client()
    assert api.api("GET", "/session", token=token).status == 200, "the new API token does not work at all"
    assert not signed_out(two), "session 2 is not signed in to begin with"

    settings = one.get("/settings")
    form = next((f for f in forms(settings.text) if f.id == "password"), None)
    assert form is not None, "no form#password on /settings"
    current, new = password_fields(form)
    response = one.post_form(form.action or "/settings/password", form.replaced(**{current: DEMO_PASSWORD, new: NEW_PASSWORD}))
    assert response.status == 303, f"changing the password answered {response.brief()}"

    assert signed_out(two), "session 2 is still signed in after the password was changed in session 1"
    old_token = api.api("GET", "/session", token=token)
    assert old_token.status == 401, f"the API token created before the change answered {old_token.status}, expected 401"
    assert not signed_out(one), "session 1 (where the password was changed) was signed out"

    landing = one.get(response.location or "/settings")
    assert landing.status == 200, f"GET {response.location} after the change answered {landing.brief()}"
    flash = " ".join(texts_where(landing.text, by_class("flash")))
    assert "session" in flash.lower() or "会话" in flash or "登录" in flash, (
        f"the settings page does not say that other sessions were ended; its notice is {flash!r}")

    fresh = server.client()
    assert fresh.sign_in(USER, DEMO_PASSWORD, expect_success=False).status == 401, "the old password still signs in"
    fresh.sign_in(USER, NEW_PASSWORD)


def test_sign_out_everywhere_ends_every_session_including_this_one(server):
    user = "fagaiju"
    one = server.client()
    one.sign_in(user)
    two = server.client()
    two.sign_in(user)
    other_user = server.client()
    other_user.sign_in("jijian")
    cookie_one = one.cookies["luoshi_session"]

    settings = one.get("/settings")
    form = next((f for f in forms(settings.text) if (f.action or "").rstrip("/") == "/settings/sign-out-everywhere"), None)
    assert form is not None, (
        f"no form posting to /settings/sign-out-everywhere on /settings; forms: {[(f.id, f.action) for f in forms(settings.text)]}")
    response = one.post_form(form.action, form.fields)
    assert response.status in (302, 303), f"sign out everywhere answered {response.brief()}"

    assert signed_out(two), "another session of the account survived 'sign out everywhere'"
    # The session that asked: even a browser that kept its cookie is signed out.
    kept = server.client()
    kept.cookies = {"luoshi_session": cookie_one}
    assert signed_out(kept), "the session that pressed 'sign out everywhere' still works"
    assert not signed_out(other_user), "another account's session was ended too"
