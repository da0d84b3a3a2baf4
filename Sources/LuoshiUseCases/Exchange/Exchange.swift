// Import and export of the lists governments keep in spreadsheets (units, people, tasks,
// indicators). A file is checked and written in one transaction: every bad row is reported with its
// row number, column and reason, and then nothing is kept. Rows match existing records by their
// natural key (a code, or a name within a unit), so importing the same file twice changes nothing.
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage

/// The tables, in the order a whole plan is loaded: each names only records of the ones before it.
public enum ExchangeKind: String, CaseIterable, Sendable {
    case units, people
    case workAreas = "work-areas"
    case tasks, indicators
    case keyObjects = "key-objects"
    case readings

    public var labelKey: L10nKey {
        switch self {
        case .units: .navUnits
        case .people: .navPeople
        case .workAreas: .exchangeWorkAreas
        case .tasks: .navTasks
        case .indicators: .navIndicators
        case .keyObjects: .navKeyObjects
        case .readings: .exchangeReadings
        }
    }

    /// Whether the caller may import this kind: units by administrators, people by those who keep
    /// them, the plan by those who register work. Pages, the API and `importTable` ask this.
    public func mayImport(_ caller: Caller) -> Bool {
        switch self {
        case .units: (try? caller.requireManageUnits()) != nil
        case .people: caller.mayWritePeople
        case .workAreas, .tasks, .indicators, .keyObjects, .readings: (try? caller.requireRegisterWork()) != nil
        }
    }
}

public struct ImportIssue: Equatable, Sendable {
    /// The spreadsheet's row number (the header is row 1).
    public var row: Int
    /// The column's header as the file has it, when the problem is in one cell.
    public var column: String?
    public var violation: RuleViolation
}

public struct ImportRefused: Error, Sendable {
    public var issues: [ImportIssue]
    /// For a long file written in batches: what the batches without errors wrote (nil: nothing was).
    public var written: ImportReport?

    public init(issues: [ImportIssue], written: ImportReport? = nil) {
        self.issues = issues; self.written = written
    }
}

public struct ImportReport: Equatable, Sendable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.created = created; self.updated = updated; self.unchanged = unchanged
    }

    static func + (lhs: ImportReport, rhs: ImportReport) -> ImportReport {
        ImportReport(created: lhs.created + rhs.created, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged)
    }
}

/// How imports are cut into transactions. A file of up to `wholeFileRows` data rows is written in
/// one transaction: all of it or none. A longer one (a whole county's people, thousands of tasks)
/// goes in batches of `batchRows`, each its own transaction, so that other users' writes wait
/// for one batch (about a second), not for the whole file. A batch with an error is not written;
/// the others are, and every error of every batch is reported. Rows are matched by natural key, so
/// importing the corrected file again completes it without duplicates.
public enum ImportBatching {
    public static let wholeFileRows = 1000
    public static let batchRows = 250
}

enum RowOutcome: Sendable { case created, updated, unchanged }

/// One column of a table: its key, its Chinese header (what exports write) and English header;
/// imports accept any of the three.
struct Column: Sendable {
    let key: String
    let zh: String
    let en: String
    var required = false
    /// The field label a rule names when this column is at fault.
    var field: L10nKey?
    /// What a cell must be, checked for every cell of a row before the row is applied, so that a
    /// row's every problem is reported at once.
    var kind: CellKind = .text
}

enum CellKind: Sendable {
    case text, day, number, integer
    /// Milestones, one a line or separated by ；("2026-06-30 完成主体工程").
    case milestones
    /// A unit by code or unique name; several, separated.
    case unit, units
    /// One of an enumeration's values (its identifier or its label in either language).
    case choice(@Sendable (String) -> Bool)

    static func of<E: RawRepresentable & CaseIterable>(_ label: @escaping @Sendable (E) -> L10nKey) -> CellKind where E.RawValue == String {
        .choice { text in (try? Cells.choice(text, label, field: .fieldValue, required: false)) != nil }
    }
}

