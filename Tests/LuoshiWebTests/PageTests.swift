// Pages: escaping, languages, the demo district, operations endpoints, configuration.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct PageTests {
        @Test func textWithScriptIsShownEscaped() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var admin = try await Client.signedIn(app, as: "admin")
                let created = try await admin.post("/people/new", form: [
                    "name": "<script>alert(1)</script>", "position": "\"><img src=x onerror=alert(2)>", "rank": "staff",
                    "unitId": fixture.fgj.id.uuidString])
                let page = try await admin.get(try #require(created.headers.first(name: .location)))
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!page.text.contains("<script>"))
                #expect(!page.text.contains("<img src=x"))
                let list = try await admin.get("/people?q=%3Cscript")
                #expect(!list.text.contains("<script>"))
                #expect(list.text.contains("value=\"&lt;script\""))
                let reflected = try await admin.get("/people?q=%22%3E%3Cscript%3Ealert(3)%3C/script%3E")
                #expect(!reflected.text.contains("\"><script>"), "a search term cannot break out of its attribute")
                #expect(reflected.text.contains("value=\"&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\""))
            }
        }

        @Test func theLanguageFollowsTheSettingThenTheBrowser() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "admin")
                #expect(try await client.get("/").text.contains("<html lang=\"zh-Hans\">"))
                client.acceptLanguage = "en-US,en;q=0.9"
                let english = try await client.get("/people")
                #expect(english.text.contains("<html lang=\"en\">"))
                #expect(english.text.contains(">People</h1>"))
                let saved = try await client.post("/settings/language", form: ["language": "zh-Hans"])
                #expect(saved.status == .seeOther)
                #expect(try await client.get("/people").text.contains("<html lang=\"zh-Hans\">"), "the setting wins over the browser")
            }
        }

        @Test func healthAndMetricsAnswer() async throws {
            try await withLuoshi { app in
                var client = Client(app)
                let health = try await client.get("/healthz")
                #expect(health.status == .ok)
                #expect(health.text == #"{"status":"ok"}"#)
                _ = try await client.get("/signin")
                let metrics = try await client.get("/metrics")
                #expect(metrics.status == .ok)
                #expect(metrics.text.contains("http_requests_total"))
                #expect(try await client.get("/ping").text == "pong")
                #expect(try await client.get("/signin").headers.first(name: "X-Request-Id") != nil)
            }
        }

        @Test func theDemoDistrictLoadsOnceAndEveryRoleSignsIn() async throws {
            try await withLuoshi { app in
                guard case .loaded(let summary) = try await OperatorTasks.loadDemo(app) else {
                    Issue.record("demo not loaded"); return
                }
                #expect(summary.units >= 45)
                #expect(summary.people >= 250)
                #expect(Set(summary.accounts.map(\.role)) == Set(Role.allCases))
                guard case .skippedNotEmpty = try await OperatorTasks.loadDemo(app) else {
                    Issue.record("demo loaded twice"); return
                }
                let towns = try await app.store.units(search: nil, kind: .town, offset: 0, limit: 50).items
                #expect(towns.count == 6)
                #expect(towns.allSatisfy { $0.assessmentGroup == .townsAndStreets })
                for (username, role, displayName) in summary.accounts {
                    var client = try await Client.signedIn(app, as: username, password: summary.password)
                    let home = try await client.get("/")
                    #expect(home.text.contains(Catalogue.for(.zhHans)[role.labelKey]), "\(username)")
                    #expect(home.text.contains(displayName.components(separatedBy: "（").first ?? displayName))
                }
                #expect(summary.plan.areas == 5 && summary.plan.keyTasks == 34 && summary.plan.keyObjects == 81)
                #expect(summary.plan.subTasks > 34 && summary.plan.indicators > 5 && summary.plan.readings > 100)
                guard case .intact = try await OperatorTasks.verifyAudit(app) else { Issue.record("demo trail broken"); return }
            }
        }
    }
}

@Suite struct ConfigurationTests {
    @Test func layersApplyInOrderFileThenEnvironmentThenFlags() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("luoshi-\(UUID().uuidString).toml").path
        try "port = 9000\nhost = \"0.0.0.0\"\nsqlite_synchronous = \"normal\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var flags = ConfigurationLayer()
        flags.port = 9200
        let configuration = try LuoshiConfiguration.load(configFile: file, environment: ["LUOSHI_PORT": "9100",
                                                         "LUOSHI_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/luoshi"], flags: flags)
        #expect(configuration.port == 9200)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.storage.synchronous == .normal)
        #expect(configuration.database == .postgres(url: "postgres://u:p@127.0.0.1:5432/luoshi"))
        #expect(configuration.database.redacted == "postgres://u:***@127.0.0.1:5432/luoshi")
    }

    @Test func theDefaultsAreSQLiteOnLoopbackWithFullSync() throws {
        let configuration = try LuoshiConfiguration.load(configFile: nil, environment: [:], flags: ConfigurationLayer())
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.database == .sqlite(path: "luoshi.sqlite"))
        #expect(configuration.storage.synchronous == .full)
    }

    @Test(arguments: [
        (["LUOSHI_PORT": "eighty"], "LUOSHI_PORT"), (["LUOSHI_PORT": "70000"], "port"),
        (["LUOSHI_SQLITE_SYNCHRONOUS": "off"], "sqlite_synchronous"), (["LUOSHI_DATABASE_URL": "mysql://x"], "database_url"),
        (["LUOSHI_LOG_LEVEL": "loud"], "log_level"), (["LUOSHI_SECURE_COOKIES": "maybe"], "LUOSHI_SECURE_COOKIES"),
    ])
    func aBadValueStopsStartUpNamingIt(environment: [String: String], key: String) {
        #expect {
            _ = try LuoshiConfiguration.load(configFile: nil, environment: environment, flags: ConfigurationLayer())
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    @Test func anUnknownKeyInTheFileIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("luoshi-\(UUID().uuidString).toml").path
        try "prot = 9000\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect {
            _ = try LuoshiConfiguration.load(configFile: file, environment: [:], flags: ConfigurationLayer())
        } throws: { error in
            (error as? ConfigurationError)?.key == "prot"
        }
    }
}
