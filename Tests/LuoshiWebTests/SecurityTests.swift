// The findings of the outside probe (issue 6), each at the level of its rule; the same findings are
// also tested over real TCP against a running server in tests/http.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
@testable import LuoshiWeb

@Suite struct RedirectAndAddressRules {
    @Test func onlyASameSitePathIsARedirectTarget() {
        #expect(Parse.safeNext("/tasks?year=2026") == "/tasks?year=2026")
        #expect(Parse.safeNext("/people/abc") == "/people/abc")
        for hostile in ["/\r\nSet-Cookie: luoshi_csrf=planted", "/\t/evil.example", "//evil.example", "/\\evil.example",
                        "https://evil.example", "evil.example", "/ /evil", "/\u{7F}", "/signin?next=/x", "/\u{85}x", ""] {
            #expect(Parse.safeNext(hostile) == "/", "\(hostile.debugDescription) must lead home")
        }
        #expect(Parse.safeNext(nil) == "/")
    }

    @Test func forwardedAddressesAreBelievedOnlyFromTrustedProxies() {
        let proxies: Set<String> = ["10.0.0.1"]
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"], trustedProxies: []) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"], trustedProxies: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["1.2.3.4"], trustedProxies: proxies) == "1.2.3.4")
        // A client cannot choose its address by prepending one: the nearest untrusted hop counts.
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["6.6.6.6, 1.2.3.4"], trustedProxies: proxies) == "1.2.3.4")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: ["1.2.3.4", "10.0.0.1"], trustedProxies: proxies) == "1.2.3.4")
        #expect(ClientAddress.resolve(peer: "10.0.0.1", forwardedFor: [], trustedProxies: proxies) == "10.0.0.1")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: [], trustedProxies: proxies) == "unknown")
    }

    @Test func trustedProxiesAreConfiguredAndChecked() throws {
        var layer = ConfigurationLayer()
        layer.trustedProxies = ["127.0.0.1", "::1"]
        var configuration = LuoshiConfiguration()
        try configuration.apply(layer, source: "test")
        #expect(configuration.trustedProxies == ["127.0.0.1", "::1"])
        let fromEnvironment = try ConfigurationLayer.environment(["LUOSHI_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2"])
        #expect(fromEnvironment.trustedProxies == ["10.0.0.1", "10.0.0.2"])
        layer.trustedProxies = ["proxy.example"]
        #expect(throws: ConfigurationError.self) { try configuration.apply(layer, source: "test") }
    }

    @Test func textIsShownExactlyAsTyped() {
        #expect(escapeText("R&amp;D &lt;b&gt;") == "R&amp;amp;D &amp;lt;b&amp;gt;")
    }
}

