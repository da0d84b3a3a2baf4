// Import and export through the API: the same tables, rules and scope as the import page.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiUseCases
import OpenAPIRuntime
import Vapor

extension APIHandler {
    func importTable(_ input: Operations.ImportTable.Input) async throws -> Operations.ImportTable.Output {
        let (request, caller) = try current()
        let kind = try Parse.requiredChoice(input.path.kind.rawValue, as: ExchangeKind.self, field: .importKind)
        // Refused before the body is read, not after.
        guard kind.mayImport(caller) else { throw RuleViolation(.roleNotAllowed) }
        let (body, format): (HTTPBody, SpreadsheetFormat) = switch input.body {
        case .csv(let body): (body, .csv)
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let body): (body, .xlsx)
        }
        // The import page's limit; a longer body is refused as too large, not read to the end.
        var collected = Data()
        for try await chunk in body {
            collected.append(contentsOf: chunk)
            guard collected.count <= CSRFMiddleware.uploadLimit else { throw Abort(.payloadTooLarge) }
        }
        let data = collected
        let language = request.language
        do {
            let report = try await ExchangeController.runImport(kind, data: data, filename: "upload.\(format.rawValue)",
                                                                request: request, caller: caller)
            return .ok(.init(body: .json(.init(created: report.created, updated: report.updated, unchanged: report.unchanged))))
        } catch let refused as ImportRefused {
            let problem = Components.Schemas.ImportProblem(
                _type: "urn:luoshi:problem:\(Rule.importInvalid.rawValue)", title: "Unprocessable Content", status: 422,
                code: Rule.importInvalid.rawValue, detail: RuleViolation(.importInvalid).message(in: language),
                issues: refused.issues.map { issue in
                    .init(row: issue.row, column: issue.column, code: issue.violation.rule.rawValue,
                          detail: issue.violation.message(in: language))
                },
                written: refused.written.map { .init(created: $0.created, updated: $0.updated, unchanged: $0.unchanged) })
            return .unprocessableContent(.init(body: .applicationProblemJson(problem)))
        }
    }

    func exportTable(_ input: Operations.ExportTable.Input) async throws -> Operations.ExportTable.Output {
        let (request, caller) = try current()
        let kind = try Parse.requiredChoice(input.path.kind.rawValue, as: ExchangeKind.self, field: .importKind)
        let year = try input.query.year.map { value throws(RuleViolation) in try self.year(value) }
        let sheet = try await LuoshiUseCases.exportTable(kind, year: year, caller: caller, store: request.store)
        let format = input.query.format.flatMap { SpreadsheetFormat(rawValue: $0.rawValue) } ?? .xlsx
        let data = try Spreadsheet.write([sheet], format: format)
        return .ok(.init(body: format == .csv ? .csv(HTTPBody(data)) : .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
    }
}
