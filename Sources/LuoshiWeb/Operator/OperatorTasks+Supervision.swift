// The supervision commands' work (`luoshi lights recompute`, `luoshi remind`, `luoshi digest`) as
// functions the commands and the tests call; the scheduler's digest job sends through the same one.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Prometheus
import Vapor

extension OperatorTasks {
    public struct LightsRecomputed: Sendable {
        public var read: Int
        public var changed: Int
        public var elapsed: Duration

        /// What `lights recompute` prints.
        public var line: String {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return "lights recomputed: \(read) tasks read, \(changed) lights changed, in \(String(format: "%.2f", seconds)) s"
        }
    }

    /// Recomputes the lights of every task (or a year's) as the CLI operator, timed.
    public static func recomputeAllLights(_ app: Application, year: Int?) async throws -> LightsRecomputed {
        let started = ContinuousClock.now
        let result = try await recomputeLights(year: year, context: operatorContext(app))
        return LightsRecomputed(read: result.read, changed: result.changed, elapsed: ContinuousClock.now - started)
    }

    /// A reminder with its recipient's name, as `remind` prints it.
    public struct ReminderLine: Sendable {
        public var personName: String
        public var reminder: Reminder
        public var line: String { "\(personName)\t\(reminder.text)\t\(reminder.link)" }
    }

    /// The reminders due today, with whom each goes to. Dry, nothing is written; otherwise each is
    /// put in its recipient's inbox (once: one already sent is not sent again).
    public static func remind(_ app: Application, dryRun: Bool) async throws -> [ReminderLine] {
        let context = operatorContext(app)
        let reminders = dryRun ? try await Reminders.due(today: context.today, store: context.store) : try await sendReminders(context: context)
        let names = try await app.store.personNames(ids: reminders.map(\.personID))
        return reminders.map { ReminderLine(personName: names[$0.personID] ?? $0.personID.uuidString, reminder: $0) }
            .sorted { ($0.personName, $0.reminder.text) < ($1.personName, $1.reminder.text) }
    }

    public struct DigestOutcome: Sendable {
        public var digest: DailyDigest
        public var message: WebhookMessage
        /// What each configured webhook is (or would be) sent.
        public var posts: [WebhookPost]
        /// Empty on a dry run.
        public var deliveries: [WebhookDelivery]
        /// The e-mail to `digest_to` (nil: none configured, or a dry run).
        public var mail: MailDelivery? = nil
        /// The per-person digests put in inboxes (empty on a dry run).
        public var personalDigests: [PersonalDigest] = []

        /// Every webhook and every mail recipient reached.
        public var allDelivered: Bool { deliveries.allSatisfy(\.delivered) && (mail?.complete ?? true) }
    }

    /// The daily digest and the webhook posts it makes. Dry, nothing is sent.
    public static func digest(_ app: Application, dryRun: Bool, backoff: Duration = .seconds(2)) async throws -> DigestOutcome {
        let context = operatorContext(app)
        if dryRun { return try await prepareDigest(app, context: context) }
        return try await sendDigest(app, context: context, backoff: backoff)
    }

    /// Gathers the digest and posts it to every configured webhook (one after another, each with
    /// its retries), mails it to `digest_to`, then puts each person's own digest in their inbox;
    /// delivery failures are logged and counted, and reported in the outcome.
    public static func sendDigest(_ app: Application, context: UseCaseContext, backoff: Duration) async throws -> DigestOutcome {
        var outcome = try await prepareDigest(app, context: context)
        for target in app.luoshi.configuration.notifications.webhooks {
            let delivery = await WebhookSender.deliver(outcome.message, to: target, client: app.client, logger: app.logger, backoff: backoff)
            app.luoshi.metrics.makeCounter(descriptor: MetricNameDescriptor(namespace: "luoshi", metricName: "webhook_posts", unitName: "total",
                                                                            helpText: "Webhook posts of the daily digest, by preset and outcome (after retries)"),
                                           labels: [("kind", target.kind.rawValue), ("outcome", delivery.delivered ? "delivered" : "failed")]).increment()
            outcome.deliveries.append(delivery)
        }
        outcome.mail = await mailDigest(app, outcome.digest, context: context)
        outcome.personalDigests = try await sendPersonalDigests(context: context)
        return outcome
    }

    /// Mails the digest to `digest_to` when a server and recipients are configured.
    static func mailDigest(_ app: Application, _ digest: DailyDigest, context: UseCaseContext) async -> MailDelivery? {
        let settings = app.luoshi.configuration.notifications.mail
        guard let server = settings.server, !settings.digestTo.isEmpty else { return nil }
        let (title, text) = digest.plainText(Catalogue.for(.zhHans))
        let delivery = await Mailer.send(MailMessage(subject: title, text: text), to: settings.digestTo, via: server, group: app.eventLoopGroup,
                                         logger: app.logger, now: context.now, zone: app.luoshi.configuration.clock.zone)
        app.luoshi.metrics.makeCounter(descriptor: MetricNameDescriptor(namespace: "luoshi", metricName: "mail_messages", unitName: "total",
                                                                        helpText: "E-mails of the daily digest, by outcome"),
                                       labels: [("outcome", delivery.complete ? "delivered" : delivery.delivered ? "partly" : "failed")]).increment()
        return delivery
    }

    static func prepareDigest(_ app: Application, context: UseCaseContext) async throws -> DigestOutcome {
        let digest = try await gatherDailyDigest(context: context)
        let message = WebhookMessage(digest: digest, catalogue: Catalogue.for(.zhHans))
        let posts = app.luoshi.configuration.notifications.webhooks.map { Webhooks.post(message, to: $0, at: context.now) }
        return DigestOutcome(digest: digest, message: message, posts: posts, deliveries: [])
    }
}
