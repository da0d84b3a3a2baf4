// The `[supervision]` and `[notifications]` tables of the configuration: the lights' margins, when
// the daily jobs run, whether this process runs them, and the webhooks the daily digest goes to.
// Their file, environment and flag forms, and the checks each value passes.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import TOMLKit

/// A time of day, "HH:MM", in the configured time zone.
public struct DailyTime: Sendable, Equatable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour; self.minute = minute
    }

    /// "06:00" or "6:00".
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }), let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public static let sixAM = DailyTime(hour: 6, minute: 0)!

    public var description: String { String(format: "%02d:%02d", hour, minute) }

    /// The instant this time falls on `day` in the clock's zone.
    public func instant(on day: Day, clock: LocalClock) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = clock.zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
            ?? clock.start(of: day)
    }

    /// Whether `now` is at or after this time of its day.
    public func hasPassed(_ now: Date, clock: LocalClock) -> Bool { now >= instant(on: clock.today(now), clock: clock) }
}

public struct SupervisionSettings: Sendable, Equatable {
    /// `lag_margin` (percentage points, default 10) and `stall_days` (default 45).
    public var lightPolicy = LightPolicy.standard
    /// When the daily jobs (lights, reminders, digest) run: `daily_time`, default 06:00.
    public var dailyTime = DailyTime.sixAM
    /// Whether `serve` runs the daily jobs (`scheduler`, default true). With several processes on
    /// one PostgreSQL database each may; one of them runs each job once a day.
    public var scheduler = true
    public init() {}
}

public struct NotificationSettings: Sendable, Equatable {
    /// Where the daily digest is posted (`[[notifications.webhooks]]`).
    public var webhooks: [WebhookTarget] = []
    /// The SMTP server and who receives the digest by e-mail (`smtp_*`, `digest_to`; MailSettings.swift).
    public var mail = MailSettings()
    public init() {}
}

/// `[supervision]` in the file; LUOSHI_SUPERVISION_LAG_MARGIN, … in the environment.
public struct SupervisionLayer: Codable, Sendable, Equatable {
    public var lagMargin: Int?
    public var stallDays: Int?
    public var dailyTime: String?
    public var scheduler: Bool?

    public init(lagMargin: Int? = nil, stallDays: Int? = nil, dailyTime: String? = nil, scheduler: Bool? = nil) {
        self.lagMargin = lagMargin; self.stallDays = stallDays; self.dailyTime = dailyTime; self.scheduler = scheduler
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lagMargin = "lag_margin"
        case stallDays = "stall_days"
        case dailyTime = "daily_time"
        case scheduler
    }

    static func environment(_ environment: [String: String]) throws -> SupervisionLayer? {
        func name(_ key: CodingKeys) -> String { "LUOSHI_SUPERVISION_" + key.rawValue.uppercased() }
        func int(_ key: CodingKeys) throws -> Int? {
            guard let text = environment[name(key)] else { return nil }
            guard let number = Int(text) else { throw ConfigurationError(key: name(key), value: text, reason: "is not a whole number") }
            return number
        }
        var layer = SupervisionLayer()
        layer.lagMargin = try int(.lagMargin)
        layer.stallDays = try int(.stallDays)
        layer.dailyTime = environment[name(.dailyTime)]
        if let text = environment[name(.scheduler)] {
            guard let flag = ["true": true, "1": true, "false": false, "0": false][text.lowercased()] else {
                throw ConfigurationError(key: name(.scheduler), value: text, reason: "use true or false")
            }
            layer.scheduler = flag
        }
        return layer == SupervisionLayer() ? nil : layer
    }
}

/// `[notifications]` in the file; LUOSHI_NOTIFICATIONS_WEBHOOKS (a JSON array) and
/// LUOSHI_NOTIFICATIONS_SMTP_HOST, … in the environment.
public struct NotificationsLayer: Codable, Sendable, Equatable {
    public var webhooks: [WebhookLayer]?
    public var smtpHost: String?
    public var smtpPort: Int?
    public var smtpFrom: String?
    public var smtpUsername: String?
    public var smtpPassword: String?
    public var digestTo: [String]?

