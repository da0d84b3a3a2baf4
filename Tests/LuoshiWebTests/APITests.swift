// The JSON API against its document: authentication, problem documents, and the operations.
import Foundation
import LuoshiAPI
import LuoshiDomain
import Testing
import Vapor
import VaporTesting
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
                #expect(try badLimit.json()["field"] as? String == "limit" && (badLimit.json()["detail"] as? String ?? "").contains("100"),
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

        /// Issue 8: the API does what the pages do: update work areas, indicators and key objects,
        /// remove an empty work area, import and export every table, with the import's refusals
        /// listed row by row and the rules and scope of the pages.
        @Test func workAreasIndicatorsKeyObjectsAndFilesThroughTheAPI() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let token = try await OperatorTasks.createToken(app, username: "duchashi", name: "plan")
                let staffToken = try await OperatorTasks.createToken(app, username: "fagaiju-staff", name: "staff")
                var client = Client(app)
                func csv(_ path: String, _ text: String, token: String) async throws -> TestingHTTPResponse {
                    var headers = HTTPHeaders()
                    headers.bearerAuthorization = BearerAuthorization(token: token)
                    headers.contentType = HTTPMediaType(type: "text", subType: "csv")
                    return try await client.send(.POST, path, headers: headers, body: ByteBuffer(string: text))
                }
                // Work areas by file, then renamed and removed.
                let imported = try await csv("/api/v1/imports/work-areas", "年度,编码,名称\n2026,GY,工业\n2026,NY,农业\n", token: token)
                #expect(try imported.status == .ok && (imported.json()["created"] as? Int) == 2)
                #expect(try await csv("/api/v1/imports/work-areas", "年度,编码,名称\n2026,GY,工业\n", token: staffToken).status == .forbidden)
                let areas = try #require(try await client.json(.GET, "/api/v1/work-areas?year=2026", token: token).jsonArray())
                let gy = try #require(areas.first { $0["code"] as? String == "GY" }?["id"] as? String)
                let ny = try #require(areas.first { $0["code"] as? String == "NY" }?["id"] as? String)
                let renamed = try await client.json(.PATCH, "/api/v1/work-areas/\(gy)", token: token, body: #"{"name":"工业经济","sortOrder":5}"#)
                #expect(try renamed.status == .ok && (renamed.json()["name"] as? String) == "工业经济" && (renamed.json()["sortOrder"] as? Int) == 5)
                #expect(try await client.json(.PATCH, "/api/v1/work-areas/\(gy)", token: staffToken, body: #"{"name":"x"}"#).status == .forbidden)
                // A task filed under GY keeps it from being removed; NY goes.
                let tasks = "编码,工作板块,任务名称,工作层次,开始日期,完成时限,责任单位编码\nT-1,GY,园区,区委推动,2026-01-01,2026-12-31,FGJ\nT-2,GY,坏行,不存在,2026-01-01,2026-12-31,NOPE\n"
                let refused = try await csv("/api/v1/imports/tasks", tasks, token: token)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let issues = try #require(try refused.json()["issues"] as? [[String: Any]])
                #expect(issues.map { $0["row"] as? Int } == [3, 3])
                #expect(issues.map { $0["code"] as? String } == ["field.invalid_choice", "import.unit_unknown"])
                #expect(try await csv("/api/v1/imports/tasks", String(tasks.split(separator: "\n").prefix(2).joined(separator: "\n")), token: token).status == .ok)
                let inUse = try await client.json(.DELETE, "/api/v1/work-areas/\(gy)", token: token)
                #expect(try inUse.status == .conflict && (inUse.json()["code"] as? String) == "work_area.in_use")
                #expect(try await client.json(.DELETE, "/api/v1/work-areas/\(ny)", token: token).status == .noContent)
                #expect(try await client.json(.DELETE, "/api/v1/work-areas/\(ny)", token: token).status == .notFound)
                // An indicator's definition changes; its owner can move from a unit to a person.
                let indicator = try await client.json(.POST, "/api/v1/indicators", token: token,
                                                      body: #"{"year":2026,"code":"ZB-1","name":"投资","measure":"wanYuan","target":100,"ownerUnitId":"\#(fixture.fgj.id.uuidString)"}"#)
                let indicatorID = try #require(try indicator.json()["id"] as? String)
                let changed = try await client.json(.PATCH, "/api/v1/indicators/\(indicatorID)", token: token,
                                                    body: #"{"target":250,"ownerPersonId":"\#(fixture.fgjPerson.id.uuidString)"}"#)
                #expect(try changed.status == .ok && (changed.json()["target"] as? Double) == 250)
                #expect(try (changed.json()["ownerPersonId"] as? String) == fixture.fgjPerson.id.uuidString.lowercased())
                #expect(try changed.json()["ownerUnitId"] == nil)
                let both = try await client.json(.PATCH, "/api/v1/indicators/\(indicatorID)", token: token,
                                                 body: #"{"ownerUnitId":"\#(fixture.fgj.id.uuidString)","ownerPersonId":"\#(fixture.fgjPerson.id.uuidString)"}"#)
                #expect(try both.status == .unprocessableEntity && (both.json()["code"] as? String) == "indicator.owner_required")
                // A key object's leader must be a district leader; its links are replaced.
                let object = try await client.json(.POST, "/api/v1/key-objects", token: token,
                                                   body: #"{"year":2026,"kind":"keyProject","code":"XM-1","name":"一号项目","responsibleUnitId":"\#(fixture.fgj.id.uuidString)"}"#)
                let objectID = try #require(try object.json()["id"] as? String)
                let staffLeader = try await client.json(.PATCH, "/api/v1/key-objects/\(objectID)", token: token,
                                                        body: #"{"contractedLeaderId":"\#(fixture.fgjStaff.id.uuidString)"}"#)
                #expect(try staffLeader.status == .unprocessableEntity && (staffLeader.json()["code"] as? String) == "person.not_leader")
                #expect(try (staffLeader.json()["field"] as? String) == "contractedLeaderId")
                let linked = try await client.json(.PATCH, "/api/v1/key-objects/\(objectID)", token: token,
                                                   body: #"{"contractedLeaderId":"\#(fixture.leader.id.uuidString)","indicatorIds":["\#(indicatorID)"],"investmentTotal":5000}"#)
                #expect(try linked.status == .ok && (linked.json()["indicatorIds"] as? [String]) == [indicatorID])
                #expect(try await client.json(.PATCH, "/api/v1/key-objects/\(objectID)", token: token, body: "{}").status == .unprocessableEntity)
                // Exports in either format, of what the caller may see.
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                let exported = try await client.send(.GET, "/api/v1/exports/key-objects?year=2026&format=csv", headers: headers)
                #expect(exported.status == .ok && exported.headers.contentType?.description.hasPrefix("text/csv") == true)
                #expect(exported.body.string.contains("XM-1") && exported.body.string.contains("孙书记"))
                let xlsx = try await client.send(.GET, "/api/v1/exports/tasks?year=2026", headers: headers)
                #expect(xlsx.status == .ok && xlsx.body.readableBytes > 1000)
                var otherHeaders = HTTPHeaders()
                otherHeaders.bearerAuthorization = BearerAuthorization(token: try await OperatorTasks.createToken(app, username: "caizhengju", name: "x"))
                let otherExport = try await client.send(.GET, "/api/v1/exports/key-objects?year=2026&format=csv", headers: otherHeaders)
                #expect(otherExport.status == .ok && !otherExport.body.string.contains("XM-1"), "the finance bureau's head does not see FGJ's project")
            }
        }
}
}
