// Field inspections, bulletins and dispatch meetings through the pages: an inspection's matters
// settled on the spot become tasks and its criticisms go on record; a bulletin's figures follow
// the data until published, then stay; a dispatch agenda is generated from what is due and an
// instruction becomes a task.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import LuoshiWeb
import Testing
import Vapor

extension DatabaseTests {
    @Suite struct InspectionTests {
        @Test func anInspectionsResolutionsBecomeTasksAndItsCriticismsGoOnRecord() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let today = LocalClock.china.today()
                var office = try await Client.signedIn(app, as: "duchashi")
                var head = try await Client.signedIn(app, as: "fagaiju")
                #expect(try await head.get("/inspections/new").status == .forbidden)
                let form = try await office.get("/inspections/new")
                #expect(form.text.contains(#"id="inspection-form""#) && form.text.contains("区发展和改革局（FGJ）"))
                var fields: [String: String] = [
                    "day": today.description, "leaderId": fixture.leader.id.uuidString, "place": "城东安置房项目工地",
                    "inspectors": "督查室 张三", "hearingUnit[]": "区发展和改革局（FGJ）", "hearingProgress[]": "主体封顶",
                    "hearingProblems[]": "资金缺口", "hearingNextSteps[]": "申请专项债",
                    "resolutionText[]": "十日内落实专项债资金", "resolutionUnit[]": "CZJ", "resolutionDeadline[]": today.adding(days: 10).description,
                    "criticisedUnit[]": "区发展和改革局", "criticismReason[]": "前期手续办理迟缓",
                ]
                let noUnit = try await office.post("/inspections/new", form: fields.merging(["resolutionUnit[]": ""]) { $1 })
                #expect(noUnit.status == .unprocessableEntity && noUnit.text.contains("责任单位") && noUnit.text.contains("十日内落实专项债资金"))
                let saved = try await office.post("/inspections/new", form: fields)
                #expect(saved.status == .seeOther)
                let id = try #require(try await app.store.inspections().first?.id)
                let record = try #require(try await app.store.inspection(id: id))
                #expect(record.hearings.count == 1 && record.resolutions.count == 1 && record.criticisms.count == 1)
                let taskID = try #require(record.resolutions.first?.taskID)
                let task = try #require(try await app.store.task(id: taskID))
                #expect(task.responsibleUnitID == fixture.czj.id && task.deadline == today.adding(days: 10) && task.leadLeaderID == fixture.leader.id)
                #expect(try await app.store.criticisms(unitPath: fixture.fgj.path).first?.reason == "前期手续办理迟缓")
                let trail = SupervisionTests.visibleText(try await office.get("/audit?limit=100").text)
                #expect(trail.contains("城东安置房项目工地") && trail.contains("十日内落实专项债资金（区财政局"))
                SupervisionTests.expectReadable(trail)
                // The units involved read it; a unit not involved does not.
                #expect(try await head.get("/inspections/\(id.uuidString)").text.contains("前期手续办理迟缓"))
                // The criticism is on the unit's record.
                #expect(try await head.get("/units/\(fixture.fgj.id.uuidString)").text.contains("批评记录（1 次）"))
                // An inspection that heard only the development bureau is not the finance bureau's to read or list.
                let own = try await recordInspection(InspectionDraft(day: today, leaderID: fixture.leader.id, place: "发改局内部督查",
                                                                     hearings: [InspectionHearing(unitID: fixture.fgj.id, progress: "推进", problems: "",
                                                                                                  nextSteps: "")]),
                                                     context: OperatorTasks.operatorContext(app))
                var finance = try await Client.signedIn(app, as: "caizhengju")
                #expect(try await finance.get("/inspections/\(own.inspection.id.uuidString)").status == .forbidden)
                let listed = try await finance.get("/inspections").text
                #expect(listed.contains("城东安置房项目工地") && !listed.contains("发改局内部督查"), "charged with a resolution, not heard")
                #expect(try await head.get("/inspections").text.contains("发改局内部督查"))
                fields["criticisedUnit[]"] = ""; fields["criticisedPerson[]"] = ""
                let nobody = try await office.post("/inspections/new", form: fields)
                #expect(nobody.status == .unprocessableEntity && nobody.text.contains("批评须指明单位或个人"))
            }
        }

        @Test func aBulletinFollowsTheDataUntilPublishedThenStays() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let today = LocalClock.china.today()
                let context = OperatorTasks.operatorContext(app)
                let late = try await createTask(TaskDraft(year: today.year, title: "逾期的任务", tier: .pushed, start: today.adding(days: -90),
                                                          deadline: today.adding(days: -3), responsibleUnitID: fixture.fgj.id), context: context)
                _ = try await recomputeLights(year: nil, context: context)
                var office = try await Client.signedIn(app, as: "duchashi")
                let period = ReportPeriod(containing: today, rhythm: .monthly)
                #expect(try await office.post("/bulletins/new", form: ["period": period.key]).status == .seeOther)
                let bulletin = try #require(try await app.store.bulletins().first)
                #expect(bulletin.state == .draft && bulletin.code.hasPrefix("TB-"))
                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                #expect(try await staff.get("/bulletins/\(bulletin.id.uuidString)").status == .forbidden, "drafts are the office's")
                let draft = try await office.get("/bulletins/\(bulletin.id.uuidString)")
                #expect(draft.text.contains("逾期的任务") && draft.text.contains("区发展和改革局"))
                #expect(try await office.post("/bulletins/\(bulletin.id.uuidString)/edit",
                                              form: ["title": bulletin.title, "praise": "财政局报送及时", "criticism": "发改局任务逾期"]).status == .seeOther)
                #expect(try await office.post("/bulletins/\(bulletin.id.uuidString)/publish", form: [:]).status == .unprocessableEntity,
                        "publishing is confirmed")
                #expect(try await office.post("/bulletins/\(bulletin.id.uuidString)/publish", form: ["confirm": "1"]).status == .seeOther)
                // Published: frozen. A later change to the data does not move it; edits are refused.
                _ = try await changeTaskStatus(id: late.id, to: .cancelled, progress: nil, reason: "并入其他任务", context: context)
                _ = try await recomputeLights(year: nil, context: context)
                let published = try await staff.get("/bulletins/\(bulletin.id.uuidString)")
                #expect(published.status == .ok && published.text.contains("逾期的任务") && published.text.contains("财政局报送及时"))
                #expect(try await office.post("/bulletins/\(bulletin.id.uuidString)/edit", form: ["title": "改"]).status == .conflict)
                #expect(try await office.post("/bulletins/\(bulletin.id.uuidString)/publish", form: ["confirm": "1"]).status == .conflict)
                let export = try await staff.get("/bulletins/\(bulletin.id.uuidString)/export?format=csv")
                #expect(export.status == .ok && export.text.contains("区发展和改革局"))
                let trail = SupervisionTests.visibleText(try await office.get("/audit?limit=100").text)
                #expect(trail.contains("通报数据") && trail.contains("个单位，红灯任务") && trail.contains("草稿 → 已发布"))
                SupervisionTests.expectReadable(trail)
            }
        }

        @Test func aDispatchAgendaComesFromWhatIsDueAndAnInstructionBecomesATask() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let today = LocalClock.china.today()
                let context = OperatorTasks.operatorContext(app)
                let red = try await createTask(TaskDraft(year: today.year, title: "红灯任务", tier: .supported, start: today.adding(days: -90),
                                                         deadline: today.adding(days: -1), responsibleUnitID: fixture.fgj.id), context: context)
                let monthly = try await createTask(TaskDraft(year: today.year, title: "月度调度任务", tier: .pushed, start: today.adding(days: -10),
                                                             deadline: today.adding(days: 80), responsibleUnitID: fixture.czj.id), context: context)
                _ = try await createTask(TaskDraft(year: today.year, title: "季度任务", tier: .supported, start: today.adding(days: -10),
                                                   deadline: today.adding(days: 80), responsibleUnitID: fixture.czj.id), context: context)
                _ = try await recomputeLights(year: nil, context: context)
                let (_, meeting) = try await createMeetingSeries(kind: .monthlyJoint, title: "月度调度会", rhythm: .monthly,
                                                                 chairID: fixture.leader.id, memberIDs: [fixture.leader.id, fixture.fgjPerson.id],
                                                                 place: "", startTime: "09:00", firstDay: today, context: context)
                var office = try await Client.signedIn(app, as: "duchashi")
                #expect(try await office.post("/meetings/\(meeting.id.uuidString)/dispatch", form: [:]).status == .seeOther)
                let items = try await app.store.agendaItems(meetingID: meeting.id)
                #expect(items.map(\.taskID) == [red.id, monthly.id], "red first, then the monthly tier; the quarterly task waits")
                #expect(items.first?.title.contains("红灯") == true)
                _ = try await office.post("/meetings/\(meeting.id.uuidString)/dispatch", form: [:])
                #expect(try await app.store.agendaItems(meetingID: meeting.id).count == 2, "generating again adds nothing twice")
                // The chair instructs; the instruction becomes a sub-task of the red task for its unit.
                var chair = try await Client.signedIn(app, as: "shuji")
                let item = items[0]
                let missing = try await chair.post("/agenda-items/\(item.id.uuidString)/instruction",
                                                   form: ["reportHeard": "征地未完成", "instruction": "一周内完成征地", "unitId": fixture.fgj.id.uuidString])
                #expect(missing.status == .unprocessableEntity && missing.text.contains("完成时限"))
                let deadline = today.adding(days: 7).description
                #expect(try await chair.post("/agenda-items/\(item.id.uuidString)/instruction",
                                             form: ["reportHeard": "征地未完成", "instruction": "一周内完成征地", "unitId": fixture.fgj.id.uuidString,
                                                    "deadline": deadline]).status == .seeOther)
                let after = try #require(try await app.store.agendaItem(id: item.id))
                #expect(after.outcome == .heard && after.instruction == "一周内完成征地" && after.note == "征地未完成")
                let instructionTaskID = try #require(after.instructionTaskID)
                let task = try #require(try await app.store.task(id: instructionTaskID))
                #expect(task.responsibleUnitID == fixture.fgj.id && task.title == "一周内完成征地")
                var head = try await Client.signedIn(app, as: "fagaiju")
                #expect(try await head.post("/agenda-items/\(item.id.uuidString)/instruction", form: ["instruction": "x"]).status == .forbidden)
            }
        }
    }
}
