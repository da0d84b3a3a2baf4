// The supervision rules, pure and with a fixed clock: reporting periods, the reporting rule (each
// case refused without its required field), lights at their boundaries, the urging ladder.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct SupervisionRuleTests {
    func day(_ text: String) -> Day { Day(text)! }

    @Test func periodsFollowTheRhythm() throws {
        #expect(day("2026-11-30").weekdayIndex == 0, "a Monday")
        #expect(day("2026-12-06").weekdayIndex == 6, "a Sunday")
        let week = ReportPeriod(containing: day("2026-12-01"), rhythm: .weekly)
        #expect(week.start == day("2026-11-30") && week.end == day("2026-12-06") && week.key == "2026-W49")
        #expect(ReportPeriod(key: "2026-W49") == week)
        // ISO weeks at a year's turn: 2027-01-01 (a Friday) lies in 2026's week 53.
        #expect(ReportPeriod(containing: day("2027-01-01"), rhythm: .weekly).key == "2026-W53")
        #expect(ReportPeriod(containing: day("2026-01-01"), rhythm: .weekly).key == "2026-W01")
        let month = ReportPeriod(containing: day("2026-02-14"), rhythm: .monthly)
        #expect(month.key == "2026-02" && month.end == day("2026-02-28") && month.previous.key == "2026-01" && month.next.key == "2026-03")
        let quarter = ReportPeriod(containing: day("2026-11-30"), rhythm: .quarterly)
        #expect(quarter.key == "2026-Q4" && quarter.start == day("2026-10-01") && quarter.end == day("2026-12-31"))
        #expect(ReportPeriod(key: "2026-Q4") == quarter && ReportPeriod(key: "2026-11")?.rhythm == .monthly)
        for bad in ["2026-Q5", "2026-13", "2026-W54", "2026-w01", "26-01", "2026-1", "x", ""] { #expect(ReportPeriod(key: bad) == nil, "\(bad)") }
        // Reported through: each next period with a report moves it on; a gap stops it.
        let start = day("2026-01-05")
        #expect(ReportPeriod.reportedThrough(start: start, rhythm: .monthly, through: nil, reported: ["2026-02", "2026-03"]) == nil,
                "January is missing")
        #expect(ReportPeriod.reportedThrough(start: start, rhythm: .monthly, through: nil, reported: ["2026-01", "2026-02", "2026-04"])
                == day("2026-02-28"))
        #expect(ReportPeriod.reportedThrough(start: start, rhythm: .monthly, through: day("2026-02-28"), reported: ["2026-03", "2026-04"])
                == day("2026-04-30"))
        // A week lies within the month its last day falls in.
        #expect(ReportPeriod(key: "2026-W44")!.lies(within: ReportPeriod(key: "2026-11")!), "week 44 ends on 1 November")
        #expect(!ReportPeriod(key: "2026-W44")!.lies(within: ReportPeriod(key: "2026-10")!))
        #expect(ReportPeriod(key: "2026-11")!.lies(within: ReportPeriod(key: "2026-Q4")!))
        // Late is after the period's last day, not on it.
        #expect(!month.isLate(reportedOn: day("2026-02-28")) && month.isLate(reportedOn: day("2026-03-01")))
    }

    @Test func theReportingRuleRefusesEachCaseWithoutItsField() throws {
        let today = day("2026-06-15"), deadline = day("2026-09-30")
        // 正在办理的报进度: percent, what was done, next steps.
        let progress = ReportDraft(progress: 40, situation: "完成征地", nextSteps: "开工建设")
        #expect(try ReportingRule.check(progress, deadline: deadline, today: today).0 == .progress)
        for (draft, field) in [(ReportDraft(situation: "完成征地", nextSteps: "开工"), L10nKey.fieldProgress),
                               (ReportDraft(progress: 40, nextSteps: "开工"), .fieldSituation),
                               (ReportDraft(progress: 40, situation: "完成征地", nextSteps: "  "), .fieldNextSteps)] {
            #expect(throws: RuleViolation(.reportProgressRequired, field: field)) { try ReportingRule.check(draft, deadline: deadline, today: today) }
        }
        // 已经办完的报结果: result and evidence; progress becomes 100.
        let done = ReportDraft(done: true, result: "项目竣工投产", evidence: "竣工验收报告")
        let (kind, checked) = try ReportingRule.check(done, deadline: deadline, today: today)
        #expect(kind == .result && checked.progress == 100)
        #expect(throws: RuleViolation(.reportResultRequired, field: .fieldResult)) {
            try ReportingRule.check(ReportDraft(done: true, evidence: "验收报告"), deadline: deadline, today: today)
        }
        #expect(throws: RuleViolation(.reportResultRequired, field: .fieldEvidence)) {
            try ReportingRule.check(ReportDraft(done: true, result: "竣工"), deadline: deadline, today: today)
        }
        // 没有完成的找原因: past the deadline (not on it), reason, remedy, a committed date after today.
        #expect(try ReportingRule.check(progress, deadline: today, today: today).0 == .progress, "the deadline day itself is not late")
        let past = day("2026-06-14")
        let late = ReportDraft(progress: 70, delayReason: "征地受阻", remedy: "区领导协调", committedDay: day("2026-07-31"))
        #expect(try ReportingRule.check(late, deadline: past, today: today).0 == .delay)
        var noReason = late; noReason.delayReason = ""
        var noRemedy = late; noRemedy.remedy = ""
        var noDate = late; noDate.committedDay = nil
        for (draft, field) in [(noReason, L10nKey.fieldDelayReason), (noRemedy, .fieldRemedy), (noDate, .fieldCommittedDay)] {
            #expect(throws: RuleViolation(.reportDelayRequired, field: field)) { try ReportingRule.check(draft, deadline: past, today: today) }
        }
        var today2 = late; today2.committedDay = today
        #expect(throws: RuleViolation(.reportCommittedDayPast, field: .fieldCommittedDay)) { try ReportingRule.check(today2, deadline: past, today: today) }
        // 出了问题究责任: naming who answers needs the problem.
        var blame = progress; blame.accountablePersonID = UUID()
        #expect(throws: RuleViolation(.reportProblemNeedsText, field: .fieldProblems)) { try ReportingRule.check(blame, deadline: deadline, today: today) }
        blame.problems = "施工单位拖延"
        #expect(try ReportingRule.check(blame, deadline: deadline, today: today).0 == .progress)
        var tooFar = progress; tooFar.progress = 101
        #expect(throws: RuleViolation(.fieldOutOfRange, field: .fieldProgress)) { try ReportingRule.check(tooFar, deadline: deadline, today: today) }
    }

    @Test func lightsAtTheirBoundaries() throws {
        // A 100-day task: 2026-01-01 to 2026-04-11; monthly reports.
        let start = day("2026-01-01"), deadline = day("2026-04-11")
        func input(progress: Double, changed: Day? = nil, reported: Day? = nil, status: TaskStatus = .inProgress) -> LightInput {
            LightInput(status: status, progress: progress, start: start, deadline: deadline, rhythm: .monthly,
                       progressChangedOn: changed, lastReportedPeriodEnd: reported)
        }
        let policy = LightPolicy(lagMargin: 15, stallDays: 45)
        // Day 50 (2026-02-20): expected 50%. Exactly the margin behind is green; one more point is yellow.
        let d50 = day("2026-02-20")
        #expect(Pace.expected(start: start, deadline: deadline, today: d50) == 50)
        let reportedJan = day("2026-01-31")
        #expect(Lights.verdict(input(progress: 35, changed: d50, reported: reportedJan), today: d50, policy: policy) == LightVerdict(.green, .onTrack))
        #expect(Lights.verdict(input(progress: 34, changed: d50, reported: reportedJan), today: d50, policy: policy) == LightVerdict(.yellow, .behindSchedule, figure: 16))
        // January's report missing on 20 February: yellow, 20 days after the period ended.
        #expect(Lights.verdict(input(progress: 50, changed: d50, reported: nil), today: d50, policy: policy) == LightVerdict(.yellow, .reportLate, figure: 20))
        // Stalled: 44 idle days green, 45 red.
        let changed = day("2026-01-07")
        #expect(Lights.verdict(input(progress: 50, changed: changed, reported: reportedJan), today: changed.adding(days: 44), policy: policy).light == .green)
        #expect(Lights.verdict(input(progress: 50, changed: changed, reported: reportedJan), today: changed.adding(days: 45), policy: policy)
                == LightVerdict(.red, .stalled, figure: 45))
        // Overdue: the deadline day is not overdue; the day after is red, whatever the progress.
        let reportedMar = day("2026-03-31")
        #expect(Lights.verdict(input(progress: 99, changed: day("2026-04-10"), reported: reportedMar), today: deadline, policy: policy).light == .green)
        #expect(Lights.verdict(input(progress: 99, changed: day("2026-04-10"), reported: reportedMar), today: deadline.adding(days: 1), policy: policy)
                == LightVerdict(.red, .overdue, figure: 1))
        // Finished work is green: completed, cancelled, or its result awaiting verification.
        #expect(Lights.verdict(input(progress: 100, status: .completed), today: day("2026-12-31"), policy: policy) == LightVerdict(.green, .finished))
        var awaiting = input(progress: 100); awaiting.awaitingClosure = true
        #expect(Lights.verdict(awaiting, today: day("2026-12-31"), policy: policy).reason == .finished)
        // Not yet begun: neither stalled nor late.
        #expect(Lights.verdict(input(progress: 0), today: day("2025-12-01"), policy: policy) == LightVerdict(.green, .onTrack))
        #expect(Light.red > Light.yellow && Light.yellow > Light.green)
    }

    @Test func theUrgingLadderClimbsOneRungAfterTheReplyDate() throws {
        let today = day("2026-06-15")
        #expect(throws: RuleViolation(.fieldRequired, field: .fieldGrade)) {
            try UrgingLadder.checkIssue(kind: .order, grade: nil, replyBy: day("2026-06-20"), deduction: 0, today: today)
        }
        #expect(throws: RuleViolation(.noticeGradeOnUrge, field: .fieldGrade)) {
            try UrgingLadder.checkIssue(kind: .urge, grade: .red, replyBy: day("2026-06-20"), deduction: 0, today: today)
        }
        #expect(throws: RuleViolation(.noticeReplyByPast, field: .fieldReplyBy)) {
            try UrgingLadder.checkIssue(kind: .urge, grade: nil, replyBy: today, deduction: 0, today: today)
        }
        #expect(throws: RuleViolation(.fieldOutOfRange, field: .fieldDeduction)) {
            try UrgingLadder.checkIssue(kind: .order, grade: .blue, replyBy: day("2026-06-20"), deduction: 10.5, today: today)
        }
        try UrgingLadder.checkIssue(kind: .order, grade: .blue, replyBy: day("2026-06-16"), deduction: 10, today: today)
        var notice = UrgeNotice(id: UUID(), code: "DB-2026-001", kind: .urge, grade: nil, taskID: UUID(), unitID: UUID(), text: "加快进度",
                                issuedOn: day("2026-06-10"), issuedBy: "督查室", replyBy: today, deduction: 0)
        #expect(throws: RuleViolation(.noticeNotYetDue, value: "2026-06-15")) { try UrgingLadder.checkEscalation(notice, today: today) }
        try UrgingLadder.checkEscalation(notice, today: today.adding(days: 1))
        #expect(notice.isOverdue(today: today.adding(days: 1)) && !notice.isOverdue(today: today))
        notice.state = .replied
        #expect(throws: RuleViolation(.noticeNotOpen)) { try UrgingLadder.checkEscalation(notice, today: today.adding(days: 1)) }
    }
}
