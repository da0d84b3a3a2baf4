// Import (the supervision office and administrators) and export (anyone, of what they may see).
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum ExchangeController {
    /// The kinds a caller may import.
    static func importable(_ caller: Caller) -> [ExchangeKind] {
        ExchangeKind.allCases.filter { $0.mayImport(caller) }
    }

    static func page(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        return HTMLResponse.make(ExchangePage.render(kinds: importable(caller), report: nil, issues: [], year: request.clock.today().year,
                                                     context: PageContext(request)))
    }

    struct ImportForm: Content {
        var kind: String?
        var file: File?
    }

    static func upload(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let allowed = importable(caller)
        guard !allowed.isEmpty else { throw RuleViolation(.roleNotAllowed) }
        let form = try request.content.decode(ImportForm.self)
        let kind = try Parse.requiredChoice(form.kind, as: ExchangeKind.self, field: .importKind)
        guard allowed.contains(kind) else { throw RuleViolation(.roleNotAllowed) }
        guard let file = form.file, file.data.readableBytes > 0 else { throw RuleViolation(.fieldRequired, field: .fieldFile) }
        let context = PageContext(request)
        do {
            let report = try await runImport(kind, data: Data(file.data.readableBytesView), filename: file.filename,
                                             request: request, caller: caller)
            return HTMLResponse.make(ExchangePage.render(kinds: importable(caller), report: report, issues: [], year: request.clock.today().year,
                                                         context: context))
        } catch let refused as ImportRefused {
            return HTMLResponse.make(ExchangePage.render(kinds: importable(caller), report: nil, issues: refused.issues,
                                                         written: refused.written, year: request.clock.today().year, context: context),
                                     status: .unprocessableEntity)
        }
    }

    /// One import, for the page and the API alike: may the caller, then the file read off the
    /// event loop (a large workbook takes a while), then the rows, with progress in the log.
    static func runImport(_ kind: ExchangeKind, data: Data, filename: String, request: Request, caller: Caller) async throws -> ImportReport {
        guard kind.mayImport(caller) else { throw RuleViolation(.roleNotAllowed) }
        let sheet = try await request.application.threadPool.runIfActive { try readSheet(data, filename: filename) }
        let logger = request.logger
        return try await importTable(kind, sheet: sheet, context: request.context(caller)) { done, total in
            guard total > ImportBatching.wholeFileRows else { return }
            logger.info("import progress", metadata: ["kind": .string(kind.rawValue), "rows": .string("\(done)/\(total)")])
        }
    }

    static func export(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let kind = try Parse.requiredChoice(Parse.query(request, "kind"), as: ExchangeKind.self, field: .importKind)
        let year = (try? request.query.get(Int.self, at: "year"))
        let sheet = try await exportTable(kind, year: year, caller: caller, store: request.store)
        return try file(sheet, name: kind.rawValue, request: request)
    }

    /// An empty file with the right header row, to fill in and import.
    static func template(_ request: Request) async throws -> Response {
        _ = try request.requireCaller()
        let kind = try Parse.choice(Parse.query(request, "kind"), as: ExchangeKind.self, field: .importKind) ?? .tasks
        return try file(importTemplate(kind), name: "template-\(kind.rawValue)", request: request)
    }

    /// The demo district's plan file of a kind: a filled-in example of the layout (CSV).
    static func example(_ request: Request) async throws -> Response {
        _ = try request.requireCaller()
        let kind = try Parse.requiredChoice(Parse.query(request, "kind"), as: ExchangeKind.self, field: .importKind)
        guard let data = DemoPlan.file(kind) else { throw RuleViolation(.recordNotFound) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: SpreadsheetFormat.csv.mediaType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"luoshi-example-\(kind.rawValue).csv\"")
        return response
    }

    /// The register as filtered on its page, in the import's layout.
    static func exportRegister(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let filter = TasksController.registerFilter(request)
        let store = request.store
        let units = try await store.allUnits()
        let listed = try await store.tasks(TasksController.storageFilter(filter, caller: caller, units: units, today: request.clock.today()), offset: 0, limit: 100_000)
        let codes = Set(listed.items.map(\.code))
        var sheet = try await exportTable(.tasks, year: filter.year, caller: caller, store: store)
        sheet.rows = [sheet.rows[0]] + sheet.rows.dropFirst().filter { codes.contains($0.first ?? "") }
        return try file(sheet, name: "tasks-\(filter.year)", request: request)
    }

    static func file(_ sheet: Sheet, name: String, request: Request) throws -> Response {
        let format = Parse.query(request, "format").flatMap(SpreadsheetFormat.init(rawValue:)) ?? .xlsx
        let data = try Spreadsheet.write([sheet], format: format)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: format.mediaType)
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"luoshi-\(name).\(format.rawValue)\"")
        return response
    }
}
