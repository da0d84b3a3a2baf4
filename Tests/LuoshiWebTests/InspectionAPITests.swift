// Field inspections, criticisms, bulletins and dispatch meetings through the JSON API: a matter
// settled on the spot becomes its unit's task, only the units involved read an inspection,
// criticisms are read within the caller's scope, a draft bulletin is the office's and a published
// one is frozen, a dispatch agenda is generated and the chair's instruction becomes a task; and
// text areas keep their line breaks through the API as through the pages.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Testing
import Vapor
import VaporTesting
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct InspectionAPITests {
        typealias World = SupervisionAPITests.World

        static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

        /// An inspection led by the fixture's district leader, with the given lists (JSON arrays).
        static func inspection(_ w: World, leader: UUID? = nil, summary: String = "现场查看", hearings: String = "[]",
                               resolutions: String = "[]", criticisms: String = "[]") -> String {
            #"{"day":"\#(w.today)","leaderId":"\#(id(leader ?? w.fixture.leader.id))","place":"城东安置房项目工地","summary":"\#(summary)","hearings":\#(hearings),"resolutions":\#(resolutions),"criticisms":\#(criticisms)}"#
        }

        @Test func aResolutionBecomesItsUnitsTaskAndOnlyTheUnitsInvolvedReadTheInspection() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let fgj = Self.id(w.fixture.fgj.id)
                let deadline = w.today.adding(days: 10).description
                let body = Self.inspection(w, summary: #"主体封顶\n资金缺口待解决"#,
                                           hearings: #"[{"unitId":"\#(fgj)","progress":"主体封顶","problems":"资金缺口"}]"#,
                                           resolutions: #"[{"text":"十日内落实专项债资金","unitId":"\#(fgj)","deadline":"\#(deadline)"}]"#,
                                           criticisms: #"[{"unitId":"\#(fgj)","reason":"前期手续办理迟缓"}]"#)
                let head = try await w.call(.POST, "/inspections", as: "fagaiju", body)
                #expect(head.status == .forbidden && head.problemCode == "access.role_not_allowed", "the office records inspections")
                let recorded = try await w.call(.POST, "/inspections", as: "duchashi", body)
                #expect(recorded.status == .created)
                let inspection = try recorded.json()
                let id = try #require(inspection["id"] as? String)
                #expect(inspection["leaderName"] as? String == "孙书记" && inspection["summary"] as? String == "主体封顶\n资金缺口待解决")
                let hearing = try #require((inspection["hearings"] as? [[String: Any]])?.first)
                #expect(hearing["unitName"] as? String == "区发展和改革局" && hearing["problems"] as? String == "资金缺口")
                #expect((inspection["criticisms"] as? [[String: Any]])?.first?["reason"] as? String == "前期手续办理迟缓")
                // The matter settled on the spot is now a task of its unit, due by its deadline.
                let resolution = try #require((inspection["resolutions"] as? [[String: Any]])?.first)
                let taskID = try #require(resolution["taskId"] as? String)
                let task = try await w.call(.GET, "/tasks/\(taskID)", as: "fagaiju")
                #expect(task.status == .ok)
                #expect(try task.json()["responsibleUnitId"] as? String == fgj && (task.json()["deadline"] as? String) == deadline)
                #expect(try task.json()["title"] as? String == "十日内落实专项债资金")
                // The unit heard reads it; the head of a unit it did not involve does not.
                #expect(try await w.call(.GET, "/inspections/\(id)", as: "fagaiju-staff").status == .ok)
                #expect(try await w.call(.GET, "/inspections/\(id)", as: "jijian").status == .ok)
                let stranger = try await w.call(.GET, "/inspections/\(id)", as: "caizhengju")
                #expect(stranger.status == .forbidden && stranger.problemCode == "access.outside_scope")
                #expect(try await w.call(.GET, "/inspections/\(UUID())", as: "duchashi").status == .notFound)
                let listed = try await w.call(.GET, "/inspections", as: "fagaiju").json()
                #expect((listed["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id] && listed["hasMore"] as? Bool == false)
                #expect((try await w.call(.GET, "/inspections", as: "caizhengju").json()["items"] as? [Any])?.isEmpty == true)
            }
        }

        @Test func anInspectionTheRulesRefuseNamesTheProperty() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let fgj = Self.id(w.fixture.fgj.id)
                let notLeader = try await w.call(.POST, "/inspections", as: "duchashi", Self.inspection(w, leader: w.fixture.fgjPerson.id))
                #expect(notLeader.status == .unprocessableEntity && notLeader.problemCode == "person.not_leader" && notLeader.problemField == "leaderId")
                let many = "[" + Array(repeating: #"{"unitId":"\#(fgj)"}"#, count: 21).joined(separator: ",") + "]"
                let tooMany = try await w.call(.POST, "/inspections", as: "duchashi", Self.inspection(w, hearings: many))
                #expect(tooMany.status == .unprocessableEntity && tooMany.problemField == "hearings")
                let nobody = try await w.call(.POST, "/inspections", as: "duchashi", Self.inspection(w, criticisms: #"[{"reason":"迟缓"}]"#))
                #expect(nobody.status == .unprocessableEntity && nobody.problemCode == "criticism.needs_subject" && nobody.problemField == "criticisms")
                let unknownUnit = try await w.call(.POST, "/inspections", as: "duchashi", Self.inspection(
                    w, resolutions: #"[{"text":"落实资金","unitId":"\#(Self.id(UUID()))","deadline":"\#(w.today.adding(days: 5))"}]"#))
                #expect(unknownUnit.status == .unprocessableEntity && unknownUnit.problemField == "unitId")
                let bell = try await w.call(.POST, "/inspections", as: "duchashi", Self.inspection(w, summary: #"现场\u0007查看"#))
                #expect(bell.status == .unprocessableEntity && bell.problemCode == "field.control_characters" && bell.problemField == "summary")
                #expect(try await app.store.inspections().isEmpty, "nothing refused was recorded")
            }
        }

        @Test func criticismsAreReadWithinTheCallersScope() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let (office, czj, person) = (Self.id(w.fixture.fgjOffice.id), Self.id(w.fixture.czj.id), Self.id(w.fixture.czjPerson.id))
                #expect(try await w.call(.POST, "/inspections", as: "duchashi",
                                         Self.inspection(w, criticisms: #"[{"unitId":"\#(office)","reason":"台账不全"}]"#)).status == .created)
                #expect(try await w.call(.POST, "/inspections", as: "duchashi",
                                         Self.inspection(w, criticisms: #"[{"unitId":"\#(czj)","personId":"\#(person)","reason":"资金拨付迟缓"}]"#)).status == .created)
                func reasons(_ path: String, as username: String) async throws -> [String]? {
                    (try await w.call(.GET, path, as: username).json()["items"] as? [[String: Any]])?.compactMap { $0["reason"] as? String }.sorted()
                }
                #expect(try await reasons("/criticisms", as: "shuji") == ["台账不全", "资金拨付迟缓"])
                #expect(try await reasons("/criticisms?personId=\(person)", as: "jijian") == ["资金拨付迟缓"])
                // A unit head reads the criticisms of the units in their scope (their sub-units too), and no other's.
                #expect(try await reasons("/criticisms", as: "fagaiju") == ["台账不全"])
                #expect(try await reasons("/criticisms?unitId=\(office)", as: "fagaiju-staff") == ["台账不全"])
                #expect(try await reasons("/criticisms", as: "caizhengju") == ["资金拨付迟缓"])
                let outside = try await w.call(.GET, "/criticisms?unitId=\(czj)", as: "fagaiju")
                #expect(outside.status == .forbidden && outside.problemCode == "access.outside_scope")
                let badID = try await w.call(.GET, "/criticisms?unitId=nope", as: "duchashi")
                #expect(badID.status == .unprocessableEntity && badID.problemField == "unitId")
            }
        }

        @Test func aDraftBulletinIsTheOfficesAndAPublishedOneIsFrozen() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                #expect(try await w.call(.POST, "/bulletins", as: "fagaiju", #"{"period":"\#(w.period)"}"#).status == .forbidden)
                let blank = try await w.call(.POST, "/bulletins", as: "duchashi", #"{"period":"\#(w.period)","title":"   "}"#)
                #expect(blank.status == .unprocessableEntity && blank.problemField == "title")
                let badPeriod = try await w.call(.POST, "/bulletins", as: "duchashi", #"{"period":"2026-13"}"#)
                #expect(badPeriod.status == .unprocessableEntity && badPeriod.problemCode == "report.period_invalid")
                let created = try await w.call(.POST, "/bulletins", as: "duchashi", #"{"period":"\#(w.period)"}"#)
                #expect(created.status == .created)
                let draft = try created.json()
                let id = try #require(draft["id"] as? String)
                #expect(draft["state"] as? String == "draft" && (draft["code"] as? String)?.hasPrefix("TB-") == true)
                let states = BulletinState.allCases.map(\.rawValue).joined(separator: ", ")
                #expect(try APIDocument.yaml().contains("state: {type: string, enum: [\(states)]}"), "the document's states are the domain's")
                #expect(!(draft["title"] as? String ?? "").isEmpty && (draft["figures"] as? [String: Any])?["units"] is [Any])
                // A draft is the office's: refused to others, and not listed for them.
                let staff = try await w.call(.GET, "/bulletins/\(id)", as: "fagaiju-staff")
                #expect(staff.status == .forbidden && staff.problemCode == "access.role_not_allowed")
                #expect((try await w.call(.GET, "/bulletins", as: "fagaiju-staff").json()["items"] as? [Any])?.isEmpty == true)
                #expect((try await w.call(.GET, "/bulletins", as: "duchashi").json()["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
                // A change names something; what it leaves out keeps its words.
                #expect(try await w.call(.PATCH, "/bulletins/\(id)", as: "duchashi", "{}").status.code / 100 == 4)
                let edited = try await w.call(.PATCH, "/bulletins/\(id)", as: "duchashi", #"{"intro":"一、总体情况\n二、存在问题","praise":"财政局报送及时"}"#)
                #expect(edited.status == .ok)
                #expect(try edited.json()["intro"] as? String == "一、总体情况\n二、存在问题" && (edited.json()["title"] as? String) == draft["title"] as? String)
                #expect(try await w.call(.POST, "/bulletins/\(id)/publish", as: "fagaiju").status == .forbidden)
                let published = try await w.call(.POST, "/bulletins/\(id)/publish", as: "duchashi")
                #expect(published.status == .ok)
                #expect(try published.json()["state"] as? String == "published" && (published.json()["publishedOn"] as? String) == w.today.description)
                // Published: everyone signed in reads it; it changes no more.
                let read = try await w.call(.GET, "/bulletins/\(id)", as: "fagaiju-staff")
                #expect(try read.status == .ok && (read.json()["praise"] as? String) == "财政局报送及时" && read.json()["figures"] != nil)
                let frozen = try await w.call(.PATCH, "/bulletins/\(id)", as: "duchashi", #"{"title":"改"}"#)
                #expect(frozen.status == .conflict && frozen.problemCode == "bulletin.frozen")
                let again = try await w.call(.POST, "/bulletins/\(id)/publish", as: "duchashi")
                #expect(again.status == .conflict && again.problemCode == "bulletin.frozen")
            }
        }

        @Test func aDispatchAgendaIsGeneratedAndTheChairsInstructionBecomesATask() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let fixture = w.fixture
                let context = OperatorTasks.operatorContext(app)
                let red = try await createTask(TaskDraft(year: w.today.year, title: "红灯任务", tier: .supported, start: w.today.adding(days: -90),
                                                         deadline: w.today.adding(days: -1), responsibleUnitID: fixture.fgj.id), context: context)
                _ = try await recomputeLights(year: nil, context: context)
                let (_, meeting) = try await createMeetingSeries(kind: .monthlyJoint, title: "月度调度会", rhythm: .monthly,
                                                                 chairID: fixture.leader.id, memberIDs: [fixture.leader.id, fixture.fgjPerson.id],
                                                                 place: "", startTime: "09:00", firstDay: w.today, context: context)
                let path = "/meetings/\(Self.id(meeting.id))/dispatch"
                let member = try await w.call(.POST, path, as: "fagaiju")
                #expect(member.status == .forbidden && member.problemCode == "access.role_not_allowed")
                let stranger = try await w.call(.POST, path, as: "caizhengju")
                #expect(stranger.status == .forbidden && stranger.problemCode == "access.outside_scope")
                let generated = try await w.call(.POST, path, as: "duchashi")
                #expect(generated.status == .ok)
                let items = try #require(try generated.json()["items"] as? [[String: Any]])
                let item = try #require(items.first { $0["taskId"] as? String == Self.id(red.id) })
                #expect(item["kind"] as? String == "report" && item["outcome"] as? String == "pending")
                #expect((try await w.call(.POST, path, as: "duchashi").json()["items"] as? [Any])?.isEmpty == true, "nothing is added twice")
                // The chair instructs; naming a unit and a deadline makes the instruction its task.
                let itemPath = "/agenda-items/\(try #require(item["id"] as? String))/instruction"
                let fgj = Self.id(fixture.fgj.id)
                #expect(try await w.call(.POST, itemPath, as: "fagaiju", #"{"instruction":"一周内完成征地"}"#).status == .forbidden)
                let noDeadline = try await w.call(.POST, itemPath, as: "shuji", #"{"instruction":"一周内完成征地","unitId":"\#(fgj)"}"#)
                #expect(noDeadline.status == .unprocessableEntity && noDeadline.problemField == "deadline")
                let deadline = w.today.adding(days: 7).description
                let instructed = try await w.call(.POST, itemPath, as: "shuji",
                                                  #"{"reportHeard":"征地未完成\n拆迁余两户","instruction":"一周内完成征地","unitId":"\#(fgj)","deadline":"\#(deadline)"}"#)
                #expect(instructed.status == .ok)
                let after = try instructed.json()
                #expect(after["outcome"] as? String == "heard" && after["instruction"] as? String == "一周内完成征地")
                #expect(after["note"] as? String == "征地未完成\n拆迁余两户")
                let taskID = try #require(after["instructionTaskId"] as? String)
                let task = try await w.call(.GET, "/tasks/\(taskID)", as: "fagaiju").json()
                #expect(task["responsibleUnitId"] as? String == fgj && task["deadline"] as? String == deadline)
                let agenda = try await w.call(.GET, "/meetings/\(Self.id(meeting.id))", as: "duchashi").json()["agenda"] as? [[String: Any]]
                #expect(agenda?.first { $0["id"] as? String == item["id"] as? String }?["instructionTaskId"] as? String == taskID)
            }
        }

        @Test func textAreasKeepTheirLineBreaksThroughTheAPI() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区管网")
                let report = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff",
                                              #"{"progress":40,"situation":"完成可研批复\n取得用地预审","nextSteps":"开展招标\t十月底前"}"#)
                #expect(report.status == .created)
                #expect(try report.json()["situation"] as? String == "完成可研批复\n取得用地预审")
                #expect(try report.json()["nextSteps"] as? String == "开展招标\t十月底前")
                // Other control characters stay refused.
                let bell = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff",
                                            #"{"progress":40,"situation":"完成\u0007可研","nextSteps":"开展招标"}"#)
                #expect(bell.status == .unprocessableEntity && bell.problemCode == "field.control_characters" && bell.problemField == "situation")
                let notice = try await w.call(.POST, "/tasks/\(task)/notices", as: "duchashi",
                                              #"{"kind":"urge","text":"请加快进度\n月底前报送","replyBy":"\#(w.today.adding(days: 7))"}"#)
                #expect(notice.status == .created)
                let noticeID = try #require(try notice.json()["id"] as? String)
                let reply = try await w.call(.POST, "/notices/\(noticeID)/reply", as: "fagaiju", #"{"reply":"已部署\n月底完成"}"#)
                #expect(try reply.status == .ok && (reply.json()["reply"] as? String) == "已部署\n月底完成")
                // A single-line field keeps refusing a line break.
                #expect(try await w.call(.PUT, "/period-locks/2025-01", as: "duchashi").status == .ok)
                let reason = try await w.call(.POST, "/period-locks/2025-01/unlock", as: "duchashi", #"{"reason":"补报\n材料"}"#)
                #expect(reason.status == .unprocessableEntity && reason.problemField == "reason")
            }
        }
    }
}

private extension TestingHTTPResponse {
    /// The refusing rule and the property it names, from a problem document (nil otherwise).
    var problemCode: String? { (try? json())?["code"] as? String }
    var problemField: String? { (try? json())?["field"] as? String }
}
