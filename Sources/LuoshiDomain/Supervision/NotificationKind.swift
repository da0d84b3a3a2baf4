// What a person's inbox tells them of.

public enum NotificationKind: String, CaseIterable, Codable, Sendable {
    /// A report is due (and a deadline is near).
    case reportDue
    /// A staff member's report waits for the unit head's sign-off.
    case reportToSignOff
    /// A report was returned with a comment.
    case reportReturned
    /// An urge notice or supervision order to the unit; or a unit's reply, to the office.
    case notice
    /// A chair's instruction (批示) or an on-the-spot resolution that became a task.
    case instruction
    /// A result verified (销号) or sent back by the office; or a result waiting for verification.
    case verification
    /// An accountability case opened or concluded.
    case accountability
    /// The morning summary of a person's unread entries (the daily digest job writes it).
    case digest

    public var labelKey: L10nKey {
        switch self {
        case .reportDue: .notifyReportDue
        case .reportToSignOff: .notifyReportToSignOff
        case .reportReturned: .notifyReportReturned
        case .notice: .notifyNotice
        case .instruction: .notifyInstruction
        case .verification: .notifyVerification
        case .accountability: .notifyAccountability
        case .digest: .notifyDigest
        }
    }

    /// How soon an unread entry of this kind wants attention, most urgent first (0): what the
    /// person's digest names first. A notice has a reply date; a returned report and a due report
    /// a period that closes; sign-offs and verifications wait on the reader; the rest inform.
    public var urgency: Int {
        switch self {
        case .notice: 0
        case .reportReturned: 1
        case .reportDue: 2
        case .reportToSignOff: 3
        case .verification: 4
        case .accountability: 5
        case .instruction: 6
        case .digest: 7
        }
    }
}

/// An inbox message as the catalogue words it, written in each recipient's own language when it is
/// sent (their account's setting, else Chinese).
public struct InboxText: Equatable, Sendable {
    public var key: L10nKey
    public var values: [String: String]
    /// Values that are words of the catalogue themselves (a notice's kind), in the reader's language too.
    public var words: [String: L10nKey]
    /// A reporting period named in the message (`{period}`), in the reader's language.
    public var period: ReportPeriod?

    public init(_ key: L10nKey, _ values: [String: String], words: [String: L10nKey] = [:], period: ReportPeriod? = nil) {
        self.key = key; self.values = values; self.words = words; self.period = period
    }

    public func render(_ catalogue: Catalogue) -> String {
        var all = values
        for (name, word) in words { all[name] = catalogue[word] }
        if let period { all["period"] = period.label(catalogue) }
        return catalogue.format(key, all)
    }
}
