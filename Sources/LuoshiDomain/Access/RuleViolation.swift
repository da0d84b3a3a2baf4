// A refusal: which rule refused, and what kind of refusal it is. Messages live in the catalogue,
// keyed by the rule, so the web, the API and the CLI all say the same thing in the user's language.

public struct RuleViolation: Error, Equatable, Sendable {
    public var rule: Rule
    /// The field (a catalogue key for its label) that broke the rule, if any.
    public var field: L10nKey?
    /// A number the message mentions (a length, a count).
    public var limit: Int?
    /// A value the message quotes (what was typed, or what was perhaps meant).
    public var value: String?

    public init(_ rule: Rule, field: L10nKey? = nil, limit: Int? = nil, value: String? = nil) {
        self.rule = rule; self.field = field; self.limit = limit; self.value = value
    }

    public func message(in language: Language) -> String {
        let catalogue = Catalogue.for(language)
        var text = catalogue[rule.messageKey]
        if let field { text = text.replacingOccurrences(of: "{field}", with: catalogue[field]) }
        if let limit { text = text.replacingOccurrences(of: "{limit}", with: String(limit)) }
        if let value { text = text.replacingOccurrences(of: "{value}", with: value) }
        return text
    }
}

public enum RefusalKind: Sendable {
    case invalid, unauthenticated, forbidden, notFound, conflict, throttled, unavailable
}

/// Every rule that can refuse an action. The raw value is the stable error code of the API.
public enum Rule: String, CaseIterable, Sendable {
    case fieldRequired = "field.required"
    case fieldTooLong = "field.too_long"
    case fieldControlCharacters = "field.control_characters"
    case fieldCodeFormat = "field.code_format"
    case fieldUsernameFormat = "field.username_format"
    case fieldPhoneFormat = "field.phone_format"
    case fieldOutOfRange = "field.out_of_range"
    case fieldInvalidChoice = "field.invalid_choice"
    case malformedRequest = "request.malformed"
    case passwordTooShort = "password.too_short"
    case passwordTooSimple = "password.too_simple"
    case unitCodeTaken = "unit.code_taken"
    case unitParentCycle = "unit.parent_cycle"
    case unitParentMissing = "unit.parent_missing"
    case usernameTaken = "account.username_taken"
    case personMissing = "person.missing"
    case recordNotFound = "record.not_found"
    case roleNotAllowed = "access.role_not_allowed"
    case outsideScope = "access.outside_scope"
    case authenticationRequired = "access.authentication_required"
    case csrfMismatch = "access.csrf_mismatch"
    case signInFailed = "sign_in.failed"
    case signInThrottledAccount = "sign_in.throttled_account"
    case signInThrottledAddress = "sign_in.throttled_address"
    case accountDisabled = "sign_in.account_disabled"
    case fieldInvalidDay = "field.invalid_day"
    case fieldInvalidNumber = "field.invalid_number"
    case taskDeadlineBeforeStart = "task.deadline_before_start"
    case taskDeadlineAfterParent = "task.deadline_after_parent"
    case taskUnitOutsideParent = "task.unit_outside_parent"
    case taskCooperatingIsResponsible = "task.cooperating_is_responsible"
    case taskMilestoneOutsideSpan = "task.milestone_outside_span"
    case taskCodeTaken = "task.code_taken"
    case taskStatusMove = "task.status_move"
    case taskCancelNeedsReason = "task.cancel_needs_reason"
    case taskParentClosed = "task.parent_closed"
    case indicatorCodeTaken = "indicator.code_taken"
    case indicatorOwnerRequired = "indicator.owner_required"
    case keyObjectCodeTaken = "key_object.code_taken"
    case importInvalid = "import.invalid"
    case fieldNoVisibleCharacter = "field.no_visible_character"
    case serviceBusy = "service.busy"
    case importEmpty = "import.empty"
    case taskAssigneeOutsideUnit = "task.assignee_outside_unit"
    case taskProgressRolledUp = "task.progress_rolled_up"
    case personNotLeader = "person.not_leader"
    case importUnitUnknown = "import.unit_unknown"
    case pagingOutOfRange = "paging.out_of_range"
    case workAreaCodeTaken = "work_area.code_taken"
    case accountCannotDisableSelf = "account.cannot_disable_self"
    case importUnitDidYouMean = "import.unit_did_you_mean"
    case importUnitAmbiguous = "import.unit_ambiguous"
    case workAreaInUse = "work_area.in_use"
    case decisionProcedureSkipped = "decision.procedure_skipped"
    case decisionCodeTaken = "decision.code_taken"
    case meetingNotLatest = "meeting.not_latest"
    case decisionNeedsOpinion = "decision.needs_opinion"
    case decisionNotDecided = "decision.not_decided"
    case decisionTasksOpen = "decision.tasks_open"
    case meetingNoQuorum = "meeting.no_quorum"
    case meetingNoQuorumPersonnel = "meeting.no_quorum_personnel"
    case meetingNotPassed = "meeting.not_passed"
    case meetingNotMember = "meeting.not_member"
    case meetingVoteNotPresent = "meeting.vote_not_present"
    case meetingItemSettled = "meeting.item_settled"
    case meetingLeaveNeedsReason = "meeting.leave_needs_reason"
    case meetingNotInSeries = "meeting.not_in_series"
    case meetingDecisionNeedsVote = "meeting.decision_item_needs_decision"
    case reportResultRequired = "report.result_required"
    case reportDelayRequired = "report.delay_required"
    case reportProgressRequired = "report.progress_required"
    case reportProblemNeedsText = "report.problem_needs_text"
    case reportCommittedDayPast = "report.committed_day_past"
    case reportPeriodLocked = "report.period_locked"
    case reportPeriodInvalid = "report.period_invalid"
    case reportNotAwaiting = "report.not_awaiting"
    case reportTaskClosed = "report.task_closed"
    case taskCompleteByClosure = "task.complete_by_closure"
    case taskNotAwaitingClosure = "task.not_awaiting_closure"
    case noticeGradeOnUrge = "notice.grade_on_urge"
    case noticeReplyByPast = "notice.reply_by_past"
    case noticeNotOpen = "notice.not_open"
    case noticeNotYetDue = "notice.not_yet_due"
    case caseConcluded = "accountability.concluded"
    case attachmentRefused = "attachment.refused"
    case criticismNeedsSubject = "criticism.needs_subject"
    case bulletinFrozen = "bulletin.frozen"
    case observationNeedsCriteria = "observation.needs_criteria"
    case observationNeedsUnits = "observation.needs_units"
    case observationNeedsRaters = "observation.needs_raters"
    case observationClosed = "observation.closed"
    case observationNotRater = "observation.not_rater"
    case assessmentVetoNeedsIndicator = "assessment.veto_needs_indicator"
    case assessmentRule225NeedsIndicator = "assessment.rule225_needs_indicator"
    case assessmentGradeFloorsOutOfOrder = "assessment.grade_floors_out_of_order"
    case assessmentNoScheme = "assessment.no_scheme"
    case assessmentRunFrozen = "assessment.run_frozen"
    case assessmentAlreadyPublished = "assessment.already_published"
    case consequenceNotRecommendation = "consequence.not_recommendation"
    case consequenceAlreadyReferred = "consequence.already_referred"

