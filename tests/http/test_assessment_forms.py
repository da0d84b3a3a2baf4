"""Assessment forms over real TCP (issue 11): the office's observation-event form with forty units
and a rater's score sheet of 120 scores are bodies of several KB, which a browser streams. Both
arrive whole, with their csrf field, and what was sent is what is kept."""

from __future__ import annotations

import re
import time

from luoshi_http import form_by_id, page_text


def test_a_large_event_form_and_score_sheet_arrive_streamed(server):
    office = server.client()
    office.sign_in("duchashi")
    units = office.api("GET", "/units?limit=100", token=server.token("admin")).json()["items"]
    assessed = [u["id"] for u in units if u.get("assessmentGroup") in ("departments", "townsAndStreets")][:40]
    assert len(assessed) == 40, f"the demo has {len(assessed)} assessed units in the first page"
    accounts = office.api("GET", "/accounts?limit=100", token=server.token("admin")).json()["items"]
    rater = next(a["id"] for a in accounts if a["username"] == "quzhang")
    form = form_by_id(office.get("/observations/new").text, "observation-form")
    title = f"TCP观摩{int(time.time() * 1000) % 10**8}"
    fields = [("csrf", form.values("csrf")[0]), ("title", title), ("day", "2026-11-20"), ("dropsExtremes", "1")]
    for index, name in enumerate(("项目进度", "投资强度", "建设质量")):
        fields += [("criterionName[]", name), ("criterionWeight[]", str(index + 1))]
    fields += [("unitIds[]", unit) for unit in assessed] + [("raterIds[]", rater)]
    sent = sum(len(k) + len(v) for k, v in fields)
    assert sent > 2_000, f"the form holds only {sent} bytes"
    made = office.post_form("/observations/new", fields, chunk=512, pause=0.002)
    assert made.status == 303 and made.location and made.location.startswith("/observations/"), \
        f"an event form of {sent} bytes answered {made.brief()}"
    path = made.location.split("?")[0]

    rater_client = server.client()
    rater_client.sign_in("quzhang")
    page = rater_client.get(path)
    assert page.status == 200, page.brief()
    names = re.findall(r'name="(score-[0-9a-f-]{36}-\d)"', page.text)
    assert len(names) == 120, f"forty units × three criteria, got {len(names)} inputs"
    csrf = form_by_id(page.text, "observation-sheet").values("csrf")[0]
    scores = [(name, str(60 + index % 40)) for index, name in enumerate(names)]
    body = [("csrf", csrf)] + scores
    size = sum(len(k) + len(v) for k, v in body)
    assert size > 5_000, f"the sheet holds only {size} bytes"
    saved = rater_client.post_form(path + "/sheet", body, chunk=512, pause=0.002)
    assert saved.status == 303, f"a sheet of {size} bytes answered {saved.brief()}"
    kept = rater_client.get(path).text
    for name, value in scores[:3] + scores[-3:]:
        assert re.search(rf'name="{name}"[^>]*value="{value}"|value="{value}"[^>]*name="{name}"', kept), \
            f"{name} did not keep {value}"
    assert "评分结束后公布排名" in page_text(kept) or "ranking is published" in page_text(kept)
