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


def test_a_matter_goes_from_draft_through_a_meeting_to_its_tasks(browser):
    """Issue 9: the office proposes a matter, sends it to consultation with an expert opinion,
    calls a meeting, records attendance and votes, records the decision under the collective rules,
    and decomposes it into a key task that links back to it."""
    stamp = str(int(time.time() * 1000) % 10**8)
    sign_in(browser, "duchashi")
    browser.get(url("/decisions/new"))
    form = browser.find_element(By.CSS_SELECTOR, "form#decision-form")
    form.find_element(By.NAME, "title").send_keys(f"浏览器决策{stamp}")
    Select(form.find_element(By.NAME, "kind")).select_by_value("major")
    form.find_element(By.NAME, "content").send_keys("新建物流园区一处")
    submit_form(browser, form)
    decision_path = path_of(browser)
    assert decision_path.startswith("/decisions/"), decision_path
    assert "个别酝酿" in browser.find_element(By.ID, "decision-state").text

    consult = browser.find_element(By.CSS_SELECTOR, "#decision-actions form input[value=consult]").find_element(By.XPATH, "..")
    submit_form(browser, consult)
    assert "论证咨询" in browser.find_element(By.ID, "decision-state").text
    opinion = browser.find_element(By.CSS_SELECTOR, "form#opinion-form")
    opinion.find_element(By.NAME, "advisorName").send_keys("浏览器顾问")
    opinion.find_element(By.NAME, "text").send_keys("方案可行，建议分期实施。")
    submit_form(browser, opinion)
    assert "浏览器顾问" in browser.find_element(By.ID, "opinions").text

    browser.get(url("/meetings/new"))
    form = browser.find_element(By.CSS_SELECTOR, "form#meeting-form")
    form.find_element(By.NAME, "title").send_keys(f"浏览器联席会{stamp}")
    chair = Select(form.find_element(By.NAME, "chairId"))
    chair.select_by_index(0)
    chair_id = chair.first_selected_option.get_attribute("value")
    boxes = form.find_elements(By.CSS_SELECTOR, "input[name=memberIds]")
    chosen = [box for box in boxes if box.get_attribute("value") != chair_id][:2]
    for box in chosen:
        browser.execute_script("arguments[0].click()", box)
    submit_form(browser, form)
    meeting_path = path_of(browser)
    assert meeting_path.startswith("/meetings/"), meeting_path

    agenda = browser.find_element(By.CSS_SELECTOR, "form#agenda-form")
    Select(agenda.find_element(By.NAME, "decisionId")).select_by_visible_text(
        next(o.text for o in Select(agenda.find_element(By.NAME, "decisionId")).options if f"浏览器决策{stamp}" in o.text))
    submit_form(browser, agenda)
    assert f"浏览器决策{stamp}" in browser.find_element(By.ID, "agenda").text

    for index in range(3):
        row_form = browser.find_elements(By.CSS_SELECTOR, "#members form.attendance")[index]
        Select(row_form.find_element(By.NAME, "attendance")).select_by_value("present")
        submit_form(browser, row_form)
    assert "实到 3 人" in browser.find_element(By.ID, "quorum").text

    for index in range(2):
        vote = browser.find_element(By.CSS_SELECTOR, "#agenda form.vote")
        Select(vote.find_element(By.NAME, "personId")).select_by_index(index)
        Select(vote.find_element(By.NAME, "choice")).select_by_value("for")
        submit_form(browser, vote)
    assert "赞成 2 票" in browser.find_element(By.ID, "agenda").text

    outcome = browser.find_element(By.CSS_SELECTOR, "#agenda form.outcome-form")
    Select(outcome.find_element(By.NAME, "outcome")).select_by_value("decided")
    outcome.find_element(By.NAME, "note").send_keys("同意建设，分两期实施。")
    submit_form(browser, outcome)
    assert "通过" in browser.find_element(By.CSS_SELECTOR, "#agenda .outcome").text

    browser.get(url(decision_path))
    assert "已决定" in browser.find_element(By.ID, "decision-state").text
    assert "同意建设" in browser.find_element(By.ID, "resolution").text
    browser.find_element(By.ID, "decompose-decision").click()
    form = browser.find_element(By.CSS_SELECTOR, "form#task-form")
    assert Select(form.find_element(By.NAME, "decisionId")).first_selected_option.text.endswith(f"浏览器决策{stamp}")
    form.find_element(By.NAME, "title").send_keys(f"物流园区一期{stamp}")
    Select(form.find_element(By.NAME, "responsibleUnitId")).select_by_index(1)
    for name, value in (("start", "2026-12-01"), ("deadline", "2026-12-31")):
        browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, name), value)
    submit_form(browser, form)
    task_path = path_of(browser)
    assert task_path.startswith("/tasks/"), task_path
    assert f"浏览器决策{stamp}" in browser.find_element(By.ID, "decision").text
    browser.find_element(By.CSS_SELECTOR, "#decision a").click()
    assert f"物流园区一期{stamp}" in browser.find_element(By.ID, "decision-tasks").text
    assert "分解落实中" in browser.find_element(By.ID, "decision-state").text