    public var kind: RefusalKind {
        switch self {
        case .fieldRequired, .fieldTooLong, .fieldControlCharacters, .fieldCodeFormat, .fieldUsernameFormat,
             .fieldPhoneFormat, .fieldOutOfRange, .fieldInvalidChoice, .malformedRequest,
             .passwordTooShort, .passwordTooSimple, .unitParentCycle, .unitParentMissing, .personMissing,
             .fieldInvalidDay, .fieldInvalidNumber, .taskDeadlineBeforeStart, .taskDeadlineAfterParent, .taskUnitOutsideParent,
             .taskCooperatingIsResponsible, .taskMilestoneOutsideSpan, .taskStatusMove, .taskCancelNeedsReason,
             .taskParentClosed, .indicatorOwnerRequired, .importInvalid, .fieldNoVisibleCharacter, .importEmpty, .taskAssigneeOutsideUnit,
             .taskProgressRolledUp, .personNotLeader, .importUnitUnknown, .importUnitDidYouMean, .importUnitAmbiguous,
             .pagingOutOfRange, .accountCannotDisableSelf, .decisionNeedsOpinion, .decisionNotDecided, .meetingNoQuorum, .meetingNoQuorumPersonnel, .meetingNotPassed, .meetingVoteNotPresent, .meetingLeaveNeedsReason, .meetingNotInSeries, .meetingDecisionNeedsVote,
             .reportResultRequired, .reportDelayRequired, .reportProgressRequired, .reportProblemNeedsText, .reportCommittedDayPast, .reportPeriodInvalid, .taskCompleteByClosure, .noticeGradeOnUrge, .noticeReplyByPast, .attachmentRefused, .criticismNeedsSubject, .observationNeedsCriteria, .observationNeedsUnits, .observationNeedsRaters, .assessmentVetoNeedsIndicator, .assessmentRule225NeedsIndicator, .assessmentGradeFloorsOutOfOrder:
            .invalid
        case .unitCodeTaken, .usernameTaken, .taskCodeTaken, .indicatorCodeTaken, .keyObjectCodeTaken, .workAreaCodeTaken,
             .workAreaInUse, .decisionCodeTaken, .meetingNotLatest, .decisionProcedureSkipped, .decisionTasksOpen, .meetingItemSettled,
             .reportPeriodLocked, .reportNotAwaiting, .reportTaskClosed, .taskNotAwaitingClosure, .noticeNotOpen, .noticeNotYetDue, .caseConcluded, .bulletinFrozen, .observationClosed, .assessmentNoScheme, .assessmentRunFrozen, .assessmentAlreadyPublished, .consequenceNotRecommendation, .consequenceAlreadyReferred: .conflict
        case .recordNotFound: .notFound
        case .roleNotAllowed, .outsideScope, .csrfMismatch, .meetingNotMember, .observationNotRater: .forbidden
        case .authenticationRequired, .signInFailed, .accountDisabled: .unauthenticated
        case .signInThrottledAccount, .signInThrottledAddress: .throttled
        case .serviceBusy: .unavailable
        }
    }

