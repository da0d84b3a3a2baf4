// Lights (亮灯): green on track, yellow lagging, red overdue or stalled, computed from a task's
// data with the reason shown beside it. One function decides a light; the register, the
// dashboards, the API, the daily job and `luoshi lights recompute` all call it.

public enum Light: String, CaseIterable, Codable, Sendable, Comparable {
    case green, yellow, red

    public var labelKey: L10nKey {
        switch self {
        case .green: .lightGreen
        case .yellow: .lightYellow
        case .red: .lightRed
        }
    }

    var severity: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }

    public static func < (lhs: Light, rhs: Light) -> Bool { lhs.severity < rhs.severity }
}

/// Why a task has its light.
public enum LightReason: String, CaseIterable, Codable, Sendable {
    /// Green: progress keeps pace with the time elapsed.
    case onTrack
    /// Green: finished (closed, or its result reported and awaiting verification) or cancelled.
    case finished
    /// Yellow: progress behind the time elapsed by more than the margin.
    case behindSchedule
    /// Yellow: the report of the last ended period is missing.
    case reportLate
    /// Red: past the deadline and not finished.
    case overdue
    /// Yellow: past the deadline, its reason reported with a new committed date not yet passed.
    case rescheduled
    /// Red: no progress for the stall time.
    case stalled

    public var labelKey: L10nKey {
        switch self {
        case .onTrack: .lightReasonOnTrack
        case .finished: .lightReasonFinished
        case .behindSchedule: .lightReasonBehind
        case .reportLate: .lightReasonReportLate
        case .overdue: .lightReasonOverdue
        case .rescheduled: .lightReasonRescheduled
        case .stalled: .lightReasonStalled
        }
    }
}

/// The settings behind the lights (`[supervision]` in the configuration file).
public struct LightPolicy: Equatable, Sendable {
    /// Percentage points progress may trail the time elapsed before the light turns yellow.
    public var lagMargin: Int
    /// Days without progress after which an open task turns red.
    public var stallDays: Int

    public init(lagMargin: Int = Int(Pace.laggingMargin), stallDays: Int = 45) {
        self.lagMargin = lagMargin; self.stallDays = stallDays
    }

    public static let standard = LightPolicy()
}

/// What a light is computed from.
public struct LightInput: Equatable, Sendable {
    public var status: TaskStatus
    /// Awaiting the office's verification (待销号): the result is reported and signed off.
    public var awaitingClosure: Bool
    /// The task's progress as shown (rolled up over sub-tasks).
    public var progress: Double
    public var start: Day
    public var deadline: Day
    public var rhythm: ReportingRhythm
    /// The last day progress rose (nil: never since the task began).
    public var progressChangedOn: Day?
    /// The period of the latest report that counts (signed off or awaiting sign-off), if any.
    public var lastReportedPeriodEnd: Day?
    /// The new date committed to by the latest signed-off delay report (找原因), if any.
    public var committedDay: Day?

    public init(status: TaskStatus, awaitingClosure: Bool = false, progress: Double, start: Day, deadline: Day,
                rhythm: ReportingRhythm, progressChangedOn: Day? = nil, lastReportedPeriodEnd: Day? = nil, committedDay: Day? = nil) {
        self.status = status; self.awaitingClosure = awaitingClosure; self.progress = progress; self.start = start
        self.deadline = deadline; self.rhythm = rhythm; self.progressChangedOn = progressChangedOn
        self.lastReportedPeriodEnd = lastReportedPeriodEnd; self.committedDay = committedDay
    }
}

public struct LightVerdict: Equatable, Sendable {
    public var light: Light
    public var reason: LightReason
    /// The figure the reason names: days overdue or without progress, points behind.
    public var figure: Int

    public init(_ light: Light, _ reason: LightReason, figure: Int = 0) {
        self.light = light; self.reason = reason; self.figure = figure
    }

    /// "红灯：逾期 12 天" for people.
    public func explanation(_ catalogue: Catalogue) -> String {
        catalogue.format(reason.labelKey, ["n": String(figure)])
    }
}

public enum Lights {
    /// A task's light on `today`. In order: finished work is green; past the deadline is red, or
    /// yellow while a new date committed to in a signed-off delay report has not passed;
    /// no progress for `stallDays` is red; progress behind elapsed time by more than the margin is
    /// yellow; a missing report for the last ended period is yellow; otherwise green.
    public static func verdict(_ input: LightInput, today: Day, policy: LightPolicy = .standard) -> LightVerdict {
        if input.status == .completed || input.status == .cancelled || input.awaitingClosure {
            return LightVerdict(.green, .finished)
        }
        if input.deadline < today {
            if let committed = input.committedDay, committed >= today {
                return LightVerdict(.yellow, .rescheduled, figure: input.deadline.days(until: today))
            }
            return LightVerdict(.red, .overdue, figure: input.deadline.days(until: today))
        }
        // Work not yet begun is not stalled; the stall clock starts at the task's start.
        if input.start < today {
            let since = input.progressChangedOn.map { max($0, input.start) } ?? input.start
            let idle = since.days(until: today)
            if idle >= policy.stallDays { return LightVerdict(.red, .stalled, figure: idle) }
        }
        let expected = Pace.expected(start: input.start, deadline: input.deadline, today: today)
        let behind = expected - input.progress
        if behind > Double(policy.lagMargin) {
            return LightVerdict(.yellow, .behindSchedule, figure: Int(behind.rounded()))
        }
        if let missing = ReportPeriod.missingReport(today: today, start: input.start, rhythm: input.rhythm,
                                                    reportedThrough: input.lastReportedPeriodEnd) {
            return LightVerdict(.yellow, .reportLate, figure: missing.end.days(until: today))
        }
        return LightVerdict(.green, .onTrack)
    }
}
