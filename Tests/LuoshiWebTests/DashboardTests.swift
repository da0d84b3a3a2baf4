// Each role's home page (issue 10), through the pages: the sections a role opens every day, the
// figures' links leading to register pages that list exactly as many tasks as the figure says, a
// unit head seeing only their unit, the charts as SVG with their words as text; and the two rules
// behind the page (the report a task owes, the time an indicator's period has run).
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import LuoshiWeb
import Testing
import Vapor

extension DatabaseTests {
    @Suite struct DashboardTests {
        /// A small district at work: red, yellow and green key tasks in two bureaus, one in the
        /// development bureau's office (counted with the bureau), one in a unit with a name to
        /// escape; a key object the secretary contracts, an indicator behind time, an open urge
        /// notice and a report waiting for sign-off.
        struct World {
            var fixture: Fixture
            var red: KeyTask
            var late: KeyTask
            var behind: KeyTask
            var dueSoon: KeyTask
            var officeRed: KeyTask
            var czjRed: KeyTask
        }

        static func world(_ app: Application) async throws -> World {
            let fixture = try await Fixture.make(app)
            let context = OperatorTasks.operatorContext(app)
            let today = context.today
            func task(_ title: String, _ unit: Unit, start: Int, deadline: Int, leader: Bool = true, assigned: Bool = true) async throws -> KeyTask {
                try await createTask(TaskDraft(year: today.year, title: title, tier: .pushed, start: today.adding(days: start),
                                               deadline: today.adding(days: deadline), leadLeaderID: leader ? fixture.leader.id : nil,
                                               responsibleUnitID: unit.id, assigneeID: assigned && unit.id == fixture.fgj.id ? fixture.fgjStaff.id : nil),
                                     context: context)
            }
            let red = try await task("发改逾期红灯任务", fixture.fgj, start: -100, deadline: -5)
            let late = try await task("发改迟报黄灯任务", fixture.fgj, start: -40, deadline: 700)
            let behind = try await task("发改落后黄灯任务", fixture.fgj, start: -30, deadline: 30, leader: false)
            let dueSoon = try await task("发改本周到期任务", fixture.fgj, start: 0, deadline: 3, assigned: false)
            let officeRed = try await task("办公室逾期红灯任务", fixture.fgjOffice, start: -100, deadline: -2, leader: false)
            let czjRed = try await task("财政逾期红灯任务", fixture.czj, start: -100, deadline: -10, leader: false)
            let lab = try await createUnit(UnitDraft(code: "RD", name: "R&D<中心>", kind: .department, parentID: fixture.root.id), context: context)
            _ = try await task("研发中心逾期任务", lab, start: -100, deadline: -1, leader: false)
            _ = try await createKeyObject(KeyObject(id: UUID(), year: today.year, kind: .keyProject, code: "XM-01", name: "运河湿地项目",
                                                    contractedLeaderID: fixture.leader.id, delegatedPowers: "", responsibleUnitID: fixture.fgj.id,
                                                    investmentTotal: nil, plannedInvestment: nil, start: nil, completion: nil, location: "",
                                                    taskIDs: [red.id, late.id], indicatorIDs: []), context: context)
            let indicator = try await createIndicator(IndicatorDraft(year: today.year, code: "ZB-01", name: "固定资产投资", measure: .yiYuan,
                                                                     target: 100, ownerUnitID: fixture.fgj.id), context: context)
            _ = try await recordReading(indicatorID: indicator.id, value: 40, asOf: today, comment: "", evidence: "", context: context)
            _ = try await issueNotice(taskID: red.id, NoticeDraft(kind: .urge, text: "请加快进度", replyBy: today.adding(days: 3)), context: context)
            _ = try await recomputeLights(year: nil, context: context)
            var staff = try await Client.signedIn(app, as: "fagaiju-staff")
            let sent = try await staff.post("/tasks/\(behind.id.uuidString)/reports", form: ["progress": "30", "situation": "完成前期手续", "nextSteps": "办理施工许可"])
            #expect(sent.status == .seeOther)
            return World(fixture: fixture, red: red, late: late, behind: behind, dueSoon: dueSoon, officeRed: officeRed, czjRed: czjRed)
        }

        static func sections(_ html: String) -> Set<String> {
            Set(html.matches(of: /<section id="([a-z-]+)" class="dash"/).map { String($0.output.1) })
        }

        /// Every figure on a page that leads to the register, with the count it shows.
        static func figures(_ html: String) -> [(href: String, count: Int)] {
            html.matches(of: /<a href="([^"]+)" class="(?:seg|legend)[^"]*" data-count="(\d+)"/).compactMap { match in
                let href = String(match.output.1).replacingOccurrences(of: "&amp;", with: "&")
                return href.hasPrefix("/tasks?") ? (href, Int(match.output.2)!) : nil
            }
        }

