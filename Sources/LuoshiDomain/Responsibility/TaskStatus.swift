// A task's status, the moves allowed between statuses, and "overdue", which is derived, never stored.

public enum TaskStatus: String, CaseIterable, Codable, Sendable {
    case notStarted, inProgress, completed, cancelled

    public var labelKey: L10nKey {
        switch self {
        case .notStarted: .statusNotStarted
        case .inProgress: .statusInProgress
        case .completed: .statusCompleted
        case .cancelled: .statusCancelled
        }
    }

    /// Completed work may be reopened; cancelled work stays cancelled (start a new task instead).
    public func canMove(to next: TaskStatus) -> Bool {
        switch (self, next) {
        case (let a, let b) where a == b: true
        case (.notStarted, _): true
        case (.inProgress, .completed), (.inProgress, .cancelled): true
        case (.completed, .inProgress): true
        default: false
        }
    }

    public var isOpen: Bool { self == .notStarted || self == .inProgress }
}

/// Overdue: the deadline has passed and the work is neither completed nor cancelled.
public func isOverdue(status: TaskStatus, deadline: Day, today: Day) -> Bool {
    status.isOpen && deadline < today
}
