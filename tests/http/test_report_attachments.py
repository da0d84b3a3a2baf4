"""Report attachments and inspection photos over real TCP (issue 10): a multi-part form of many
kilobytes arrives streamed and is read whole (a report's files, an inspection's photos); an attachment comes back byte for byte as a download
that cannot run in the site's origin; a file that is not what its name says, or too large, is
refused with the rule named and nothing kept; a unit outside the task's scope cannot fetch it."""

from __future__ import annotations

import re

from luoshi_http import form_by_id, input_value

PDF = b"%PDF-1.4\n" + b"% luoshi attachment test\n" * 400 + b"%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def fgj_task_path(client) -> str:
    mine = client.get("/my/tasks")
    links = re.findall(r'href="(/tasks/[0-9a-f-]{36})', mine.text)
    for link in links:
        task = client.get(link)
        if 'id="report-form"' in task.text:
            return link
    raise AssertionError("the staff member has no task whose report form is offered")


def test_a_report_with_attachments_streams_in_and_downloads_safely(server):
    staff = server.client(language="zh-CN")
    staff.sign_in("fagaiju-staff")
    path = fgj_task_path(staff)
    page = staff.get(path)
    form = form_by_id(page.text, "report-form")
    period = input_value(page.text, "period") or ""
    fields = [("csrf", input_value(page.text, "csrf")), ("progress", "55"), ("situation", "完成主体施工\n进入装修阶段"),
              ("nextSteps", "组织验收"), ("delayReason", "审批周期长"), ("remedy", "倒排工期"), ("committedDay", "2099-01-01")]
    if period:
        fields.append(("period", period))
    # A script renamed .pdf is refused, with the rule named in the user's language; nothing is kept.
    before = staff.get(path).text.count('class="report ')
    refused = staff.post_multipart(path + "/reports", fields, [("attachments[]", "evil.pdf", b"<script>alert(1)</script>", "application/pdf")])
    assert refused.status == 422 and "evil.pdf" in refused.text and "不被接受" in refused.text, refused.brief()
    assert staff.get(path).text.count('class="report ') == before, "a refused report was kept"
    body_files = [("attachments[]", "验收报告.pdf", PDF, "application/pdf"), ("attachments[]", "现场.png", PNG, "image/png")]
    sent = staff.post_multipart(path + "/reports", fields, body_files, chunk=1024, pause=0.001)
    assert len(PDF) > 2048
    assert sent.status == 303, sent.brief()
    after = staff.get(path).text
    assert after.count('class="report ') == before + 1, "the report is not on the task's page"
    links = re.findall(r'href="(/attachments/[0-9a-f-]{36})">验收报告\.pdf', after)
    assert links, "the attachment is not listed"
    download = staff.get(links[0])
    assert download.status == 200 and download.body == PDF, download.brief()
    assert download.header("Content-Type").startswith("application/pdf")
    assert download.header("Content-Disposition").startswith("attachment;")
    assert "sandbox" in (download.header("Content-Security-Policy") or "")
    assert download.header("X-Content-Type-Options") == "nosniff"
    # Another unit's head may not fetch it.
    outsider = server.client(language="zh-CN")
    outsider.sign_in("yunhe")
    assert outsider.get(links[0]).status == 403


def test_an_oversized_attachment_is_refused_whole(server):
    staff = server.client(language="en")
    staff.sign_in("fagaiju-staff")
    path = fgj_task_path(staff)
    page = staff.get(path)
    big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    fields = [("csrf", input_value(page.text, "csrf")), ("progress", "10"), ("situation", "x"), ("nextSteps", "y"),
              ("delayReason", "r"), ("remedy", "m"), ("committedDay", "2099-01-01")]
    before = staff.get(path).text.count('class="report ')
    refused = staff.post_multipart(path + "/reports", fields, [("attachments[]", "big.pdf", big, "application/pdf")], chunk=65536, pause=0)
    assert refused.status == 422 and "big.pdf" in refused.text, refused.brief()
    assert staff.get(path).text.count('class="report ') == before, "a refused report was kept"


def test_inspection_photos_stream_in_and_stay_within_scope(server):
    office = server.client(language="zh-CN")
    office.sign_in("duchashi")
    page = office.get("/inspections/new")
    assert page.status == 200, page.brief()
    leader = re.search(r'<select name="leaderId"><option value="([0-9a-f-]{36})"', page.text)
    assert leader, "no leader offered"
    photo = PNG + b"\0" * 6000  # a real PNG head, padded: the body is many kilobytes and arrives in pieces
    fields = [("csrf", input_value(page.text, "csrf")), ("day", "2026-11-20"), ("leaderId", leader.group(1)),
              ("place", "TCP督查地点"), ("hearingUnit[]", "FGJ"), ("hearingProgress[]", "主体完工"),
              ("hearingProblems[]", ""), ("hearingNextSteps[]", "")]
    saved = office.post_multipart("/inspections/new", fields, [("photos[]", "现场.png", photo, "image/png")], chunk=1024, pause=0.001)
    assert saved.status == 303, saved.brief()
    shown = office.get(saved.header("Location").split("?")[0])
    links = re.findall(r'src="(/inspection-photos/[0-9a-f-]{36})"', shown.text)
    assert links, "the photo is not on the inspection's page"
    got = office.get(links[0])
    assert got.status == 200 and got.body == photo and got.header("X-Content-Type-Options") == "nosniff", got.brief()
    # A script named .png is refused whole.
    refused = office.post_multipart("/inspections/new", fields, [("photos[]", "x.png", b"<svg onload=alert(1)>", "image/png")])
    assert refused.status == 422 and "x.png" in refused.text, refused.brief()
    # Another unit (运河街道 was not heard) may not fetch the photo.
    outsider = server.client(language="zh-CN")
    outsider.sign_in("yunhe")
    assert outsider.get(links[0]).status == 403