        static func rows(_ html: String) -> Int { html.matches(of: /<tr class="task/).count }

        @Test func eachRoleOpensItsOwnSections() async throws {
            try await withLuoshi { app in
                let world = try await Self.world(app)
                var office = try await Client.signedIn(app, as: "duchashi")
                let district = try await office.get("/")
                #expect(district.status == .ok)
                #expect(Self.sections(district.text) == ["dash-lights", "dash-notices", "dash-lagging", "dash-due", "dash-red", "dash-late",
                                                         "dash-indicators"])
                #expect(district.text.contains(#"id="lights-district""#))
                #expect(district.text.contains(world.late.title), "the late reporter is listed")
                #expect(district.text.contains(#"<a id="notices-open" href="/notices?state=awaitingReply">1</a>"#))
                #expect(district.text.contains("固定资产投资") && district.text.contains("完成 40%"))

                var secretary = try await Client.signedIn(app, as: "shuji")
                let leader = try await secretary.get("/")
                #expect(Self.sections(leader.text) == ["dash-lights", "dash-key-objects", "dash-lagging", "dash-due", "dash-red", "dash-indicators"])
                #expect(leader.text.contains(#"id="lights-led""#) && leader.text.contains(#"id="lights-remit""#))
                #expect(leader.text.contains("运河湿地项目"), "the key object the secretary contracts")
                // The key object's two tasks: one red, one yellow.
                #expect(leader.text.contains("红灯 1</span>") && leader.text.contains("黄灯 1</span>"))

                var head = try await Client.signedIn(app, as: "fagaiju")
                let unit = try await head.get("/")
                #expect(Self.sections(unit.text) == ["dash-lights", "dash-sign-off", "dash-notices", "dash-due", "dash-red"])
                #expect(unit.text.contains(#"id="lights-unit""#) && unit.text.contains(#"id="lights-unit-all""#))
                #expect(unit.text.contains(world.behind.title) && unit.text.contains("完成前期手续") == false,
                        "the report waiting is listed by its task")
                #expect(unit.text.contains(world.dueSoon.title))

                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                let mine = try await staff.get("/")
                #expect(Self.sections(mine.text) == ["dash-duties", "dash-due"])
                #expect(mine.text.contains(world.red.title) && mine.text.contains("已逾期"), "a missing report of the last period is late")
                #expect(!mine.text.contains(world.behind.title), "a report already sent for this period is not owed again")
                #expect(mine.text.contains(world.dueSoon.title), "the unit's unassigned work is the staff's to report")
                #expect(!mine.text.contains(world.czjRed.title))
            }
        }

        @Test func everyFigureLeadsToARegisterListingThatMany() async throws {
            try await withLuoshi { app in
                let world = try await Self.world(app)
                for username in ["duchashi", "shuji", "fagaiju", "caizhengju"] {
                    var client = try await Client.signedIn(app, as: username)
                    let home = try await client.get("/")
                    let figures = Self.figures(home.text)
                    #expect(!figures.isEmpty, "\(username) sees figures")
                    for (href, count) in figures {
                        let register = try await client.get(href)
                        #expect(register.status == .ok)
                        #expect(Self.rows(register.text) == count, "\(username): \(href) says \(count)")
                    }
                }
                // The district's red: four, the office's counted with its bureau in the lagging units.
                var office = try await Client.signedIn(app, as: "duchashi")
                let district = try await office.get("/")
                let fgj = world.fixture.fgj.id.uuidString.lowercased()
                let year = LocalClock.china.today().year
                #expect(Self.figures(district.text).contains { $0 == ("/tasks?year=\(year)&light=red", 4) })
                #expect(Self.figures(district.text).contains { $0 == ("/tasks?year=\(year)&unitId=\(fgj)&light=red", 2) })
                #expect(Self.figures(district.text).contains { $0 == ("/tasks?year=\(year)&unitId=\(fgj)&light=yellow", 2) })
                let leader = world.fixture.leader.id.uuidString.lowercased()
                var secretary = try await Client.signedIn(app, as: "shuji")
                #expect(Self.figures(try await secretary.get("/").text).contains { $0 == ("/tasks?year=\(year)&leaderId=\(leader)&light=red", 1) })
            }
        }

        @Test func aUnitHeadSeesOnlyTheirUnit() async throws {
            try await withLuoshi { app in
                let world = try await Self.world(app)
                var head = try await Client.signedIn(app, as: "fagaiju")
                let fgj = try await head.get("/").text
                #expect(fgj.contains(world.red.title) && fgj.contains(world.officeRed.title))
                #expect(!fgj.contains(world.czjRed.title) && !fgj.contains("研发中心逾期任务"))
                #expect(!fgj.contains("区财政局"))
                var other = try await Client.signedIn(app, as: "caizhengju")
                let czj = try await other.get("/").text
                #expect(czj.contains(world.czjRed.title))
                #expect(!czj.contains(world.red.title) && !czj.contains(world.behind.title))
                #expect(czj.contains(#"<a id="notices-open" href="/notices?state=awaitingReply">0</a>"#), "the notice went to the other bureau")
                let unit = world.fixture.czj.id.uuidString.lowercased()
                #expect(Self.figures(czj).contains { $0.href.hasSuffix("unitId=\(unit)&light=red") && $0.count == 1 })
            }
        }

        @Test func theChartsAreSVGThatReadWithoutColour() async throws {
            try await withLuoshi { app in
                _ = try await Self.world(app)
                var office = try await Client.signedIn(app, as: "duchashi")
                let html = try await office.get("/").text
                #expect(html.contains(#"<svg id="lights-district" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 56" width="100%" role="group"><title>"#))
                // The numbers and the lights' names are text in the drawing, and every part is titled.
                #expect(html.contains(#"class="legend">红灯 4</text>"#) && html.contains(#"class="legend">绿灯 "#))
                #expect(html.contains("<title>红灯 4 项：查看清单</title>"))
                #expect(html.contains(#"<svg id="lagging-units""#) && html.contains(#"class="figure">红灯 2 · 黄灯 2</text>"#))
                #expect(html.contains(#"<svg id="indicator-bullets""#) && html.contains(#"class="mark""#))
                // Names from data are escaped inside the drawing.
                #expect(html.contains("R&amp;D&lt;中心&gt;") && !html.contains("R&D<中心>"))
                #expect(!html.contains("<script>alert"))
                // In English, the same figures in English words.
                office.acceptLanguage = "en"
                let english = try await office.get("/").text
                #expect(english.contains(#"class="legend">Red 4</text>"#))
            }
        }
    }
}

