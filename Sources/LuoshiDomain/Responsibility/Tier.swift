// Work tiers (工作层次) and the reporting rhythm each sets by default.

public enum Tier: String, CaseIterable, Codable, Sendable {
    /// 区委牵头抓: strategic, cross-cutting; reported weekly.
    case led
    /// 区委推动: the government implements, the committee hears phase reports; monthly.
    case pushed
    /// 区委支持: routine departmental work; quarterly.
    case supported

    public var defaultRhythm: ReportingRhythm {
        switch self {
        case .led: .weekly
        case .pushed: .monthly
        case .supported: .quarterly
        }
    }

    /// Who hears of this tier's reports besides the responsible unit.
    public var notifiedRoles: [Role] {
        switch self {
        case .led: [.leader, .supervisor]
        case .pushed: [.leader, .supervisor]
        case .supported: [.supervisor]
        }
    }

    public var labelKey: L10nKey {
        switch self {
        case .led: .tierLed
        case .pushed: .tierPushed
        case .supported: .tierSupported
        }
    }
}

public enum ReportingRhythm: String, CaseIterable, Codable, Sendable {
    case weekly, monthly, quarterly

    public var labelKey: L10nKey {
        switch self {
        case .weekly: .rhythmWeekly
        case .monthly: .rhythmMonthly
        case .quarterly: .rhythmQuarterly
        }
    }
}
