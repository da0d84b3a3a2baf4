"""The supervision loop in a real browser (issue 10): the office registers a task already past its
deadline; a staff member of the responsible unit reports it late with its reason, remedy and a new
committed date (first without the reason, which the reporting rule refuses); the unit head signs
the report off from the sign-off queue; the task's light and the office's register change from red
to yellow; the office issues an urge notice; the unit replies, and the office reads the reply."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import FAGAIJU_UNIT, WAIT_SECONDS, path_of, sign_in, submit_form, url

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def set_date(browser, field, value: str) -> None:
    """Date inputs take keyboard input in the browser's locale; set the value as a script would."""
    browser.execute_script("arguments[0].value = arguments[1]", field, value)


def light_of(browser) -> str:
    return browser.find_element(By.ID, "light").text


def test_a_late_task_is_reported_signed_off_urged_and_answered(browser):
    title = f"浏览器督查任务{int(time.time() * 1000) % 10**8}"
    # The office registers the task: started two months ago, due three days ago.
    sign_in(browser, "duchashi")
    browser.get(url("/tasks/new"))
    form = browser.find_element(By.CSS_SELECTOR, "form#task-form")
    form.find_element(By.NAME, "title").send_keys(title)
    Select(form.find_element(By.NAME, "tier")).select_by_value("pushed")
    set_date(browser, form.find_element(By.NAME, "start"), day(-60))
    set_date(browser, form.find_element(By.NAME, "deadline"), day(-3))
    unit = Select(form.find_element(By.NAME, "responsibleUnitId"))
    unit.select_by_value(next(o.get_attribute("value") for o in unit.options if o.text.strip("　 ") == FAGAIJU_UNIT))
    submit_form(browser, form)
    task_path = path_of(browser)
    assert task_path.startswith("/tasks/"), f"registering landed on {task_path}"
    assert "红灯" in light_of(browser) and "逾期 3 天" in light_of(browser), light_of(browser)
    browser.get(url("/tasks?year=%d&light=red&q=%s" % (TODAY.year, title)))
    assert title in browser.find_element(By.TAG_NAME, "main").text, "the new task is not in the office's red register"
    browser.delete_all_cookies()

    # The staff member reports: the rule asks for the reason first.
    sign_in(browser, "fagaiju-staff")
    browser.get(url(task_path))
    form = browser.find_element(By.CSS_SELECTOR, "form#report-form")
    progress = form.find_element(By.NAME, "progress")
    progress.clear()
    progress.send_keys("40")
    form.find_element(By.NAME, "situation").send_keys("完成可研报告编制\n已报发改委审批")
    submit_form(browser, form)
    error = browser.find_element(By.CSS_SELECTOR, ".flash.error").text
    assert "须找原因" in error and "未完成原因" in error, error
    form = browser.find_element(By.CSS_SELECTOR, "form#report-form")
    assert "已报发改委审批" in form.find_element(By.NAME, "situation").get_attribute("value"), "what was typed was lost"
    form.find_element(By.NAME, "delayReason").send_keys("审批环节多、周期长")
    form.find_element(By.NAME, "remedy").send_keys("分管领导牵头协调，倒排工期")
    set_date(browser, form.find_element(By.NAME, "committedDay"), day(30))
    submit_form(browser, form)
    assert browser.find_elements(By.CSS_SELECTOR, ".flash.success"), "no confirmation after reporting"
    report = browser.find_element(By.CSS_SELECTOR, "article.report")
    assert "待审核" in report.text and "审批环节多、周期长" in report.text, report.text
    browser.delete_all_cookies()

    # The unit head signs it off from the queue.
    sign_in(browser, "fagaiju")
    browser.get(url("/reports"))
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, "#queue .report-listing") if title in c.text)
    card.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
    # The click navigates: wait for the next page's confirmation, not the queue still on screen.
    WebDriverWait(browser, WAIT_SECONDS).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash.success")))
    browser.get(url(task_path))
    assert "已审核" in browser.find_element(By.CSS_SELECTOR, "article.report").text
    assert "黄灯" in light_of(browser) and "承诺新的完成日期" in light_of(browser), light_of(browser)
    browser.delete_all_cookies()

    # The office's register shows it yellow at 40%; the office urges the unit.
    sign_in(browser, "duchashi")
    browser.get(url("/tasks?year=%d&light=yellow&q=%s" % (TODAY.year, title)))
    row = browser.find_element(By.CSS_SELECTOR, "table#tasks tbody tr")
    assert title in row.text and "40%" in row.text, row.text
    browser.get(url("/tasks?year=%d&light=red&q=%s" % (TODAY.year, title)))
    assert title not in browser.find_element(By.TAG_NAME, "main").text
    browser.get(url(task_path))
    browser.find_element(By.CSS_SELECTOR, "#notice-new summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "form#notice-form")
    form.find_element(By.NAME, "text").send_keys("请于答复期限前报送整改进展")
    set_date(browser, form.find_element(By.NAME, "replyBy"), day(5))
    submit_form(browser, form)
    notice_path = path_of(browser)
    assert notice_path.startswith("/notices/"), notice_path
    assert "待答复" in browser.find_element(By.ID, "notice-state").text
    browser.delete_all_cookies()

    # The unit finds it in its inbox and replies.
    sign_in(browser, "fagaiju-staff")
    browser.get(url("/inbox"))
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "#inbox a") if title in a.text and "请于" in a.text)
    link.click()
    form = WebDriverWait(browser, WAIT_SECONDS).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form#reply-form")))
    form.find_element(By.NAME, "reply").send_keys("已召开专题会，本周内完成审批")
    submit_form(browser, form)
    assert "已答复" in browser.find_element(By.ID, "notice-state").text
    browser.delete_all_cookies()

    sign_in(browser, "duchashi")
    browser.get(url(notice_path))
    assert "已召开专题会，本周内完成审批" in browser.find_element(By.ID, "notice-reply").text
