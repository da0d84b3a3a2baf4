"""Browser tests of Luoshi's pages, as the demo accounts use them.

The selectors (form#signin, table#people, td.unit, form#person-form, .problem,
table#audit, form#signout, form#language, #whoami, .flash.error) are the
contract with the server; extra markup around them is fine.
"""

from __future__ import annotations

import os
import time

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    DEMO_ACCOUNTS,
    FAGAIJU_UNIT,
    create_person,
    html_lang,
    http_get,
    lang_attribute,
    path_of,
    query,
    sign_in,
    submit_form,
    submit_signin,
    table_rows,
    url,
    whoami,
)

XSS_NAME = "测试干部<script>alert(1)</script>"


def assert_no_alert(driver) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    pytest.fail(f"page opened an alert ({text!r}): markup was not escaped")


# --- sign-in ---------------------------------------------------------------------


def test_signin_form_has_the_expected_fields(browser):
    browser.get(url("/signin"))
    form = browser.find_element(By.CSS_SELECTOR, "form#signin")
    assert form.find_element(By.CSS_SELECTOR, "input[name=username]")
    assert form.find_element(By.CSS_SELECTOR, "input[name=password]").get_attribute("type") == "password"
    assert form.find_element(By.CSS_SELECTOR, "button[type=submit]")


@pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
def test_every_demo_account_signs_in_and_sees_its_name(browser, username):
    sign_in(browser, username)
    assert whoami(browser), f"#whoami is empty for {username}"


def test_whoami_shows_who_is_signed_in(browser):
    sign_in(browser, "admin")
    admin_name = whoami(browser)
    browser.delete_all_cookies()
    sign_in(browser, "fagaiju")
    unit_head_name = whoami(browser)
    assert admin_name and unit_head_name
    assert admin_name != unit_head_name, "#whoami shows the same text for two different people"


def test_wrong_password_shows_error_and_stays_on_signin(browser):
    submit_signin(browser, "admin", "not-the-password")
    assert path_of(browser) == "/signin"
    error = browser.find_element(By.CSS_SELECTOR, ".flash.error")
    assert error.text.strip(), ".flash.error is empty"
    # And nobody is signed in: a protected page still sends us to /signin.
    browser.get(url("/people"))
    assert path_of(browser) == "/signin"


def test_sign_out_ends_the_session(browser):
    sign_in(browser, "fagaiju-staff")
    browser.get(url("/"))
    form = browser.find_element(By.CSS_SELECTOR, "form#signout")
    submit_form(browser, form)
    browser.get(url("/people"))
    assert path_of(browser) == "/signin", f"/people after sign-out shows {browser.current_url}"


# --- people ---------------------------------------------------------------------


def first_row_name(row) -> str:
    """The person's name in a row: the td.name cell if there is one, else the first cell."""
    cells = row.find_elements(By.CSS_SELECTOR, "td.name") or row.find_elements(By.TAG_NAME, "td")
    return cells[0].text.strip()


def test_admin_sees_everyone_and_search_filters(browser, artifacts):
    sign_in(browser, "admin")
    browser.get(url("/people"))
    rows = table_rows(browser, "table#people")
    assert len(rows) > 20, f"admin sees only {len(rows)} people"
    # For a human: do the Chinese glyphs render (no tofu boxes)?
    shot = os.path.join(artifacts, "people.png")
    browser.save_screenshot(shot)
    print(f"screenshot: {shot}")

    name = first_row_name(rows[0])
    assert name, "first row of table#people has no name"
    form = browser.find_element(By.CSS_SELECTOR, "form#search")
    box = form.find_element(By.NAME, "q")
    box.clear()
    box.send_keys(name)
    submit_form(browser, form)
    found = table_rows(browser, "table#people")
    assert found, f"searching for {name!r} found nobody"
    assert len(found) <= len(rows)
    for row in found:
        assert name in row.text, f"search for {name!r} returned row {row.text!r}"


