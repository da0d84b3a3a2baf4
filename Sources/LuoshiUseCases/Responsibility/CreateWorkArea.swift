// Use cases: open a work area (工作板块) for a year, rename or reorder it, and remove one that no
// task is filed under (a work area with tasks stays: the tasks' trail names it).
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createWorkArea(year: Int, code: String, name: String, sortOrder: Int,
                           context: UseCaseContext) async throws -> WorkArea {
    try await context.store.write { tx in
        try await createWorkArea(year: year, code: code, name: name, sortOrder: sortOrder, in: tx, context: context)
    }
}

/// The same, inside a transaction the caller holds (imports).
func createWorkArea(year: Int, code rawCode: String, name rawName: String, sortOrder: Int,
                    in tx: WriteTransaction, context: UseCaseContext) async throws -> WorkArea {
    try context.performer.caller?.requireRegisterWork()
    let code = rawCode.trimmingCharacters(in: .whitespaces)
    try FieldRules.code(code, field: .fieldCode)
    guard (2000...2100).contains(year) else { throw RuleViolation(.fieldOutOfRange, field: .fieldYear) }
    let (name, sortOrder) = try WorkAreaRules.checked(name: rawName, sortOrder: sortOrder)
    if try await tx.workAreaCodeTaken(year: year, code: code) { throw RuleViolation(.workAreaCodeTaken, field: .fieldCode) }
    let area = WorkArea(id: UUID(), year: year, code: code, name: name, sortOrder: sortOrder)
    try await tx.insert(area)
    try await tx.record(.create, kind: .workArea, id: area.id.uuidString, before: nil as WorkArea?, after: area, in: context)
    return area
}

/// Renames or reorders a work area (its year and code are its identity in files and stay).
public func updateWorkArea(id: UUID, name: String?, sortOrder: Int?, context: UseCaseContext) async throws -> WorkArea {
    try await context.store.write { tx in
        try context.performer.caller?.requireRegisterWork()
        guard let before = try await tx.workArea(id: id) else { throw RuleViolation(.recordNotFound) }
        return try await updateWorkArea(before, name: name ?? before.name, sortOrder: sortOrder ?? before.sortOrder, in: tx, context: context)
    }
}

func updateWorkArea(_ before: WorkArea, name: String, sortOrder: Int, in tx: WriteTransaction,
                    context: UseCaseContext) async throws -> WorkArea {
    try context.performer.caller?.requireRegisterWork()
    let (name, sortOrder) = try WorkAreaRules.checked(name: name, sortOrder: sortOrder)
    var after = before
    after.name = name
    after.sortOrder = sortOrder
    guard after != before else { return before }
    try await tx.update(after)
    try await tx.record(.update, kind: .workArea, id: before.id.uuidString, before: before, after: after, in: context)
    return after
}

/// Removes a work area no task is filed under; one with tasks is refused with their count.
public func deleteWorkArea(id: UUID, context: UseCaseContext) async throws {
    try await context.store.write { tx in
        try context.performer.caller?.requireRegisterWork()
        guard let area = try await tx.workArea(id: id) else { throw RuleViolation(.recordNotFound) }
        let tasks = try await tx.taskCount(areaID: id)
        guard tasks == 0 else { throw RuleViolation(.workAreaInUse, limit: tasks) }
        try await tx.deleteWorkArea(id: id)
        try await tx.record(.delete, kind: .workArea, id: id.uuidString, before: area, after: nil as WorkArea?, in: context)
    }
}

enum WorkAreaRules {
    static func checked(name rawName: String, sortOrder: Int) throws(RuleViolation) -> (String, Int) {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        try FieldRules.text(name, field: .fieldName, maxLength: 100)
        guard (-100_000...100_000).contains(sortOrder) else { throw RuleViolation(.fieldOutOfRange, field: .fieldSortOrder) }
        return (name, sortOrder)
    }
}
