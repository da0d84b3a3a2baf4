// Roles and unit scope on pages and in the API: a unit head keeps to their own unit.
import Foundation
import LuoshiDomain
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
    }
}
