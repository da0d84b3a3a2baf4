// Roles an account can hold (DESIGN.md "Who uses it").

public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case supervisor
    case leader
    case unitHead
    case staff
    case auditor

    public var labelKey: L10nKey {
        switch self {
        case .admin: .roleAdmin
        case .supervisor: .roleSupervisor
        case .leader: .roleLeader
        case .unitHead: .roleUnitHead
        case .staff: .roleStaff
        case .auditor: .roleAuditor
        }
    }
}
