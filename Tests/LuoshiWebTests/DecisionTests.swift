// The decision mechanism through its use cases, pages and API: a matter from a draft through
// consultation and a meeting to the tasks that carry it out (links both ways); the quorum and
// majority at their boundaries as refusals with counts; who may vote and record; carry-over of
// unsettled items; the migration of free-text origins; the calendar feed.
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage
import LuoshiUseCases
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct DecisionTests {
        /// Two more district leaders, for meetings of more than one leader.
        static func leaders(_ app: Application, _ fixture: Fixture) async throws -> [Person] {
            let context = OperatorTasks.operatorContext(app)
            var people = [fixture.leader]
            for (name, position) in [("周区长", "区长"), ("吴副区长", "副区长"), ("郑常委", "区委常委")] {
                people.append(try await createPerson(PersonDraft(name: name, position: position, rank: .districtLeader, unitID: fixture.root.id),
                                                     context: context))
            }
            return people
        }

        @Test func aMatterGoesFromDraftThroughAMeetingToItsTasks() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let leaders = try await Self.leaders(app, fixture)
                var office = try await Client.signedIn(app, as: "duchashi")
                let created = try await office.post("/decisions/new", form: ["year": "2026", "title": "建设工业园区", "kind": "major",
                                                                              "content": "新建工业园区一处", "basis": "区委全会决定",
                                                                              "responsibleLeaderId": fixture.leader.id.uuidString])
                #expect(created.status == .seeOther)
                let decision = try #require(try await app.store.decisions(DecisionFilter(search: "建设工业园区"), offset: 0, limit: 1).items.first)
                #expect(decision.state == .draft && decision.code == "JC-2026-001")
                let context = OperatorTasks.operatorContext(app)
                let meeting = try await createMeeting(MeetingDraft(kind: .jointPartyGovernment, title: "党政联席会", day: Day("2026-03-02")!,
                                                                   chairID: fixture.leader.id, memberIDs: leaders.map(\.id)), context: context)
                // Skipping consultation, and a major matter without an opinion, are refused by their rules.
                let skipped = try await office.post("/meetings/\(meeting.id.uuidString)/agenda", form: ["decisionId": decision.id.uuidString])
                #expect(skipped.status == .conflict && skipped.text.contains("决策事项须按程序推进"))
                #expect(try await office.post("/decisions/\(decision.id.uuidString)/move", form: ["action": "consult"]).status == .seeOther)
                let noOpinion = try await office.post("/meetings/\(meeting.id.uuidString)/agenda", form: ["decisionId": decision.id.uuidString])
                #expect(noOpinion.status == .unprocessableEntity && noOpinion.text.contains("至少有一份专家论证意见"))
                #expect(try await office.post("/decisions/\(decision.id.uuidString)/opinions",
                                              form: ["advisorName": "李教授", "advisorField": "区域经济", "stance": "support",
                                                     "text": "可行", "day": "2026-02-20"]).status == .seeOther)
                #expect(try await office.post("/meetings/\(meeting.id.uuidString)/agenda", form: ["decisionId": decision.id.uuidString]).status == .seeOther)
                #expect(try await app.store.decision(id: decision.id)?.state == .onAgenda)
                let item = try #require(try await app.store.agendaItems(meetingID: meeting.id).first)
                for leader in leaders.prefix(3) {
                    _ = try await office.post("/meetings/\(meeting.id.uuidString)/attendance", form: ["personId": leader.id.uuidString, "attendance": "present"])
                }
                let leave = try await office.post("/meetings/\(meeting.id.uuidString)/attendance",
                                                  form: ["personId": leaders[3].id.uuidString, "attendance": "leave"])
                #expect(leave.status == .unprocessableEntity && leave.text.contains("请假须写明事由"))
                for leader in leaders.prefix(3) {
                    #expect(try await office.post("/agenda-items/\(item.id.uuidString)/vote",
                                                  form: ["personId": leader.id.uuidString, "choice": "for"]).status == .seeOther)
                }
                let decided = try await office.post("/agenda-items/\(item.id.uuidString)/outcome", form: ["outcome": "decided", "note": "同意建设"])
                #expect(decided.status == .seeOther)
                #expect(try await app.store.decision(id: decision.id)?.state == .decided)
                // Decomposed: a key task made from it links both ways, and the decision moves on.
                let task = try await createTask(TaskDraft(year: 2026, title: "工业园区基础设施建设", tier: .led, start: Day("2026-03-10")!,
                                                          deadline: Day("2026-12-31")!, responsibleUnitID: fixture.fgj.id,
                                                          decisionID: decision.id), context: context)
                #expect(try await app.store.decision(id: decision.id)?.state == .decomposed)
                let page = try await office.get("/decisions/\(decision.id.uuidString)")
                #expect(page.text.contains("工业园区基础设施建设") && page.text.contains("李教授") && page.text.contains("党政联席会"))
                let taskPage = try await office.get("/tasks/\(task.id.uuidString)")
                #expect(taskPage.text.contains(#"id="decision""#) && taskPage.text.contains("JC-2026-001 建设工业园区"))
                // Completion waits for its tasks.
                let early = try await office.post("/decisions/\(decision.id.uuidString)/move", form: ["action": "complete"])
                #expect(early.status == .conflict && early.text.contains("还有 1 项任务未办结"))
                _ = try await changeTaskStatus(id: task.id, to: .completed, progress: nil, reason: nil, context: context)
                #expect(try await office.post("/decisions/\(decision.id.uuidString)/move", form: ["action": "complete"]).status == .seeOther)
                #expect(try await app.store.decision(id: decision.id)?.state == .completed)
                // A task cannot carry out a matter that was not decided.
                let draft = try await createDecision(DecisionDraft(year: 2026, title: "未决事项", kind: .ordinary), context: context)
                await #expect(throws: RuleViolation(.decisionNotDecided, field: .fieldDecision)) {
                    _ = try await createTask(TaskDraft(year: 2026, title: "越过程序", tier: .led, start: Day("2026-03-10")!, deadline: Day("2026-12-31")!,
                                                       responsibleUnitID: fixture.fgj.id, decisionID: draft.id), context: context)
                }
            }
        }

        /// Quorum and majority at their boundaries, refused with the counts, on the page.
        @Test func aMeetingDecidesOnlyUnderTheCollectiveRules() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let leaders = try await Self.leaders(app, fixture)
                let context = OperatorTasks.operatorContext(app)
                var office = try await Client.signedIn(app, as: "duchashi")
                func matter(_ kind: DecisionKind, _ title: String) async throws -> Decision {
                    let decision = try await createDecision(DecisionDraft(year: 2026, title: title, kind: kind), context: context)
                    return try await moveDecision(id: decision.id, by: .consult, context: context)
                }
                let ordinary = try await matter(.ordinary, "一般事项"), personnel = try await matter(.personnel, "人事事项")
                let meeting = try await createMeeting(MeetingDraft(kind: .standingCommittee, title: "常委会", day: Day("2026-04-01")!,
                                                                   chairID: fixture.leader.id, memberIDs: leaders.map(\.id)), context: context)
                let first = try await addAgendaItem(meetingID: meeting.id, decisionID: ordinary.id, title: "", context: context)
                let second = try await addAgendaItem(meetingID: meeting.id, decisionID: personnel.id, title: "", context: context)
                func present(_ count: Int) async throws {
                    for (index, leader) in leaders.enumerated() {
                        _ = try await setAttendance(meetingID: meeting.id, personID: leader.id, attendance: index < count ? .present : .absent,
                                                    leaveReason: "", context: context)
                    }
                }
                // 4 members, 2 present: exactly half, no quorum.
                try await present(2)
                for leader in leaders.prefix(2) { _ = try await castVote(itemID: first.id, personID: leader.id, choice: .inFavour, context: context) }
                let noQuorum = try await office.post("/agenda-items/\(first.id.uuidString)/outcome", form: ["outcome": "decided"])
                #expect(noQuorum.status == .unprocessableEntity && noQuorum.text.contains("应到 4 人，实到 2 人"))
                // 3 present, 2 for: a majority of those present, but exactly half of all members.
                try await present(3)
                let notPassed = try await office.post("/agenda-items/\(first.id.uuidString)/outcome", form: ["outcome": "decided"])
                #expect(notPassed.status == .unprocessableEntity && notPassed.text.contains("应到 4 人，赞成 2 票"))
                // An absent member cannot vote; a present one can.
                await #expect(throws: RuleViolation(.meetingVoteNotPresent)) {
                    _ = try await castVote(itemID: first.id, personID: leaders[3].id, choice: .inFavour, context: context)
                }
                _ = try await castVote(itemID: first.id, personID: leaders[2].id, choice: .inFavour, context: context)
                #expect(try await office.post("/agenda-items/\(first.id.uuidString)/outcome", form: ["outcome": "decided"]).status == .seeOther)
                // A settled item takes no more votes.
                await #expect(throws: RuleViolation(.meetingItemSettled)) {
                    _ = try await castVote(itemID: first.id, personID: leaders[0].id, choice: .against, context: context)
                }
                // Personnel: 3 of 4 present is 75%, two thirds; 2 of 3 would be too, but 2 of 4 is not.
                for leader in leaders.prefix(3) { _ = try await castVote(itemID: second.id, personID: leader.id, choice: .inFavour, context: context) }
                try await present(2)
                await #expect(throws: RuleViolation(.meetingNoQuorumPersonnel, limit: 4, value: "2")) {
                    _ = try await recordOutcome(itemID: second.id, outcome: .decided, note: "", context: context)
                }
                try await present(3)
                _ = try await recordOutcome(itemID: second.id, outcome: .decided, note: "同意", context: context)
                #expect(try await app.store.decision(id: personnel.id)?.state == .decided)
            }
        }

        /// Only members vote; only the chair or a supervisor records the outcome (page and API).
        @Test func aNonMemberCannotVoteAndStaffCannotRecordADecision() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let leaders = try await Self.leaders(app, fixture)
                let context = OperatorTasks.operatorContext(app)
                let decision = try await moveDecision(id: try await createDecision(DecisionDraft(year: 2026, title: "表决测试", kind: .ordinary),
                                                                                   context: context).id, by: .consult, context: context)
                // Members: three leaders and the FGJ staff member (a secretary); leaders[3] is not one.
                let meeting = try await createMeeting(MeetingDraft(kind: .weeklyMonday, title: "例会", day: Day("2026-05-04")!, chairID: fixture.leader.id,
                                                                   memberIDs: leaders.prefix(3).map(\.id) + [fixture.fgjStaff.id]), context: context)
                for id in leaders.prefix(3).map(\.id) + [fixture.fgjStaff.id] {
                    _ = try await setAttendance(meetingID: meeting.id, personID: id, attendance: .present, leaveReason: "", context: context)
                }
                let item = try await addAgendaItem(meetingID: meeting.id, decisionID: decision.id, title: "", context: context)
                let hash = try await app.luoshi.hasher.hash(Fixture.password)
                _ = try await createAccount(AccountDraft(username: "wufuquzhang", displayName: "吴副区长", role: .leader, scopeUnitID: fixture.root.id,
                                                         personID: leaders[3].id, password: Fixture.password), passwordHash: hash, context: context)
                // Page: a leader who is not a member (reads deliberations, so sees the meeting) cannot vote.
                var outsider = try await Client.signedIn(app, as: "wufuquzhang")
                let refused = try await outsider.post("/agenda-items/\(item.id.uuidString)/vote", form: ["choice": "for"])
                #expect(refused.status == .forbidden && refused.text.contains("只有本次会议的应到会成员才能表决"))
                // API: the same, and a supervisor cannot record a vote for a non-member either.
                let outsiderToken = try await OperatorTasks.createToken(app, username: "wufuquzhang", name: "t")
                let officeToken = try await OperatorTasks.createToken(app, username: "duchashi", name: "t")
                let staffToken = try await OperatorTasks.createToken(app, username: "fagaiju-staff", name: "t")
                var client = Client(app)
                let api = try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/votes", token: outsiderToken, body: #"{"choice":"for"}"#)
                #expect(try api.status == .forbidden && (api.json()["code"] as? String) == "meeting.not_member")
                let forOutsider = try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/votes", token: officeToken,
                                                        body: #"{"choice":"for","personId":"\#(leaders[3].id.uuidString)"}"#)
                #expect(try forOutsider.status == .forbidden && (forOutsider.json()["code"] as? String) == "meeting.not_member")
                // A member votes for themselves through the API; the office records a show of hands.
                let own = try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/votes", token: staffToken, body: #"{"choice":"against"}"#)
                #expect(try own.status == .ok && (own.json()["votesAgainst"] as? Int) == 1)
                for leader in leaders.prefix(3) {
                    _ = try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/votes", token: officeToken,
                                              body: #"{"choice":"for","personId":"\#(leader.id.uuidString)"}"#)
                }
                // Staff, a member, cannot record the decision: page and API.
                var staff = try await Client.signedIn(app, as: "fagaiju-staff")
                #expect(try await staff.post("/agenda-items/\(item.id.uuidString)/outcome", form: ["outcome": "decided"]).status == .forbidden)
                let staffAPI = try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/outcome", token: staffToken,
                                                     body: #"{"outcome":"decided"}"#)
                #expect(try staffAPI.status == .forbidden && (staffAPI.json()["code"] as? String) == "access.role_not_allowed")
                let adminToken = try await OperatorTasks.createToken(app, username: "admin", name: "t")
                #expect(try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/outcome", token: adminToken,
                                              body: #"{"outcome":"decided"}"#).status == .forbidden, "an administrator is not the chair")
                let recorded = try await client.json(.POST, "/api/v1/agenda-items/\(item.id.uuidString)/outcome", token: officeToken,
                                                     body: #"{"outcome":"decided","note":"通过"}"#)
                #expect(try recorded.status == .ok && (recorded.json()["outcome"] as? String) == "decided")
                // Staff outside the meeting do not see it at all; the meeting list shows them only their own.
                let staffMeeting = try await client.json(.GET, "/api/v1/meetings/\(meeting.id.uuidString)", token: staffToken)
                #expect(staffMeeting.status == .ok)
                let headToken = try await OperatorTasks.createToken(app, username: "caizhengju", name: "t")
                #expect(try await client.json(.GET, "/api/v1/meetings/\(meeting.id.uuidString)", token: headToken).status == .forbidden)
                let listed = try await client.json(.GET, "/api/v1/meetings", token: headToken).json()["items"] as? [[String: Any]]
                #expect(listed?.isEmpty == true)
            }
        }

        @Test func unsettledItemsCarryOverToTheSeriesNextMeeting() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let leaders = try await Self.leaders(app, fixture)
                let context = OperatorTasks.operatorContext(app)
                let decision = try await moveDecision(id: try await createDecision(DecisionDraft(year: 2026, title: "暂缓事项", kind: .ordinary),
                                                                                   context: context).id, by: .consult, context: context)
                let (series, first) = try await createMeetingSeries(kind: .weeklyMonday, title: "周一例会", rhythm: .weekly, chairID: fixture.leader.id,
                                                                    memberIDs: leaders.map(\.id), place: "第一会议室", startTime: "08:30",
                                                                    firstDay: Day("2026-11-02")!, context: context)
                #expect(first.title == "周一例会（2026-11-02）" && first.seriesID == series.id)
                let report = try await addAgendaItem(meetingID: first.id, decisionID: nil, title: "安全生产汇报", context: context)
                let matter = try await addAgendaItem(meetingID: first.id, decisionID: decision.id, title: "", context: context)
                let heard = try await addAgendaItem(meetingID: first.id, decisionID: nil, title: "已听取的汇报", context: context)
                _ = try await recordOutcome(itemID: matter.id, outcome: .deferred, note: "再研究", context: context)
                _ = try await recordOutcome(itemID: heard.id, outcome: .heard, note: "", context: context)
                #expect(try await app.store.decision(id: decision.id)?.state == .deferred)
                var office = try await Client.signedIn(app, as: "duchashi")
                let next = try await office.post("/meetings/\(first.id.uuidString)/next", form: [:])
                #expect(next.status == .seeOther)
                let second = try #require(try await app.store.meetings(MeetingFilter(seriesID: series.id), offset: 0, limit: 5).items.first)
                #expect(second.day == Day("2026-11-09")! && second.members.count == leaders.count)
                let carried = try await app.store.agendaItems(meetingID: second.id)
                #expect(carried.map(\.title) == ["安全生产汇报", "暂缓事项"])
                #expect(carried.map(\.carriedFromID) == [report.id, matter.id])
                #expect(try await app.store.agendaItems(meetingID: first.id).map(\.outcome) == [.carriedOver, .carriedOver, .heard])
                #expect(try await app.store.decision(id: decision.id)?.state == .onAgenda)
                let page = try await office.get("/meetings/\(second.id.uuidString)")
                #expect(page.text.contains("上次会议转来"))
                // A meeting outside any series has no next occurrence.
                let single = try await createMeeting(MeetingDraft(kind: .onSite, title: "现场办公会", day: Day("2026-11-05")!, chairID: fixture.leader.id,
                                                                  memberIDs: []), context: context)
                await #expect(throws: RuleViolation(.meetingNotInSeries)) { _ = try await scheduleNextMeeting(after: single.id, context: context) }
                // Printable agenda and minutes.
                let agenda = try await office.get("/meetings/\(first.id.uuidString)/agenda")
                #expect(agenda.status == .ok && agenda.text.contains("安全生产汇报") && agenda.text.contains("print-head"))
                let minutes = try await office.get("/meetings/\(first.id.uuidString)/minutes")
                #expect(minutes.status == .ok && minutes.text.contains("转下次会议"))
                // The trail tells a meeting's members and a member's attendance in names and words.
                _ = try await setAttendance(meetingID: first.id, personID: leaders[1].id, attendance: .leave, leaveReason: "出差", context: context)
                let trail = try await office.get("/audit?kind=meeting")
                #expect(trail.text.contains("周区长") && trail.text.contains("成员：周区长") && trail.text.contains("出席情况 待确认 → 请假"))
                #expect(!trail.text.contains("personID") && !trail.text.contains(leaders[1].id.uuidString))
            }
        }

        @Test func freeTextOriginsBecomeDecisionsTheirTasksLinkTo() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let a = try await createTask(TaskDraft(year: 2026, title: "甲", tier: .led, start: Day("2026-01-01")!, deadline: Day("2026-12-31")!,
                                                       responsibleUnitID: fixture.fgj.id), context: context)
                let b = try await createTask(TaskDraft(year: 2026, title: "乙", tier: .led, start: Day("2026-01-01")!, deadline: Day("2026-12-31")!,
                                                       responsibleUnitID: fixture.fgj.id), context: context)
                let sql = app.db as! any SQLDatabase
                // As a database of before the migration had them: free text, no link.
                try await sql.update("tasks").set("origin_decision", to: SQLBind("区委常委会 2026-01-10 决定")).run()
                try await sql.update("tasks").set("decision_id", to: SQLLiteral.null).run()
                try await M010Access.migrateOrigins(sql)
                let migrated = try #require(try await app.store.decisions(DecisionFilter(search: "区委常委会"), offset: 0, limit: 5).items.first)
                #expect(migrated.state == .decomposed && migrated.code == "JC-2026-Q01")
                let linkA = try await app.store.task(id: a.id)?.decisionID, linkB = try await app.store.task(id: b.id)?.decisionID
                #expect(linkA == migrated.id && linkB == migrated.id)
            }
        }

        /// A key task linked to its decision after it was decomposed: its older sub-tasks show the decision too.
        @Test func aSubTaskShowsTheDecisionItsKeyTaskCarriesOut() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let key = try await createTask(TaskDraft(year: 2026, title: "先有任务", tier: .led, start: Day("2026-01-01")!, deadline: Day("2026-12-31")!,
                                                         responsibleUnitID: fixture.fgj.id), context: context)
                let sub = try await createTask(TaskDraft(year: 2026, title: "早先的子任务", tier: .led, start: Day("2026-01-01")!,
                                                         deadline: Day("2026-12-31")!, responsibleUnitID: fixture.fgj.id, parentID: key.id), context: context)
                let decision = try await createDecision(DecisionDraft(year: 2026, title: "后补的决策", kind: .ordinary), context: context)
                await #expect(throws: RuleViolation(.decisionNotDecided, field: .fieldDecision)) {
                    _ = try await setTaskDecision(taskID: key.id, decisionID: decision.id, context: context)
                }
                let meeting = try await createMeeting(MeetingDraft(kind: .onSite, title: "现场会", day: Day("2026-02-01")!, chairID: fixture.leader.id,
                                                                   memberIDs: []), context: context)
                _ = try await setAttendance(meetingID: meeting.id, personID: fixture.leader.id, attendance: .present, leaveReason: "", context: context)
                _ = try await moveDecision(id: decision.id, by: .consult, context: context)
                let item = try await addAgendaItem(meetingID: meeting.id, decisionID: decision.id, title: "", context: context)
                _ = try await castVote(itemID: item.id, personID: fixture.leader.id, choice: .inFavour, context: context)
                _ = try await recordOutcome(itemID: item.id, outcome: .decided, note: "", context: context)
                _ = try await setTaskDecision(taskID: key.id, decisionID: decision.id, context: context)
                #expect(try await app.store.decision(id: decision.id)?.state == .decomposed)
                var office = try await Client.signedIn(app, as: "duchashi")
                let page = try await office.get("/tasks/\(sub.id.uuidString)")
                #expect(page.text.contains(#"id="decision""#) && page.text.contains("后补的决策"))
                // An import (the file has no decision column) changes the task and keeps its link.
                let file = "编码,任务名称,工作层次,开始日期,完成时限,责任单位编码\n\(key.code),先有任务（改名）,区委推动,2026-01-01,2026-12-31,FGJ\n"
                let report = try await importTable(.tasks, sheet: try Spreadsheet.read(Data(file.utf8), format: .csv)[0], context: context)
                #expect(report.updated == 1)
                #expect(try await app.store.task(id: key.id)?.decisionID == decision.id)
                // A sub-task carries its key task's decision and no other.
                let other = try await createDecision(DecisionDraft(year: 2026, title: "别的决策", kind: .ordinary), context: context)
                await #expect(throws: RuleViolation(.fieldInvalidChoice, field: .fieldDecision)) {
                    _ = try await createTask(TaskDraft(year: 2026, title: "越权子任务", tier: .led, start: Day("2026-01-01")!, deadline: Day("2026-12-31")!,
                                                       responsibleUnitID: fixture.fgj.id, parentID: key.id, decisionID: other.id), context: context)
                }
                // A unit head may edit their unit's key task but not move its authority.
                var head = try await Client.signedIn(app, as: "fagaiju")
                let edit = try await head.get("/tasks/\(key.id.uuidString)/edit")
                #expect(edit.status == .ok && edit.text.contains("后补的决策"), "the current decision stays offered")
                let headCaller = Caller(accountID: UUID(), displayName: "王发改", role: .unitHead, scopeUnitID: fixture.fgj.id,
                                        scopePath: fixture.fgj.path, language: nil, personID: fixture.fgjPerson.id)
                let headContext = UseCaseContext(store: app.store, performer: Performer(headCaller))
                var unlinked = TaskDraft(year: 2026, title: "先有任务（改名）", tier: .pushed, start: Day("2026-01-01")!, deadline: Day("2026-12-31")!,
                                         responsibleUnitID: fixture.fgj.id)
                unlinked.code = key.code
                await #expect(throws: RuleViolation(.roleNotAllowed)) { _ = try await updateTask(id: key.id, unlinked, context: headContext) }
            }
        }

        /// Where the counts could slip: a vote of a member later marked absent does not count, and
        /// only a series' latest occurrence schedules the next one; a disabled account's calendar stops.
        @Test func theCountsAndLinksHoldWhereTheyCouldSlip() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let leaders = try await Self.leaders(app, fixture)
                let context = OperatorTasks.operatorContext(app)
                let decision = try await moveDecision(id: try await createDecision(DecisionDraft(year: 2026, title: "计票", kind: .ordinary),
                                                                                   context: context).id, by: .consult, context: context)
                let (_, first) = try await createMeetingSeries(kind: .weeklyMonday, title: "例会", rhythm: .weekly, chairID: fixture.leader.id,
                                                               memberIDs: leaders.map(\.id) + [fixture.fgjPerson.id], place: "", startTime: "08:30",
                                                               firstDay: Day("2026-11-02")!, context: context)
                let item = try await addAgendaItem(meetingID: first.id, decisionID: decision.id, title: "", context: context)
                for member in leaders { _ = try await setAttendance(meetingID: first.id, personID: member.id, attendance: .present, leaveReason: "", context: context) }
                for member in leaders { _ = try await castVote(itemID: item.id, personID: member.id, choice: .inFavour, context: context) }
                // Five members, four present and for: passes; then one marked absent: three of five are still more than half…
                _ = try await setAttendance(meetingID: first.id, personID: leaders[3].id, attendance: .absent, leaveReason: "", context: context)
                _ = try await setAttendance(meetingID: first.id, personID: leaders[2].id, attendance: .absent, leaveReason: "", context: context)
                // …but two marked absent leave two votes of five: not passed, though four were cast.
                await #expect(throws: RuleViolation(.meetingNoQuorum, limit: 5, value: "2")) {
                    _ = try await recordOutcome(itemID: item.id, outcome: .decided, note: "", context: context)
                }
                _ = try await setAttendance(meetingID: first.id, personID: fixture.fgjPerson.id, attendance: .present, leaveReason: "", context: context)
                await #expect(throws: RuleViolation(.meetingNotPassed, limit: 5, value: "2")) {
                    _ = try await recordOutcome(itemID: item.id, outcome: .decided, note: "", context: context)
                }
                let second = try await scheduleNextMeeting(after: first.id, context: context)
                await #expect(throws: RuleViolation(.meetingNotLatest)) { _ = try await scheduleNextMeeting(after: first.id, context: context) }
                #expect(try await app.store.agendaItems(meetingID: second.id).count == 1)
                // The calendar link of a person whose account is disabled stops working.
                var head = try await Client.signedIn(app, as: "fagaiju")
                let settings = try await head.post("/settings/calendar", form: [:])
                let link = try #require(settings.text.range(of: #"/calendar/lsc_[A-Za-z0-9_-]+\.ics"#, options: .regularExpression)
                    .map { String(settings.text[$0]) })
                var anonymous = Client(app)
                #expect(try await anonymous.get(link).status == .ok)
                let account = try #require(try await app.store.account(username: "fagaiju")?.0)
                _ = try await updateAccount(id: account.id, disabled: true, readsEverything: nil, context: context)
                #expect(try await anonymous.get(link).status == .notFound)
            }
        }

        @Test func aPersonsMeetingsAreACalendarBehindASecretLink() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                _ = try await createMeeting(MeetingDraft(kind: .weeklyMonday, title: "周一例会；第3次, 日程", day: Day("2026-11-30")!, startTime: "08:30",
                                                         place: "第一会议室", chairID: fixture.leader.id, memberIDs: [fixture.fgjPerson.id]),
                                        context: context)
                var head = try await Client.signedIn(app, as: "fagaiju")
                let settings = try await head.post("/settings/calendar", form: [:])
                let link = try #require(settings.text.range(of: #"/calendar/lsc_[A-Za-z0-9_-]+\.ics"#, options: .regularExpression)
                    .map { String(settings.text[$0]) })
                var anonymous = Client(app)
                let feed = try await anonymous.get(link)
                #expect(feed.status == .ok && feed.headers.contentType?.description.hasPrefix("text/calendar") == true)
                #expect(feed.text.contains("BEGIN:VEVENT") && feed.text.contains("DTSTART:20261130T003000Z"))
                #expect(feed.text.contains(#"SUMMARY:周一例会；第3次\, 日程"#), "text is escaped as RFC 5545 asks")
                #expect(try await anonymous.get("/calendar/lsc_not-a-real-token.ics").status == .notFound)
                // A new link ends the old one.
                _ = try await head.post("/settings/calendar", form: [:])
                #expect(try await anonymous.get(link).status == .notFound)
            }
        }
    }
}
