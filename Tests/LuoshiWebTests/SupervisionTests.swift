// The supervision loop through the pages, on the storage of the run (SQLite, or PostgreSQL with
// LUOSHI_TEST_DATABASE_URL): reports under the reporting rule, sign-off and its scope, the light
// and the register, verification (销号), period locks, the urging ladder with a moved clock, the
// once-a-day claim of the daily jobs, reminders.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import LuoshiWeb
import Testing
import Vapor

extension DatabaseTests {
    @Suite struct SupervisionTests {
        /// A page's text as a reader sees it (tags removed; links' addresses are not read).
        static func visibleText(_ html: String) -> String {
            html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        }

        /// No id, raw state or unnamed field where a person reads the trail.
        static func expectReadable(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(text.range(of: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}", options: .regularExpression) == nil,
                    "an id in the trail", sourceLocation: sourceLocation)
            for raw in ["其他字段", "已不存在的记录", "awaitingSignOff", "signedOff", "awaitingReply", "replied", #"\burge\b"#, #"\bdelay\b"#,
                        "published", #"{""#, "periodKey"] {
                #expect(text.range(of: raw, options: .regularExpression) == nil, "\(raw) in the trail", sourceLocation: sourceLocation)
            }
        }

        static func task(_ app: Application, _ fixture: Fixture, title: String, start: Int, deadline: Int) async throws -> KeyTask {
            let today = LocalClock.china.today()
            return try await createTask(TaskDraft(year: today.year, title: title, tier: .pushed, start: today.adding(days: start),
                                                  deadline: today.adding(days: deadline), responsibleUnitID: fixture.fgj.id,
                                                  assigneeID: fixture.fgjStaff.id), context: OperatorTasks.operatorContext(app))
        }

