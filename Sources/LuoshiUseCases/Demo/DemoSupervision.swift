// The demo district's supervision (issue 10), through the same use cases as everyone, on the days
// they happened: four months of progress reports on the units' key tasks (most on time, some late,
// some missing so their lights turn yellow; overdue work with its reasons), reports waiting for the
// unit head, a result waiting for verification and one verified; urge notices (answered, unanswered,
// raised to an orange order); two field inspections with matters settled and criticisms; two
// published bulletins; the lights of each month kept.
import Foundation
import LuoshiDomain
import LuoshiStorage

/// The demo's actors on the days they acted: the operator's context moved to a day, or a named
/// account's (its role and scope, as if signed in).
enum DemoActing {
    static func at(_ base: UseCaseContext, _ day: Day) -> UseCaseContext {
        var context = base
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = base.clock.zone
        context.now = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 10)) ?? base.now
        return context
    }

    static func acting(_ base: UseCaseContext, _ username: String, on day: Day) async throws -> UseCaseContext {
        var context = at(base, day)
        guard let (account, _) = try await base.store.account(username: username), let unit = try await base.store.unit(id: account.scopeUnitID) else {
            return context
        }
        context.performer = Performer(Caller(accountID: account.id, displayName: account.displayName, role: account.role,
                                             scopeUnitID: unit.id, scopePath: unit.path, language: nil, personID: account.personID))
        return context
    }
}

