"""Sparse spreadsheets do not blow up the server's memory (issue 6, finding 5): a ~1.5 KB xlsx with
cells only in A1 and GR200000, or a CSV of 200,000 empty lines and one wide line, is answered
with a clean refusal or an import report, and the server's peak memory stays under 200 MB."""

from __future__ import annotations

import threading

from luoshi_http import XLSX_TYPE, build_xlsx, input_value, worksheet

PEAK_LIMIT_MB = 200


def sparse_xlsx() -> bytes:
    sheet = worksheet({1: {0: "编码"}, 200_000: {199: "x"}}, dimension="A1:GR200000")
    return build_xlsx(sheet)


TASK_HEADER = ["编码", "上级编码", "年度", "任务名称", "工作板块", "工作层次", "目标", "要求", "开始日期", "完成时限",
               "牵头领导", "责任单位编码", "配合单位编码", "责任人", "权重", "状态", "进度"]


def sparse_xlsx_with_header() -> bytes:
    """The same, with the tasks header in row 1, so the import goes on past the header check."""
    sheet = worksheet({1: dict(enumerate(TASK_HEADER)), 200_000: {199: "x"}}, dimension="A1:GR200000")
    return build_xlsx(sheet)


def csv_200k_empty_lines_then_200_commas() -> bytes:
    return b"\n" * 200_000 + b"," * 200 + b"\n"


def csv_within_limits() -> bytes:
    """The same shape just inside the limits (200,000 rows, 200 columns)."""
    return b"\n" * 199_999 + b"," * 199 + b"\n"


UPLOADS = {
    "xlsx A1+GR200000": ("sparse.xlsx", sparse_xlsx, XLSX_TYPE),
    "xlsx tasks header + GR200000": ("sparse-header.xlsx", sparse_xlsx_with_header, XLSX_TYPE),
    "csv 200k empty lines + 200 commas": ("wide.csv", csv_200k_empty_lines_then_200_commas, "text/csv"),
    "csv 199,999 empty lines + 199 commas": ("wide2.csv", csv_within_limits, "text/csv"),
}


def upload(client, name: str, kind: str = "tasks"):
    filename, make, content_type = UPLOADS[name]
    data = make()
    token = input_value(client.get("/import").text, "csrf")
    return client.post_multipart("/import", [("csrf", token), ("kind", kind)], [("file", filename, data, content_type)]), len(data)


def check_answer(response, name: str, size: int) -> None:
    assert response.status < 500, f"{name} ({size} bytes) answered {response.brief()}"
    assert response.status in (200, 400, 413, 422), f"{name} ({size} bytes) answered {response.brief()}"


def peak_mb(server) -> float:
    return server.status_kb("VmHWM") / 1024


def test_sparse_xlsx_is_small():
    for make in (sparse_xlsx, sparse_xlsx_with_header):
        size = len(make())
        assert size < 3000, f"the hand-built sparse xlsx is {size} bytes"


def test_sparse_uploads_one_after_another_keep_memory_low(server):
    client = server.client()
    client.sign_in("duchashi")
    before = peak_mb(server)
    answers = []
    for name in UPLOADS:
        response, size = upload(client, name)
        answers.append(f"{name}: {response.status}")
        check_answer(response, name, size)
        assert server.alive(), f"the server died on {name}:\n{server.log_tail()}"
    peak = peak_mb(server)
    detail = f"VmHWM {peak:.0f} MB after the uploads (was {before:.0f} MB before); answers: {answers}"
    print(detail)
    assert peak < PEAK_LIMIT_MB, detail


def test_four_sparse_uploads_in_parallel_keep_memory_low(server_factory):
    server = server_factory({}, name="memory-parallel")  # its own peak, not the one above
    clients = [server.client() for _ in range(4)]
    for client in clients:
        client.sign_in("duchashi")
    names = ["xlsx A1+GR200000", "csv 199,999 empty lines + 199 commas",
             "xlsx tasks header + GR200000", "csv 200k empty lines + 200 commas"]
    results: list = [None] * 4
    errors: list = []

    def run(i: int) -> None:
        try:
            results[i] = upload(clients[i], names[i])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(f"{names[i]}: {error!r}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors, f"parallel uploads failed: {errors}; server alive: {server.alive()}\n{server.log_tail()}"
    for name, (response, size) in zip(names, results):
        check_answer(response, name, size)
    peak = peak_mb(server)
    detail = (f"VmHWM {peak:.0f} MB after 4 parallel sparse uploads; answers: "
              f"{[f'{n}: {r.status}' for n, (r, _) in zip(names, results)]}")
    print(detail)
    assert peak < PEAK_LIMIT_MB, detail