extension TableLayout {
    /// Every problem of one row's cells taken one by one (required, dates, numbers, choices, units).
    func problems(_ row: SheetRow, tx: WriteTransaction) async -> [RuleViolation] {
        var found: [RuleViolation] = []
        for column in columns {
            let text = row[column.key]
            let field = column.field ?? .fieldValue
            if text.isEmpty {
                if column.required { found.append(RuleViolation(.fieldRequired, field: field)) }
                continue
            }
            do {
                switch column.kind {
                case .text: break
                case .day: _ = try Cells.day(text, field: field)
                case .number: _ = try Cells.number(text, field: field)
                case .integer: _ = try Cells.int(text, field: field)
                case .milestones: _ = try Milestone.parse(text)
                case .unit: _ = try await Cells.unit(text, field: field, tx: tx)
                case .units: for code in Cells.list(text) { _ = try await Cells.unit(code, field: field, tx: tx) }
                case .choice(let accepts): if !accepts(text) { throw RuleViolation(.fieldInvalidChoice, field: field) }
                }
            } catch let violation as RuleViolation {
                found.append(violation)
            } catch {
                found.append(RuleViolation(.fieldInvalidChoice, field: field))
            }
        }
        return found
    }
}

struct TableLayout: Sendable {
    let columns: [Column]

    var header: [String] { columns.map(\.zh) }

    /// Finds each column in the file's header row; a missing required column refuses the file.
    func index(_ header: [String]) throws(ImportRefused) -> [String: Int] {
        var indexes: [String: Int] = [:]
        for (position, title) in header.enumerated() {
            let name = title.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if let column = columns.first(where: { [$0.key.lowercased(), $0.zh.lowercased(), $0.en.lowercased()].contains(name) }) {
                indexes[column.key] = position
            }
        }
        let missing = columns.filter { $0.required && indexes[$0.key] == nil }
        guard missing.isEmpty else {
            throw ImportRefused(issues: missing.map { ImportIssue(row: 1, column: $0.zh, violation: RuleViolation(.fieldRequired, field: $0.field)) })
        }
        return indexes
    }

    func column(for field: L10nKey?) -> Column? { columns.first { $0.field == field && field != nil } }
}

/// A data row of an imported sheet.
struct SheetRow: Sendable {
    let number: Int
    let cells: [String]
    let indexes: [String: Int]

