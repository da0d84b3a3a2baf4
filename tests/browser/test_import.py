"""Importing a real spreadsheet through the browser (issue 6, finding 2): a multipart upload of
50 KB or more, which Chromium streams, still carries its csrf field and is imported.

The file is the supervision office's own task export, re-packed without compression (a valid
.xlsx; Excel writes such files too) so that it is at least 50 KB while holding exactly the same
rows: importing it back changes nothing in the shared demo data."""

from __future__ import annotations

import datetime
import http.client
import io
import os
import tempfile
import zipfile
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, sign_in, submit_form, url

MIN_BYTES = 50 * 1024


def download(path: str, driver) -> bytes:
    """GET path with the browser's cookies; the raw bytes (http_get in conftest decodes text)."""
    parsed = urlparse(BASE_URL)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=60)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.putheader("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies()))
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, f"GET {path} answered {response.status}: {body[:200]!r}"
        return body
    finally:
        conn.close()


def stored_copy(xlsx: bytes, padding: int = 0) -> bytes:
    """The same workbook with every part stored uncompressed; padding adds an unreferenced,
    uncompressed docProps part of that many bytes (readers ignore parts nothing points to)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename), compress_type=zipfile.ZIP_STORED)
        if padding > 0:
            target.writestr("docProps/luoshi-test-padding.xml",
                            ('<?xml version="1.0" encoding="UTF-8"?><padding>' + "落实" * (padding // 6) + "</padding>")
                            .encode(), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def test_large_xlsx_import_through_the_browser_is_not_refused_as_csrf(browser, artifacts):
    sign_in(browser, "duchashi")
    year = datetime.date.today().year
    export = download(f"/export?kind=tasks&format=xlsx&year={year}", browser)
    data = stored_copy(export)
    if len(data) < MIN_BYTES:
        data = stored_copy(export, padding=MIN_BYTES - len(data) + 1024)
    assert len(data) >= MIN_BYTES, f"the upload is only {len(data)} bytes"

    folder = tempfile.mkdtemp(prefix="luoshi-import-")
    path = os.path.join(folder, "tasks.xlsx")
    with open(path, "wb") as f:
        f.write(data)

    browser.get(url("/import"))
    form = browser.find_element(By.CSS_SELECTOR, "form#import-form")
    Select(form.find_element(By.NAME, "kind")).select_by_value("tasks")
    form.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(path)
    submit_form(browser, form)

    browser.save_screenshot(os.path.join(artifacts, "import-large-xlsx.png"))
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "csrf" not in text.lower(), f"the {len(data)}-byte upload was refused as csrf: {text[:400]!r}"
    for refusal in ("表单已过期", "The form expired"):
        assert refusal not in text, f"the {len(data)}-byte upload was refused as an expired form: {text[:400]!r}"
    reports = browser.find_elements(By.ID, "import-report")
    assert reports, f"no import summary after uploading {len(data)} bytes; the page says: {text[:400]!r}"
    summary = reports[0].text
    assert "导入完成" in summary or "Imported" in summary, f"unexpected import summary: {summary!r}"
