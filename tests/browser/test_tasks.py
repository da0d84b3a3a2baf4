"""The responsibility flow in a real browser: a unit head decomposes one of the unit's key tasks
to a staff member, who then finds it under "my tasks"; another unit's staff does not."""
from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import FAGAIJU_UNIT, path_of, sign_in, submit_form, table_rows, url, whoami


def open_decomposable_task(browser) -> str:
    """Opens a key task of the unit head's own unit that can still be decomposed; returns its path."""
    browser.get(url("/tasks?year=2026"))
    rows = table_rows(browser, "table#tasks")
    assert rows, "the unit head's register is empty"
    links = [
        row.find_element(By.CSS_SELECTOR, "td.title a").get_attribute("href")
        for row in rows
        if row.find_element(By.CSS_SELECTOR, "td.unit").text.strip() == FAGAIJU_UNIT
    ]
    assert links, f"no task of {FAGAIJU_UNIT} in the unit head's register"
    for link in links[:10]:
        browser.get(link)
        if browser.find_elements(By.ID, "decompose"):
            return path_of(browser)
    raise AssertionError("none of the unit's tasks offers decomposition")


def test_unit_head_decomposes_to_staff_who_sees_it_under_my_tasks(browser):
    sign_in(browser, "fagaiju-staff")
    staff_name = whoami(browser).split("（")[0].strip()
    assert staff_name, "the staff account shows no name"
    browser.delete_all_cookies()

    sign_in(browser, "fagaiju")
    parent = open_decomposable_task(browser)
    browser.find_element(By.ID, "decompose").click()
    form = browser.find_element(By.CSS_SELECTOR, "form#decompose-form")
    title = f"浏览器分解{int(time.time() * 1000) % 10**8}"
    form.find_element(By.NAME, "title").send_keys(title)
    assignee = Select(form.find_element(By.NAME, "assigneeId"))
    choice = next((o for o in assignee.options if o.text.startswith(staff_name)), None)
    assert choice is not None, f"{staff_name} is not offered as the responsible person"
    assignee.select_by_value(choice.get_attribute("value"))
    submit_form(browser, form)
    assert path_of(browser) == parent, f"decomposing landed on {path_of(browser)}"
    assert browser.find_elements(By.CSS_SELECTOR, ".flash.success"), "no confirmation after decomposing"
    tree = browser.find_element(By.CSS_SELECTOR, "table#tasks").text
    assert title in tree and staff_name in tree, "the new sub-task is not in the task's tree"

    browser.delete_all_cookies()
    sign_in(browser, "fagaiju-staff")
    browser.get(url("/my/tasks"))
    mine = browser.find_element(By.ID, "my-tasks").text
    assert title in mine, "the staff member does not see the sub-task under my tasks"

    browser.delete_all_cookies()
    sign_in(browser, "yunhe")
    browser.get(url("/my/tasks"))
    assert title not in browser.page_source, "another unit's head sees the sub-task"


def test_the_person_list_keeps_to_the_chosen_unit(browser):
    """Issue 8: choosing a unit narrows the person picker to that unit's people (and its sub-units'),
    so a person of another unit cannot be picked by mistake; the round-trip button is hidden."""
    sign_in(browser, "duchashi")
    browser.get(url("/tasks?year=2026&q=" + "全区工业经济运行监测调度"))
    browser.find_element(By.CSS_SELECTOR, "table#tasks td.title a").click()
    browser.find_element(By.ID, "decompose").click()
    form = browser.find_element(By.CSS_SELECTOR, "form#decompose-form")
    units = Select(form.find_element(By.NAME, "responsibleUnitId"))
    people = form.find_element(By.NAME, "assigneeId")
    assert not form.find_element(By.CSS_SELECTOR, "button.narrow-people").is_displayed(), \
        "with the script, the round-trip button is hidden"
    offered = {}
    for index, option in enumerate(units.options):
        name = option.text.strip().lstrip("\u3000")
        units.select_by_index(index)
        groups = [g.get_attribute("label") for g in people.find_elements(By.TAG_NAME, "optgroup")
                  if g.get_attribute("disabled") is None]
        offered[name] = groups
    assert len(offered) >= 3, f"the task's units: {list(offered)}"
    for name, groups in offered.items():
        assert groups, f"no one is offered for {name}"
        assert groups[0] == name, f"choosing {name} offers {groups}"
