// Roles and unit scope on pages and in the API: a unit head keeps to their own unit.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct ScopeTests {
        @Test func aUnitHeadListsOnlyTheirOwnUnitsPeople() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "fagaiju")
                let page = try await client.get("/people")
                #expect(page.status == .ok)
                #expect(page.text.contains("王发改") && page.text.contains("赵办公"))
                #expect(!page.text.contains("李财政"))
                let searched = try await client.get("/people?q=%E6%9D%8E")
                #expect(!searched.text.contains("李财政"))
            }
        }

        @Test func aUnitHeadCannotReadOrChangeAnotherUnitsPersonOnPages() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "fagaiju")
                let other = fixture.czjPerson.id.uuidString.lowercased()
                let read = try await client.get("/people/\(other)")
                #expect(read.status == .forbidden)
                #expect(read.text.contains("该记录不在您的管辖单位范围内"))
                #expect(!read.text.contains("李财政"))
                #expect(try await client.get("/people/\(other)/edit").status == .forbidden)
                let change = try await client.post("/people/\(other)/edit", form: [
                    "name": "被改了", "position": "局长", "rank": "staff", "unitId": fixture.czj.id.uuidString])
                #expect(change.status == .forbidden)
                let moveIn = try await client.post("/people/\(other)/edit", form: [
                    "name": "李财政", "position": "局长", "rank": "staff", "unitId": fixture.fgj.id.uuidString])
                #expect(moveIn.status == .forbidden, "nor pull them into their own unit")
                let create = try await client.post("/people/new", form: [
                    "name": "塞进财政局", "position": "科员", "rank": "staff", "unitId": fixture.czj.id.uuidString])
                #expect(create.status == .forbidden)
                #expect(try await app.store.person(id: fixture.czjPerson.id)?.person.name == "李财政")
            }
        }

        @Test func aUnitHeadCannotReadOrChangeAnotherUnitsPersonThroughTheAPI() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let token = try await OperatorTasks.createToken(app, username: "fagaiju", name: "test")
                var client = Client(app)
                let list = try await client.json(.GET, "/api/v1/people", token: token)
                #expect(list.status == .ok)
                let names = (try list.json()["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                #expect(Set(names) == ["王发改", "赵办公", "钱科员"])
                let other = fixture.czjPerson.id.uuidString.lowercased()
                let read = try await client.json(.GET, "/api/v1/people/\(other)", token: token)
                #expect(read.status == .forbidden)
                #expect(read.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect(try read.json()["code"] as? String == "access.outside_scope")
                let change = try await client.json(.PUT, "/api/v1/people/\(other)", token: token, body: """
                    {"name":"被改了","position":"局长","rank":"staff","unitId":"\(fixture.czj.id.uuidString)"}
                    """)
                #expect(change.status == .forbidden)
                #expect(try await app.store.person(id: fixture.czjPerson.id)?.person.name == "李财政")
            }
        }

        @Test func aUnitHeadAddsAPersonToTheirUnitAndItIsAudited() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var client = try await Client.signedIn(app, as: "fagaiju")
                #expect(try await client.get("/people/new").status == .ok)
                let created = try await client.post("/people/new", form: [
                    "name": "新来的", "position": "科员", "rank": "staff", "unitId": fixture.fgjOffice.id.uuidString])
                #expect(created.status == .seeOther)
                let location = try #require(created.headers.first(name: .location))
                let page = try await client.get(location)
                #expect(page.text.contains("<h1>新来的</h1>"))
                #expect(page.text.contains("干部已添加。"))
                let events = try await app.store.auditEvents(.init(recordKind: "person"), offset: 0, limit: 1).items
                #expect(events.first?.content.actorName == "测试fagaiju")
                #expect(events.first?.content.after?.contains("新来的") == true)
            }
        }

        @Test func rolesThatMayNotChangePeopleAreRefused() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                for username in ["fagaiju-staff", "jijian", "duchashi", "shuji"] {
                    var client = try await Client.signedIn(app, as: username)
                    let form = try await client.get("/people/new")
                    #expect(form.status == .forbidden, "\(username) opened the new-person form")
                    let post = try await client.post("/people/new", form: [
                        "name": "不该出现", "position": "科员", "rank": "staff", "unitId": fixture.fgj.id.uuidString])
                    #expect(post.status == .forbidden, "\(username) added a person")
                    #expect(post.text.contains("您的角色无权进行此操作"))
                }
            }
        }

        @Test func onlyAdministratorsManageUnitsAndAccounts() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var head = try await Client.signedIn(app, as: "fagaiju")
                let refused = try await head.get("/units/new")
                #expect(refused.status == .forbidden)
                #expect(refused.text.contains("class=\"problem\""))
                #expect(try await head.get("/accounts").status == .forbidden)
                #expect(try await head.get("/audit").status == .forbidden)
                var admin = try await Client.signedIn(app, as: "admin")
                let created = try await admin.post("/units/new", form: [
                    "code": "NEW-1", "name": "新设单位", "kind": "town", "parentId": fixture.root.id.uuidString, "sortOrder": "5"])
                #expect(created.status == .seeOther)
                let unit = try #require(try await app.store.unit(code: "NEW-1"))
                #expect(unit.assessmentGroup == .townsAndStreets)
                let duplicate = try await admin.post("/units/new", form: ["code": "NEW-1", "name": "重复", "kind": "town"])
                #expect(duplicate.status == .conflict)
                #expect(duplicate.text.contains("该单位编码已被使用。"))
                #expect(duplicate.text.contains("value=\"重复\""), "the form keeps what was typed")
            }
        }

        @Test func theAuditorReadsTheTrailAndItFilters() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                var auditor = try await Client.signedIn(app, as: "jijian")
                let all = try await auditor.get("/audit")
                #expect(all.status == .ok)
                #expect(all.text.contains("id=\"audit\""))
                let people = try await auditor.get("/audit?kind=person")
                #expect(people.text.contains("王发改"))
                let units = try await auditor.get("/audit?kind=unit")
                #expect(units.text.contains("区财政局"))
                #expect(!units.text.contains("王发改"))
                let future = try await auditor.get("/audit?from=2999-01-01")
                #expect(future.text.contains("没有符合条件的记录。"))
            }
        }
    
        /// Issue 8: scope in its real shape. A deputy leader reads what they lead, contract or
        /// oversee (and below); a principal leader reads everything by an account setting; a unit
        /// head decomposes their part of what their unit co-operates on; staff and heads read only
        /// their unit's indicators and key objects; only district leaders contract or oversee.
        @Test func scopeHasItsRealShape() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let plan = try await ResponsibilityTests.plan(app, fixture)
                let context = OperatorTasks.operatorContext(app)
                let deputy = try await createPerson(PersonDraft(name: "周副区长", position: "副区长", rank: .districtLeader, unitID: fixture.root.id),
                                                    context: context)
                _ = try await createAccount(AccountDraft(username: "fuquzhang", displayName: "周副区长", role: .leader, scopeUnitID: fixture.root.id,
                                                         personID: deputy.id, password: Fixture.password),
                                            hasher: app.luoshi.hasher, context: context)
                let other = try await createTask(TaskDraft(year: 2026, title: "别人牵头的工作", tier: .led, start: Day("2026-01-01")!,
                                                           deadline: Day("2026-12-31")!, leadLeaderID: fixture.leader.id,
                                                           responsibleUnitID: fixture.fgj.id), context: context)
                let led = try await createTask(TaskDraft(year: 2026, title: "副区长牵头的工作", tier: .led, start: Day("2026-01-01")!,
                                                         deadline: Day("2026-12-31")!, leadLeaderID: deputy.id,
                                                         responsibleUnitID: fixture.root.id), context: context)
                var browser = try await Client.signedIn(app, as: "fuquzhang")
                var register = try await browser.get("/tasks?year=2026")
                #expect(register.text.contains("副区长牵头的工作") && !register.text.contains("别人牵头的工作"), "a deputy reads what they lead")
                #expect(try await browser.get("/tasks/\(other.id)").status == .forbidden)
                #expect(try await browser.get("/tasks/\(led.id)").status == .ok)
                // Overseeing 财政局 brings its work (and what it co-operates on) into view, from the next request on.
                // An admin sets it on the person's page; nobody else may.
                var admin = try await Client.signedIn(app, as: "admin")
                #expect(try await admin.get("/people/\(deputy.id)").text.contains(#"id="oversight-form""#))
                var supervisorBrowser = try await Client.signedIn(app, as: "duchashi")
                #expect(try await supervisorBrowser.post("/people/\(deputy.id)/oversight",
                                                         form: ["unit[]": fixture.czj.id.uuidString.lowercased()]).status == .forbidden)
                let saved = try await admin.post("/people/\(deputy.id)/oversight", form: ["unit[]": fixture.czj.id.uuidString.lowercased()])
                #expect(saved.status == .seeOther)
                #expect(try await app.store.overseenUnitIDs(personID: deputy.id) == [fixture.czj.id])
                register = try await browser.get("/tasks?year=2026")
                #expect(register.text.contains(plan.czjTask.title) && register.text.contains(plan.fgjTask.title))
                #expect(!register.text.contains("别人牵头的工作"))
                // Only district leaders oversee or contract.
                await #expect(throws: RuleViolation(.personNotLeader, field: .fieldOverseenUnits)) {
                    try await setOversight(personID: fixture.fgjStaff.id, unitIDs: [fixture.czj.id], context: context)
                }
                await #expect(throws: RuleViolation(.personNotLeader, field: .fieldContractedLeader)) {
                    _ = try await createKeyObject(KeyObject(id: UUID(), year: 2026, kind: .keyProject, code: "KO-1", name: "科员分包的项目",
                                                            contractedLeaderID: fixture.fgjStaff.id, delegatedPowers: "",
                                                            responsibleUnitID: fixture.fgj.id, investmentTotal: nil, plannedInvestment: nil,
                                                            start: nil, completion: nil, location: "", taskIDs: [], indicatorIDs: []),
                                                  context: context)
                }
                // The principal leader (an account setting) reads everything.
                var principal = try await Client.signedIn(app, as: "shuji")
                #expect(try await principal.get("/tasks/\(other.id)").status == .ok)

                // 财政局's head decomposes their part of 发改局's task, which 财政局 co-operates on, but not for 发改局.
                var czjHead = try await Client.signedIn(app, as: "caizhengju")
                let form = try await czjHead.get("/tasks/\(plan.fgjTask.id)")
                #expect(form.status == .ok && form.text.contains(#"id="decompose""#))
                let head = Caller(accountID: UUID(), displayName: "李财政", role: .unitHead, scopeUnitID: fixture.czj.id,
                                  scopePath: fixture.czj.path, language: nil, personID: fixture.czjPerson.id)
                let headContext = UseCaseContext(store: app.store, performer: Performer(head))
                let part = try await createTask(TaskDraft(year: 2026, title: "财政局承担部分", tier: .led, start: Day("2026-01-01")!,
                                                          deadline: Day("2026-06-30")!, responsibleUnitID: fixture.czj.id, parentID: plan.fgjTask.id),
                                                context: headContext)
                #expect(part.parentID == plan.fgjTask.id)
                await #expect(throws: RuleViolation(.outsideScope)) {
                    _ = try await createTask(TaskDraft(year: 2026, title: "替发改局分解", tier: .led, start: Day("2026-01-01")!,
                                                       deadline: Day("2026-06-30")!, responsibleUnitID: fixture.fgj.id, parentID: plan.fgjTask.id),
                                             context: headContext)
                }
                // Staff and unit heads read their own unit's indicators and key objects only.
                _ = try await createIndicator(IndicatorDraft(year: 2026, code: "CZ-1", name: "财政收入", measure: .wanYuan, target: 100,
                                                             ownerUnitID: fixture.czj.id), context: context)
                var fgjStaff = try await Client.signedIn(app, as: "fagaiju-staff")
                #expect(!(try await fgjStaff.get("/indicators?year=2026").text.contains("财政收入")))
                #expect(try await czjHead.get("/indicators?year=2026").text.contains("财政收入"))
            }
        }
}
}
