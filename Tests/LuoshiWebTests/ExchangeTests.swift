// Import and export: round trips, refusing a bad file whole with its row messages, idempotence,
// both formats, through the use cases and the import page.
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage
import LuoshiUseCases
import Testing
import Vapor
import VaporTesting
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct ExchangeTests {
        @Test(arguments: [SpreadsheetFormat.xlsx, .csv])
        func exportThenImportGivesTheSameData(format: SpreadsheetFormat) async throws {
            // Export the demo district's lists from one database…
            var files: [ExchangeKind: Data] = [:]
            var counts: [ExchangeKind: Int] = [:]
            try await withLuoshi { app in
                _ = try await OperatorTasks.loadDemo(app)
                for kind in ExchangeKind.allCases {
                    let sheet = try await exportTable(kind, year: 2026, caller: nil, store: app.store)
                    counts[kind] = sheet.rows.count - 1
                    files[kind] = try Spreadsheet.write([sheet], format: format)
                }
            }
            // …import them into an empty one, then export again: the same tables.
            try await withLuoshi { app in
                let context = OperatorTasks.operatorContext(app)
                _ = try await createWorkArea(year: 2026, code: "GY", name: "工业经济运行和重点项目建设", sortOrder: 0, context: context)
                for area in [("NY", "农业产业化和标准化"), ("MY", "发展民营经济"), ("ZS", "招商引资"), ("CS", "加快城市化进程")] {
                    _ = try await createWorkArea(year: 2026, code: area.0, name: area.1, sortOrder: 1, context: context)
                }
                for kind in ExchangeKind.allCases {
                    let sheet = try readSheet(files[kind]!, filename: "x.\(format.rawValue)")
                    let report = try await importTable(kind, sheet: sheet, context: context)
                    #expect(report.created == counts[kind], "\(kind)")
                }
                for kind in ExchangeKind.allCases {
                    let again = try await exportTable(kind, year: 2026, caller: nil, store: app.store)
                    let original = try readSheet(files[kind]!, filename: "x.\(format.rawValue)")
                    let differing = zip(again.rows, original.rows).first { $0.0 != $0.1 }
                    #expect(again.rows.count == original.rows.count && differing == nil,
                            "\(kind) differs after a round trip: \(String(describing: differing))")
                    // And importing the same file twice changes nothing.
                    let before = try await app.store.auditEvents(AuditFilter(), offset: 0, limit: 1).items.first?.sequence
                    let report = try await importTable(kind, sheet: original, context: context)
                    #expect(report == ImportReport(created: 0, updated: 0, unchanged: counts[kind]!), "\(kind)")
                    #expect(try await app.store.auditEvents(AuditFilter(), offset: 0, limit: 1).items.first?.sequence == before)
                }
            }
        }

        /// A long file goes in batches, so other users' writes wait for a batch, not the file; a batch
        /// with an error is kept out, the others go in, and importing the corrected file completes it.
        @Test func aLongFileIsWrittenInBatchesAndCompletedByImportingItAgain() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let count = ImportBatching.wholeFileRows + 100
                func csv(badRow: Int?) -> String {
                    "姓名,职务,职级,单位编码\n" + (0..<count).map { index in
                        "批量\(index),科员,一般干部,\(index == badRow ? "NOPE" : "FGJ")"
                    }.joined(separator: "\n")
                }
                let context = OperatorTasks.operatorContext(app)
                let before = try await app.store.peopleCount(scopePath: nil)
                do {
                    _ = try await importTable(.people, sheet: try Spreadsheet.read(Data(csv(badRow: 600).utf8), format: .csv)[0], context: context)
                    Issue.record("a file with a bad row was accepted")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.map(\.row) == [602])
                    #expect(refused.written?.created == count - ImportBatching.batchRows, "every batch but the bad one")
                }
                #expect(try await app.store.peopleCount(scopePath: nil) == before + count - ImportBatching.batchRows)
                let report = try await importTable(.people, sheet: try Spreadsheet.read(Data(csv(badRow: nil).utf8), format: .csv)[0],
                                                   context: context)
                #expect(report.created == ImportBatching.batchRows && report.unchanged == count - ImportBatching.batchRows)
                #expect(try await app.store.peopleCount(scopePath: nil) == before + count)
                #expect(try await app.store.verifyAuditTrail().isIntact)
            }
        }

        @Test func aBadFileIsRefusedWholeWithEveryBadRow() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let csv = """
                    姓名,职务,职级,单位编码,电话
                    新人甲,科员,一般干部,FGJ,
                    ,科员,一般干部,FGJ,
                    新人乙,科员,处长,FGJ,
                    新人丙,科员,一般干部,NOPE,
                    新人丁,科员,staff,CZJ,call me
                    """
                let sheet = try Spreadsheet.read(Data(csv.utf8), format: .csv)[0]
                let before = try await app.store.peopleCount(scopePath: nil)
                do {
                    _ = try await importTable(.people, sheet: sheet, context: OperatorTasks.operatorContext(app))
                    Issue.record("a bad file was accepted")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.map(\.row) == [3, 4, 5, 6])
                    #expect(refused.issues.map(\.column) == ["姓名", "职级", "单位编码", "电话"])
                    #expect(refused.issues.map(\.violation.rule) == [.fieldRequired, .fieldInvalidChoice, .importUnitUnknown, .fieldPhoneFormat])
                }
                #expect(try await app.store.peopleCount(scopePath: nil) == before, "nothing from the file was kept, not even 新人甲")
                _ = fixture
            }
        }

        @Test func aMissingColumnOrAnUnreadableFileIsRefused() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let sheet = try Spreadsheet.read(Data("姓名,职务\n张三,科员\n".utf8), format: .csv)[0]
                await #expect(throws: ImportRefused.self) {
                    _ = try await importTable(.people, sheet: sheet, context: OperatorTasks.operatorContext(app))
                }
                #expect(throws: ImportRefused.self) { _ = try readSheet(Data("not a zip".utf8), filename: "x.xlsx") }
                #expect(throws: ImportRefused.self) { _ = try readSheet(Data("a,b".utf8), filename: "x.pdf") }
            }
        }

        @Test func theImportPageReportsRowsAndOnlyPermittedRolesImport() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var head = try await Client.signedIn(app, as: "fagaiju")
                let csv = "姓名,职务,职级,单位编码\n页面导入,科员,一般干部,FGJ\n出界,科员,一般干部,CZJ\n"
                let refused = try await head.upload("/import", kind: "people", filename: "people.csv", data: Data(csv.utf8))
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("第 3 行"))
                #expect(refused.text.contains("该记录不在您的管辖单位范围内"))
                let good = try await head.upload("/import", kind: "people", filename: "people.csv",
                                                 data: Data("姓名,职务,职级,单位编码\n页面导入,科员,一般干部,FGJ\n".utf8))
                #expect(good.status == .ok)
                #expect(good.text.contains("新增 1 条"))
                let units = try await head.upload("/import", kind: "units", filename: "u.csv", data: Data("编码,名称,类别\nX1,新单位,部门\n".utf8))
                #expect(units.status == .forbidden)
                let export = try await head.get("/export?kind=people&format=csv")
                #expect(export.status == .ok)
                #expect(export.headers.contentType?.description.hasPrefix("text/csv") == true)
                #expect(export.text.contains("页面导入") && !export.text.contains("李财政"), "exports only what the caller may see")
            }
        }

        /// Issue 8: every problem of every row in one pass; a unit by its name; a suggestion for a
        /// mistyped unit; a file of the wrong kind reported as missing columns; templates and the
        /// column list on the import page.
        @Test func importGuidesInsteadOfStoppingAtTheFirstProblem() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let bad = """
                    编码,任务名称,工作层次,开始日期,完成时限,责任单位编码
                    T-1,名称写对的任务,区委推动,2026-01-01,2026-12-31,区发展和改革局
                    T-2,三处错误,不存在的层次,2026-13-45,2026-12-31,CJZ
                    """
                do {
                    _ = try await importTable(.tasks, sheet: try Spreadsheet.read(Data(bad.utf8), format: .csv)[0], context: context)
                    Issue.record("a bad file was accepted")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.allSatisfy { $0.row == 3 }, "row 2 is fine: its unit is given by its unique name")
                    #expect(refused.issues.map(\.violation.rule) == [.fieldInvalidChoice, .fieldInvalidDay, .importUnitDidYouMean])
                    #expect(refused.issues.last?.violation.message(in: .zhHans).contains("区财政局（CZJ）") == true)
                }
                let good = try await importTable(.tasks, sheet: try Spreadsheet.read(Data(bad.split(separator: "\n").prefix(2).joined(separator: "\n").utf8),
                                                                                    format: .csv)[0], context: context)
                #expect(good.created == 1)
                #expect(try await app.store.tasks(TaskFilter(year: 2026, search: "名称写对"), offset: 0, limit: 1).items.first?.responsibleUnitID == fixture.fgj.id)
                // A people file offered as tasks: the columns tasks need are missing, by name.
                let people = "姓名,职务,职级,单位编码\n张三,科员,一般干部,FGJ\n"
                do {
                    _ = try await importTable(.tasks, sheet: try Spreadsheet.read(Data(people.utf8), format: .csv)[0], context: context)
                    Issue.record("a people file was accepted as tasks")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.map(\.column).contains("任务名称") && refused.issues.allSatisfy { $0.violation.rule == .fieldRequired })
                }
                var admin = try await Client.signedIn(app, as: "admin")
                let page = try await admin.get("/import")
                #expect(page.text.contains(#"id="import-columns""#) && page.text.contains("责任单位编码 *"))
                let template = try await admin.get("/import/template?kind=people&format=csv")
                #expect(template.status == .ok && template.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("姓名,职务,职级,单位编码,电话"))
            }
        }
    }
}

extension Client {
    /// Posts a multipart form with one file, as the import page does.
    mutating func upload(_ path: String, kind: String, filename: String, data: Data) async throws -> TestingHTTPResponse {
        if cookies["luoshi_csrf"] == nil { _ = try await get("/signin") }
        let boundary = "luoshi-test-boundary"
        var body = Data()
        func field(_ name: String, _ value: String) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        field("csrf", csrfToken)
        field("kind", kind)
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(data: body))
    
}
}
