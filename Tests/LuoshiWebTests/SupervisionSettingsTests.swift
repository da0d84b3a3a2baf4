// The `[supervision]` and `[notifications]` settings: defaults, the file's tables (webhooks as an
// array of tables), the environment's forms, flags over both, and the refusals that name the key.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Testing
@testable import LuoshiWeb

@Suite struct SupervisionSettingsTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("luoshi-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theDefaultsAreTenPointsFortyFiveDaysSixOClockAndNoWebhooks() throws {
        let configuration = try LuoshiConfiguration.load(configFile: nil, environment: [:], flags: ConfigurationLayer())
        #expect(configuration.supervision.lightPolicy == LightPolicy(lagMargin: 10, stallDays: 45))
        #expect(configuration.supervision.dailyTime == DailyTime(hour: 6, minute: 0) && configuration.supervision.scheduler)
        #expect(configuration.notifications.webhooks.isEmpty)
    }

    @Test func theFileSetsTheTablesAndTheEnvironmentAndFlagsWin() throws {
        let path = try Self.file("""
            port = 9000

            [supervision]
            lag_margin = 15
            stall_days = 30
            daily_time = "07:30"
            scheduler = true

            [[notifications.webhooks]]
            url = "https://oapi.dingtalk.com/robot/send?access_token=T"
            kind = "dingtalk"
            secret = "SECabc"

            [[notifications.webhooks]]
            url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"
            kind = "WeCom"
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try LuoshiConfiguration.load(configFile: path, environment: [:], flags: ConfigurationLayer())
        #expect(fromFile.supervision.lightPolicy == LightPolicy(lagMargin: 15, stallDays: 30))
        #expect(fromFile.supervision.dailyTime.description == "07:30")
        #expect(fromFile.notifications.webhooks == [
            WebhookTarget(url: "https://oapi.dingtalk.com/robot/send?access_token=T", kind: .dingtalk, secret: "SECabc"),
            WebhookTarget(url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", kind: .wecom),
        ])
        var flags = ConfigurationLayer()
        flags.supervision = SupervisionLayer(scheduler: false)
        let layered = try LuoshiConfiguration.load(configFile: path, environment: [
            "LUOSHI_SUPERVISION_STALL_DAYS": "60", "LUOSHI_SUPERVISION_DAILY_TIME": "5:05", "LUOSHI_SUPERVISION_SCHEDULER": "true",
            "LUOSHI_NOTIFICATIONS_WEBHOOKS": #"[{"url": "https://hooks.example.org/luoshi", "kind": "generic", "secret": "s3cret"}]"#,
        ], flags: flags)
        #expect(layered.supervision.lightPolicy == LightPolicy(lagMargin: 15, stallDays: 60), "the file's margin stays, the environment's days win")
        #expect(layered.supervision.dailyTime == DailyTime(hour: 5, minute: 5))
        #expect(!layered.supervision.scheduler, "the flag (serve --no-scheduler) wins over the environment")
        #expect(layered.notifications.webhooks == [WebhookTarget(url: "https://hooks.example.org/luoshi", kind: .generic, secret: "s3cret")])
    }

    @Test func anInlineWebhookListReadsTheSame() throws {
        let path = try Self.file(#"notifications = { webhooks = [{ url = "http://10.0.0.5/hook", kind = "generic" }] }"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try LuoshiConfiguration.load(configFile: path, environment: [:], flags: ConfigurationLayer())
        #expect(configuration.notifications.webhooks == [WebhookTarget(url: "http://10.0.0.5/hook", kind: .generic)])
    }

    @Test(arguments: [
        (["LUOSHI_SUPERVISION_LAG_MARGIN": "ten"], "LUOSHI_SUPERVISION_LAG_MARGIN"),
        (["LUOSHI_SUPERVISION_LAG_MARGIN": "120"], "supervision.lag_margin"),
        (["LUOSHI_SUPERVISION_STALL_DAYS": "0"], "supervision.stall_days"),
        (["LUOSHI_SUPERVISION_DAILY_TIME": "25:00"], "supervision.daily_time"),
        (["LUOSHI_SUPERVISION_DAILY_TIME": "6"], "supervision.daily_time"),
        (["LUOSHI_SUPERVISION_SCHEDULER": "sometimes"], "LUOSHI_SUPERVISION_SCHEDULER"),
        (["LUOSHI_NOTIFICATIONS_WEBHOOKS": "https://x"], "LUOSHI_NOTIFICATIONS_WEBHOOKS"),
        (["LUOSHI_NOTIFICATIONS_WEBHOOKS": #"[{"url": "ftp://x/y", "kind": "generic"}]"#], "notifications.webhooks[1].url"),
        (["LUOSHI_NOTIFICATIONS_WEBHOOKS": #"[{"url": "https://x/y", "kind": "slack"}]"#], "notifications.webhooks[1].kind"),
        (["LUOSHI_NOTIFICATIONS_WEBHOOKS": #"[{"url": "https://x/y", "kind": "generic"}, {"kind": "wecom"}]"#], "notifications.webhooks[2].url"),
        (["LUOSHI_NOTIFICATIONS_WEBHOOKS": #"[{"url": "https://x/y", "kind": "generic", "secret": ""}]"#], "notifications.webhooks[1].secret"),
    ])
    func aBadValueStopsStartUpNamingIt(environment: [String: String], key: String) {
        #expect {
            _ = try LuoshiConfiguration.load(configFile: nil, environment: environment, flags: ConfigurationLayer())
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    @Test(arguments: [
        ("[supervision]\nlag_marign = 5\n", "supervision.lag_marign"),
        ("[notifications]\nwebhook = []\n", "notifications.webhook"),
        ("[[notifications.webhooks]]\nurl = \"https://x/y\"\nkind = \"generic\"\nsecrte = \"s\"\n", "notifications.webhooks.secrte"),
    ])
    func anUnknownKeyInATableIsRefused(text: String, key: String) throws {
        let path = try Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try LuoshiConfiguration.load(configFile: path, environment: [:], flags: ConfigurationLayer())
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    @Test func theDailyTimeIsInTheConfiguredZone() throws {
        let shanghai = LocalClock.china
        let day = Day(year: 2026, month: 3, day: 5)!
        let six = DailyTime(hour: 6, minute: 0)!
        #expect(six.instant(on: day, clock: shanghai) == Date(timeIntervalSince1970: 1_772_661_600)) // 2026-03-04T22:00:00Z
        #expect(!six.hasPassed(Date(timeIntervalSince1970: 1_772_661_599), clock: shanghai))
        #expect(six.hasPassed(Date(timeIntervalSince1970: 1_772_661_600), clock: shanghai))
        let berlin = try #require(LocalClock(identifier: "Europe/Berlin"))
        // 2026-03-05T03:00:00Z: 11:00 in Shanghai, 04:00 in Berlin.
        #expect(six.hasPassed(Date(timeIntervalSince1970: 1_772_679_600), clock: shanghai))
        #expect(!six.hasPassed(Date(timeIntervalSince1970: 1_772_679_600), clock: berlin))
    }
}
