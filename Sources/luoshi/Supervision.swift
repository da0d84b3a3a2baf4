// `luoshi lights recompute`, `luoshi remind` and `luoshi digest`: the daily jobs by hand (the
// server's scheduler runs them once a day by itself). Thin: the work is in OperatorTasks.
import ArgumentParser
import Foundation
import LuoshiUseCases
import LuoshiWeb

struct Lights: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tasks' lights (亮灯).", subcommands: [Recompute.self])

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every task's light (or one year's) now, with the configured [supervision] margins; print tasks read, lights changed and the time taken.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only the tasks of this year.") var year: Int?

        func run() async throws {
            let configuration = try store.load()
            OperatorTasks.bootstrapLogging(configuration)
            do {
                let result = try await OperatorTasks.withApplication(configuration) { app in
                    try await OperatorTasks.recomputeAllLights(app, year: year)
                }
                print(result.line)
            } catch { throw fail(error) }
        }
    }
}

struct Remind: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send today's reminders (deadlines near, reports due) to the inboxes; each is sent once. With --dry-run, print who would be reminded of what and write nothing.")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Print the reminders (person, text, link; tab-separated) without sending them.") var dryRun = false

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        do {
            let dryRun = dryRun
            let lines = try await OperatorTasks.withApplication(configuration) { app in
                try await OperatorTasks.remind(app, dryRun: dryRun)
            }
            lines.forEach { print($0.line) }
            print(dryRun ? "\(lines.count) reminders due; none sent (dry run)"
                         : "\(lines.count) reminders due; sent to inboxes (any already sent were not sent again)")
        } catch { throw fail(error) }
    }
}

struct Digest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post the daily digest (red tasks, late reports, open notices, reports awaiting sign-off) to the configured [notifications] webhooks. With --dry-run, print the digest and the webhook bodies and send nothing.")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Print the digest and each webhook's URL (keys hidden) and body without sending.") var dryRun = false

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let dryRun = dryRun
        let outcome: OperatorTasks.DigestOutcome
        do {
            outcome = try await OperatorTasks.withApplication(configuration) { app in
                try await OperatorTasks.digest(app, dryRun: dryRun)
            }
        } catch { throw fail(error) }
        print(outcome.message.markdown)
        let targets = configuration.notifications.webhooks
        if dryRun {
            if targets.isEmpty { print("\nno webhooks configured ([notifications] webhooks)") }
            for (target, post) in zip(targets, outcome.posts) {
                print("\n\(target.kind.rawValue) \(target.redactedURL)")
                for (name, value) in post.headers.sorted(by: { $0.key < $1.key }) { print("\(name): \(value)") }
                print(String(decoding: post.body, as: UTF8.self))
            }
            return
        }
        for delivery in outcome.deliveries {
            print("\(delivery.kind.rawValue) \(delivery.target): " + (delivery.delivered ? "delivered" : "FAILED (\(delivery.failure ?? "?"))")
                  + " after \(delivery.attempts) attempt(s)")
        }
        if outcome.deliveries.contains(where: { !$0.delivered }) { throw ExitCode(1) }
    }
}
