// The rules of the responsibility mechanism: days, tiers, statuses, decomposition limits,
// roll-up, overdue, indicator completion and under-allocation.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct ResponsibilityRuleTests {
    func day(_ text: String) -> Day { Day(text)! }

    @Test func daysParseCompareAndCount() {
        #expect(Day("2026-03-31")?.description == "2026-03-31")
        #expect(Day("2026/3/5")?.description == "2026-03-05")
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2028-02-29") != nil)
        #expect(Day("26-03-01") == nil)
        #expect(day("2026-01-31") < day("2026-02-01"))
        #expect(day("2026-01-01").days(until: day("2027-01-01")) == 365)
        #expect(day("2028-01-01").days(until: day("2029-01-01")) == 366)
        #expect(LocalClock.china.today(Date(timeIntervalSince1970: 1_767_196_800)) == day("2026-01-01"), "midnight UTC is 08:00 in China")
    }

    @Test func tiersSetTheDefaultRhythm() {
        #expect(Tier.led.defaultRhythm == .weekly)
        #expect(Tier.pushed.defaultRhythm == .monthly)
        #expect(Tier.supported.defaultRhythm == .quarterly)
    }

    @Test func statusMoves() {
        #expect(TaskStatus.notStarted.canMove(to: .completed))
        #expect(TaskStatus.inProgress.canMove(to: .cancelled))
        #expect(TaskStatus.completed.canMove(to: .inProgress), "completed work may be reopened")
        #expect(!TaskStatus.completed.canMove(to: .cancelled))
        #expect(!TaskStatus.cancelled.canMove(to: .inProgress), "cancelled stays cancelled")
        #expect(!TaskStatus.inProgress.canMove(to: .notStarted))
    }

    @Test func overdueIsOpenWorkPastItsDeadline() {
        let deadline = day("2026-06-30")
        #expect(isOverdue(status: .inProgress, deadline: deadline, today: day("2026-07-01")))
        #expect(isOverdue(status: .notStarted, deadline: deadline, today: day("2026-07-01")))
        #expect(!isOverdue(status: .inProgress, deadline: deadline, today: day("2026-06-30")), "the deadline day itself is not late")
        #expect(!isOverdue(status: .completed, deadline: deadline, today: day("2026-12-31")))
        #expect(!isOverdue(status: .cancelled, deadline: deadline, today: day("2026-12-31")))
    }

    @Test func aSubTaskStaysWithinItsParentsDeadlineAndUnits() throws {
        let allowed = ["/qzf/fgj/", "/qzf/czj/"]
        try Decomposition.check(childDeadline: day("2026-06-30"), parentDeadline: day("2026-06-30"), unitPath: "/qzf/fgj/",
                                allowedPaths: allowed)
        try Decomposition.check(childDeadline: day("2026-05-01"), parentDeadline: day("2026-06-30"), unitPath: "/qzf/czj/office/",
                                allowedPaths: allowed)
        #expect(throws: RuleViolation(.taskDeadlineAfterParent, field: .fieldDeadline)) {
            try Decomposition.check(childDeadline: day("2026-07-01"), parentDeadline: day("2026-06-30"), unitPath: "/qzf/fgj/",
                                    allowedPaths: allowed)
        }
        #expect(throws: RuleViolation(.taskUnitOutsideParent, field: .fieldResponsibleUnit)) {
            try Decomposition.check(childDeadline: day("2026-06-30"), parentDeadline: day("2026-06-30"), unitPath: "/qzf/sjj/",
                                    allowedPaths: allowed)
        }
        #expect(throws: RuleViolation(.taskUnitOutsideParent, field: .fieldResponsibleUnit)) {
            try Decomposition.check(childDeadline: day("2026-06-30"), parentDeadline: day("2026-06-30"), unitPath: "/qzf/",
                                    allowedPaths: allowed)
        }
    }

    @Test func progressRollsUpAsAWeightedMeanIgnoringCancelledWork() {
        typealias Node = Decomposition.Node
        let leaf = Node(weight: 1, progress: 40, status: .inProgress)
        #expect(Decomposition.rolledUpProgress(leaf) == 40)
        let parent = Node(weight: 1, progress: 0, status: .inProgress, children: [
            Node(weight: 3, progress: 100, status: .completed), Node(weight: 1, progress: 20, status: .inProgress),
            Node(weight: 5, progress: 90, status: .cancelled),
        ])
        #expect(Decomposition.rolledUpProgress(parent) == 80)
        let nested = Node(weight: 1, progress: 0, status: .inProgress, children: [parent, Node(weight: 1, progress: 0, status: .notStarted)])
        #expect(Decomposition.rolledUpProgress(nested) == 40)
        #expect(Decomposition.rolledUpProgress(Node(weight: 1, progress: 10, status: .completed)) == 100)
        #expect(Decomposition.rolledUpProgress(Node(weight: 1, progress: 150, status: .inProgress)) == 100)
    }

    @Test func elapsedShareOfTheTaskSpan() {
        #expect(Decomposition.elapsedShare(start: day("2026-01-01"), deadline: day("2026-01-11"), today: day("2026-01-06")) == 0.5)
        #expect(Decomposition.elapsedShare(start: day("2026-01-01"), deadline: day("2026-01-11"), today: day("2025-12-01")) == 0)
        #expect(Decomposition.elapsedShare(start: day("2026-01-01"), deadline: day("2026-01-11"), today: day("2026-02-01")) == 1)
    }

    @Test func taskDraftRules() throws {
        let unit = UUID()
        let good = TaskDraft(year: 2026, title: " 推进项目 ", tier: .led, start: day("2026-01-01"), deadline: day("2026-12-31"),
                             milestones: [Milestone(date: day("2026-09-30"), target: "三季度"), Milestone(date: day("2026-03-31"), target: "一季度")],
                             responsibleUnitID: unit)
        let validated = try good.validated()
        #expect(validated.title == "推进项目")
        #expect(validated.milestones.map(\.target) == ["一季度", "三季度"], "milestones are kept in date order")
        var backwards = good; backwards.deadline = day("2025-12-31")
        #expect(throws: RuleViolation(.taskDeadlineBeforeStart, field: .fieldDeadline)) { try backwards.validated() }
        var outside = good; outside.milestones = [Milestone(date: day("2027-01-31"), target: "明年")]
        #expect(throws: RuleViolation(.taskMilestoneOutsideSpan, field: .fieldMilestones)) { try outside.validated() }
        var selfCooperating = good; selfCooperating.cooperatingUnitIDs = [unit]
        #expect(throws: RuleViolation(.taskCooperatingIsResponsible, field: .fieldCooperatingUnits)) { try selfCooperating.validated() }
        var noWeight = good; noWeight.weight = 0
        #expect(throws: RuleViolation(.fieldOutOfRange, field: .fieldWeight)) { try noWeight.validated() }
        #expect(TaskCode.keyTask(year: 2026, number: 7) == "2026-ZD-07")
        #expect(TaskCode.subTask(parentCode: "2026-ZD-07", number: 2) == "2026-ZD-07-2")
    }

    @Test func indicatorCompletionFromBaselineToTarget() {
        #expect(IndicatorMath.completion(current: 80, baseline: 0, target: 100, direction: .higherIsBetter, cap: 1.2) == 0.8)
        #expect(IndicatorMath.completion(current: 150, baseline: 0, target: 100, direction: .higherIsBetter, cap: 1.2) == 1.2)
        #expect(IndicatorMath.completion(current: 60, baseline: 50, target: 100, direction: .higherIsBetter, cap: 1.2) == 0.2)
        #expect(IndicatorMath.completion(current: 40, baseline: 50, target: 100, direction: .higherIsBetter, cap: 1.2) == 0)
        #expect(IndicatorMath.completion(current: 7, baseline: 10, target: 4, direction: .lowerIsBetter, cap: 1) == 0.5)
        #expect(IndicatorMath.completion(current: nil, baseline: 0, target: 100, direction: .higherIsBetter, cap: 1) == nil)
        #expect(IndicatorMath.completion(current: 5, baseline: 5, target: 5, direction: .higherIsBetter, cap: 1) == 1)
    }

    @Test func theCurrentValueIsTheLatestReadingElseTheRolledUpParts() {
        #expect(IndicatorMath.current(ownLatest: 7, childCurrents: [1, 2], rollUp: .sum) == 7)
        #expect(IndicatorMath.current(ownLatest: nil, childCurrents: [1, 2, nil], rollUp: .sum) == 3)
        #expect(IndicatorMath.current(ownLatest: nil, childCurrents: [1, 3], rollUp: .mean) == 2)
        #expect(IndicatorMath.current(ownLatest: nil, childCurrents: [4, 3], rollUp: .min) == 3)
        #expect(IndicatorMath.current(ownLatest: nil, childCurrents: [4, 3], rollUp: .max) == 4)
        #expect(IndicatorMath.current(ownLatest: nil, childCurrents: [nil], rollUp: .sum) == nil)
    }

    @Test func anUnderAllocatedSumIsFlagged() {
        #expect(IndicatorMath.isUnderAllocated(parentTarget: 100, childTargets: [40, 50], rollUp: .sum, direction: .higherIsBetter))
        #expect(!IndicatorMath.isUnderAllocated(parentTarget: 100, childTargets: [40, 60], rollUp: .sum, direction: .higherIsBetter))
        #expect(!IndicatorMath.isUnderAllocated(parentTarget: 100, childTargets: [40, 50], rollUp: .mean, direction: .higherIsBetter))
        #expect(!IndicatorMath.isUnderAllocated(parentTarget: 100, childTargets: [], rollUp: .sum, direction: .higherIsBetter))
        #expect(IndicatorMath.isUnderAllocated(parentTarget: 100, childTargets: [60, 50], rollUp: .sum, direction: .lowerIsBetter),
                "for lower-is-better, parts allowing more than the whole are the gap")
    }

    @Test func milestonesAreReadOneALineOrSeparatedBeforeTheNextDate() throws {
        let parsed = try Milestone.parse("2026-03-31 一季度完成A；开始B；2026-06-30 上半年\n2026-09-30 三季度; 2026-12-31")
        #expect(parsed.map(\.date.description) == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"])
        #expect(parsed.first?.target == "一季度完成A；开始B", "a ； inside a target stays in it")
        #expect(try Milestone.parse(Milestone.text(parsed)) == parsed)
        #expect(throws: RuleViolation(.fieldInvalidDay, field: .fieldMilestones)) { try Milestone.parse("六月底 完成") }
    }
}
