// Loads the demo plan for 2026 through the importer, from the spreadsheets in Demo/Plan/: the five
// work areas (工作板块) of the source document — the 台儿庄区 party secretary's report on following
// decisions through — its 34 key tasks (重点工作) with targets, milestones, lead leaders and their
// decomposition down to units and persons; the district indicators decomposed to towns, departments
// and parks with monthly readings; and the 43 key projects, 8 investment regions and 30 key villages,
// each contracted to a district leader with delegated powers. The files are the import's own layout
// (a worked example of it, offered on the import page); the people named are the demo district's
// generated ones, and project, village and figure details are illustrative, not real data.
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage

public struct DemoPlanSummary: Sendable {
    public var areas = 0
    public var keyTasks = 0
    public var subTasks = 0
    public var keyObjects = 0
    public var indicators = 0
    public var readings = 0
}

public enum DemoPlan {
    public static let year = 2026

    /// The kinds the plan's files hold, in the order they load.
    public static let kinds: [ExchangeKind] = [.workAreas, .tasks, .indicators, .keyObjects, .readings]

    /// The demo plan's file of `kind` (CSV, the import's layout), or nil for a kind it has none of.
    public static func file(_ kind: ExchangeKind) -> Data? {
        guard kinds.contains(kind), let url = Bundle.module.url(forResource: kind.rawValue, withExtension: "csv", subdirectory: "Plan") else {
            return nil
        }
        return try? Data(contentsOf: url)
    }

    /// Imports every file of the plan, in order, as the given performer.
    static func load(context: UseCaseContext) async throws -> DemoPlanSummary {
        var summary = DemoPlanSummary()
        for kind in kinds {
            guard let data = file(kind) else { throw ImportRefused(issues: [ImportIssue(row: 0, column: kind.rawValue, violation: RuleViolation(.importEmpty))]) }
            let sheet = try readSheet(data, filename: "\(kind.rawValue).csv")
            let report = try await importTable(kind, sheet: sheet, context: context)
            switch kind {
            case .workAreas: summary.areas = report.created
            case .tasks:
                let parents = TasksTable.layout.columns.firstIndex { $0.key == "parent" } ?? 1
                summary.keyTasks = sheet.rows.dropFirst().filter { $0.count > parents && $0[parents].isEmpty }.count
                summary.subTasks = report.created - summary.keyTasks
            case .indicators: summary.indicators = report.created
            case .keyObjects: summary.keyObjects = report.created
            case .readings: summary.readings = report.created
            case .units, .people: break
            }
        }
        return summary
    }
}
