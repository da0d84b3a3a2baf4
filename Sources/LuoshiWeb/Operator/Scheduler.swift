// The daily jobs inside the server: once a minute the scheduler looks whether today's daily time
// (`[supervision] daily_time`, in the configured zone) has passed, and if so runs each job of the
// day (lights, reminders, digest) that no process has run yet. Once a day across processes: one
// process at a time holds the daily lock (PostgreSQL: an advisory lock; SQLite: flock(2) on a file
// beside the database), and each job is claimed with a unique (job, day) row before it runs, so it
// runs at most once a day on SQLite and PostgreSQL alike, whoever races. A job that fails is logged and counted, not retried that day (run it by
// hand: `luoshi lights recompute`, `luoshi remind`, `luoshi digest`).
import Foundation
import Logging
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import NIOConcurrencyHelpers
import Prometheus
import Vapor

public enum DailyJob: String, CaseIterable, Sendable {
    case lights, reminders, digest
}

/// What one look at the clock did.
public struct DailyRun: Equatable, Sendable {
    public var day: Day
    /// False when another process held the daily lock (it is running the jobs now).
    public var lockTaken: Bool
    /// The jobs this process claimed and ran, and those of them that failed.
    public var ran: [DailyJob] = []
    public var failed: [DailyJob] = []
}

public enum DailyJobs {
    static let lockKey = "luoshi-daily"
    public static let performerName = "系统定时任务 (daily scheduler)"

    /// Runs the jobs of `now`'s day that no process has claimed yet, in order (the lights first,
    /// so that the digest counts today's). Does not look at the daily time; the scheduler does.
    public static func runDue(_ app: Application, now: Date = Date(), runner: String,
                              webhookBackoff: Duration = .seconds(2)) async throws -> DailyRun {
        let configuration = app.luoshi.configuration
        let today = configuration.clock.today(now)
        let store = app.store
        let jobs: @Sendable () async throws -> DailyRun = {
            var run = DailyRun(day: today, lockTaken: true)
            for job in DailyJob.allCases {
                let claimed = try await store.write { tx in try await tx.claimJob(job.rawValue, day: today, runner: runner, at: now) }
                guard claimed else { continue }
                run.ran.append(job)
                if await !perform(job, app: app, now: now, runner: runner, webhookBackoff: webhookBackoff) { run.failed.append(job) }
            }
            return run
        }
        return try await withDailyLock(app, jobs) ?? DailyRun(day: today, lockTaken: false)
    }

    /// Runs `body` holding the daily lock; nil (and `body` not run) when another process holds it.
    static func withDailyLock<T: Sendable>(_ app: Application, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        if case .sqlite(let path) = app.luoshi.configuration.database, path != ":memory:" {
            // An SQLite file belongs to one server, but a second one started by mistake (or the
            // tests' two applications) must not run the jobs at the same time either.
            return try await FileLock.withLock(path + ".daily-lock", body)
        }
        return try await app.store.withExclusiveLock(lockKey, body)
    }

    /// Runs one job as the system, logs how it went and counts it in /metrics; false if it failed.
    static func perform(_ job: DailyJob, app: Application, now: Date, runner: String, webhookBackoff: Duration) async -> Bool {
        let context = OperatorTasks.systemContext(app, name: performerName, now: now)
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["job": .string(job.rawValue), "day": .string(context.today.description), "runner": .string(runner)]
        var succeeded = true
        do {
            switch job {
            case .lights:
                let result = try await recomputeLights(year: nil, context: context)
                metadata["tasks_read"] = .stringConvertible(result.read)
                metadata["lights_changed"] = .stringConvertible(result.changed)
            case .reminders:
                metadata["reminders"] = .stringConvertible(try await sendReminders(context: context).count)
            case .digest:
                let outcome = try await OperatorTasks.sendDigest(app, context: context, backoff: webhookBackoff)
                metadata["webhooks"] = .stringConvertible(outcome.deliveries.count)
                metadata["webhooks_failed"] = .stringConvertible(outcome.deliveries.filter { !$0.delivered }.count)
                if let mail = outcome.mail { metadata["mail"] = .string(mail.complete ? "sent" : mail.delivered ? "partly sent" : "failed") }
                metadata["personal_digests"] = .stringConvertible(outcome.personalDigests.count)
                succeeded = outcome.allDelivered
            }
        } catch {
            metadata["error"] = .string(String(describing: error))
            succeeded = false
        }
        let elapsed = ContinuousClock.now - started
        metadata["ms"] = .string(String(format: "%.1f", Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15))
        if succeeded { app.logger.info("daily job done", metadata: metadata) } else { app.logger.error("daily job failed", metadata: metadata) }
        app.luoshi.metrics.makeCounter(descriptor: MetricNameDescriptor(namespace: "luoshi", metricName: "daily_job_runs", unitName: "total",
                                                                        helpText: "Daily jobs this process ran, by job and outcome"),
                                       labels: [("job", job.rawValue), ("outcome", succeeded ? "ok" : "failed")]).increment()
        return succeeded
    }
}

/// Runs the daily jobs from the server's boot to its shutdown. Registered by `configure` when
/// `[supervision] scheduler` is on (and not in tests); started by `serve` (an application that is
/// not booted, such as the CLI's, never starts it).
public final class DailyScheduler: LifecycleHandler {
    let interval: Duration
    let runner: String
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    public init(interval: Duration = .seconds(60), runner: String = DailyScheduler.runnerName()) {
        self.interval = interval; self.runner = runner
    }

    /// This process, as the claim rows name it: host, process id and a random part (two
    /// schedulers in one process are two runners).
    public static func runnerName() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"
    }

    public func didBootAsync(_ application: Application) async throws {
        let configuration = application.luoshi.configuration
        application.logger.notice("daily jobs at \(configuration.supervision.dailyTime) \(configuration.clock.zone.identifier) (runner \(runner))")
        let loop = Task { [interval, runner] in
            var done: Day?
            while !Task.isCancelled {
                done = await Self.tick(application, runner: runner, done: done)
                try? await Task.sleep(for: interval)
            }
        }
        task.withLockedValue { $0 = loop }
    }

    public func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
    }

    /// One look at the clock. `done` is the last day whose jobs were all seen claimed; returns the
    /// new value (a day is done once this process held the lock and every job was claimed).
    static func tick(_ app: Application, runner: String, done: Day?, now: Date = Date()) async -> Day? {
        let configuration = app.luoshi.configuration
        let today = configuration.clock.today(now)
        guard done != today, configuration.supervision.dailyTime.hasPassed(now, clock: configuration.clock) else { return done }
        do {
            let run = try await DailyJobs.runDue(app, now: now, runner: runner)
            return run.lockTaken ? today : done
        } catch {
            // A claim refused under contention (another process was writing): look again next minute.
            app.logger.warning("daily jobs not run this minute", metadata: ["error": .string(String(describing: error))])
            return done
        }
    }
}

extension Application {
    private struct DailySchedulerKey: StorageKey { typealias Value = DailyScheduler }

    /// The scheduler `configure` registered (nil: this application does not run the daily jobs).
    public internal(set) var dailyScheduler: DailyScheduler? {
        get { storage[DailySchedulerKey.self] }
        set { storage[DailySchedulerKey.self] = newValue }
    }
}

/// An exclusive, non-blocking flock(2) on a lock file, held while `body` runs; nil when another
/// holder (another process, or another open of the file in this one) has it. The kernel drops it
/// if the process dies.
enum FileLock {
    static func withLock<T: Sendable>(_ path: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError(key: "database_url", value: path, reason: "the daily jobs' lock file cannot be opened (errno \(errno))")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return nil }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