    public var messageKey: L10nKey {
        switch self {
        case .fieldRequired: .ruleFieldRequired
        case .fieldTooLong: .ruleFieldTooLong
        case .fieldControlCharacters: .ruleFieldControlCharacters
        case .fieldCodeFormat: .ruleFieldCodeFormat
        case .fieldUsernameFormat: .ruleFieldUsernameFormat
        case .fieldPhoneFormat: .ruleFieldPhoneFormat
        case .fieldOutOfRange: .ruleFieldOutOfRange
        case .fieldInvalidChoice: .ruleFieldInvalidChoice
        case .malformedRequest: .ruleMalformedRequest
        case .passwordTooShort: .rulePasswordTooShort
        case .passwordTooSimple: .rulePasswordTooSimple
        case .unitCodeTaken: .ruleUnitCodeTaken
        case .unitParentCycle: .ruleUnitParentCycle
        case .unitParentMissing: .ruleUnitParentMissing
        case .usernameTaken: .ruleUsernameTaken
        case .personMissing: .rulePersonMissing
        case .recordNotFound: .ruleRecordNotFound
        case .roleNotAllowed: .ruleRoleNotAllowed
        case .outsideScope: .ruleOutsideScope
        case .authenticationRequired: .ruleAuthenticationRequired
        case .csrfMismatch: .ruleCsrfMismatch
        case .signInFailed: .ruleSignInFailed
        case .signInThrottledAccount: .ruleSignInThrottledAccount
        case .signInThrottledAddress: .ruleSignInThrottledAddress
        case .accountDisabled: .ruleAccountDisabled
        case .fieldInvalidDay: .ruleFieldInvalidDay
        case .fieldInvalidNumber: .ruleFieldInvalidNumber
        case .taskDeadlineBeforeStart: .ruleTaskDeadlineBeforeStart
        case .taskDeadlineAfterParent: .ruleTaskDeadlineAfterParent
        case .taskUnitOutsideParent: .ruleTaskUnitOutsideParent
        case .taskCooperatingIsResponsible: .ruleTaskCooperatingIsResponsible
        case .taskMilestoneOutsideSpan: .ruleTaskMilestoneOutsideSpan
        case .taskCodeTaken: .ruleTaskCodeTaken
        case .taskStatusMove: .ruleTaskStatusMove
        case .taskCancelNeedsReason: .ruleTaskCancelNeedsReason
        case .taskParentClosed: .ruleTaskParentClosed
        case .indicatorCodeTaken: .ruleIndicatorCodeTaken
        case .indicatorOwnerRequired: .ruleIndicatorOwnerRequired
        case .keyObjectCodeTaken: .ruleKeyObjectCodeTaken
        case .importInvalid: .ruleImportInvalid
        case .fieldNoVisibleCharacter: .ruleFieldNoVisibleCharacter
        case .serviceBusy: .ruleServiceBusy
        case .importEmpty: .ruleImportEmpty
        case .taskAssigneeOutsideUnit: .ruleTaskAssigneeOutsideUnit
        case .taskProgressRolledUp: .ruleTaskProgressRolledUp
        case .personNotLeader: .rulePersonNotLeader
        case .importUnitUnknown: .ruleImportUnitUnknown
        case .pagingOutOfRange: .rulePagingOutOfRange
        case .workAreaCodeTaken: .ruleWorkAreaCodeTaken
        case .accountCannotDisableSelf: .ruleAccountCannotDisableSelf
        case .importUnitDidYouMean: .ruleImportUnitDidYouMean
        case .importUnitAmbiguous: .ruleImportUnitAmbiguous
        case .workAreaInUse: .ruleWorkAreaInUse
        case .decisionProcedureSkipped: .ruleDecisionProcedureSkipped
        case .decisionCodeTaken: .ruleDecisionCodeTaken
        case .meetingNotLatest: .ruleMeetingNotLatest
        case .decisionNeedsOpinion: .ruleDecisionNeedsOpinion
        case .decisionNotDecided: .ruleDecisionNotDecided
        case .decisionTasksOpen: .ruleDecisionTasksOpen
        case .meetingNoQuorum: .ruleMeetingNoQuorum
        case .meetingNoQuorumPersonnel: .ruleMeetingNoQuorumPersonnel
        case .meetingNotPassed: .ruleMeetingNotPassed
        case .meetingNotMember: .ruleMeetingNotMember
        case .meetingVoteNotPresent: .ruleMeetingVoteNotPresent
        case .meetingItemSettled: .ruleMeetingItemSettled
        case .meetingLeaveNeedsReason: .ruleMeetingLeaveNeedsReason
        case .meetingNotInSeries: .ruleMeetingNotInSeries
        case .meetingDecisionNeedsVote: .ruleMeetingDecisionNeedsVote
        case .reportResultRequired: .ruleReportResultRequired
        case .reportDelayRequired: .ruleReportDelayRequired
        case .reportProgressRequired: .ruleReportProgressRequired
        case .reportProblemNeedsText: .ruleReportProblemNeedsText
        case .reportCommittedDayPast: .ruleReportCommittedDayPast
        case .reportPeriodLocked: .ruleReportPeriodLocked
        case .reportPeriodInvalid: .ruleReportPeriodInvalid
        case .reportNotAwaiting: .ruleReportNotAwaiting
        case .reportTaskClosed: .ruleReportTaskClosed
        case .taskCompleteByClosure: .ruleTaskCompleteByClosure
        case .taskNotAwaitingClosure: .ruleTaskNotAwaitingClosure
        case .noticeGradeOnUrge: .ruleNoticeGradeOnUrge
        case .noticeReplyByPast: .ruleNoticeReplyByPast
        case .noticeNotOpen: .ruleNoticeNotOpen
        case .noticeNotYetDue: .ruleNoticeNotYetDue
        case .caseConcluded: .ruleCaseConcluded
        case .attachmentRefused: .ruleAttachmentRefused
        case .criticismNeedsSubject: .ruleCriticismNeedsSubject
        case .bulletinFrozen: .ruleBulletinFrozen
        case .observationNeedsCriteria: .ruleObservationNeedsCriteria
        case .observationNeedsUnits: .ruleObservationNeedsUnits
        case .observationNeedsRaters: .ruleObservationNeedsRaters
        case .observationClosed: .ruleObservationClosed
        case .observationNotRater: .ruleObservationNotRater
        case .assessmentVetoNeedsIndicator: .ruleAssessmentVetoNeedsIndicator
        case .assessmentRule225NeedsIndicator: .ruleAssessmentRule225NeedsIndicator
        case .assessmentGradeFloorsOutOfOrder: .ruleAssessmentGradeFloorsOutOfOrder
        case .assessmentNoScheme: .ruleAssessmentNoScheme
        case .assessmentRunFrozen: .ruleAssessmentRunFrozen
        case .assessmentAlreadyPublished: .ruleAssessmentAlreadyPublished
        case .consequenceNotRecommendation: .ruleConsequenceNotRecommendation
        case .consequenceAlreadyReferred: .ruleConsequenceAlreadyReferred
        }
    }
}
