// Supervision bulletins (督查通报): for a period, each unit's completion and on-time reporting, the
// red list, late reporters, praise and criticism; generated from the data, edited, then published
// and frozen: the figures published are the figures kept, whatever changes later.
import Foundation

public enum BulletinState: String, CaseIterable, Codable, Sendable {
    case draft, published

    public var labelKey: L10nKey { self == .draft ? .bulletinDraft : .bulletinPublished }
}

/// One unit's line in a bulletin.
public struct BulletinUnitLine: Equatable, Codable, Sendable {
    public var unitID: UUID
    public var unitName: String
    /// Tasks the unit is responsible for (open or finished within the year).
    public var tasks: Int
    public var completed: Int
    public var red: Int
    public var yellow: Int
    /// Reports due in the period and those received on time.
    public var reportsDue: Int
    public var reportsOnTime: Int

    public init(unitID: UUID, unitName: String, tasks: Int, completed: Int, red: Int, yellow: Int, reportsDue: Int, reportsOnTime: Int) {
        self.unitID = unitID; self.unitName = unitName; self.tasks = tasks; self.completed = completed; self.red = red
        self.yellow = yellow; self.reportsDue = reportsDue; self.reportsOnTime = reportsOnTime
    }

    /// Completion, 0–100 (nil without tasks).
    public var completionRate: Double? { tasks == 0 ? nil : Double(completed) * 100 / Double(tasks) }
    /// On-time reporting, 0–100 (nil when nothing was due).
    public var onTimeRate: Double? { reportsDue == 0 ? nil : Double(min(reportsOnTime, reportsDue)) * 100 / Double(reportsDue) }
}

/// A task named in a bulletin (the red list, late reporters).
public struct BulletinTaskLine: Equatable, Codable, Sendable {
    public var taskID: UUID
    public var code: String
    public var title: String
    public var unitName: String
    public var reason: String
    public init(taskID: UUID, code: String, title: String, unitName: String, reason: String) {
        self.taskID = taskID; self.code = code; self.title = title; self.unitName = unitName; self.reason = reason
    }
}

/// The figures of a bulletin, as generated (draft) or as published (frozen).
public struct BulletinFigures: Equatable, Codable, Sendable {
    public var units: [BulletinUnitLine]
    public var redList: [BulletinTaskLine]
    public var lateReporters: [BulletinTaskLine]
    public var generatedOn: Day
    public init(units: [BulletinUnitLine], redList: [BulletinTaskLine], lateReporters: [BulletinTaskLine], generatedOn: Day) {
        self.units = units; self.redList = redList; self.lateReporters = lateReporters; self.generatedOn = generatedOn
    }
}

public struct Bulletin: Equatable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var code: String
    public var periodKey: String
    public var title: String
    public var intro: String
    public var praise: String
    public var criticism: String
    public var state: BulletinState
    public var publishedOn: Day?
    /// Kept only once published; a draft's figures are computed when shown.
    public var figures: BulletinFigures?

    public init(id: UUID, code: String, periodKey: String, title: String, intro: String = "", praise: String = "", criticism: String = "",
                state: BulletinState = .draft, publishedOn: Day? = nil, figures: BulletinFigures? = nil) {
        self.id = id; self.code = code; self.periodKey = periodKey; self.title = title; self.intro = intro; self.praise = praise
        self.criticism = criticism; self.state = state; self.publishedOn = publishedOn; self.figures = figures
    }
}
