// The daily jobs on the storage of the run (SQLite, or PostgreSQL with LUOSHI_TEST_DATABASE_URL):
// two server processes (two applications on one database) run the day's jobs once between them;
// the scheduler waits for the daily time and runs from boot to shutdown; the digest counts what
// needs attention and reaches a webhook; the configured light margins reach every context; the
// CLI's `lights recompute` and `remind --dry-run`.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import SQLKit
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct SchedulerTests {
        static func task(_ app: Application, _ fixture: Fixture, title: String, start: Int, deadline: Int) async throws -> KeyTask {
            let today = LocalClock.china.today()
            return try await createTask(TaskDraft(year: today.year, title: title, tier: .pushed, start: today.adding(days: start),
                                                  deadline: today.adding(days: deadline), responsibleUnitID: fixture.fgj.id,
                                                  assigneeID: fixture.fgjStaff.id), context: OperatorTasks.operatorContext(app))
        }

        /// The claims of `day` in job_runs: job → runner.
        static func claims(_ app: Application, day: Day) async throws -> [String: String] {
            struct Row: Decodable { var job: String; var runner: String }
            let rows = try await app.store.sql.select().column("job").column("runner").from("job_runs")
                .where("day", .equal, SQLBind(day.description)).all(decoding: Row.self)
            return Dictionary(rows.map { ($0.job, $0.runner) }, uniquingKeysWith: { first, _ in first })
        }

        static func lightsRuns(_ app: Application) async throws -> Int {
            try await app.store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_events")
                .where("record_id", .equal, SQLBind("lights")).first(decodingColumn: "n", as: Int.self) ?? 0
        }

        static func removeLockFile(_ app: Application) {
            if case .sqlite(let path) = app.luoshi.configuration.database { try? FileManager.default.removeItem(atPath: path + ".daily-lock") }
        }

        /// A second application (another server process) on the same database, shut down after `body`.
        static func withSecondProcess(of app: Application, _ body: (Application) async throws -> Void) async throws {
            let other = try await Application.make(.testing)
            do {
                try await configure(other, app.luoshi.configuration)
                try await body(other)
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
        }

        @Test func twoProcessesRunTheDaysJobsOnceBetweenThem() async throws {
            try await withLuoshi { app in
                defer { Self.removeLockFile(app) }
                let fixture = try await Fixture.make(app)
                _ = try await Self.task(app, fixture, title: "月底前完成的任务", start: -60, deadline: 2)
                let today = LocalClock.china.today()
                try await Self.withSecondProcess(of: app) { other in
                    // setup: both look at the clock at the same moment.
                    async let first = DailyJobs.runDue(app, runner: "process-a", webhookBackoff: .milliseconds(10))
                    async let second = DailyJobs.runDue(other, runner: "process-b", webhookBackoff: .milliseconds(10))
                    let runs = try await [first, second]
                    // validate: each job ran in exactly one of them, and none failed.
                    #expect(runs.flatMap(\.ran).map(\.rawValue).sorted() == DailyJob.allCases.map(\.rawValue).sorted())
                    #expect(runs.allSatisfy { $0.failed.isEmpty })
                    let claims = try await Self.claims(app, day: today)
                    #expect(claims.count == 3 && Set(claims.values).isSubset(of: ["process-a", "process-b"]))
                    // Later the same day neither runs anything again (the claims hold).
                    for (process, runner) in [(app, "process-a"), (other, "process-b")] {
                        let again = try await DailyJobs.runDue(process, runner: runner)
                        #expect(again.lockTaken && again.ran.isEmpty)
                    }
                    #expect(try await Self.lightsRuns(app) == 1, "the lights were recomputed once")
                    let inbox = try await app.store.notifications(personID: fixture.fgjStaff.id)
                    #expect(inbox.filter { $0.kind == .reportDue && $0.text.contains("还有 2 天") }.count == 1)
                    // The next day is a new day.
                    let tomorrow = try await DailyJobs.runDue(other, now: Date().addingTimeInterval(86_400), runner: "process-b")
                    #expect(tomorrow.ran == DailyJob.allCases)
                    #expect(try await Self.lightsRuns(app) == 2)
                }
            }
        }

        @Test func whileOneProcessHoldsTheDailyLockAnotherRunsNothing() async throws {
            try await withLuoshi { app in
                defer { Self.removeLockFile(app) }
                try await Self.withSecondProcess(of: app) { other in
                    // setup: process A is in the middle of the day's jobs.
                    let meanwhile = try await DailyJobs.withDailyLock(app) {
                        // MUT: process B looks at the clock.
                        try await DailyJobs.runDue(other, runner: "process-b")
                    }
                    // validate: B found the lock taken and claimed nothing.
                    let run = try #require(meanwhile)
                    #expect(!run.lockTaken && run.ran.isEmpty)
                    #expect(try await Self.claims(app, day: LocalClock.china.today()).isEmpty)
                    // Once A lets go, B may take it.
                    #expect(try await DailyJobs.runDue(other, runner: "process-b").ran == DailyJob.allCases)
                }
            }
        }

        @Test func concurrentClaimsHaveOneWinner() async throws {
            try await withLuoshi { app in
                let store = app.store
                let today = LocalClock.china.today()
                let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<8 {
                        group.addTask { try await store.write { tx in try await tx.claimJob("digest", day: today, runner: "r\(index)", at: Date()) } }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(winners == 1)
            }
        }

        @Test func theSchedulerWaitsForTheDailyTimeAndThenLooksOnceADay() async throws {
            try await withLuoshi({ $0.supervision.dailyTime = DailyTime(hour: 6, minute: 0)! }) { app in
                defer { Self.removeLockFile(app) }
                let clock = app.luoshi.configuration.clock
                let today = clock.today()
                let before = DailyTime(hour: 5, minute: 59)!.instant(on: today, clock: clock)
                let at = DailyTime(hour: 6, minute: 0)!.instant(on: today, clock: clock)
                #expect(await DailyScheduler.tick(app, runner: "s", done: nil, now: before) == nil)
                #expect(try await Self.claims(app, day: today).isEmpty, "nothing before 06:00")
                #expect(await DailyScheduler.tick(app, runner: "s", done: nil, now: at) == today)
                #expect(try await Self.claims(app, day: today) == ["lights": "s", "reminders": "s", "digest": "s"])
                // A day seen done is not looked at again that day (no claim is even tried).
                try await app.store.write { tx in try await tx.sql.delete(from: "job_runs").run() }
                #expect(await DailyScheduler.tick(app, runner: "s", done: today, now: at.addingTimeInterval(3600)) == today)
                #expect(try await Self.claims(app, day: today).isEmpty)
            }
        }

        @Test func theLoopRunsFromBootAndStopsAtShutdown() async throws {
            try await withLuoshi({ $0.supervision.dailyTime = DailyTime(hour: 0, minute: 0)! }) { app in
                defer { Self.removeLockFile(app) }
                let scheduler = DailyScheduler(interval: .milliseconds(50), runner: "loop")
                try await scheduler.didBootAsync(app)
                let today = app.luoshi.configuration.clock.today()
                var claims: [String: String] = [:]
                for _ in 0..<200 where claims.count < 3 {
                    try await Task.sleep(for: .milliseconds(50))
                    claims = try await Self.claims(app, day: today)
                }
                await scheduler.shutdownAsync(app)
                #expect(claims == ["lights": "loop", "reminders": "loop", "digest": "loop"])
                var client = Client(app)
                let metrics = try await client.get("/metrics").text
                #expect(metrics.contains(#"luoshi_daily_job_runs_total{job="lights",outcome="ok"}"#))
            }
        }

        @Test func configureStartsTheSchedulerOnlyWhereItShould() async throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("luoshi-scheduler-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: file + ".audit-key") }
            for (environment, scheduler, registered) in [(Environment.testing, true, false),
                                                         (Environment(name: "production", arguments: ["luoshi"]), true, true),
                                                         (Environment(name: "production", arguments: ["luoshi"]), false, false)] {
                var configuration = TestDatabase.configuration(file: file)
                configuration.supervision.scheduler = scheduler
                let app = try await Application.make(environment)
                try await configure(app, configuration)
                #expect((app.dailyScheduler != nil) == registered)
                try await app.asyncShutdown()
            }
        }

        @Test func theDigestCountsWhatNeedsAttentionAndReachesAWebhook() async throws {
            try await withStubServer { stub, base in
                try await withLuoshi({ $0.notifications.webhooks = [WebhookTarget(url: base + "/generic", kind: .generic, secret: "s3cret")] }) { app in
                    defer { Self.removeLockFile(app) }
                    // setup: one overdue task (red, its last month unreported) with an urge notice; one
                    // begun today with a staff report waiting for the unit head; three unread entries.
                    let fixture = try await Fixture.make(app)
                    let late = try await Self.task(app, fixture, title: "老旧小区改造", start: -100, deadline: -5)
                    let fresh = try await Self.task(app, fixture, title: "新开工项目", start: 0, deadline: 200)
                    let context = OperatorTasks.operatorContext(app)
                    _ = try await issueNotice(taskID: late.id, NoticeDraft(kind: .urge, text: "请加快进度",
                                                                          replyBy: context.today.adding(days: 3)), context: context)
                    var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                    let sent = try await staff.post("/tasks/\(fresh.id.uuidString)/reports", form: ["progress": "5", "situation": "已开工",
                                                                                                         "nextSteps": "完成基础施工"])
                    #expect(sent.status == .seeOther)
                    try await app.store.write { tx in
                        try await tx.sql.update("notifications").set("read", to: SQLBind(true)).run()
                        for person in [fixture.fgjStaff.id, fixture.fgjStaff.id, fixture.fgjPerson.id] {
                            try await tx.insert(InboxEntry(personID: person, kind: .notice, text: "未读", link: "/inbox", createdOn: context.today))
                        }
                    }
                    // MUT: the day's jobs, the lights first.
                    let run = try await DailyJobs.runDue(app, runner: "digest-test", webhookBackoff: .milliseconds(10))
                    #expect(run.ran == DailyJob.allCases && run.failed.isEmpty)
                    // validate: the figures, and the post the stub received after refusing the first.
                    let digest = try await gatherDailyDigest(context: OperatorTasks.operatorContext(app))
                    #expect(digest.counts.redTasks == 1 && digest.counts.openNotices == 1 && digest.counts.reportsAwaitingSignOff == 1)
                    #expect(digest.lateReportTasks == 1 && digest.lateReportUnits == 1)
                    #expect(digest.topRed.map(\.title) == ["老旧小区改造"] && digest.topRed.first?.verdict == LightVerdict(.red, .overdue, figure: 5))
                    #expect(digest.topRed.first?.unitName == "区发展和改革局")
                    let received = stub.received.withLockedValue { $0 }
                    #expect(received.count == 2 && received.allSatisfy { $0.problem == nil })
                    #expect(received.last?.text.contains("红灯任务：1 项") == true && received.last?.text.contains("1. \(late.code) 老旧小区改造") == true)
                    // The reminders went out with the digest's run; they are unread entries now too.
                    #expect(digest.counts.unreadEntries >= 3 && digest.counts.unreadPeople >= 2)
                }
            }
        }

        @Test func theConfiguredMarginsReachTheCLITheSchedulerAndThePages() async throws {
            // 40 days without progress: yellow (behind) under the default 45 stall days, red under 30.
            try await withLuoshi({ $0.supervision.lightPolicy.stallDays = 30 }) { app in
                defer { Self.removeLockFile(app) }
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "停滞的任务", start: -40, deadline: 100)
                #expect(OperatorTasks.operatorContext(app).lightPolicy == LightPolicy(lagMargin: 10, stallDays: 30))
                var office = try await Client.signedIn(app, as: "duchashi")
                #expect(try await office.post("/lights/recompute", form: [:]).status == .seeOther)
                #expect(try await app.store.followUp(taskID: task.id)?.verdict == LightVerdict(.red, .stalled, figure: 40))
                let result = try await OperatorTasks.recomputeAllLights(app, year: nil)
                #expect(result.read == 1 && result.changed == 0)
                #expect(result.line.hasPrefix("lights recomputed: 1 tasks read, 0 lights changed, in "))
            }
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let task = try await Self.task(app, fixture, title: "停滞的任务", start: -40, deadline: 100)
                // A task's light is computed when it is made; recomputing finds it as it is.
                let result = try await OperatorTasks.recomputeAllLights(app, year: LocalClock.china.today().year)
                #expect(result.read == 1 && result.changed == 0)
                #expect(try await app.store.followUp(taskID: task.id)?.verdict.light == .yellow)
            }
        }

        @Test func remindDryRunSaysWhoWouldBeRemindedAndWritesNothing() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                _ = try await Self.task(app, fixture, title: "月底前完成的任务", start: -60, deadline: 2)
                let dry = try await OperatorTasks.remind(app, dryRun: true)
                #expect(dry.contains { $0.personName == "钱科员" && $0.line.contains("“月底前完成的任务”将于") && $0.line.contains("还有 2 天") })
                #expect(try await app.store.notifications(personID: fixture.fgjStaff.id).isEmpty, "a dry run writes nothing")
                let sent = try await OperatorTasks.remind(app, dryRun: false)
                #expect(sent.map(\.line) == dry.map(\.line))
                _ = try await OperatorTasks.remind(app, dryRun: false)
                #expect(try await app.store.notifications(personID: fixture.fgjStaff.id).count == dry.filter { $0.personName == "钱科员" }.count)
            }
        }

        @Test func digestDryRunShowsTheBodiesAndSendsNothing() async throws {
            try await withLuoshi({
                $0.notifications.webhooks = [WebhookTarget(url: "http://127.0.0.1:1/never?access_token=T", kind: .dingtalk, secret: "SECx"),
                                             WebhookTarget(url: "http://127.0.0.1:1/never?key=K", kind: .wecom)]
            }) { app in
                let outcome = try await OperatorTasks.digest(app, dryRun: true)
                #expect(outcome.deliveries.isEmpty && outcome.posts.count == 2)
                #expect(outcome.posts[0].url.contains("access_token=T&timestamp=") && outcome.posts[0].url.contains("&sign="))
                #expect(String(decoding: outcome.posts[1].body, as: UTF8.self).contains(#""msgtype":"markdown""#))
                #expect(outcome.message.markdown.contains("红灯任务：0 项") && outcome.message.markdown.hasSuffix("今日无红灯任务。"))
            }
        }
    }
}
