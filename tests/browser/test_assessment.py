"""The assessment in a real browser (issue 11): the office previews this year's run for the towns
and streets under the scheme set in January, reads a unit's breakdown line by line, then publishes
it (confirming); the published league table is read by a town's head, who can open their own
town's breakdown and no other's; a rater scores an open observation event and does not see the
ranking before it closes; a cadre file answers whether a person may be promoted, with the reason."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import path_of, sign_in, submit_form, url

YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year


def test_from_a_preview_run_to_the_published_league_table(browser):
    sign_in(browser, "duchashi")
    browser.get(url(f"/assessment?year={YEAR}"))
    form = browser.find_element(By.CSS_SELECTOR, "form#run-new")
    Select(form.find_element(By.NAME, "group")).select_by_value("townsAndStreets")
    submit_form(browser, form)
    run_path = path_of(browser)
    assert run_path.startswith("/assessment/runs/"), f"previewing landed on {run_path}"
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "预览" in main and "发布前不产生任何奖惩" in main, main[:400]
    rows = browser.find_elements(By.CSS_SELECTOR, "table#league tbody tr")
    assert len(rows) == 6, f"six towns and streets, got {len(rows)}"
    names = [row.find_element(By.CSS_SELECTOR, "td.title").text for row in rows]
    assert "运河街道" in names, names
    # A unit's breakdown: every line with its formula and facts.
    rows[0].find_element(By.CSS_SELECTOR, "td.title a").click()
    lines = browser.find_elements(By.CSS_SELECTOR, "article.breakdown-line")
    assert len(lines) >= 8 and any("指标完成率" in line.text for line in lines), [line.text[:60] for line in lines]
    browser.get(url(run_path))
    # Publishing needs the confirmation; then the run is frozen and its consequences listed.
    form = browser.find_element(By.CSS_SELECTOR, "form#run-publish")
    form.find_element(By.NAME, "confirm").click()
    submit_form(browser, form)
    assert browser.find_elements(By.CSS_SELECTOR, ".flash.success"), "no confirmation after publishing"
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "已发布" in main and not browser.find_elements(By.CSS_SELECTOR, "form#run-publish")
    browser.delete_all_cookies()

    # A town's head reads the league table; only their own town's name opens a breakdown.
    sign_in(browser, "yunhe")
    browser.get(url(run_path))
    rows = browser.find_elements(By.CSS_SELECTOR, "table#league tbody tr")
    linked = [row.find_element(By.CSS_SELECTOR, "td.title").text for row in rows if row.find_elements(By.CSS_SELECTOR, "td.title a")]
    assert linked == ["运河街道"], linked
    own = next(row for row in rows if row.find_elements(By.CSS_SELECTOR, "td.title a"))
    own.find_element(By.CSS_SELECTOR, "td.title a").click()
    assert "运河街道" in browser.find_element(By.TAG_NAME, "h1").text
    browser.delete_all_cookies()


def test_a_rater_scores_without_seeing_the_ranking_and_a_file_answers_eligibility(browser):
    sign_in(browser, "shuji")
    browser.get(url(f"/observations?year={YEAR}"))
    browser.find_element(By.CSS_SELECTOR, "table#observations tbody tr td.title a").click()
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "我的评分表" in main and "评分结束后公布排名" in main, main[:400]
    inputs = browser.find_elements(By.CSS_SELECTOR, "input[form=observation-sheet]")
    assert len(inputs) == 18, f"six towns × three criteria, got {len(inputs)}"
    for index, field in enumerate(inputs):
        field.clear()
        field.send_keys(str(80 + index % 10))
    submit_form(browser, browser.find_element(By.CSS_SELECTOR, "form#observation-sheet"))
    assert browser.find_elements(By.CSS_SELECTOR, ".flash.success"), "no confirmation after scoring"
    kept = browser.find_elements(By.CSS_SELECTOR, "input[form=observation-sheet]")
    assert [f.get_attribute("value") for f in kept][:3] == ["80", "81", "82"], "the sheet did not keep its scores"
    assert "评分结束后公布排名" in browser.find_element(By.TAG_NAME, "main").text
    browser.delete_all_cookies()

    # 2025's veto on investment restricts the people of the town that missed it.
    sign_in(browser, "duchashi")
    browser.get(url("/consequences?year=2025&kind=restriction"))
    person = browser.find_element(By.CSS_SELECTOR, "table#consequences tbody tr td a")
    person.click()
    assert path_of(browser).endswith("/file")
    answers = browser.find_element(By.CSS_SELECTOR, "table#eligibility").text
    assert "不可以" in answers and "一票否决" in answers, answers
