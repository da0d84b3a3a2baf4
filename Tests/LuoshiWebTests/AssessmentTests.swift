// Assessment through the pages: a scheme made and versioned, a run previewed (the office's only),
// published and frozen, consequences applied with their reasons (a veto's four restrictions, the
// 225 rule's yellow card and reward, a recommendation put to a meeting as a personnel matter), the
// breakdown read only by the unit itself among unit heads, cadre files only by the roles allowed,
// and an observation event whose raters see only their own sheets until it closes.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import LuoshiWeb
import Testing
import Vapor

extension DatabaseTests {
    @Suite struct AssessmentTests {
        @Test func aRunIsPreviewedPublishedAndItsConsequencesFollow() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let year = LocalClock.china.today().year
                var office = try await Client.signedIn(app, as: "duchashi")
                var head = try await Client.signedIn(app, as: "fagaiju")
                #expect(try await head.post("/assessment/schemes/new", form: ["year": String(year), "group": "departments"]).status == .forbidden)
                #expect(try await office.post("/assessment/schemes/new", form: ["year": String(year), "group": "departments"]).status == .seeOther)
                let first = try #require(try await app.store.currentScheme(year: year, group: .departments))
                let added = try await office.post("/assessment/schemes/\(first.id.uuidString)/edit", form: [
                    "action": "add", "key": "9", "name": "固定资产投资", "kind": "veto", "points": "0", "indicatorCode": "ZB-T", "applies225": "1"])
                #expect(added.status == .seeOther)
                let scheme = try #require(try await app.store.currentScheme(year: year, group: .departments))
                #expect(scheme.version == 2 && scheme.items.count == first.items.count + 1 && scheme.items.last?.applies225 == true)
                let noCode = try await office.post("/assessment/schemes/\(scheme.id.uuidString)/edit", form: [
                    "action": "add", "key": "10", "name": "否决", "kind": "veto", "points": "0"])
                #expect(noCode.status == .unprocessableEntity && noCode.text.contains("指标编码"))
                // The plan: the development bureau meets its share, the finance bureau misses it.
                let context = OperatorTasks.operatorContext(app)
                let root = try await createIndicator(IndicatorDraft(year: year, code: "ZB-T", name: "投资", measure: .wanYuan, target: 200,
                                                                    ownerUnitID: fixture.root.id), context: context)
                for (unit, value) in [(fixture.fgj, 120.0), (fixture.czj, 80.0)] {
                    let share = try await createIndicator(IndicatorDraft(year: year, code: "ZB-T-\(unit.code)", name: "投资（\(unit.name)）", measure: .wanYuan,
                                                                         target: 100, ownerUnitID: unit.id, parentID: root.id), context: context)
                    _ = try await recordReading(indicatorID: share.id, value: value, asOf: LocalClock.china.today(), comment: "", evidence: "", context: context)
                }
                #expect(try await head.post("/assessment/runs/new", form: ["year": String(year), "group": "departments"]).status == .forbidden)
                #expect(try await office.post("/assessment/runs/new", form: ["year": String(year), "group": "departments"]).status == .seeOther)
                let run = try #require(try await app.store.assessmentRuns(year: year).first)
                #expect(run.state == .preview && run.schemeVersion == 2)
                #expect(try await head.get("/assessment/runs/\(run.id.uuidString)").status == .forbidden, "a preview is the office's")
                let preview = try await office.get("/assessment/runs/\(run.id.uuidString)").text
                #expect(preview.contains("区财政局") && preview.contains("固定资产投资") && preview.contains("预览"))
                #expect(try await office.post("/assessment/runs/\(run.id.uuidString)/publish", form: [:]).status == .unprocessableEntity)
                #expect(try await office.post("/assessment/runs/\(run.id.uuidString)/publish", form: ["confirm": "1"]).status == .seeOther)
                #expect(try await office.post("/assessment/runs/\(run.id.uuidString)/publish", form: ["confirm": "1"]).status == .conflict, "frozen")
                #expect(try await office.post("/assessment/runs/new", form: ["year": String(year), "group": "departments"]).status == .conflict)
                // Published: everyone reads the league table; a unit head only their own unit's breakdown.
                let table = try await head.get("/assessment/runs/\(run.id.uuidString)")
                #expect(table.status == .ok && table.text.contains("区发展和改革局") && table.text.contains("区财政局"))
                let own = try await head.get("/assessment/runs/\(run.id.uuidString)/breakdown?unit=\(fixture.fgj.id.uuidString)")
                #expect(own.status == .ok && own.text.contains("指标完成率") && own.text.contains("ZB-T-FGJ"))
                #expect(try await head.get("/assessment/runs/\(run.id.uuidString)/breakdown?unit=\(fixture.czj.id.uuidString)").status == .forbidden)
                let vetoed = try #require(try await app.store.assessmentResult(runID: run.id, unitID: fixture.czj.id))
                #expect(vetoed.vetoes == ["固定资产投资"] && vetoed.grade != .excellent)
                // The consequences, each with its reason.
                let applied = try await app.store.consequences(runID: run.id)
                #expect(applied.contains { $0.kind == .restriction && $0.personID == fixture.czjPerson.id && $0.reason == .vetoed })
                #expect(applied.contains { $0.kind == .yellowCard && $0.unitID == fixture.czj.id && $0.reason == .planMissed })
                #expect(applied.contains { $0.kind == .reward && $0.personID == fixture.fgjPerson.id && $0.reason == .planMet })
                // Eligibility in the cadre file: no, with the restriction; the file is not a unit head's to read, but a person's own.
                let file = try await office.get("/people/\(fixture.czjPerson.id.uuidString)/file").text
                #expect(file.contains("不可以") && file.contains("四不限制") && file.contains("固定资产投资 一票否决"))
                #expect(try await head.get("/people/\(fixture.czjPerson.id.uuidString)/file").status == .forbidden)
                let mine = try await head.get("/people/\(fixture.fgjPerson.id.uuidString)/file").text
                #expect(mine.contains("奖励建议") && !mine.contains("不可以"))
                // The recommendation goes to a meeting as a personnel matter, once.
                let demotion = try #require(applied.first { $0.kind == .demotion && $0.personID == fixture.czjPerson.id })
                #expect(try await head.post("/consequences/\(demotion.id.uuidString)/refer", form: [:]).status == .forbidden)
                #expect(try await office.post("/consequences/\(demotion.id.uuidString)/refer", form: [:]).status == .seeOther)
                let referred = try #require(try await app.store.consequence(id: demotion.id))
                let decisionID = try #require(referred.decisionID)
                let decision = try #require(try await app.store.decision(id: decisionID))
                #expect(decision.kind == .personnel && decision.title.contains("李财政"))
                #expect(try await office.post("/consequences/\(demotion.id.uuidString)/refer", form: [:]).status == .conflict)
                #expect(try await office.get("/consequences?year=\(year)").text.contains("会议议题"))
                let trail = SupervisionTests.visibleText(try await office.get("/audit?limit=100").text)
                #expect(trail.contains("固定资产投资"))
                SupervisionTests.expectReadable(trail)
            }
        }

        @Test func ratersSeeOnlyTheirOwnSheetsUntilTheEventCloses() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                var office = try await Client.signedIn(app, as: "duchashi")
                var leader = try await Client.signedIn(app, as: "shuji")
                var head = try await Client.signedIn(app, as: "fagaiju")
                let shuji = try #require(try await app.store.account(username: "shuji")?.account)
                let made = try await office.post("/observations/new", form: [
                    "title": "项目观摩", "day": LocalClock.china.today().description, "criterionName[0]": "进度", "criterionWeight[0]": "2",
                    "criterionName[1]": "质量", "criterionWeight[1]": "1", "unitIds[0]": fixture.fgj.id.uuidString.lowercased(),
                    "unitIds[1]": fixture.czj.id.uuidString.lowercased(), "raterIds[0]": shuji.id.uuidString.lowercased(), "dropsExtremes": "1"])
                #expect(made.status == .seeOther)
                let event = try #require(try await app.store.observationEvents(year: nil).first)
                #expect(event.criteria.count == 2 && event.unitIDs.count == 2 && event.raterIDs == [shuji.id])
                let path = "/observations/\(event.id.uuidString)"
                let sheet = try await leader.get(path).text
                #expect(sheet.contains("我的评分表") && sheet.contains("评分结束后公布排名"))
                let fgj = fixture.fgj.id.uuidString.lowercased(), czj = fixture.czj.id.uuidString.lowercased()
                let scores = ["score-\(fgj)-0": "90", "score-\(fgj)-1": "80", "score-\(czj)-0": "70", "score-\(czj)-1": "100"]
                #expect(try await head.post(path + "/sheet", form: scores).status == .forbidden, "not a rater")
                #expect(try await leader.post(path + "/sheet", form: ["score-\(fgj)-0": "101"]).status == .unprocessableEntity)
                #expect(try await leader.post(path + "/sheet", form: scores).status == .seeOther)
                #expect(try await head.get(path).text.contains("评分结束后公布排名"), "hidden until closed")
                #expect(try await leader.post(path + "/close", form: [:]).status == .forbidden)
                #expect(try await office.post(path + "/close", form: [:]).status == .seeOther)
                #expect(try await leader.post(path + "/sheet", form: scores).status == .conflict, "closed")
                let ranking = SupervisionTests.visibleText(try await head.get(path).text)
                // (90×2 + 80) / 3 = 86.67; (70×2 + 100) / 3 = 80.
                let standings = ranking.components(separatedBy: "排名").last ?? ""
                let first = try #require(standings.range(of: "区发展和改革局")), second = try #require(standings.range(of: "区财政局"))
                #expect(first.lowerBound < second.lowerBound && standings.contains("86.67") && standings.contains("80"), "\(standings)")
            }
        }
    }
}
