// The access rules of incentives and constraints: the office (督查室) keeps schemes, runs,
// observation events, bonuses, commendations and recommendations; a published league table is read
// by everyone; a unit's breakdown by the organisation-wide readers and that unit's own people; a
// rater scores only their own sheet and, until the event closes, sees nobody else's; cadre files
// and the eligibility answer by the office, the discipline inspectors (auditor), the principal
// leaders, and the person themself.
import Foundation

extension Caller {
    /// Schemes, runs, observation events, bonuses, commendations, recommendations: the office.
    public func requireManageAssessment() throws(RuleViolation) {
        guard role == .supervisor else { throw RuleViolation(.roleNotAllowed) }
    }

    public var managesAssessment: Bool { role == .supervisor }

    /// Previews (not yet published) and the register of consequences: the office, auditors and leaders.
    public var readsAssessmentDrafts: Bool { role == .supervisor || role == .auditor || role == .leader }

    public func requireReadAssessmentDrafts() throws(RuleViolation) {
        guard readsAssessmentDrafts else { throw RuleViolation(.roleNotAllowed) }
    }

    /// A unit's line-by-line breakdown: organisation-wide readers, and the unit's own head and staff.
    public func canReadBreakdown(unitPath: String) -> Bool {
        switch role {
        case .supervisor, .auditor, .leader: true
        case .unitHead, .staff: covers(unitPath: unitPath)
        case .admin: false
        }
    }

    public func requireReadBreakdown(unitPath: String) throws(RuleViolation) {
        guard canReadBreakdown(unitPath: unitPath) else { throw RuleViolation(.outsideScope) }
    }

    /// A cadre file and the eligibility answer: the office, auditors, principal leaders, the person.
    public func canReadCadreFile(personID: UUID) -> Bool {
        if self.personID == personID { return true }
        switch role {
        case .supervisor, .auditor: return true
        case .leader: return readsEverything
        case .admin, .unitHead, .staff: return false
        }
    }

    public func requireReadCadreFile(personID: UUID) throws(RuleViolation) {
        guard canReadCadreFile(personID: personID) else { throw RuleViolation(.roleNotAllowed) }
    }

    /// Whether the caller reads an event's standings now: once closed everyone; before, the office.
    public func readsStandings(of event: ObservationEvent) -> Bool { event.state == .closed || managesAssessment }

    public func requireScore(_ event: ObservationEvent) throws(RuleViolation) {
        guard event.raterIDs.contains(accountID) else { throw RuleViolation(.observationNotRater) }
        guard event.state == .scoring else { throw RuleViolation(.observationClosed) }
    }
}
