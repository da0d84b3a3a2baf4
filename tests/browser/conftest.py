"""Selenium fixtures for Luoshi's browser tests.

The server under test is at $LUOSHI_URL (scripts/test starts `luoshi serve
--demo` and sets it). Pages work without JavaScript, so the tests drive plain
forms. Chromium is Debian's (/usr/bin/chromium + /usr/bin/chromedriver): as
root it needs --no-sandbox, and --disable-dev-shm-usage avoids the small /dev/shm.
"""

from __future__ import annotations

import http.client
import os
import re
import tempfile
from urllib.parse import urlencode, urlparse

import pytest
from selenium.common.exceptions import WebDriverException
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

# Selenium Manager would try to phone home; the driver is given explicitly.
os.environ.setdefault("SE_AVOID_STATS", "true")

BASE_URL = os.environ.get("LUOSHI_URL", "http://127.0.0.1:8080").rstrip("/")
DEMO_PASSWORD = "Luoshi-2026"
WAIT_SECONDS = 15

# username -> role, as seeded by `luoshi serve --demo`.
DEMO_ACCOUNTS = {
    "admin": "admin",
    "duchashi": "supervisor",
    "shuji": "leader",
    "fagaiju": "unit head",
    "fagaiju-staff": "staff",
    "jijian": "auditor",
}
FAGAIJU_UNIT = "区发展和改革局"


def _artifacts_dir() -> str:
    path = os.environ.get("LUOSHI_ARTIFACTS") or tempfile.mkdtemp(prefix="luoshi-artifacts-")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def artifacts() -> str:
    return _artifacts_dir()


def make_driver() -> WebDriver:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
    ):
        options.add_argument(arg)
    # Look like a browser set to Chinese; the "no preference" case is checked
    # separately with a request that sends no Accept-Language at all.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser():
    """A fresh headless Chromium per test: no cookies carry over between tests."""
    driver = make_driver()
    try:
        yield driver
    finally:
        driver.quit()


# --- helpers -------------------------------------------------------------------


def url(path: str) -> str:
    return BASE_URL + path


def path_of(driver: WebDriver) -> str:
    return urlparse(driver.current_url).path


def _detached(element: WebElement):
    """Like EC.staleness_of, but Chromium sometimes reports a node of the old page as an
    'unhandled inspector error' (Node ... does not belong to the document) instead of a stale
    element: that means the page was replaced too."""
    def check(_driver) -> bool:
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return check


def submit_form(driver: WebDriver, form: WebElement) -> None:
    """Click the form's submit button and wait for the next page to load."""
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
    button.click()
    WebDriverWait(driver, WAIT_SECONDS).until(_detached(button))
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def submit_signin(driver: WebDriver, username: str, password: str) -> None:
    driver.get(url("/signin"))
    form = driver.find_element(By.CSS_SELECTOR, "form#signin")
    form.find_element(By.NAME, "username").send_keys(username)
    form.find_element(By.NAME, "password").send_keys(password)
    submit_form(driver, form)


def sign_in(driver: WebDriver, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form and check that it worked (landed on /)."""
    submit_signin(driver, username, password)
    assert path_of(driver) == "/", f"signing in as {username} landed on {driver.current_url}"


def whoami(driver: WebDriver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "#whoami").text.strip()


def table_rows(driver: WebDriver, table_css: str) -> list[WebElement]:
    """Data rows of a table: rows with at least one <td> (header rows have none)."""
    table = driver.find_element(By.CSS_SELECTOR, table_css)
    return [r for r in table.find_elements(By.CSS_SELECTOR, "tr") if r.find_elements(By.TAG_NAME, "td")]


def html_lang(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang") or ""


def select_option(select_el: WebElement, prefer_text: str | None = None) -> None:
    """Pick the option whose text is prefer_text, else keep a non-empty
    selection, else take the first option that has a value."""
    select = Select(select_el)
    if prefer_text is not None:
        for option in select.options:
            # Unit pickers indent sub-units with ideographic spaces (U+3000); compare without them.
            if option.text.strip().strip("\u3000") == prefer_text:
                select.select_by_value(option.get_attribute("value"))
                return
    if select.first_selected_option.get_attribute("value"):
        return
    for option in select.options:
        if option.get_attribute("value"):
            select.select_by_value(option.get_attribute("value"))
            return
    raise AssertionError("select has no option with a value")


def create_person(driver: WebDriver, name: str, position: str = "科员") -> str:
    """As the signed-in user, create a person through /people/new; return the
    path of the page the form lands on (the new person's page)."""
    driver.get(url("/people/new"))
    form = driver.find_element(By.CSS_SELECTOR, "form#person-form")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "position").send_keys(position)
    select_option(form.find_element(By.CSS_SELECTOR, "select[name=rank]"))
    select_option(form.find_element(By.CSS_SELECTOR, "select[name=unitId]"), prefer_text=FAGAIJU_UNIT)
    submit_form(driver, form)
    return path_of(driver)


def http_get(path: str, headers: dict[str, str] | None = None, driver: WebDriver | None = None):
    """A plain GET without following redirects, optionally carrying the
    browser's cookies: for what Selenium cannot see (status codes, the exact
    request headers). Returns (status, headers, body text)."""
    parsed = urlparse(BASE_URL)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=15)
    all_headers = dict(headers or {})
    if driver is not None:
        all_headers["Cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    try:
        # skip_accept_encoding: keep the response uncompressed and the request minimal.
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in all_headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def lang_attribute(html: str) -> str | None:
    match = re.search(r"<html\b[^>]*\blang\s*=\s*[\"']?([^\"'\s>]+)", html, re.IGNORECASE)
    return match.group(1) if match else None


def query(**params: str) -> str:
    return "?" + urlencode(params)