    public init(webhooks: [WebhookLayer]? = nil) { self.webhooks = webhooks }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case webhooks
        case smtpHost = "smtp_host"
        case smtpPort = "smtp_port"
        case smtpFrom = "smtp_from"
        case smtpUsername = "smtp_username"
        case smtpPassword = "smtp_password"
        case digestTo = "digest_to"
    }

    public struct WebhookLayer: Codable, Sendable, Equatable {
        public var url: String?
        public var kind: String?
        public var secret: String?

        public init(url: String? = nil, kind: String? = nil, secret: String? = nil) { self.url = url; self.kind = kind; self.secret = secret }

        enum CodingKeys: String, CodingKey, CaseIterable { case url, kind, secret }
    }

    static let environmentName = "LUOSHI_NOTIFICATIONS_WEBHOOKS"

    /// `[{"url": "https://…", "kind": "dingtalk", "secret": "SEC…"}]`: the environment is where
    /// secrets are usually given, so the whole list may come from there.
    static func environment(_ environment: [String: String]) throws -> NotificationsLayer? {
        var layer = try mailEnvironment(environment)
        if let text = environment[environmentName] {
            guard let webhooks = try? JSONDecoder().decode([WebhookLayer].self, from: Data(text.utf8)) else {
                throw ConfigurationError(key: environmentName, value: "…",
                                         reason: #"must be a JSON array like [{"url": "https://…", "kind": "dingtalk", "secret": "SEC…"}]"#)
            }
            layer.webhooks = webhooks
        }
        return layer == NotificationsLayer() ? nil : layer
    }
}

extension ConfigurationLayer {
    /// The first key inside the file's `[supervision]` or `[notifications]` tables Luoshi does not know.
    static func unknownNestedKey(in table: TOMLTable) -> String? {
        if let supervision = table["supervision"]?.table {
            let known = Set(SupervisionLayer.CodingKeys.allCases.map(\.rawValue))
            if let unknown = supervision.keys.first(where: { !known.contains($0) }) { return "supervision." + unknown }
        }
        if let notifications = table["notifications"]?.table {
            let known = Set(NotificationsLayer.CodingKeys.allCases.map(\.rawValue))
            if let unknown = notifications.keys.first(where: { !known.contains($0) }) { return "notifications." + unknown }
            let fields = Set(NotificationsLayer.WebhookLayer.CodingKeys.allCases.map(\.rawValue))
            for webhook in notifications["webhooks"]?.array ?? TOMLArray() {
                if let unknown = webhook.table?.keys.first(where: { !fields.contains($0) }) { return "notifications.webhooks." + unknown }
            }
        }
        return nil
    }
}

extension LuoshiConfiguration {
    mutating func apply(_ layer: SupervisionLayer, fail: (String, Any, String) -> ConfigurationError) throws {
        if let margin = layer.lagMargin {
            guard (0...100).contains(margin) else { throw fail("supervision.lag_margin", margin, "must be 0 to 100 (percentage points)") }
            supervision.lightPolicy.lagMargin = margin
        }
        if let days = layer.stallDays {
            guard (1...3650).contains(days) else { throw fail("supervision.stall_days", days, "must be 1 to 3650") }
            supervision.lightPolicy.stallDays = days
        }
        if let text = layer.dailyTime {
            guard let time = DailyTime(text) else { throw fail("supervision.daily_time", text, "use HH:MM, e.g. 06:00") }
            supervision.dailyTime = time
        }
        if let scheduler = layer.scheduler { supervision.scheduler = scheduler }
    }

    mutating func apply(_ layer: NotificationsLayer, fail: (String, Any, String) -> ConfigurationError) throws {
        try notifications.mail.apply(layer, fail: fail)
        guard let webhooks = layer.webhooks else { return }
        notifications.webhooks = try webhooks.enumerated().map { index, webhook in
            let key = "notifications.webhooks[\(index + 1)]"
            guard let url = webhook.url, let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme?.lowercased()),
                  !(parts.host ?? "").isEmpty else {
                throw fail(key + ".url", webhook.url ?? "", "must be an http:// or https:// URL")
            }
            guard let kind = webhook.kind.flatMap({ WebhookKind(rawValue: $0.lowercased()) }) else {
                throw fail(key + ".kind", webhook.kind ?? "", "use dingtalk, wecom or generic")
            }
            if let secret = webhook.secret, secret.isEmpty { throw fail(key + ".secret", "", "must not be empty (leave it out instead)") }
            return WebhookTarget(url: url, kind: kind, secret: webhook.secret)
        }
    }
}
