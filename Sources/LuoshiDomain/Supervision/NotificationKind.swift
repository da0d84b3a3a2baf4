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

    public var labelKey: L10nKey {
        switch self {
        case .reportDue: .notifyReportDue
        case .reportToSignOff: .notifyReportToSignOff
        case .reportReturned: .notifyReportReturned
        case .notice: .notifyNotice
        case .instruction: .notifyInstruction
        case .verification: .notifyVerification
        case .accountability: .notifyAccountability
        }
    }
}
