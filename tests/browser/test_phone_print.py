"""Issue 8: leaders read on phones and print. At 390 px the register is stacked cards with each
value labelled, the filters fold behind a switch, and the header keeps to one line; a bar is green
only when the work keeps pace with its time, with the percentage beside it; printed, a page is A4
with no navigation or forms, the unit and the date on top."""
from __future__ import annotations

import base64
import re

from selenium.webdriver.common.by import By

from conftest import sign_in, url


def style(driver, element, prop: str) -> str:
    return driver.execute_script("return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])", element, prop)


def test_the_register_on_a_phone_is_cards_with_folded_filters_and_a_one_line_header(browser):
    browser.set_window_size(390, 900)
    sign_in(browser, "duchashi")
    browser.get(url("/tasks?year=2026"))
    header = browser.find_element(By.CSS_SELECTOR, "header.top")
    assert header.size["height"] <= 60, f"the header takes {header.size['height']} px, more than one line"
    row = browser.find_element(By.CSS_SELECTOR, "table#tasks tbody tr")
    assert style(browser, row, "display") == "block", "a row is a card"
    assert not browser.find_element(By.CSS_SELECTOR, "table#tasks thead").is_displayed()
    unit = row.find_element(By.CSS_SELECTOR, "td.unit")
    label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", unit)
    assert "责任单位" in label, f"each value carries its label, got {label!r}"
    assert unit.size["width"] > 200, "a cell uses the card's width, not one character"
    form = browser.find_element(By.CSS_SELECTOR, "form#search")
    assert not form.is_displayed(), "filters fold away on a phone"
    browser.find_element(By.CSS_SELECTOR, "label.fold-label").click()
    assert form.is_displayed(), "the switch opens them"
    # Every bar has its number beside it.
    bars = browser.find_elements(By.CSS_SELECTOR, "table#tasks span.bar")
    assert bars and all(re.fullmatch(r"\d+%", bar.find_element(By.CSS_SELECTOR, ".pct").text) for bar in bars)


def test_a_lagging_bar_is_not_green(browser):
    sign_in(browser, "duchashi")
    browser.get(url("/tasks?year=2026"))
    lagging = browser.find_elements(By.CSS_SELECTOR, "span.bar.pace-lagging meter")
    on_track = browser.find_elements(By.CSS_SELECTOR, "span.bar.pace-onTrack meter, span.bar.pace-done meter")
    assert lagging, "the demo plan has work behind its time"
    # <meter> paints green only for a value in its optimum region: low = high = 0 with optimum 100.
    for meter in lagging:
        assert meter.get_attribute("low") == "100" and meter.get_attribute("high") == "100"
    for meter in on_track:
        assert meter.get_attribute("high") == "0"


def test_a_printed_page_is_a4_without_navigation(browser):
    sign_in(browser, "duchashi")
    browser.get(url("/tasks?year=2026"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "form#search").is_displayed()
    head = browser.find_element(By.CSS_SELECTOR, ".print-head")
    assert head.is_displayed() and re.search(r"\d{4}-\d{2}-\d{2}", head.text) and "督查室" in head.text, head.text
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf))
    assert boxes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in boxes), f"not A4: {boxes}"


def test_decisions_and_meetings_read_on_a_phone_and_print(browser):
    """Issue 9: a meeting's page on a phone is cards with labelled values and no sideways scroll;
    its printable minutes carry no forms or navigation, and list every item with its outcome."""
    browser.set_window_size(390, 900)
    sign_in(browser, "duchashi")
    browser.get(url("/meetings"))
    row = browser.find_element(By.CSS_SELECTOR, "table#meetings tbody tr")
    assert style(browser, row, "display") == "block", "a meeting is a card"
    row.find_element(By.CSS_SELECTOR, "td.title a").click()
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 392, f"the meeting page is {width} px wide on a 390 px screen"
    assert "应到" in browser.find_element(By.ID, "quorum").text
    browser.get(url("/decisions"))
    first = browser.find_element(By.CSS_SELECTOR, "table#decisions tbody tr td.title a")
    first.click()
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 392, f"the decision page is {width} px wide on a 390 px screen"
    steps = browser.find_elements(By.CSS_SELECTOR, "ol#procedure li")
    assert len(steps) == 6 and len(browser.find_elements(By.CSS_SELECTOR, "ol#procedure li.current")) == 1
    browser.get(url("/meetings"))
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "table#meetings td.title a") if "联席会" in a.text)
    browser.get(link.get_attribute("href") + "/minutes")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
    assert not browser.find_elements(By.CSS_SELECTOR, "main form")
    items = browser.find_element(By.ID, "print-agenda-items").text
    assert "通过" in items and "赞成" in items, items
    assert browser.find_element(By.CSS_SELECTOR, ".print-head").is_displayed()
