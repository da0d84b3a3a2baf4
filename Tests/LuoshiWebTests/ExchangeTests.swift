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
                for kind in ExchangeKind.allCases {
                    let sheet = try readSheet(files[kind]!, filename: "x.\(format.rawValue)")
                    let report = try await importTable(kind, sheet: sheet, context: context)
                    #expect(report.created == counts[kind], "\(kind)")
                }
                for kind in ExchangeKind.allCases {
                    let again = try await exportTable(kind, year: 2026, caller: nil, store: app.store)
                    let original = try readSheet(files[kind]!, filename: "x.\(format.rawValue)")
                    // (An XLSX row ends at its last filled cell: trailing empty cells are not a difference.)
                    func trimmed(_ row: [String]) -> [String] { Array(row.reversed().drop(while: \.isEmpty).reversed()) }
                    let differing = zip(again.rows, original.rows).first { trimmed($0.0) != trimmed($0.1) }
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

        /// Issue 8: the demo plan is the importer's own files. Loading them gives the plan the
        /// source describes; the files are offered on the import page as a worked example.
        @Test func theDemoPlanIsLoadedFromTheImportersFiles() async throws {
            try await withLuoshi { app in
                guard case .loaded(let summary) = try await OperatorTasks.loadDemo(app) else { Issue.record("not loaded"); return }
                #expect(summary.plan.areas == 5 && summary.plan.keyTasks == 34 && summary.plan.subTasks == 109)
                #expect(summary.plan.keyObjects == 81 && summary.plan.indicators == 52 && summary.plan.readings == 470)
                for kind in DemoPlan.kinds {
                    let file = try #require(DemoPlan.file(kind))
                    let exported = try await exportTable(kind, year: DemoPlan.year, caller: nil, store: app.store)
                    let shipped = try readSheet(file, filename: "x.csv").rows
                    if kind == .tasks {
                        // The demo's supervision then reports on the plan (status and progress, the last two
                        // columns, move) and adds the tasks its inspections settle: the plan's rows are there.
                        let plan = Set(shipped.map { $0.first ?? "" })
                        let held = exported.rows.filter { plan.contains($0.first ?? "") }.map { Array($0.dropLast(2)) }
                        #expect(shipped.map { Array($0.dropLast(2)) } == held, "the shipped tasks.csv is the demo's plan")
                    } else {
                        #expect(shipped == exported.rows, "the shipped \(kind.rawValue).csv is what the demo holds")
                    }
                }
                let listed = try #require(try await app.store.tasks(TaskFilter(year: 2026, search: "全区工业经济运行监测调度"), offset: 0, limit: 1).items.first)
                #expect(try await app.store.task(id: listed.id)?.milestones.count == 3)
                var admin = try await Client.signedIn(app, as: "admin", password: summary.password)
                let page = try await admin.get("/import")
                #expect(page.text.contains("/import/example?kind=key-objects"))
                let example = try await admin.get("/import/example?kind=key-objects")
                #expect(example.status == .ok && example.text.contains("分包领导") && example.text.contains("QY-01"))
            }
        }

        /// Key objects, work areas and readings by file: the rules of the use cases apply to each
        /// row (a 科员 cannot contract a project; a linked task must exist); readings already on
        /// record are not recorded twice; milestones are read from their column.
        @Test func keyObjectsWorkAreasAndReadingsImportUnderTheSameRules() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                func sheet(_ text: String) throws -> Sheet { try Spreadsheet.read(Data(text.utf8), format: .csv)[0] }
                let areas = try await importTable(.workAreas, sheet: try sheet("年度,编码,名称,排序\n2026,GY,工业经济,1\n2026,NY,农业,2\n"), context: context)
                #expect(areas.created == 2)
                let renamed = try await importTable(.workAreas, sheet: try sheet("年度,编码,名称,排序\n2026,GY,工业经济运行,1\n"), context: context)
                #expect(renamed.updated == 1)
                let tasks = """
                    编码,工作板块,任务名称,工作层次,开始日期,完成时限,阶段目标,责任单位编码
                    T-1,GY,园区建设,区委推动,2026-01-01,2026-12-31,2026-06-30 完成主体；2026-09-30 竣工,FGJ
                    T-2,GY,坏节点,区委推动,2026-01-01,2026-12-31,六月底 完成,FGJ
                    """
                do {
                    _ = try await importTable(.tasks, sheet: try sheet(tasks), context: context)
                    Issue.record("a bad milestone was accepted")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.map(\.row) == [3] && refused.issues.first?.column == "阶段目标")
                }
                _ = try await importTable(.tasks, sheet: try sheet(String(tasks.split(separator: "\n").prefix(2).joined(separator: "\n"))), context: context)
                let listed = try #require(try await app.store.tasks(TaskFilter(year: 2026, search: "园区建设"), offset: 0, limit: 1).items.first)
                let task = try #require(try await app.store.task(id: listed.id))
                #expect(task.milestones.map(\.target) == ["完成主体", "竣工"])
                _ = try await importTable(.indicators, sheet: try sheet("编码,年度,名称,计量单位,目标值,责任单位编码\nZB-1,2026,投资,万元,100,FGJ\n"),
                                          context: context)
                let objects = """
                    年度,类别,编码,名称,分包领导,责任单位编码,总投资（万元）,关联任务编码,关联指标编码
                    2026,重点项目,XM-1,一号项目,孙书记,FGJ,5000,T-1,ZB-1
                    2026,重点项目,XM-2,二号项目,钱科员,FGJ,,,
                    2026,重点项目,XM-3,三号项目,,FGJ,,T-404,
                    """
                do {
                    _ = try await importTable(.keyObjects, sheet: try sheet(objects), context: context)
                    Issue.record("a 科员 as contracted leader was accepted")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.map(\.row) == [3, 4])
                    #expect(refused.issues.map(\.violation.rule) == [.personNotLeader, .fieldInvalidChoice])
                    #expect(refused.issues.map(\.column) == ["分包领导", "关联任务编码"])
                }
                let one = try await importTable(.keyObjects, sheet: try sheet(String(objects.split(separator: "\n").prefix(2).joined(separator: "\n"))),
                                                context: context)
                #expect(one.created == 1)
                let object = try #require(try await app.store.keyObjects(year: 2026, kind: nil).first)
                #expect(object.contractedLeaderID == fixture.leader.id && object.taskIDs == [task.id] && object.indicatorIDs.count == 1)
                let readings = "年度,指标编码,截至日期,完成值\n2026,ZB-1,2026-01-31,10\n2026,ZB-1,2026-02-28,25\n"
                #expect(try await importTable(.readings, sheet: try sheet(readings), context: context).created == 2)
                #expect(try await importTable(.readings, sheet: try sheet(readings), context: context).unchanged == 2)
                let indicator = try #require(try await app.store.indicators(year: 2026).first)
                #expect(try await app.store.readings(indicatorID: indicator.id).count == 2)
                // A work area with tasks under it cannot be removed; an empty one can.
                let gy = try #require(try await app.store.workAreas(year: 2026).first { $0.code == "GY" })
                await #expect(throws: RuleViolation(.workAreaInUse, limit: 1)) { try await deleteWorkArea(id: gy.id, context: context) }
                let ny = try #require(try await app.store.workAreas(year: 2026).first { $0.code == "NY" })
                try await deleteWorkArea(id: ny.id, context: context)
                #expect(try await app.store.workAreas(year: 2026).map(\.code) == ["GY"])
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
