"""Import and export through the API over real TCP (issue 8): a body of many kilobytes arrives in
pieces, as from any real client, and must be read whole; the import's refusals come back row by row
as a problem document; every table exported by the API imports back unchanged."""

from __future__ import annotations

import json
from urllib.parse import quote

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_every_plan_table_exported_by_the_api_imports_back_unchanged(server):
    client = server.client()
    client.bearer = server.token("duchashi")
    for kind, media, fmt in [("tasks", CSV, "csv"), ("key-objects", XLSX, "xlsx"), ("readings", CSV, "csv"),
                             ("indicators", XLSX, "xlsx"), ("work-areas", CSV, "csv")]:
        exported = client.get(f"/api/v1/exports/{kind}?year=2026&format={fmt}")
        assert exported.status == 200, f"export {kind}: {exported.brief()}"
        assert (exported.header("Content-Type") or "").startswith(media)
        if kind in ("tasks", "readings", "key-objects"):
            assert len(exported.body) > 2048, f"{kind} is too small ({len(exported.body)} bytes) to test a streamed body"
        imported = client.request("POST", f"/api/v1/imports/{kind}", body=exported.body, headers={"Content-Type": media},
                                  chunk=1024, pause=0.001)
        assert imported.status == 200, f"import {kind}: {imported.brief()}"
        report = imported.json()
        assert report["created"] == 0 and report["updated"] == 0 and report["unchanged"] > 0, f"{kind}: {report}"


def test_a_refused_file_lists_every_bad_row_and_keeps_nothing(server):
    client = server.client(language="zh-CN")
    client.bearer = server.token("duchashi")
    header = "编码,任务名称,工作层次,开始日期,完成时限,责任单位编码\r\n"
    rows = "".join(f"API-{i:04d},接口导入任务{i},区委推动,2026-01-01,2026-12-31,FGJ\r\n" for i in range(60))
    bad = "API-BAD1,坏行,不存在的层次,2026-01-01,2026-12-31,FGJ\r\nAPI-BAD2,坏行二,区委推动,2026-02-30,2026-12-31,CJZ\r\n"
    body = (header + rows + bad).encode("utf-8")
    assert len(body) > 2048
    refused = client.request("POST", "/api/v1/imports/tasks", body=body, headers={"Content-Type": CSV}, chunk=700)
    assert refused.status == 422, refused.brief()
    assert (refused.header("Content-Type") or "").startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "import.invalid"
    rows_at_fault = sorted({issue["row"] for issue in problem["issues"]})
    assert rows_at_fault == [62, 63], problem["issues"]
    assert any("CZJ" in issue["detail"] for issue in problem["issues"]), "the mistyped unit gets a suggestion"
    listed = client.get("/api/v1/tasks?year=2026&q=" + quote("接口导入任务"))
    assert listed.status == 200 and listed.json()["total"] == 0, "nothing of a refused file is kept"
    staff = server.client()
    staff.bearer = server.token("fagaiju-staff")
    forbidden = staff.request("POST", "/api/v1/imports/tasks", body=body, headers={"Content-Type": CSV})
    assert forbidden.status == 403, forbidden.brief()
    assert json.loads(forbidden.body)["code"] == "access.role_not_allowed"