enum DemoSupervision {
    static func load(context base: UseCaseContext, people: [String: [Person]], units: [String: Unit]) async throws {
        let store = base.store
        let today = base.today
        let year = 2026
        func day(_ month: Int, _ dayOfMonth: Int) -> Day { Day(year: year, month: month, day: dayOfMonth)! }
        func at(_ day: Day) -> UseCaseContext { DemoActing.at(base, day) }
        func acting(_ username: String, on day: Day) async throws -> UseCaseContext { try await DemoActing.acting(base, username, on: day) }
        guard today > day(9, 1), let fgj = units["FGJ"] else { return }
        let tasks = try await store.tasks(TaskFilter(year: year, keyTasksOnly: false), sort: .code, offset: 0, limit: 1000).items
        let reporting = ["FGJ", "GXJ", "ZJJ", "NYJ", "CZJ", "KFQ"].compactMap { units[$0]?.id }
        let watched = tasks.filter { reporting.contains($0.responsibleUnitID) && $0.status.isOpen && $0.parentID == nil }
        let months = (8...11).filter { day($0, 25) < today }
        // Progress reports, month by month, signed off as their unit's head would (the operator's
        // context signs at once); every seventh task stops reporting after September, every fifth
        // reports late.
        for (index, task) in watched.enumerated() {
            for (step, month) in months.enumerated() {
                if index % 7 == 3 && month > 9 { continue }
                let late = index % 5 == 1 && step == months.count - 1
                let reportedOn = late ? day(month + 1, 3) : day(month, 25)
                guard reportedOn < today else { continue }
                let span = max(1, task.start.days(until: task.deadline))
                let elapsed = Double(max(0, task.start.days(until: reportedOn))) / Double(span)
                let lag = index % 4 == 2 ? 0.55 : 0.95
                let progress = min(95, max(5, Int((elapsed * 100 * lag).rounded())))
                let rhythm = try await store.task(id: task.id).map { $0.rhythmOverride ?? $0.tier.defaultRhythm } ?? .monthly
                let period = ReportPeriod(containing: day(month, 25), rhythm: rhythm)
                var draft = ReportDraft(progress: progress, situation: DemoText.situations[(index + step) % DemoText.situations.count],
                                        nextSteps: DemoText.nextSteps[(index + step) % DemoText.nextSteps.count], periodKey: period.key)
                if task.deadline < reportedOn {
                    draft.delayReason = DemoText.reasons[index % DemoText.reasons.count]
                    draft.remedy = "区分管领导牵头协调，倒排工期，每周调度"
                    draft.committedDay = reportedOn.adding(days: 45)
                }
                if index % 11 == 5 && step == 1 { draft.problems = "施工单位组织不力，进度滞后一个月" }
                // Written and signed off in the unit (the operator's context signs at once), under its name.
                var unit = at(reportedOn)
                unit.performer = .system(task.responsibleUnitName)
                _ = try? await submitReport(taskID: task.id, draft, context: unit)
            }
        }
        // The month's lights, as the daily job kept them.
        for month in months {
            let end = Day(year: year, month: month, day: Day.days(inMonth: month, of: year))!
            let when = min(end, today)
            _ = try await store.write { tx in try await tx.recomputeLights(today: when, policy: base.lightPolicy) }
        }
        // This period's reports by the development bureau's staff, waiting for the head's sign-off.
        let fgjTasks = tasks.filter { $0.responsibleUnitID == fgj.id && $0.status.isOpen }
        let staff = try await acting("fagaiju-staff", on: today)
        for task in fgjTasks.prefix(2) where task.deadline >= today {
            _ = try? await submitReport(taskID: task.id, ReportDraft(progress: 70, situation: "完成本月既定节点，项目资料已报送审批",
                                                                      problems: "用地指标尚未下达", nextSteps: "协调自然资源局加快报批"),
                                        context: staff)
        }
        // A result reported and signed off, waiting for the office; another verified and closed.
        let done = fgjTasks.dropFirst(2).filter { $0.deadline >= today }.prefix(2)
        for (index, task) in done.enumerated() {
            let head = try await acting("fagaiju", on: today.adding(days: -3))
            if (try? await submitReport(taskID: task.id, ReportDraft(done: true, result: "已按目标完成，通过相关部门验收",
                                                                       evidence: "验收意见书、现场照片"), context: head)) != nil, index == 1 {
                _ = try? await closeTask(id: task.id, verified: true, comment: "经现场核验属实", context: try await acting("duchashi", on: today.adding(days: -1)))
            }
        }
        // Urging: an answered urge notice, an unanswered one past its date raised to an orange
        // order, and a red order still open.
        let red = try await store.tasks(TaskFilter(year: year, keyTasksOnly: true, light: .red), sort: .code, offset: 0, limit: 5).items
        let yellow = try await store.tasks(TaskFilter(year: year, keyTasksOnly: true, light: .yellow), sort: .code, offset: 0, limit: 5).items
        let office = { (day: Day) in try await acting("duchashi", on: day) }
        if let first = yellow.first {
            let notice = try await issueNotice(taskID: first.id, NoticeDraft(kind: .urge, text: "请于答复期限前报送本月进展并说明滞后原因",
                                                                               replyBy: today.adding(days: -20)), context: office(today.adding(days: -25)))
            var reply = at(today.adding(days: -21))
            reply.performer = Performer.system("区发展和改革局")
            _ = try? await replyNotice(id: notice.id, reply: "已补报进展，滞后原因为审批环节较多，已倒排工期", context: reply)
        }
        if let second = red.first {
            let notice = try await issueNotice(taskID: second.id, NoticeDraft(kind: .urge, text: "任务已逾期，请说明原因并提出整改措施",
                                                                                replyBy: today.adding(days: -8)), context: office(today.adding(days: -12)))
            _ = try? await escalateNotice(id: notice.id, grade: .orange, replyBy: today.adding(days: 5), deduction: 0.5,
                                          context: office(today.adding(days: -6)))
        }
        if red.count > 1 {
            _ = try await issueNotice(taskID: red[1].id, NoticeDraft(kind: .order, grade: .red, text: "列入红色督办，主要负责同志亲自推进",
                                                                      replyBy: today.adding(days: 7), deduction: 1), context: office(today.adding(days: -2)))
        }
        // Two field inspections.
        let leaders = people["QW"] ?? []
        let objects = try await store.keyObjects(year: year, kind: nil, leaderID: nil)
        if leaders.count > 4, let object = objects.first, let czj = units["CZJ"] {
            _ = try? await recordInspection(InspectionDraft(
                day: day(10, 16), leaderID: leaders[4].id, keyObjectID: object.id, inspectors: "区委督查室、区政府督查室",
                summary: "现场查看项目建设进度，听取有关单位汇报，现场协调解决资金和用地问题。",
                hearings: [InspectionHearing(unitID: object.responsibleUnitID, progress: "主体工程完成六成", problems: "配套资金缺口较大",
                                             nextSteps: "申报专项债券，年底前完成主体")],
                resolutions: [OnSiteResolution(text: "十日内落实项目配套资金", unitID: czj.id, deadline: day(10, 26)),
                              OnSiteResolution(text: "月底前完成临时用地报批", unitID: units["ZRJ"]?.id ?? czj.id, deadline: day(10, 31))],
                criticisms: [Criticism(unitID: object.responsibleUnitID, personID: nil, reason: "前期手续办理迟缓，影响项目开工", day: day(10, 16))]),
                context: try await office(day(10, 16)))
        }
        if leaders.count > 2, let gxj = units["GXJ"] {
            _ = try? await recordInspection(InspectionDraft(
                day: day(11, 12), leaderID: leaders[1].id, place: "经济开发区标准化厂房二期", inspectors: "区委督查室",
                summary: "督查标准化厂房建设和企业入驻情况。",
                hearings: [InspectionHearing(unitID: gxj.id, progress: "已入驻企业6家", problems: "招商进度偏慢", nextSteps: "开展专题招商")],
                resolutions: [OnSiteResolution(text: "年底前新增入驻企业3家", unitID: gxj.id, deadline: day(12, 31))],
                criticisms: [Criticism(unitID: gxj.id, personID: (people["GXJ"] ?? []).first?.id, reason: "招商工作推进不力，未完成季度目标",
                                       day: day(11, 12))]),
                context: try await office(day(11, 12)))
        }
        // Two published bulletins.
        for month in [9, 10] where day(month + 1, 5) < today {
            let context = try await office(day(month + 1, 5))
            let bulletin = try await createBulletin(periodKey: String(format: "%04d-%02d", year, month), title: "", context: context)
            _ = try await updateBulletin(id: bulletin.id, title: bulletin.title,
                                         intro: "现将\(month)月份全区重点工作推进和进展报送情况通报如下。",
                                         praise: "区财政局、区工业和信息化局按时报送、推进有力，予以通报表扬。",
                                         criticism: "个别单位迟报漏报进展，部分任务逾期未完成，责令限期整改。", context: context)
            _ = try await publishBulletin(id: bulletin.id, context: context)
        }
        // Today's lights.
        _ = try await store.write { tx in try await tx.recomputeLights(today: today, policy: base.lightPolicy) }
    }
}

enum DemoText {
    static let situations = ["按计划推进，完成本月节点目标", "已完成方案编制并通过专家评审", "项目主体施工有序推进，累计完成投资过半",
                             "召开专题调度会两次，协调解决问题三项", "完成前期手续办理，进入实施阶段"]
    static let nextSteps = ["加快施工进度，确保按期完成下一节点", "组织开展中期评估", "协调相关部门解决用地和资金问题",
                            "开展专项督查，确保质量安全", "做好验收准备工作"]
    static let reasons = ["审批环节多、周期长", "资金未能及时到位", "征地拆迁进度滞后", "施工单位组织不力"]
}