def test_unit_head_sees_only_own_unit(browser):
    sign_in(browser, "fagaiju")
    browser.get(url("/people"))
    rows = table_rows(browser, "table#people")
    assert rows, "unit head sees nobody"
    units = {row.find_element(By.CSS_SELECTOR, "td.unit").text.strip() for row in rows}
    assert units == {FAGAIJU_UNIT}, f"unit head sees people of {units}"


def test_unit_head_creates_person_with_markup_in_name(browser):
    sign_in(browser, "fagaiju")
    browser.get(url("/people/new"))
    form = browser.find_element(By.CSS_SELECTOR, "form#person-form")
    for css in ("input[name=name]", "input[name=position]", "select[name=rank]", "select[name=unitId]"):
        assert form.find_elements(By.CSS_SELECTOR, css), f"form#person-form lacks {css}"

    landed = create_person(browser, XSS_NAME)
    assert_no_alert(browser)
    assert landed.startswith("/people/") and landed != "/people/new", f"creating landed on {landed}"
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.text.strip() == XSS_NAME
    assert not heading.find_elements(By.TAG_NAME, "script"), "the name became a <script> element"

    browser.get(url("/people" + query(q="测试干部")))
    assert_no_alert(browser)
    rows = table_rows(browser, "table#people")
    assert any(XSS_NAME in row.text for row in rows), "the new person is not listed by /people?q=测试干部"


def test_unit_head_cannot_create_units(browser):
    sign_in(browser, "fagaiju")
    browser.get(url("/units/new"))
    assert browser.find_elements(By.CSS_SELECTOR, ".problem"), "/units/new shows no .problem for a unit head"
    status, _, _ = http_get("/units/new", driver=browser)
    assert status == 403, f"/units/new answered {status} to a unit head"


# --- audit ----------------------------------------------------------------------


def test_auditor_sees_person_creation_in_audit(browser):
    sign_in(browser, "jijian")
    browser.get(url("/audit"))
    assert table_rows(browser, "table#audit"), "the audit log is empty"
    browser.get(url("/audit" + query(kind="person")))
    before = table_rows(browser, "table#audit")
    before_count = len(before)

    # Self-contained: the unit head creates a person now.
    browser.delete_all_cookies()
    sign_in(browser, "fagaiju")
    name = f"审计测试{int(time.time() * 1000) % 10**8}"
    landed = create_person(browser, name)
    person_id = landed.rstrip("/").rsplit("/", 1)[-1]

    browser.delete_all_cookies()
    sign_in(browser, "jijian")
    browser.get(url("/audit" + query(kind="person")))
    after = table_rows(browser, "table#audit")
    assert after, "no audit rows for kind=person"
    mentions = [r for r in after if name in r.text or person_id in r.text.split()]
    assert len(after) > before_count or mentions, (
        f"creating person {name} (id {person_id}) added no row to /audit?kind=person"
    )


# --- language -------------------------------------------------------------------


def test_no_language_preference_means_chinese(browser):
    # Exactly "no preference": no Accept-Language header, no cookie.
    status, _, body = http_get("/signin")
    assert status == 200
    assert lang_attribute(body) == "zh-Hans"
    browser.get(url("/signin"))
    assert html_lang(browser) == "zh-Hans"


def test_choosing_english_in_settings(browser):
    # duchashi is used by no other test that reads text, and is reset below.
    sign_in(browser, "duchashi")
    assert html_lang(browser) == "zh-Hans"
    try:
        choose_language(browser, "en")
        assert html_lang(browser) == "en"
        browser.get(url("/"))
        assert html_lang(browser) == "en", "the language choice did not stick"
    finally:
        choose_language(browser, "zh-Hans")
    assert html_lang(browser) == "zh-Hans"


def choose_language(browser, value: str) -> None:
    browser.get(url("/settings"))
    form = browser.find_element(By.CSS_SELECTOR, "form#language")
    select = Select(form.find_element(By.CSS_SELECTOR, "select[name=language]"))
    values = {o.get_attribute("value") for o in select.options}
    assert {"zh-Hans", "en"} <= values, f"language options are {values}"
    select.select_by_value(value)
    submit_form(browser, form)
