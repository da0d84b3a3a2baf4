// Sign-in, sign-out, throttling and CSRF, through the real application.
import Foundation
import LuoshiDomain
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct SessionTests {
        @Test func signInOpensASessionAndSignOutEndsIt() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "admin")
                let home = try await client.get("/")
                #expect(home.status == .ok)
                #expect(home.text.contains("id=\"whoami\""))
                #expect(home.text.contains("测试admin"))
                let cookie = home.headers.setCookie?["luoshi_session"]
                #expect(cookie == nil, "the session cookie is set once, at sign-in")
                let out = try await client.post("/signout", form: [:])
                #expect(out.status == .seeOther)
                let after = try await client.get("/people")
                #expect(after.status == .seeOther)
                #expect(after.headers.first(name: .location)?.hasPrefix("/signin") == true)
            }
        }

        @Test func theSessionCookieIsHttpOnlyAndSameSite() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = Client(app)
                let response = try await client.post("/signin", form: ["username": "admin", "password": Fixture.password])
                let header = response.headers[.setCookie].first { $0.hasPrefix("luoshi_session=") } ?? ""
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
            }
        }

        @Test func aWrongPasswordIsRefusedInTheUsersLanguage() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = Client(app)
                let response = try await client.post("/signin", form: ["username": "admin", "password": "wrong-password-1"])
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("用户名或密码不正确。"))
                #expect(client.cookies["luoshi_session"] == nil)
                client.acceptLanguage = "en"
                let english = try await client.post("/signin", form: ["username": "nobody", "password": "wrong-password-1"])
                #expect(english.text.contains("Wrong username or password."))
            }
        }

        @Test func repeatedFailuresThrottleTheAccountEvenWithTheRightPassword() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = Client(app)
                for _ in 0..<5 {
                    let failed = try await client.post("/signin", form: ["username": "fagaiju", "password": "wrong-password-1"])
                    #expect(failed.status == .unauthorized)
                }
                let throttled = try await client.post("/signin", form: ["username": "fagaiju", "password": Fixture.password])
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.text.contains("该账号登录失败次数过多"))
                // Another account from the same address is not yet throttled.
                _ = try await Client.signedIn(app, as: "admin")
            }
        }

        @Test func repeatedFailuresFromOneAddressThrottleEveryAccount() async throws {
            try await withLuoshi({ $0.throttle.perAddressLimit = 3 }) { app in
                _ = try await Fixture.make(app)
                var client = Client(app)
                for name in ["a1", "a2", "a3"] {
                    _ = try await client.post("/signin", form: ["username": name, "password": "wrong-password-1"])
                }
                let throttled = try await client.post("/signin", form: ["username": "admin", "password": Fixture.password])
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.text.contains("此地址登录失败次数过多"))
            }
        }

        @Test func aFormWithoutTheRightCSRFTokenIsRefused() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "admin")
                let form = ["name": "不该出现", "position": "科员", "rank": "staff", "unitId": fixture.fgj.id.uuidString]
                let forged = try await client.post("/people/new", form: form, csrf: "forged-token-value-000000000")
                #expect(forged.status == .forbidden)
                #expect(forged.text.contains("表单已过期或来源不明"))
                let missing = try await client.post("/people/new", form: form, csrf: "")
                #expect(missing.status == .forbidden)
                #expect(try await app.store.people(.init(search: "不该出现"), offset: 0, limit: 5).items.isEmpty)
                var stranger = Client(app)
                let signIn = try await stranger.post("/signin", form: ["username": "admin", "password": Fixture.password],
                                                        csrf: "forged-token-value-000000000")
                #expect(signIn.status == .forbidden, "sign-in itself is protected against login CSRF")
            }
        }

        @Test func aSignedOutVisitorIsSentToSignInWithTheWayBack() async throws {
            try await withLuoshi { app in
                var client = Client(app)
                let response = try await client.get("/people?q=x")
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/signin?next=/people")
            }
        }
    }
}