        @Test func aLateTaskIsReportedWithItsReasonSignedOffAndUrged() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "老旧小区改造", start: -100, deadline: -5)
                let path = "/tasks/\(task.id.uuidString)"
                _ = try await recomputeLights(year: nil, context: OperatorTasks.operatorContext(app))
                #expect(try await app.store.followUp(taskID: task.id)?.verdict == LightVerdict(.red, .overdue, figure: 5))
                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                // 没有完成的找原因: refused without the reason, named in the user's language.
                let page = try await staff.get(path)
                #expect(page.text.contains(#"id="report-form""#) && page.text.contains("逾期 5 天"))
                let refused = try await staff.post(path + "/reports", form: ["progress": "60", "situation": "完成设计"])
                #expect(refused.status == .unprocessableEntity && refused.text.contains("须找原因") && refused.text.contains("未完成原因"))
                #expect(refused.text.contains("完成设计"), "what was typed is kept")
                let committed = LocalClock.china.today().adding(days: 30).description
                let sent = try await staff.post(path + "/reports", form: ["progress": "60", "situation": "完成设计", "delayReason": "资金未到位",
                                                                          "remedy": "申请专项债", "committedDay": committed])
                #expect(sent.status == .seeOther)
                let report = try #require(try await app.store.reports(taskID: task.id).first)
                #expect(report.kind == .delay && report.state == .awaitingSignOff && report.authorName == "测试fagaiju-staff")
                #expect(try await app.store.task(id: task.id)?.progress == 0, "a report counts once signed off")
                // Another unit's head may not sign it off; staff may not either.
                var other = try await Client.signedIn(app, as: "caizhengju")
                #expect(try await other.post("/reports/\(report.id.uuidString)/sign-off", form: ["decision": "approve"]).status == .forbidden)
                #expect(try await staff.post("/reports/\(report.id.uuidString)/sign-off", form: ["decision": "approve"]).status == .forbidden)
                // The unit head finds it in the queue and signs it off: progress moves, the period counts.
                var head = try await Client.signedIn(app, as: "fagaiju")
                let queue = try await head.get("/reports")
                #expect(queue.text.contains("老旧小区改造") && queue.text.contains("资金未到位"))
                let returned = try await head.post("/reports/\(report.id.uuidString)/sign-off", form: ["decision": "return"])
                #expect(returned.status == .unprocessableEntity && returned.text.contains("审核意见"), "returning needs a comment")
                #expect(try await head.post("/reports/\(report.id.uuidString)/sign-off",
                                            form: ["decision": "approve", "next": "/reports"]).status == .seeOther)
                #expect(try await app.store.task(id: task.id)?.progress == 60)
                #expect(try await app.store.report(id: report.id)?.state == .signedOff)
                // Its reason given and a new date committed, the light turns from red to yellow.
                let followUp = try await app.store.followUp(taskID: task.id)
                #expect(followUp?.progressChangedOn == LocalClock.china.today() && followUp?.committedDay == Day(committed))
                #expect(followUp?.verdict == LightVerdict(.yellow, .rescheduled, figure: 5))
                // The office's register shows it yellow now, and the office urges the unit.
                var office = try await Client.signedIn(app, as: "duchashi")
                let yellow = try await office.get("/tasks?light=yellow&year=\(task.year)")
                #expect(yellow.text.contains(task.code) && yellow.text.contains("已说明原因并承诺新的完成日期"))
                #expect(!(try await office.get("/tasks?light=red&year=\(task.year)")).text.contains(task.code))
                let replyBy = LocalClock.china.today().adding(days: 3).description
                let issued = try await office.post(path + "/notices", form: ["kind": "urge", "text": "请加快进度", "replyBy": replyBy])
                #expect(issued.status == .seeOther)
                let notice = try #require(try await app.store.noticeListings(taskID: task.id, limit: 5).first?.notice)
                #expect(notice.code.hasPrefix("DB-") && notice.state == .awaitingReply && notice.unitID == fixture.fgj.id)
                #expect(try await office.post("/notices/\(notice.id.uuidString)/reply", form: ["reply": "x"]).status == .forbidden)
                #expect(try await other.post("/notices/\(notice.id.uuidString)/reply", form: ["reply": "x"]).status == .forbidden)
                #expect(try await staff.post("/notices/\(notice.id.uuidString)/reply", form: ["reply": "本周内完成设计审查"]).status == .seeOther)
                let replied = try await office.get("/notices/\(notice.id.uuidString)")
                #expect(replied.text.contains("本周内完成设计审查") && replied.text.contains("已答复"))
                // The unit head's inbox told them of the report and the notice.
                let inbox = try await head.get("/inbox")
                #expect(inbox.text.contains("待您审核") && inbox.text.contains("请于"))
                #expect(try await head.post("/inbox/read", form: [:]).status == .seeOther)
                #expect(try await app.store.unreadNotificationCount(personID: fixture.fgjPerson.id) == 0)
                // The trail tells all of it in words: no ids, no raw states, no field without a name.
                _ = try await recomputeLights(year: nil, context: OperatorTasks.operatorContext(app))
                let trail = Self.visibleText(try await office.get("/audit?limit=100").text)
                #expect(trail.contains("老旧小区改造（") && trail.contains("待审核 → 已审核") && trail.contains("资金未到位"))
                #expect(trail.contains("催办单") && trail.contains("本周内完成设计审查") && trail.contains("亮灯计算"))
                Self.expectReadable(trail)
            }
        }

        @Test func onlyAVerifiedResultCompletesATask() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "政务服务一网通办", start: -30, deadline: 60)
                let path = "/tasks/\(task.id.uuidString)"
                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                #expect(try await staff.post(path + "/status", form: ["status": "completed"]).status == .unprocessableEntity)
                let noEvidence = try await staff.post(path + "/reports", form: ["done": "1", "result": "已上线运行"])
                #expect(noEvidence.status == .unprocessableEntity && noEvidence.text.contains("已经办完的报结果") && noEvidence.text.contains("佐证材料"))
                #expect(try await staff.post(path + "/reports", form: ["done": "1", "result": "已上线运行", "evidence": "上线通知"]).status == .seeOther)
                var head = try await Client.signedIn(app, as: "fagaiju")
                let report = try #require(try await app.store.reports(taskID: task.id).first)
                #expect(try await head.post("/reports/\(report.id.uuidString)/sign-off", form: ["decision": "approve"]).status == .seeOther)
                #expect(try await app.store.followUp(taskID: task.id)?.awaitingClosure == true)
                #expect(try await app.store.task(id: task.id)?.status == .inProgress, "signed off is not yet completed")
                // Only the office verifies.
                #expect(try await head.post(path + "/closure", form: ["decision": "verify"]).status == .forbidden)
                var office = try await Client.signedIn(app, as: "duchashi")
                #expect(try await office.get(path).text.contains(#"id="closure-form""#))
                #expect(try await office.post(path + "/closure", form: ["decision": "refuse"]).status == .unprocessableEntity)
                #expect(try await office.post(path + "/closure", form: ["decision": "verify", "comment": "核验属实"]).status == .seeOther)
                let closed = try await app.store.task(id: task.id)
                #expect(closed?.status == .completed && closed?.progress == 100)
                #expect(try await app.store.followUp(taskID: task.id)?.verdict.reason == .finished)
                #expect(try await office.post(path + "/closure", form: ["decision": "verify"]).status == .conflict)
            }
        }

        @Test func aLockedPeriodRefusesReportsUntilItIsUnlockedWithAReason() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "河道整治", start: -30, deadline: 60)
                let period = ReportPeriod(containing: LocalClock.china.today(), rhythm: .monthly)
                var office = try await Client.signedIn(app, as: "duchashi")
                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                #expect(try await staff.post("/periods/lock", form: ["period": period.key]).status == .forbidden)
                #expect(try await office.post("/periods/lock", form: ["period": "2026-13"]).status == .unprocessableEntity)
                #expect(try await office.post("/periods/lock", form: ["period": period.key]).status == .seeOther)
                let form = ["progress": "30", "situation": "清淤", "nextSteps": "护坡", "period": period.key]
                let locked = try await staff.post("/tasks/\(task.id.uuidString)/reports", form: form)
                #expect(locked.status == .conflict && locked.text.contains("已锁定"))
                #expect(try await office.post("/periods/unlock", form: ["period": period.key]).status == .unprocessableEntity, "a reason is required")
                #expect(try await office.post("/periods/unlock", form: ["period": period.key, "reason": "补报汛期数据"]).status == .seeOther)
                #expect(try await staff.post("/tasks/\(task.id.uuidString)/reports", form: form).status == .seeOther)
                let trail = try await app.store.auditEvents(AuditFilter(recordKind: "periodLock"), offset: 0, limit: 10).items
                #expect(trail.contains { $0.content.action == .delete && ($0.content.after ?? "").contains("补报汛期数据") })
            }
        }

        @Test func theLadderClimbsFromUrgeToOrderToAccountability() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "招商引资签约", start: -60, deadline: 30)
                var context = OperatorTasks.operatorContext(app)
                let today = context.today
                let urge = try await issueNotice(taskID: task.id, NoticeDraft(kind: .urge, text: "请报送签约进展", replyBy: today.adding(days: 2)),
                                                 context: context)
                await #expect(throws: RuleViolation(.noticeNotYetDue, value: today.adding(days: 2).description)) {
                    _ = try await escalateNotice(id: urge.id, grade: .orange, replyBy: today.adding(days: 9), deduction: 1, context: context)
                }
                context.now = context.now.addingTimeInterval(3 * 86400)
                guard case .order(let order) = try await escalateNotice(id: urge.id, grade: .orange, replyBy: today.adding(days: 9),
                                                                        deduction: 1, context: context) else {
                    Issue.record("an urge notice is raised to an order"); return
                }
                #expect(order.kind == .order && order.grade == .orange && order.raisedFromID == urge.id && order.deduction == 1)
                #expect(try await app.store.notice(id: urge.id)?.state == .escalated)
                await #expect(throws: RuleViolation(.noticeNotOpen)) {
                    _ = try await escalateNotice(id: urge.id, grade: .red, replyBy: today.adding(days: 20), deduction: 0, context: context)
                }
                context.now = context.now.addingTimeInterval(8 * 86400)
                guard case .accountability(let item) = try await escalateNotice(id: order.id, grade: nil, replyBy: nil, deduction: 0,
                                                                                context: context) else {
                    Issue.record("an order is raised to accountability"); return
                }
                #expect(item.noticeID == order.id && item.unitID == fixture.fgj.id && !item.concluded)
                var office = try await Client.signedIn(app, as: "duchashi")
                #expect(try await office.get("/accountability").text.contains("请报送签约进展"))
                var head = try await Client.signedIn(app, as: "fagaiju")
                #expect(try await head.post("/accountability/\(item.id.uuidString)/conclude", form: ["conclusion": "x"]).status == .forbidden)
                #expect(try await office.post("/accountability/\(item.id.uuidString)/conclude", form: ["conclusion": "约谈主要负责人"]).status == .seeOther)
                #expect(try await app.store.accountabilityCase(id: item.id)?.conclusion == "约谈主要负责人")
                // A unit outside sees none of it.
                var other = try await Client.signedIn(app, as: "caizhengju")
                #expect(!(try await other.get("/accountability")).text.contains("请报送签约进展"))
                #expect(try await other.get("/notices/\(order.id.uuidString)").status == .forbidden)
            }
        }

        /// The context of a demo account (as the pages build it), for use cases called directly.
        static func context(_ app: Application, as username: String, now: Date = Date()) async throws -> UseCaseContext {
            let account = try #require(try await app.store.account(username: username)?.account)
            let unit = try #require(try await app.store.unit(id: account.scopeUnitID))
            let caller = Caller(accountID: account.id, displayName: account.displayName, role: account.role, scopeUnitID: unit.id,
                                scopePath: unit.path, language: nil, personID: account.personID)
            return UseCaseContext(store: app.store, performer: Performer(caller), now: now)
        }

        @Test func reportsKeepTheirPeriodsLocksAndDatesHonest() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let today = LocalClock.china.today()
                let head = try await Self.context(app, as: "fagaiju")
                let current = ReportPeriod(containing: today, rhythm: .monthly)
                let lastMonth = current.previous, twoAgo = lastMonth.previous
                // A monthly task begun two months before this one that reported nothing; last month's report, late.
                let task = try await Self.task(app, fixture, title: "漏报的任务", start: today.days(until: twoAgo.start), deadline: 60)
                let draft = ReportDraft(progress: 20, situation: "推进", nextSteps: "继续")
                let first = try await submitReport(taskID: task.id, ReportDraft(progress: 20, situation: "推进", nextSteps: "继续",
                                                                                periodKey: lastMonth.key), context: head)
                #expect(first.periodKey == lastMonth.key && first.late, "a report after its period ended is late")
                // Reporting this month does not cover the month still missing before them.
                _ = try await submitReport(taskID: task.id, ReportDraft(progress: 30, situation: "推进", nextSteps: "继续", periodKey: current.key),
                                           context: head)
                #expect(try await app.store.followUp(taskID: task.id)?.reportedThrough == nil, "\(twoAgo.key) is still missing")
                _ = try await submitReport(taskID: task.id, ReportDraft(progress: 30, situation: "补报", nextSteps: "继续", periodKey: twoAgo.key),
                                           context: head)
                #expect(try await app.store.followUp(taskID: task.id)?.reportedThrough == current.end, "no gap left: through this month")
                // Once a new date is committed, later reports are held to it, not to the old deadline.
                let late = try await Self.task(app, fixture, title: "改期的任务", start: -60, deadline: -2)
                _ = try await submitReport(taskID: late.id, ReportDraft(progress: 50, situation: "推进", nextSteps: "继续", delayReason: "资金",
                                                                       remedy: "协调", committedDay: today.adding(days: 20), periodKey: current.key),
                                           context: head)
                let next = try await submitReport(taskID: late.id, ReportDraft(progress: 60, situation: "推进", nextSteps: "收尾",
                                                                               periodKey: current.key), context: head)
                #expect(next.kind == .progress)
                // An older progress report waiting when the result is signed off cannot pull the result back.
                let staff = try await Self.context(app, as: "fagaiju-staff")
                let done = try await Self.task(app, fixture, title: "先进展后结果", start: -30, deadline: 60)
                let older = try await submitReport(taskID: done.id, draft, context: staff)
                let result = try await submitReport(taskID: done.id, ReportDraft(done: true, result: "完成", evidence: "验收单"), context: staff)
                _ = try await signOffReport(id: result.id, approve: true, comment: "", context: head)
                await #expect(throws: RuleViolation(.reportTaskClosed)) {
                    _ = try await signOffReport(id: older.id, approve: true, comment: "", context: head)
                }
                #expect(try await app.store.task(id: done.id)?.progress == 100)
                // A locked month refuses the weekly reports of weeks that end in it.
                var office = try await Client.signedIn(app, as: "duchashi")
                let weekly = try await createTask(TaskDraft(year: today.year, title: "每周调度任务", tier: .led, start: twoAgo.start,
                                                            deadline: today.adding(days: 60), responsibleUnitID: fixture.fgj.id),
                                                  context: OperatorTasks.operatorContext(app))
                let week = ReportPeriod(containing: lastMonth.end.adding(days: -7), rhythm: .weekly)
                #expect(try await office.post("/periods/lock", form: ["period": lastMonth.key]).status == .seeOther)
                await #expect(throws: RuleViolation(.reportPeriodLocked, value: lastMonth.key)) {
                    _ = try await submitReport(taskID: weekly.id, ReportDraft(progress: 10, situation: "x", nextSteps: "y", periodKey: week.key),
                                               context: head)
                }
            }
        }

        @Test func aParentIsNotStalledWhileItsPartsMoveAndAnImportDoesNotComplete() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let today = LocalClock.china.today()
                let parent = try await Self.task(app, fixture, title: "父任务", start: -100, deadline: 100)
                let part = try await createTask(TaskDraft(year: today.year, title: "子任务", tier: .pushed, start: today.adding(days: -100),
                                                          deadline: today.adding(days: 100), responsibleUnitID: fixture.fgj.id,
                                                          parentID: parent.id), context: context)
                _ = try await changeTaskStatus(id: part.id, to: .inProgress, progress: 60, reason: nil, context: context)
                #expect(try await app.store.followUp(taskID: parent.id)?.progressChangedOn == today, "its roll-up rose today")
                #expect(try await app.store.followUp(taskID: parent.id)?.verdict.reason != .stalled)
                // The office's spreadsheet cannot mark a task completed: only verification does.
                let office = try await Self.context(app, as: "duchashi")
                var sheet = try await exportTable(.tasks, year: today.year, caller: nil, store: app.store)
                let header = sheet.rows[0]
                let statusColumn = try #require(header.firstIndex(of: "状态"))
                let row = try #require(sheet.rows.firstIndex { $0.first == part.code })
                sheet.rows[row][statusColumn] = "已完成"
                do {
                    _ = try await importTable(.tasks, sheet: sheet, context: office)
                    Issue.record("an import completed a task")
                } catch let refused as ImportRefused {
                    #expect(refused.issues.contains { $0.violation.rule == .taskCompleteByClosure })
                }
                #expect(try await app.store.task(id: part.id)?.status == .inProgress)
            }
        }

        @Test func theInboxSpeaksItsReadersLanguage() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "English reader's task", start: -10, deadline: 60)
                var head = try await Client.signedIn(app, as: "fagaiju")
                #expect(try await head.post("/settings/language", form: ["language": "en"]).status == .seeOther)
                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                #expect(try await staff.post("/tasks/\(task.id.uuidString)/reports",
                                             form: ["progress": "10", "situation": "开工", "nextSteps": "推进"]).status == .seeOther)
                let english = try await app.store.notifications(personID: fixture.fgjPerson.id)
                #expect(english.contains { $0.text.contains("waits for your sign-off") }, "the head reads English")
                let returned = try #require(try await app.store.reports(taskID: task.id).first)
                #expect(try await head.post("/reports/\(returned.id.uuidString)/sign-off", form: ["decision": "return", "comment": "补充数据"]).status
                        == .seeOther)
                let chinese = try await app.store.notifications(personID: fixture.fgjStaff.id)
                #expect(chinese.contains { $0.text.contains("被退回") }, "the staff member, who set no language, reads Chinese")
            }
        }

        /// A task red in March and green in April still shows its red March; within a month the
        /// worst light is kept.
        @Test func eachMonthKeepsItsLight() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let task = try await createTask(TaskDraft(year: 2026, title: "三月逾期四月完成", tier: .pushed, start: Day("2026-01-05")!,
                                                          deadline: Day("2026-03-10")!, responsibleUnitID: fixture.fgj.id), context: context)
                let store = app.store
                func recompute(_ day: String) async throws {
                    _ = try await store.write { tx in try await tx.recomputeLights(taskIDs: [task.id], today: Day(day)!, policy: .standard) }
                }
                try await recompute("2026-03-08")   // not yet due, but far behind: yellow
                try await recompute("2026-03-20")   // overdue: red
                try await recompute("2026-03-28")   // still red
                _ = try await changeTaskStatus(id: task.id, to: .cancelled, progress: nil, reason: "并入其他任务", context: context)
                try await recompute("2026-04-02")   // finished: green in April
                // (Making and cancelling the task also computed its light on the real day: that month has a row too.)
                let byMonth = Dictionary(uniqueKeysWithValues: try await store.lightHistory(taskID: task.id).map { ($0.month, $0.verdict) })
                #expect(byMonth["2026-03"]?.light == .red && byMonth["2026-03"]?.reason == .overdue, "March keeps its worst light")
                #expect(byMonth["2026-04"] == LightVerdict(.green, .finished))
                #expect(try await store.followUp(taskID: task.id)?.verdict.light == .green)
            }
        }

        @Test func dailyJobsRunOncePerDayAndRemindersAreSentOnce() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                _ = try await Self.task(app, fixture, title: "月底前完成的任务", start: -60, deadline: 2)
                let store = app.store
                let today = LocalClock.china.today()
                let first = try await store.write { tx in try await tx.claimJob("daily", day: today, runner: "a", at: Date()) }
                let second = try await store.write { tx in try await tx.claimJob("daily", day: today, runner: "b", at: Date()) }
                #expect(first && !second)
                #expect(try await store.write { tx in try await tx.claimJob("daily", day: today.adding(days: 1), runner: "b", at: Date()) })
                let due = try await Reminders.due(today: today, store: store)
                #expect(due.contains { $0.personID == fixture.fgjStaff.id && $0.text.contains("还有 2 天") })
                let context = OperatorTasks.operatorContext(app)
                _ = try await sendReminders(context: context)
                _ = try await sendReminders(context: context)
                let inbox = try await store.notifications(personID: fixture.fgjStaff.id)
                #expect(inbox.filter { $0.text.contains("还有 2 天") }.count == 1, "a reminder is sent once")
            }
        }
    }
}
