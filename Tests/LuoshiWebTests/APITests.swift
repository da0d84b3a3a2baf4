// The JSON API against its document: authentication, problem documents, and the operations.
import Foundation
import LuoshiAPI
import LuoshiDomain
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct APITests {
        /// The server code in LuoshiAPI/Generated is committed; it must come from this very document.
        @Test func theGeneratedServerCodeWasMadeFromThisDocument() throws {
            let document = try APIDocument.yaml()
            #expect(SecretToken.hash(document) == GeneratedFrom.openAPISHA256,
                    "openapi.yaml changed since Sources/LuoshiAPI/Generated was made: run scripts/gen-openapi")
        }

        @Test func theDocumentIsServedAndNamesEveryOperation() async throws {
            try await withLuoshi { app in
                var client = Client(app)
                let response = try await client.get("/api/openapi.yaml")
                #expect(response.status == .ok)
                #expect(response.text.hasPrefix("openapi: 3.1.0"))
                for operation in ["getSession", "listUnits", "createUnit", "getUnit", "updateUnit", "listPeople", "createPerson",
                                  "getPerson", "updatePerson", "listAccounts", "createAccount"] {
                    #expect(response.text.contains("operationId: \(operation)"), "\(operation) is not documented")
                }
            }
        }

        @Test func withoutCredentialsEveryOperationAnswers401AsAProblem() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var client = Client(app)
                let unit = fixture.fgj.id.uuidString.lowercased(), person = fixture.fgjPerson.id.uuidString.lowercased()
                let calls: [(HTTPMethod, String)] = [(.GET, "/api/v1/session"), (.GET, "/api/v1/units"), (.POST, "/api/v1/units"),
                    (.GET, "/api/v1/units/\(unit)"), (.PUT, "/api/v1/units/\(unit)"), (.GET, "/api/v1/people"),
                    (.POST, "/api/v1/people"), (.GET, "/api/v1/people/\(person)"), (.PUT, "/api/v1/people/\(person)"),
                    (.GET, "/api/v1/accounts"), (.POST, "/api/v1/accounts")]
                for (method, path) in calls {
                    let body = method == .GET ? nil : #"{"name":"x","position":"y","rank":"staff","unitId":"\#(unit)","code":"X","kind":"town","username":"xx","displayName":"x","role":"staff","scopeUnitId":"\#(unit)","password":"Passw0rd-long"}"#
                    let response = try await client.json(method, path, token: method == .GET ? "lsk_not-a-real-token" : nil, body: body)
                    #expect(response.status == .unauthorized, "\(method) \(path) answered \(response.status)")
                    #expect(try response.json()["code"] as? String == "access.authentication_required")
                    #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                }
                // A body the document would refuse is not read for an anonymous caller: 401 first, never 422.
                let malformed = try await client.json(.POST, "/api/v1/tasks/\(UUID().uuidString)/status", body: #"{"status":"nonsense","progress":39.5}"#)
                #expect(malformed.status == .unauthorized)
            }
        }

        @Test func theSessionNamesTheCallerAndProblemsSpeakTheirLanguage() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let token = try await OperatorTasks.createToken(app, username: "fagaiju", name: "script")
                var client = Client(app)
                let session = try await client.json(.GET, "/api/v1/session", token: token)
                #expect(session.status == .ok)
                let account = try #require(try session.json()["account"] as? [String: Any])
                #expect(account["username"] as? String == "fagaiju")
                #expect(account["role"] as? String == "unitHead")
                #expect(try session.json()["scopeUnitName"] as? String == "区发展和改革局")
                client.acceptLanguage = "en-GB,en;q=0.9"
                let refused = try await client.json(.POST, "/api/v1/units", token: token, body: #"{"code":"X1","name":"x","kind":"town"}"#)
                #expect(refused.status == .forbidden)
                #expect(try refused.json()["detail"] as? String == "Your role may not do this.")
                #expect(try refused.json()["status"] as? Int == 403)
            }
        }

        @Test func createReadAndUpdateAPersonThroughTheAPI() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let token = try await OperatorTasks.createToken(app, username: "admin", name: "script")
                var client = Client(app)
                let unit = fixture.czj.id.uuidString.lowercased()
                let created = try await client.json(.POST, "/api/v1/people", token: token,
                                                    body: #"{"name":"接口干部","position":"科员","rank":"staff","unitId":"\#(unit)"}"#)
                #expect(created.status == .created)
                let id = try #require(try created.json()["id"] as? String)
                #expect(try created.json()["unitName"] as? String == "区财政局")
                let updated = try await client.json(.PUT, "/api/v1/people/\(id)", token: token,
                                                    body: #"{"name":"接口干部","position":"副科长","rank":"sectionLevel","unitId":"\#(unit)","phone":"0632-1234567"}"#)
                #expect(updated.status == .ok)
                let read = try await client.json(.GET, "/api/v1/people/\(id)", token: token)
                #expect(try read.json()["position"] as? String == "副科长")
                #expect(try read.json()["phone"] as? String == "0632-1234567")
            }
        }

        @Test func badInputIsAClientErrorNamingTheRule() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let token = try await OperatorTasks.createToken(app, username: "admin", name: "script")
                var client = Client(app)
                let unit = fixture.fgj.id.uuidString.lowercased()
                let blank = try await client.json(.POST, "/api/v1/people", token: token,
                                                  body: #"{"name":"   ","position":"科员","rank":"staff","unitId":"\#(unit)"}"#)
                #expect(blank.status == .unprocessableEntity)
                #expect(try blank.json()["code"] as? String == "field.required")
                #expect(try blank.json()["field"] as? String == "name", "the JSON property, not a catalogue key (issue 8)")
                let badRank = try await client.json(.POST, "/api/v1/people", token: token,
                                                    body: #"{"name":"张三","position":"科员","rank":"boss","unitId":"\#(unit)"}"#)
                #expect(badRank.status.code >= 400 && badRank.status.code < 500)
                let notJSON = try await client.json(.POST, "/api/v1/people", token: token, body: "{not json")
                #expect(notJSON.status.code >= 400 && notJSON.status.code < 500)
                let badLimit = try await client.json(.GET, "/api/v1/people?limit=1000", token: token)
                #expect(badLimit.status == .unprocessableEntity)
                #expect(try badLimit.json()["field"] as? String == "limit" && (try badLimit.json()["detail"] as? String ?? "").contains("100"),
                        "a refused limit names the parameter and its maximum (issue 8)")
                let badID = try await client.json(.GET, "/api/v1/people/not-a-uuid", token: token)
                #expect(badID.status == .notFound)
                let null = try await client.json(.POST, "/api/v1/people", token: token,
                                                 body: #"{"name":"张三","position":"科员","rank":"staff","unitId":"\#(unit)","phone":null}"#)
                #expect(null.status == .unprocessableEntity, "null is not a value the document allows")
                let emptyID = try await client.json(.GET, "/api/v1/people?unitId=", token: token)
                #expect(emptyID.status == .unprocessableEntity)
                let fractional = try await client.json(.POST, "/api/v1/units", token: token,
                                                       body: #"{"code":"F1","name":"x","kind":"town","sortOrder":1.5}"#)
                #expect(fractional.status == .unprocessableEntity)
                let trace = try await client.json(.TRACE, "/api/v1/people", token: token)
                #expect(trace.status == .methodNotAllowed)
                #expect(trace.headers.first(name: .allow) == "GET, POST")
                let missingUnit = try await client.json(.POST, "/api/v1/people", token: token,
                                                        body: #"{"name":"张三","position":"科员","rank":"staff","unitId":"\#(UUID().uuidString)"}"#)
                #expect(missingUnit.status == .unprocessableEntity)
            }
        }

        @Test func aRevokedTokenNoLongerWorks() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var browser = try await Client.signedIn(app, as: "duchashi")
                let settings = try await browser.post("/settings/tokens", form: ["name": "周报脚本"])
                #expect(settings.status == .ok)
                let token = try #require(settings.text.firstMatch(of: /lsk_[A-Za-z0-9_-]+/).map { String($0.output) })
                var script = Client(app)
                #expect(try await script.json(.GET, "/api/v1/session", token: token).status == .ok)
                let tokens = try await app.store.apiTokens(accountID: try #require(try await app.store.account(username: "duchashi")).account.id)
                let revoked = try await browser.post("/settings/tokens/\(tokens[0].id.uuidString.lowercased())/revoke", form: [:])
                #expect(revoked.status == .seeOther)
                #expect(try await script.json(.GET, "/api/v1/session", token: token).status == .unauthorized)
            }
        }

        @Test func cookieSessionsNeedTheCSRFHeaderToWriteThroughTheAPI() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var browser = try await Client.signedIn(app, as: "admin")
                let body = #"{"name":"跨站","position":"科员","rank":"staff","unitId":"\#(fixture.fgj.id.uuidString)"}"#
                let forged = try await browser.json(.POST, "/api/v1/people", body: body)
                #expect(forged.status == .forbidden)
                let csrf = browser.csrfToken
                let allowed = try await browser.json(.POST, "/api/v1/people", body: body, headers: ["X-CSRF-Token": csrf])
                #expect(allowed.status == .created)
            }
        }
    
        /// Issue 8: the API does what the pages do for accounts and tokens: an admin disables an
        /// account (its sessions and tokens stop at once) or sets it to read everything; a caller
        /// creates, lists and revokes their own tokens; nobody revokes another's.
        @Test func accountsAndTokensThroughTheAPI() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let adminToken = try await OperatorTasks.createToken(app, username: "admin", name: "admin-script")
                var client = Client(app)
                let staffToken = try await OperatorTasks.createToken(app, username: "fagaiju-staff", name: "staff-script")
                var staffBrowser = try await Client.signedIn(app, as: "fagaiju-staff")
                // A token of one's own: created (its secret once), listed, revoked.
                let created = try await client.json(.POST, "/api/v1/tokens", token: staffToken, body: #"{"name":"报表脚本"}"#)
                #expect(created.status == .created)
                let secret = try #require(try created.json()["token"] as? String)
                let newID = try #require(try created.json()["id"] as? String)
                #expect(try await client.json(.GET, "/api/v1/session", token: secret).status == .ok)
                let listed = try #require(try await client.json(.GET, "/api/v1/tokens", token: staffToken).jsonArray())
                #expect(listed.contains { $0["id"] as? String == newID && $0["revoked"] as? Bool == false })
                #expect(try await client.json(.DELETE, "/api/v1/tokens/\(newID)", token: adminToken).status == .notFound,
                        "another account's token is not found, not revoked")
                #expect(try await client.json(.DELETE, "/api/v1/tokens/\(newID)", token: staffToken).status == .noContent)
                #expect(try await client.json(.GET, "/api/v1/session", token: secret).status == .unauthorized)
                // An admin disables the staff account: its session and tokens stop working.
                let accounts = try #require(try await client.json(.GET, "/api/v1/accounts?limit=100", token: adminToken).json()["items"] as? [[String: Any]])
                let staffID = try #require(accounts.first { $0["username"] as? String == "fagaiju-staff" }?["id"] as? String)
                let adminID = try #require(accounts.first { $0["username"] as? String == "admin" }?["id"] as? String)
                #expect(try await client.json(.PATCH, "/api/v1/accounts/\(staffID)", token: staffToken, body: #"{"disabled":true}"#).status == .forbidden)
                let disabled = try await client.json(.PATCH, "/api/v1/accounts/\(staffID)", token: adminToken, body: #"{"disabled":true}"#)
                let disabledFlag = try disabled.json()["disabled"] as? Bool
                #expect(disabled.status == .ok && disabledFlag == true)
                #expect(try await client.json(.GET, "/api/v1/session", token: staffToken).status == .unauthorized)
                #expect(try await staffBrowser.get("/tasks").status == .seeOther, "the session ended: back to sign-in")
                let selfDisable = try await client.json(.PATCH, "/api/v1/accounts/\(adminID)", token: adminToken, body: #"{"disabled":true}"#)
                let selfCode = try selfDisable.json()["code"] as? String
                #expect(selfDisable.status == .unprocessableEntity && selfCode == "account.cannot_disable_self")
                #expect(try await client.json(.PATCH, "/api/v1/accounts/\(staffID)", token: adminToken, body: "{}").status == .unprocessableEntity,
                        "an empty change is malformed (minProperties: 1)")
                let principal = try await client.json(.PATCH, "/api/v1/accounts/\(staffID)", token: adminToken, body: #"{"readsEverything":true}"#)
                let readsAll = try principal.json()["readsEverything"] as? Bool
                #expect(readsAll == true)
            }
        }
}
}