    subscript(key: String) -> String {
        guard let index = indexes[key], index < cells.count else { return "" }
        return cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var isBlank: Bool { cells.allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
}

enum Cells {
    /// A choice written as its identifier or its label in either language.
    static func choice<E: RawRepresentable & CaseIterable>(_ text: String, _ label: (E) -> L10nKey, field: L10nKey,
                                                           required: Bool = true) throws(RuleViolation) -> E? where E.RawValue == String {
        if text.isEmpty {
            if required { throw RuleViolation(.fieldRequired, field: field) }
            return nil
        }
        for value in E.allCases where value.rawValue.lowercased() == text.lowercased()
            || Catalogue.for(.zhHans)[label(value)] == text || Catalogue.for(.en)[label(value)].lowercased() == text.lowercased() {
            return value
        }
        throw RuleViolation(.fieldInvalidChoice, field: field)
    }

    static func day(_ text: String, field: L10nKey) throws(RuleViolation) -> Day? {
        guard !text.isEmpty else { return nil }
        guard let day = Day(String(text.prefix(10))) else { throw RuleViolation(.fieldInvalidDay, field: field) }
        return day
    }

    static func number(_ text: String, field: L10nKey) throws(RuleViolation) -> Double? {
        let cleaned = text.replacingOccurrences(of: ",", with: "")
        guard !cleaned.isEmpty else { return nil }
        guard let value = Double(cleaned), value.isFinite else { throw RuleViolation(.fieldInvalidNumber, field: field) }
        return value
    }

    static func int(_ text: String, field: L10nKey) throws(RuleViolation) -> Int? {
        guard let value = try number(text, field: field) else { return nil }
        guard value.rounded() == value, abs(value) < 1e9 else { throw RuleViolation(.fieldInvalidNumber, field: field) }
        return Int(value)
    }

    /// Several codes in one cell, separated by 、 , ， ; or spaces.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,，;； ".contains($0) }).map(String.init)
    }

    static func text(_ value: Double?) -> String {
        guard let value else { return "" }
        return value.rounded() == value && abs(value) < 1e15 ? String(format: "%.0f", value) : String(value)
    }
}

/// Reads a file into its first sheet, refusing what cannot be read as the first row's problem.
public func readSheet(_ data: Data, filename: String) throws -> Sheet {
    guard let format = SpreadsheetFormat(filename: filename) else {
        throw ImportRefused(issues: [ImportIssue(row: 0, column: nil, violation: RuleViolation(.importInvalid))])
    }
    do {
        guard let sheet = try Spreadsheet.read(data, format: format).first, !sheet.rows.isEmpty else {
            throw ImportRefused(issues: [ImportIssue(row: 1, column: nil, violation: RuleViolation(.importEmpty))])
        }
        return sheet
    } catch let error as SpreadsheetError {
        throw ImportRefused(issues: [ImportIssue(row: 0, column: error.detail, violation: RuleViolation(.importInvalid))])
    }
}

/// Imports a sheet of `kind` in one transaction; throws ImportRefused with every bad row, keeping nothing.
/// `progress` hears (rows done, rows in all) after each batch.
public func importTable(_ kind: ExchangeKind, sheet: Sheet, context: UseCaseContext,
                        progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> ImportReport {
    if let caller = context.performer.caller, !kind.mayImport(caller) { throw RuleViolation(.roleNotAllowed) }
    let table = ExchangeTables.table(for: kind)
    let indexes = try table.layout.index(sheet.rows.first ?? [])
    let rows = sheet.rows.dropFirst().enumerated()
        .map { SheetRow(number: $0.offset + 2, cells: $0.element, indexes: indexes) }.filter { !$0.isBlank }
    let ordered = table.ordered(rows)
    let size = ordered.count <= ImportBatching.wholeFileRows ? max(ordered.count, 1) : ImportBatching.batchRows
    var written = ImportReport()
    var writtenBatches = 0
    var issues: [ImportIssue] = []
    for start in stride(from: 0, to: ordered.count, by: size) {
        let batch = Array(ordered[start..<min(start + size, ordered.count)])
        do {
            written = written + (try await importBatch(batch, table: table, context: context))
            writtenBatches += 1
        } catch let refused as ImportRefused {
            issues += refused.issues
        }
        progress(min(start + size, ordered.count), ordered.count)
    }
    guard issues.isEmpty else {
        throw ImportRefused(issues: issues.sorted { $0.row < $1.row }, written: writtenBatches > 0 ? written : nil)
    }
    return written
}

/// One transaction of an import: every row applied (and settled), or none if any row is refused.
private func importBatch(_ rows: [SheetRow], table: ExchangeTable, context: UseCaseContext) async throws -> ImportReport {
    try await context.store.write { tx in
        var outcomes: [Int: RowOutcome] = [:]
        var issues: [ImportIssue] = []
        func note(_ violation: RuleViolation, _ row: SheetRow) {
            issues.append(ImportIssue(row: row.number, column: table.layout.column(for: violation.field)?.zh, violation: violation))
        }
        for row in rows {
            // A row's cells are checked one by one first, and all their problems reported together;
            // only a row whose cells are sound is applied (and may then meet a rule between records).
            let problems = await table.layout.problems(row, tx: tx)
            if !problems.isEmpty {
                problems.forEach { note($0, row) }
                continue
            }
            do { outcomes[row.number] = try await table.apply(row, tx, context) } catch let violation as RuleViolation { note(violation, row) }
        }
        if issues.isEmpty, let settle = table.settle {
            for row in rows.reversed() {
                do {
                    if try await settle(row, tx, context), outcomes[row.number] == .unchanged { outcomes[row.number] = .updated }
                } catch let violation as RuleViolation { note(violation, row) }
            }
        }
        guard issues.isEmpty else { throw ImportRefused(issues: issues) }
        return ImportReport(created: outcomes.values.filter { $0 == .created }.count,
                            updated: outcomes.values.filter { $0 == .updated }.count,
                            unchanged: outcomes.values.filter { $0 == .unchanged }.count)
    }
}

/// Exports `kind` (one year's tasks or indicators) as a sheet the import reads back unchanged.
public func exportTable(_ kind: ExchangeKind, year: Int?, caller: Caller?, store: Store) async throws -> Sheet {
    let table = ExchangeTables.table(for: kind)
    let rows = try await table.export(store, year, caller)
    return Sheet(name: Catalogue.for(.zhHans)[kind.labelKey], rows: [table.layout.header] + rows)
}

/// What a table kind knows: its columns, how rows depend on each other, how one is applied, how all are exported.
struct ExchangeTable: Sendable {
    let layout: TableLayout
    /// Rows in an order where a row naming a parent comes after the parent's own row.
    let ordered: @Sendable ([SheetRow]) -> [SheetRow]
    let apply: @Sendable (SheetRow, WriteTransaction, UseCaseContext) async throws -> RowOutcome
    let export: @Sendable (Store, Int?, Caller?) async throws -> [[String]]
    /// A second pass, children before parents, once every row exists (tasks' status and progress).
    var settle: (@Sendable (SheetRow, WriteTransaction, UseCaseContext) async throws -> Bool)? = nil
}

enum ExchangeTables {
    static func table(for kind: ExchangeKind) -> ExchangeTable {
        switch kind {
        case .units: UnitsTable.table
        case .people: PeopleTable.table
        case .workAreas: WorkAreasTable.table
        case .tasks: TasksTable.table
        case .indicators: IndicatorsTable.table
        case .keyObjects: KeyObjectsTable.table
        case .readings: ReadingsTable.table
        }
    }

    /// Orders rows so that parents (by code, within the file) come first.
    static func parentsFirst(_ rows: [SheetRow], code: String, parent: String) -> [SheetRow] {
        let byCode = Dictionary(rows.map { ($0[code], $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ row: SheetRow) -> Int {
            var depth = 0
            var current = row
            while depth < 64, !current[parent].isEmpty, let next = byCode[current[parent]] {
                depth += 1
                current = next
            }
            return depth
        }
        return rows.map { ($0, depth($0)) }.sorted { ($0.1, $0.0.number) < ($1.1, $1.0.number) }.map(\.0)
    }
}

extension Cells {
    /// A unit named in a cell: by its code, or by its name when exactly one unit has it. An unknown
    /// one is refused with the closest code and name as a suggestion, when one is close enough.
    static func unit(_ text: String, field: L10nKey, tx: WriteTransaction) async throws -> Unit {
        guard !text.isEmpty else { throw RuleViolation(.fieldRequired, field: field) }
        if let unit = try await tx.unit(code: text) { return unit }
        let named = try await tx.units(named: text)
        if named.count == 1 { return named[0] }
        if named.count > 1 { throw RuleViolation(.importUnitAmbiguous, field: field, value: text) }
        let all = try await tx.allUnits()
        let scored = all.map { unit in (unit, min(Similarity.distance(text, unit.code), Similarity.distance(text, unit.name))) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, text.count / 3) {
            throw RuleViolation(.importUnitDidYouMean, field: field, value: "\(best.0.name)（\(best.0.code)）")
        }
        throw RuleViolation(.importUnitUnknown, field: field, value: text)
    }
}

/// How far apart two short texts are, by characters: insertions, deletions, substitutions and
/// swaps of neighbours ("CJZ" for "CZJ" is one), for "did you mean".
enum Similarity {
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

/// One column of an importable table, as the import page lists it.
public struct ImportColumn: Sendable {
    public var zh: String
    public var en: String
    public var required: Bool
}

/// The columns a file of `kind` must have (its header row, as exports write it).
public func importColumns(_ kind: ExchangeKind) -> [ImportColumn] {
    ExchangeTables.table(for: kind).layout.columns.map { ImportColumn(zh: $0.zh, en: $0.en, required: $0.required) }
}

/// A file to fill in: the header row of `kind`, nothing else.
public func importTemplate(_ kind: ExchangeKind) -> Sheet {
    Sheet(name: Catalogue.for(.zhHans)[kind.labelKey], rows: [ExchangeTables.table(for: kind).layout.header])
}
