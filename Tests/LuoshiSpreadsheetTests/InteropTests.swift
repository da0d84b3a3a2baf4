// InteropTests: hooks for scripts/check-xlsx-interop.py, which checks our xlsx against openpyxl.
// They run only when the script's environment variables are set, so the suite never needs Python:
//   LUOSHI_XLSX_INTEROP_OUT=path  → write `InteropTests.sample` there for the script to check;
//   LUOSHI_XLSX_INTEROP_IN=path   → read the script's openpyxl fixture and compare.
// Keep `sample` and `expectedFromOpenpyxl` in step with the script's SAMPLE and FIXTURE_EXPECTED.

import Foundation
import Testing
@testable import LuoshiSpreadsheet

@Suite struct InteropTests {
    static let sample: [Sheet] = [
        Sheet(name: "督办任务", rows: [
            ["序号", "任务名称", "责任单位", "进度", "备注"],
            ["1", "落实\"河长制\"巡查", "水利局, 环保局", "0.5", "多行\n说明"],
            ["2", "<标签> & 'quotes'", "", "-12", "007"],
            ["3", "=SUM(A1:A3)", "  前后空格  ", "3.25", "110101199003071234"],
        ]),
        Sheet(name: "人员/名单", rows: [["姓名", "电话"], ["张三", "+8613800000000"]]),
    ]

    static let expectedFromOpenpyxl: [Sheet] = [
        Sheet(name: "任务", rows: [
            ["任务名称", "数量", "截止日期", "开始时间", "负责人"],
            ["整改落实", "3", "2024-06-30", "2024-01-02 09:30", "张三"],
            ["复查", "", "2024-12-31", "", "李四"],
            ["统计", "2.75", "", "", "张三"],
        ]),
        Sheet(name: "Second", rows: [["a", "", "c"], ["", "", ""], ["x", "", "TRUE"]]),
    ]

    private static let outPath = ProcessInfo.processInfo.environment["LUOSHI_XLSX_INTEROP_OUT"]
    private static let inPath = ProcessInfo.processInfo.environment["LUOSHI_XLSX_INTEROP_IN"]

    @Test(.enabled(if: outPath != nil, "set LUOSHI_XLSX_INTEROP_OUT to write the sample"))
    func writeSampleForOpenpyxl() throws {
        let data = try Spreadsheet.write(Self.sample, format: .xlsx)
        try data.write(to: URL(fileURLWithPath: try #require(Self.outPath)))
    }

    @Test(.enabled(if: inPath != nil, "set LUOSHI_XLSX_INTEROP_IN to read an openpyxl fixture"))
    func readOpenpyxlFixture() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try #require(Self.inPath)))
        #expect(try Spreadsheet.read(data, format: .xlsx) == Self.expectedFromOpenpyxl)
    }
}
