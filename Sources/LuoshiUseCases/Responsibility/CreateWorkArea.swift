// Use case: open a work area (工作板块) for a year.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createWorkArea(year: Int, code rawCode: String, name rawName: String, sortOrder: Int,
                           context: UseCaseContext) async throws -> WorkArea {
    try context.performer.caller?.requireRegisterWork()
    let code = rawCode.trimmingCharacters(in: .whitespaces)
    let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.code(code, field: .fieldCode)
    try FieldRules.text(name, field: .fieldName, maxLength: 100)
    guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    guard (-100_000...100_000).contains(sortOrder) else { throw RuleViolation(.fieldOutOfRange, field: .fieldSortOrder) }
    return try await context.store.write { tx in
        if try await tx.workAreaCodeTaken(year: year, code: code) { throw RuleViolation(.workAreaCodeTaken, field: .fieldCode) }
        let area = WorkArea(id: UUID(), year: year, code: code, name: name, sortOrder: sortOrder)
        try await tx.insert(area)
        try await tx.record(.create, kind: .workArea, id: area.id.uuidString, before: nil as WorkArea?, after: area, in: context)
        return area
    }
}