@Suite struct DashboardRuleTests {
    @Test func aTaskOwesTheLastEndedPeriodFirstThenTheCurrentOne() {
        let today = Day(year: 2026, month: 12, day: 10)!
        let november = ReportPeriod(key: "2026-11")!
        let december = ReportPeriod(key: "2026-12")!
        #expect(ReportDuty.next(start: Day(year: 2026, month: 9, day: 1)!, rhythm: .monthly, reportedThrough: nil, today: today)
                == ReportDuty(period: november, late: true))
        #expect(ReportDuty.next(start: Day(year: 2026, month: 9, day: 1)!, rhythm: .monthly, reportedThrough: november.end, today: today)
                == ReportDuty(period: december, late: false))
        #expect(ReportDuty.next(start: Day(year: 2026, month: 9, day: 1)!, rhythm: .monthly, reportedThrough: december.end, today: today) == nil)
        // Begun this month: nothing is late yet; not begun: nothing is owed.
        #expect(ReportDuty.next(start: Day(year: 2026, month: 12, day: 2)!, rhythm: .monthly, reportedThrough: nil, today: today)
                == ReportDuty(period: december, late: false))
        #expect(ReportDuty.next(start: Day(year: 2026, month: 12, day: 11)!, rhythm: .monthly, reportedThrough: nil, today: today) == nil)
        #expect(ReportDuty(period: december, late: false).due == Day(year: 2026, month: 12, day: 31)!)
    }

    @Test func anIndicatorsPeriodRunsFromItsFirstDayToItsLast() {
        let july1 = Day(year: 2026, month: 7, day: 1)!
        #expect(IndicatorPeriod.span("2026-H1", year: 2026) == (Day(year: 2026, month: 1, day: 1)!, Day(year: 2026, month: 6, day: 30)!))
        #expect(IndicatorPeriod.span("2026-Q3", year: 2026) == (july1, Day(year: 2026, month: 9, day: 30)!))
        #expect(IndicatorPeriod.span("2026-02", year: 2026) == (Day(year: 2026, month: 2, day: 1)!, Day(year: 2026, month: 2, day: 28)!))
        #expect(IndicatorPeriod.span("全年", year: 2025) == (Day(year: 2025, month: 1, day: 1)!, Day(year: 2025, month: 12, day: 31)!))
        #expect(IndicatorPeriod.elapsedShare("2026-H1", year: 2026, today: july1) == 1)
        #expect(IndicatorPeriod.elapsedShare("2026-Q3", year: 2026, today: Day(year: 2026, month: 6, day: 30)!) == 0)
        #expect(IndicatorPeriod.elapsedShare("2026-Q3", year: 2026, today: july1) == 1.0 / 92)
        #expect(IndicatorPeriod.elapsedShare("2026", year: 2026, today: Day(year: 2026, month: 12, day: 31)!) == 1)
    }
}