extension DatabaseTests {
    @Suite struct SecurityTests {
        @Test func aPlantedCSRFCookieProvesNothingOnceSignedIn() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "admin")
                client.cookies["luoshi_csrf"] = "plantedvalue1234567890abcd"
                let forged = try await client.post("/settings/language", form: ["language": "en"], csrf: "plantedvalue1234567890abcd")
                #expect(forged.status == .forbidden)
                // Another session's token does not work either: each session has its own.
                let other = try await Client.signedIn(app, as: "duchashi")
                let crossed = try await client.post("/settings/language", form: ["language": "en"], csrf: other.csrfToken)
                #expect(crossed.status == .forbidden)
                let own = try await client.post("/settings/language", form: ["language": "en"])
                #expect(own.status == .seeOther)
            }
        }

        @Test func errorPagesCarryTheSecurityHeadersAndNoToken() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "fagaiju")
                for (path, status) in [("/units/\(UUID().uuidString)", HTTPStatus.notFound), ("/accounts", .forbidden),
                                       ("/no-such-page", .notFound)] {
                    let response = try await client.get(path)
                    #expect(response.status == status, "\(path)")
                    #expect(response.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                    #expect(response.headers.first(name: "Content-Security-Policy") != nil, "\(path)")
                    #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path)")
                    #expect(!response.text.contains("name=\"csrf\""), "\(path) must not carry the token")
                    #expect(!response.text.contains("access.") && !response.text.contains("page.not_found"), "\(path) shows words, not codes")
                    #expect(response.text.contains("id=\"back\""))
                }
            }
        }

        @Test func aPasswordChangeEndsOtherSessionsAndRevokesTokens() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var here = try await Client.signedIn(app, as: "duchashi")
                var elsewhere = try await Client.signedIn(app, as: "duchashi")
                guard let (account, _) = try await app.store.account(username: "duchashi") else { Issue.record("no account"); return }
                let token = try await createAPIToken(name: "脚本", accountID: account.id, context: OperatorTasks.operatorContext(app))
                var script = Client(app)
                #expect(try await script.json(.GET, "/api/v1/session", token: token).status == .ok)

                let changed = try await here.post("/settings/password", form: ["currentPassword": Fixture.password,
                                                                                "newPassword": "New-password-2"])
                #expect(changed.status == .seeOther)
                let page = try await here.get(changed.headers.first(name: .location) ?? "/settings")
                #expect(page.status == .ok, "the session the change was made from goes on")
                #expect(page.text.contains("其他浏览器和设备上的登录已全部退出"))
                #expect(try await elsewhere.get("/settings").status == .seeOther, "the other session has ended")
                #expect(try await script.json(.GET, "/api/v1/session", token: token).status == .unauthorized)

                // Sign out everywhere ends this session too.
                var third = try await Client.signedIn(app, as: "duchashi", password: "New-password-2")
                let out = try await here.post("/settings/sign-out-everywhere", form: [:])
                #expect(out.status == .seeOther)
                #expect(try await here.get("/settings").status == .seeOther)
                #expect(try await third.get("/settings").status == .seeOther)
            }
        }

        /// Counts hashes checked, to show an unknown username costs the same work as a wrong password.
        struct CountingHasher: PasswordHashing {
            let inner: BcryptHasher
            let verifications = NIOLockedValueBox(0)
            func hash(_ password: String) async throws -> String { try await inner.hash(password) }
            func verify(_ password: String, against hash: String) async throws -> Bool {
                verifications.withLockedValue { $0 += 1 }
                return try await inner.verify(password, against: hash)
            }
            func placeholderHash() async throws -> String { try await inner.placeholderHash() }
        }

        @Test func anUnknownUsernameCostsAHashCheckToo() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let hasher = CountingHasher(inner: app.luoshi.hasher)
                for username in ["admin", "nobody-here"] {
                    await #expect(throws: RuleViolation(.signInFailed)) {
                        _ = try await signIn(username: username, password: "wrong-password-1", address: "192.0.2.1",
                                             throttle: SignInThrottle(perAccountLimit: 100, perAddressLimit: 100),
                                             sessionLifetime: 3600, hasher: hasher, store: app.store)
                    }
                }
                #expect(hasher.verifications.withLockedValue { $0 } == 2)
            }
        }

        @Test func parallelGuessesCannotSlipPastTheAccountLimit() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let throttle = SignInThrottle(perAccountLimit: 5, perAddressLimit: 1000)
                let outcomes = try await withThrowingTaskGroup(of: Rule?.self) { group in
                    for index in 0..<12 {
                        group.addTask {
                            do {
                                _ = try await signIn(username: "fagaiju", password: "wrong-password-\(index)", address: "192.0.2.\(index)",
                                                     throttle: throttle, sessionLifetime: 3600, hasher: app.luoshi.hasher, store: app.store)
                                return nil
                            } catch let violation as RuleViolation {
                                return violation.rule
                            }
                        }
                    }
                    var rules: [Rule?] = []
                    for try await rule in group { rules.append(rule) }
                    return rules
                }
                #expect(outcomes.filter { $0 == .signInFailed }.count == 5)
                #expect(outcomes.filter { $0 == .signInThrottledAccount }.count == 7)
            }
        }

        @Test func aTaskTreeListsOnlyTheSubTasksTheCallerMayRead() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let parent = try await createTask(TaskDraft(year: 2026, title: "全区营商环境提升", tier: .led, start: Day("2026-01-01")!,
                                                            deadline: Day("2026-12-31")!, responsibleUnitID: fixture.root.id,
                                                            cooperatingUnitIDs: [fixture.fgj.id]), context: context)
                let fgjPart = try await createTask(TaskDraft(year: 2026, title: "发改部分审批", tier: .led, start: Day("2026-01-01")!,
                                                             deadline: Day("2026-06-30")!, responsibleUnitID: fixture.fgj.id,
                                                             parentID: parent.id), context: context)
                _ = try await createTask(TaskDraft(year: 2026, title: "财政部分保密事项", tier: .led, start: Day("2026-01-01")!,
                                                   deadline: Day("2026-06-30")!, responsibleUnitID: fixture.czj.id, parentID: parent.id),
                                         context: context)
                _ = try await createTask(TaskDraft(year: 2026, title: "发改部分细化", tier: .led, start: Day("2026-01-01")!,
                                                   deadline: Day("2026-05-31")!, responsibleUnitID: fixture.fgj.id, parentID: fgjPart.id),
                                         context: context)
                var head = try await Client.signedIn(app, as: "fagaiju")
                let page = try await head.get("/tasks/\(parent.id.uuidString.lowercased())")
                #expect(page.status == .ok)
                #expect(page.text.contains("发改部分审批"))
                #expect(!page.text.contains("财政部分保密事项"), "a sub-task of another unit is not listed")
                guard let (account, _) = try await app.store.account(username: "fagaiju") else { return }
                let token = try await createAPIToken(name: "树", accountID: account.id, context: context)
                var script = Client(app)
                let tree = try await script.json(.GET, "/api/v1/tasks/\(parent.id.uuidString.lowercased())/tree", token: token)
                #expect(tree.status == .ok)
                #expect(tree.text.contains("发改部分审批") && !tree.text.contains("财政部分保密事项"))
                // Depth first: the grandchild sits right under its own parent.
                let everything = try await app.store.taskTree(path: parent.path, scope: nil).map(\.title)
                #expect(everything == ["全区营商环境提升", "发改部分审批", "发改部分细化", "财政部分保密事项"])
            }
        }

        @Test func entityLookingTextIsShownAsTyped() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let unit = try await createUnit(UnitDraft(code: "RD", name: "R&amp;D &lt;b&gt;", kind: .department, parentID: nil),
                                                context: OperatorTasks.operatorContext(app))
                var admin = try await Client.signedIn(app, as: "admin")
                let page = try await admin.get("/units/\(unit.id.uuidString.lowercased())")
                #expect(page.text.contains("R&amp;amp;D &amp;lt;b&amp;gt;"))
            }
        }

        @Test func theTrailHashesTheStoredActionAndItsHeadIsAnchoredByTheKey() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let store = app.store
                #expect(try await store.verifyAuditTrail().isIntact)
                let checkpoint = try #require(try await store.auditCheckpoint(at: "2026-11-30T10:00:00+0800"))
                #expect(try await store.verifyAuditTrail(checkpoints: [checkpoint]).isIntact)

                // "update" → "delete" (or any text the application does not write) breaks the hash.
                let sql = store.sql
                let last = try await sql.select().column("sequence").from("audit_events").orderBy("sequence", .descending).limit(1)
                    .first(decodingColumn: "sequence", as: Int.self) ?? 0
                try await sql.update("audit_events").set("action", to: SQLBind("delete")).where("sequence", .equal, SQLBind(3)).run()
                #expect(try await store.verifyAuditTrail() == .edited(sequence: 3))

                // Someone with write access recomputes the chain from the edited event onward: only the
                // anchor (and the filed checkpoint) can tell.
                try await recomputeChain(sql, from: 3)
                #expect(try await store.verifyAuditTrail() == .anchorMismatch(sequence: last))
                #expect(try await Store(database: app.db, queue: nil, auditKey: nil).verifyAuditTrail().isIntact,
                        "without the key the recomputed chain looks intact: that is what the key is for")
                let withAnotherKey = Store(database: app.db, queue: nil, auditKey: AuditKey(secret: AuditKey.generateSecret()))
                #expect(try await withAnotherKey.verifyAuditTrail() == .anchorMismatch(sequence: last))
                // Set the anchor too (without the key), and the checkpoint still names the break.
                try await sql.update("audit_head").set("anchor", to: SQLBind(String(repeating: "0", count: 64))).run()
                let keyless = Store(database: app.db, queue: nil, auditKey: AuditKey(secret: Data(repeating: 1, count: 32)))
                #expect(try await keyless.verifyAuditTrail() == .anchorMismatch(sequence: last))
                #expect(try await store.verifyAuditTrail(checkpoints: ["1 aa 2026-11-30 forged"]) == .anchorMismatch(sequence: last))
            }
        }

        /// What an attacker with the database (but not the key) can do: rewrite every hash from `from` on.
        func recomputeChain(_ sql: any SQLDatabase, from sequence: Int) async throws {
            struct Row: Decodable {
                var sequence: Int; var occurredAt: String; var actorId: UUID?; var actorName: String; var action: String
                var recordKind: String; var recordId: String; var before: String?; var after: String?; var previousHash: String
            }
            let rows = try await sql.select().column(SQLLiteral.all).from("audit_events").where("sequence", .greaterThanOrEqual, SQLBind(sequence))
                .orderBy("sequence").all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            var previous = rows.first?.previousHash ?? AuditChain.genesisHash
            for row in rows {
                let content = AuditContent(occurredAt: row.occurredAt, actorID: row.actorId, actorName: row.actorName, actionText: row.action,
                                           recordKind: row.recordKind, recordID: row.recordId, before: row.before, after: row.after)
                let hash = AuditChain.hash(of: content, previousHash: previous)
                try await sql.update("audit_events").set("previous_hash", to: SQLBind(previous)).set("hash", to: SQLBind(hash))
                    .where("sequence", .equal, SQLBind(row.sequence)).run()
                previous = hash
            }
            try await sql.update("audit_head").set("last_hash", to: SQLBind(previous)).run()
        }
    }
}
