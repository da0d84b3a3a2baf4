// Who a use case acts for: a signed-in caller (whose role and scope are checked), or the operator
// at the command line (who has the server's own rights, and is named in the audit trail as such).
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct Performer: Sendable {
    public var caller: Caller?
    public var name: String
    public var accountID: UUID?

    public init(_ caller: Caller) {
        self.caller = caller; self.name = caller.displayName; self.accountID = caller.accountID
    }

    public static func system(_ name: String) -> Performer { Performer(name: name) }

    private init(name: String) { self.caller = nil; self.name = name; self.accountID = nil }
}

/// What a use case needs besides its input.
public struct UseCaseContext: Sendable {
    public var store: Store
    public var performer: Performer
    public var now: Date
    /// The configured time zone, for rules that ask what day it is.
    public var clock: LocalClock
    /// The margins the lights are computed with (`[supervision]` in the configuration).
    public var lightPolicy: LightPolicy

    public init(store: Store, performer: Performer, now: Date = Date(), clock: LocalClock = .china, lightPolicy: LightPolicy = .standard) {
        self.store = store; self.performer = performer; self.now = now; self.clock = clock; self.lightPolicy = lightPolicy
    }

    public var today: Day { clock.today(now) }
}

extension WriteTransaction {
    /// The one way use cases leave a trace: an audit event in the same transaction as the change.
    func record<T: Encodable>(_ action: AuditAction, kind: RecordKind, id: String, before: T?, after: T?,
                              in context: UseCaseContext) async throws {
        try await appendAudit(AuditContent(
            occurredAt: AuditChain.timestamp(context.now), actorID: context.performer.accountID, actorName: context.performer.name,
            action: action, recordKind: kind.rawValue, recordID: id.lowercased(),
            before: before.map(AuditChain.snapshot), after: after.map(AuditChain.snapshot)))
    }
}

/// The kinds of record the audit trail names.
public enum RecordKind: String, CaseIterable, Sendable {
    case unit, person, account, apiToken, workArea, task, indicator, reading, keyObject
    case decision, opinion, meeting, agendaItem, vote, meetingSeries, calendarLink
    case report, periodLock, urgeNotice, accountabilityCase, notification, inspection, criticism, bulletin, dailyJob
    case observationEvent, observationSheet, assessmentScheme, assessmentRun, bonus, consequence

    public var labelKey: L10nKey {
        switch self {
        case .workArea: .fieldArea
        case .task: .recordKindTask
        case .indicator: .navIndicators
        case .reading: .indicatorReadings
        case .keyObject: .navKeyObjects
        case .unit: .recordKindUnit
        case .person: .recordKindPerson
        case .account: .recordKindAccount
        case .apiToken: .recordKindApiToken
        case .decision: .recordKindDecision
        case .opinion: .recordKindOpinion
        case .meeting: .recordKindMeeting
        case .agendaItem: .recordKindAgendaItem
        case .vote: .recordKindVote
        case .meetingSeries: .recordKindMeetingSeries
        case .calendarLink: .recordKindCalendarLink
        case .report: .recordKindReport
        case .periodLock: .recordKindPeriodLock
        case .urgeNotice: .recordKindUrgeNotice
        case .accountabilityCase: .recordKindAccountabilityCase
        case .notification: .recordKindNotification
        case .inspection: .recordKindInspection
        case .criticism: .recordKindCriticism
        case .bulletin: .recordKindBulletin
        case .dailyJob: .recordKindDailyJob
        case .observationEvent: .recordKindObservationEvent
        case .observationSheet: .recordKindObservationSheet
        case .assessmentScheme: .recordKindAssessmentScheme
        case .assessmentRun: .recordKindAssessmentRun
        case .bonus: .recordKindBonus
        case .consequence: .recordKindConsequence
        }
    }
}

/// An account as the audit trail shows it: never the password hash.
struct AccountSnapshot: Encodable {
    var username: String
    var displayName: String
    var role: String
    var scopeUnitID: UUID
    var personID: UUID?
    var language: String?
    var isDisabled: Bool
    var readsEverything: Bool

    init(_ account: Account) {
        username = account.username; displayName = account.displayName; role = account.role.rawValue
        scopeUnitID = account.scopeUnitID; personID = account.personID; language = account.language?.rawValue
        isDisabled = account.isDisabled; readsEverything = account.readsEverything
    }
}
