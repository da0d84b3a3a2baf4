// The supervision mechanism through the JSON API: the reporting rule and sign-off, verification
// (销号) as the only way to complete work, period locks, the urging ladder with replies, inboxes,
// accountability cases and the lights, each with who may and who may not.
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
    @Suite struct SupervisionAPITests {
        /// The fixture's district, a bearer token per account, and the day the server thinks it is.
        struct World {
            var app: Application
            var fixture: Fixture
            var tokens: [String: String]
            var client: Client
            var today: Day

            static func make(_ app: Application) async throws -> World {
                let fixture = try await Fixture.make(app)
                var tokens: [String: String] = [:]
                for username in ["admin", "duchashi", "shuji", "fagaiju", "fagaiju-staff", "jijian", "caizhengju"] {
                    tokens[username] = try await OperatorTasks.createToken(app, username: username, name: "supervision")
                }
                return World(app: app, fixture: fixture, tokens: tokens, client: Client(app),
                             today: app.luoshi.configuration.clock.today())
            }

            /// A key task of 区发展和改革局 reported on monthly.
            func task(_ title: String, start: Int = -10, deadline: Int = 60) async throws -> String {
                let task = try await createTask(TaskDraft(year: today.adding(days: start).year, title: title, tier: .pushed,
                                                          start: today.adding(days: start), deadline: today.adding(days: deadline),
                                                          responsibleUnitID: fixture.fgj.id, rhythmOverride: .monthly),
                                                context: OperatorTasks.operatorContext(app))
                return task.id.uuidString.lowercased()
            }

            mutating func call(_ method: HTTPMethod, _ path: String, as username: String, _ body: String? = nil) async throws -> TestingHTTPResponse {
                try await client.json(method, "/api/v1" + path, token: tokens[username], body: body)
            }

            var period: String { ReportPeriod(containing: today, rhythm: .monthly).key }
        }

        static let progress = #"{"progress":40,"situation":"完成可研批复","nextSteps":"开展招标"}"#

        /// The document's enumerations are the domain's raw values, so neither can grow alone.
        @Test func theDocumentsEnumerationsAreTheDomainsValues() throws {
            let document = try APIDocument.yaml()
            func listed(_ schema: String) -> [String]? {
                guard let start = document.range(of: "\n    \(schema):\n"),
                      let open = document.range(of: "enum: [", range: start.upperBound..<document.endIndex),
                      let close = document.range(of: "]", range: open.upperBound..<document.endIndex) else { return nil }
                return document[open.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            #expect(listed("Light") == Light.allCases.map(\.rawValue))
            #expect(listed("LightReason") == LightReason.allCases.map(\.rawValue))
            #expect(listed("ReportKind") == ReportKind.allCases.map(\.rawValue))
            #expect(listed("ReportState") == ReportState.allCases.map(\.rawValue))
            #expect(listed("NoticeKind") == NoticeKind.allCases.map(\.rawValue))
            #expect(listed("NoticeGrade") == NoticeGrade.allCases.map(\.rawValue))
            #expect(listed("NoticeState") == NoticeState.allCases.map(\.rawValue))
            #expect(listed("NotificationKind") == NotificationKind.allCases.map(\.rawValue))
        }

        @Test func staffReportsProgressAndTheUnitHeadSignsItOff() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区道路")
                // A report without a part the rule asks for is refused naming the rule and the property.
                let missing = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", #"{"progress":40,"situation":"完成可研批复"}"#)
                #expect(missing.status == .unprocessableEntity)
                #expect(try missing.json()["code"] as? String == "report.progress_required")
                #expect(try missing.json()["field"] as? String == "nextSteps")
                let submitted = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", Self.progress)
                #expect(submitted.status == .created)
                let report = try submitted.json()
                #expect(report["state"] as? String == "awaitingSignOff" && report["kind"] as? String == "progress")
                #expect(report["period"] as? String == w.period && (report["periodLabel"] as? String ?? "").contains("月"))
                #expect(report["taskId"] as? String == task && report["late"] as? Bool == false)
                let reportID = try #require(report["id"] as? String)
                // Not yet counted: the task has not moved.
                #expect(try await w.call(.GET, "/tasks/\(task)", as: "fagaiju").json()["progress"] as? Double == 0)
                // The head of another unit can neither read the task's reports nor sign them off.
                let stranger = try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "caizhengju", #"{"approve":true}"#)
                #expect(stranger.status == .forbidden && stranger.problemCode == "access.outside_scope")
                #expect(try await w.call(.GET, "/tasks/\(task)/reports", as: "caizhengju").status == .forbidden)
                #expect(try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju-staff", #"{"approve":true}"#).status == .forbidden,
                        "staff do not sign off")
                let signed = try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju", #"{"approve":true,"comment":"同意"}"#)
                #expect(signed.status == .ok)
                #expect(try signed.json()["state"] as? String == "signedOff" && (signed.json()["reviewComment"] as? String) == "同意")
                let after = try await w.call(.GET, "/tasks/\(task)", as: "fagaiju").json()
                #expect(after["progress"] as? Double == 40 && after["status"] as? String == "inProgress")
                #expect(after["light"] is String && after["lightReason"] is String && !(after["lightText"] as? String ?? "").isEmpty)
                let again = try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju", #"{"approve":true}"#)
                #expect(again.status == .conflict && again.problemCode == "report.not_awaiting")
                // Lists: the task's own, and the reports of tasks each caller reads.
                let listed = try await w.call(.GET, "/tasks/\(task)/reports", as: "shuji").json()["items"] as? [[String: Any]]
                #expect(listed?.map { $0["id"] as? String } == [reportID])
                let mine = try await w.call(.GET, "/reports?state=signedOff", as: "fagaiju").json()
                #expect((mine["items"] as? [[String: Any]])?.first?["taskTitle"] as? String == "园区道路" && mine["hasMore"] as? Bool == false)
                #expect((try await w.call(.GET, "/reports", as: "caizhengju").json()["items"] as? [Any])?.isEmpty == true)
                #expect((try await w.call(.GET, "/reports?state=awaitingSignOff", as: "fagaiju").json()["items"] as? [Any])?.isEmpty == true)
            }
        }

        @Test func aReturnedReportNeedsAComment() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区供水")
                let reportID = try #require(try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", Self.progress).json()["id"] as? String)
                let bare = try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju", #"{"approve":false}"#)
                #expect(bare.status == .unprocessableEntity && bare.problemField == "comment")
                let returned = try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju", #"{"approve":false,"comment":"数据不实"}"#)
                #expect(try returned.status == .ok && (returned.json()["state"] as? String) == "returned")
                #expect(try await w.call(.GET, "/tasks/\(task)", as: "fagaiju").json()["progress"] as? Double == 0)
                let inbox = try await w.call(.GET, "/notifications", as: "fagaiju-staff").json()
                #expect((inbox["items"] as? [[String: Any]])?.contains { $0["kind"] as? String == "reportReturned" } == true)
            }
        }

        @Test func onlyTheOfficeCompletesWorkByVerifyingItsResult() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区验收")
                // A person does not complete work in one click.
                let clicked = try await w.call(.POST, "/tasks/\(task)/status", as: "fagaiju", #"{"status":"completed"}"#)
                #expect(clicked.status == .unprocessableEntity && clicked.problemCode == "task.complete_by_closure")
                let staffClick = try await w.call(.POST, "/tasks/\(task)/status", as: "fagaiju-staff", #"{"status":"completed"}"#)
                #expect(staffClick.status == .unprocessableEntity)
                #expect(try staffClick.json()["code"] as? String == "task.complete_by_closure")
                // Nothing to verify yet.
                let early = try await w.call(.POST, "/tasks/\(task)/closure", as: "duchashi", #"{"verified":true}"#)
                #expect(early.status == .conflict && early.problemCode == "task.not_awaiting_closure")
                // A result needs its evidence.
                let noEvidence = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", #"{"done":true,"result":"已通过验收"}"#)
                #expect(try noEvidence.status == .unprocessableEntity && (noEvidence.json()["field"] as? String) == "evidence")
                let result = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff",
                                              #"{"done":true,"result":"已通过验收","evidence":"验收报告第3号"}"#)
                #expect(try result.status == .created && (result.json()["kind"] as? String) == "result")
                let reportID = try #require(try result.json()["id"] as? String)
                #expect(try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju", #"{"approve":true}"#).status == .ok)
                let waiting = try await w.call(.GET, "/tasks/\(task)", as: "duchashi").json()
                #expect(waiting["awaitingClosure"] as? Bool == true && waiting["status"] as? String != "completed")
                #expect(waiting["light"] as? String == "green" && waiting["lightReason"] as? String == "finished")
                // Verification is the office's; not the unit head's.
                let head = try await w.call(.POST, "/tasks/\(task)/closure", as: "fagaiju", #"{"verified":true}"#)
                #expect(head.status == .forbidden && head.problemCode == "access.role_not_allowed")
                let closed = try await w.call(.POST, "/tasks/\(task)/closure", as: "duchashi", #"{"verified":true,"comment":"核实无误"}"#)
                #expect(closed.status == .ok)
                #expect(try closed.json()["status"] as? String == "completed" && (closed.json()["awaitingClosure"] as? Bool) == false)
                #expect(try await w.call(.POST, "/tasks/\(task)/closure", as: "duchashi", #"{"verified":true}"#).status == .conflict)
                // A closed task takes no more reports.
                let late = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", Self.progress)
                #expect(late.status == .conflict && late.problemCode == "report.task_closed")
            }
        }

        @Test func aLockedPeriodTakesNoReportsUntilUnlocked() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区绿化")
                #expect(try await w.call(.PUT, "/period-locks/\(w.period)", as: "fagaiju").status == .forbidden)
                let invalid = try await w.call(.PUT, "/period-locks/2026-13", as: "duchashi")
                #expect(invalid.status == .unprocessableEntity && invalid.problemCode == "report.period_invalid")
                let locked = try await w.call(.PUT, "/period-locks/\(w.period)", as: "duchashi")
                #expect(locked.status == .ok)
                #expect(try locked.json()["period"] as? String == w.period && (locked.json()["lockedBy"] as? String) == "测试duchashi")
                let listed = try await w.call(.GET, "/period-locks", as: "fagaiju-staff").json()["items"] as? [[String: Any]]
                #expect(listed?.map { $0["period"] as? String } == [w.period])
                let refused = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", Self.progress)
                #expect(refused.status == .conflict && refused.problemCode == "report.period_locked")
                #expect(try await w.call(.POST, "/period-locks/\(w.period)/unlock", as: "fagaiju", #"{"reason":"补报"}"#).status == .forbidden)
                let blank = try await w.call(.POST, "/period-locks/\(w.period)/unlock", as: "duchashi", #"{"reason":"   "}"#)
                #expect(blank.status == .unprocessableEntity && blank.problemField == "reason")
                #expect(try await w.call(.POST, "/period-locks/\(w.period)/unlock", as: "duchashi", #"{"reason":"补报材料"}"#).status == .noContent)
                #expect(try await w.call(.POST, "/period-locks/\(w.period)/unlock", as: "duchashi", #"{"reason":"再次"}"#).status == .notFound)
                #expect(try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff", Self.progress).status == .created)
            }
        }

        @Test func anUrgeNoticeIsAnsweredByTheUnitAndRaisedOnlyWhenDue() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区招商")
                let replyBy = w.today.adding(days: 7).description
                #expect(try await w.call(.POST, "/tasks/\(task)/notices", as: "fagaiju",
                                         #"{"kind":"urge","text":"请加快进度","replyBy":"\#(replyBy)"}"#).status == .forbidden)
                let graded = try await w.call(.POST, "/tasks/\(task)/notices", as: "duchashi",
                                              #"{"kind":"urge","grade":"red","text":"请加快进度","replyBy":"\#(replyBy)"}"#)
                #expect(graded.status == .unprocessableEntity && graded.problemField == "grade")
                let issued = try await w.call(.POST, "/tasks/\(task)/notices", as: "duchashi",
                                              #"{"kind":"urge","text":"请加快进度","replyBy":"\#(replyBy)","deduction":0.5}"#)
                #expect(issued.status == .created)
                let notice = try issued.json()
                let id = try #require(notice["id"] as? String)
                #expect(notice["state"] as? String == "awaitingReply" && notice["overdue"] as? Bool == false)
                #expect(notice["taskTitle"] as? String == "园区招商" && notice["deduction"] as? Double == 0.5)
                #expect((notice["code"] as? String)?.hasPrefix("DB-\(w.today.year)-") == true)
                // Who sees it: the unit it was sent to and those who read the task; not another unit.
                #expect((try await w.call(.GET, "/notices", as: "fagaiju-staff").json()["items"] as? [Any])?.count == 1)
                #expect((try await w.call(.GET, "/notices?taskId=\(task)&state=awaitingReply", as: "duchashi").json()["items"] as? [Any])?.count == 1)
                #expect((try await w.call(.GET, "/notices", as: "caizhengju").json()["items"] as? [Any])?.isEmpty == true)
                #expect(try await w.call(.GET, "/notices/\(id)", as: "caizhengju").status == .forbidden)
                #expect(try await w.call(.GET, "/notices/\(id)", as: "jijian").status == .ok)
                let badID = try await w.call(.GET, "/notices?taskId=nope", as: "duchashi")
                #expect(badID.status == .unprocessableEntity && badID.problemField == "taskId")
                // Raising it before its reply date is refused by the ladder's rule.
                let early = try await w.call(.POST, "/notices/\(id)/escalation", as: "duchashi",
                                             #"{"grade":"blue","replyBy":"\#(w.today.adding(days: 14).description)"}"#)
                #expect(early.status == .conflict && early.problemCode == "notice.not_yet_due")
                #expect(try await w.call(.POST, "/notices/\(id)/escalation", as: "fagaiju", #"{}"#).status == .forbidden)
                // The unit answers; the office does not answer for it, nor does another unit.
                let office = try await w.call(.POST, "/notices/\(id)/reply", as: "duchashi", #"{"reply":"代为答复"}"#)
                #expect(office.status == .forbidden && office.problemCode == "access.role_not_allowed")
                let other = try await w.call(.POST, "/notices/\(id)/reply", as: "caizhengju", #"{"reply":"代为答复"}"#)
                #expect(other.status == .forbidden && other.problemCode == "access.outside_scope")
                let replied = try await w.call(.POST, "/notices/\(id)/reply", as: "fagaiju-staff", #"{"reply":"已调集力量，月底前完成"}"#)
                #expect(replied.status == .ok)
                #expect(try replied.json()["state"] as? String == "replied" && (replied.json()["repliedBy"] as? String) == "测试fagaiju-staff")
                #expect(try replied.json()["repliedOn"] as? String == w.today.description)
                let twice = try await w.call(.POST, "/notices/\(id)/reply", as: "fagaiju", #"{"reply":"补充"}"#)
                #expect(twice.status == .conflict && twice.problemCode == "notice.not_open")
                // The unit was told of the notice in its inbox; its entries are read one by one or all at once.
                let head = try await w.call(.GET, "/notifications", as: "fagaiju").json()
                let entries = try #require(head["items"] as? [[String: Any]])
                let entry = try #require(entries.first { $0["kind"] as? String == "notice" })
                #expect(entry["read"] as? Bool == false && (entry["link"] as? String)?.hasPrefix("/notices/") == true)
                let unread = try #require(head["unread"] as? Int)
                let entryID = try #require(entry["id"] as? String)
                #expect(try await w.call(.POST, "/notifications/read", as: "fagaiju", #"{"ids":["\#(entryID)"]}"#).status == .noContent)
                #expect(try await w.call(.GET, "/notifications", as: "fagaiju").json()["unread"] as? Int == unread - 1)
                let badIDs = try await w.call(.POST, "/notifications/read", as: "fagaiju", #"{"ids":["x"]}"#)
                #expect(badIDs.status == .unprocessableEntity && badIDs.problemField == "ids")
                #expect(try await w.call(.POST, "/notifications/read", as: "fagaiju", "{}").status == .noContent)
                #expect(try await w.call(.GET, "/notifications", as: "fagaiju").json()["unread"] as? Int == 0)
                // An account without a person has an empty inbox and nothing to mark.
                let admin = try await w.call(.GET, "/notifications", as: "admin").json()
                #expect((admin["items"] as? [Any])?.isEmpty == true && admin["unread"] as? Int == 0)
                #expect(try await w.call(.POST, "/notifications/read", as: "admin", "{}").status == .forbidden)
            }
        }

        @Test func aProblemNamedInAReportIsFollowedAsACase() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let task = try await w.task("园区排水")
                let person = w.fixture.fgjStaff.id.uuidString.lowercased()
                let named = try await w.call(.POST, "/tasks/\(task)/reports", as: "fagaiju-staff",
                                             #"{"progress":20,"situation":"管网施工","nextSteps":"整改","problems":"施工延误","accountablePersonId":"\#(person)"}"#)
                #expect(named.status == .created)
                let reportID = try #require(try named.json()["id"] as? String)
                #expect(try await w.call(.POST, "/reports/\(reportID)/sign-off", as: "fagaiju", #"{"approve":true}"#).status == .ok)
                let cases = try #require(try await w.call(.GET, "/accountability-cases", as: "fagaiju").json()["items"] as? [[String: Any]])
                #expect(cases.count == 1 && cases.first?["personId"] as? String == person && cases.first?["reportId"] as? String == reportID)
                let caseID = try #require(cases.first?["id"] as? String)
                #expect((try await w.call(.GET, "/accountability-cases", as: "caizhengju").json()["items"] as? [Any])?.isEmpty == true)
                #expect((try await w.call(.GET, "/accountability-cases?open=true", as: "shuji").json()["items"] as? [Any])?.count == 1)
                #expect(try await w.call(.POST, "/accountability-cases/\(caseID)/conclusion", as: "fagaiju", #"{"conclusion":"诫勉谈话"}"#).status == .forbidden)
                let concluded = try await w.call(.POST, "/accountability-cases/\(caseID)/conclusion", as: "duchashi", #"{"conclusion":"诫勉谈话"}"#)
                #expect(try concluded.status == .ok && (concluded.json()["concluded"] as? Bool) == true)
                #expect(try concluded.json()["concludedOn"] as? String == w.today.description)
                let twice = try await w.call(.POST, "/accountability-cases/\(caseID)/conclusion", as: "duchashi", #"{"conclusion":"再议"}"#)
                #expect(twice.status == .conflict && twice.problemCode == "accountability.concluded")
                #expect((try await w.call(.GET, "/accountability-cases?open=true", as: "jijian").json()["items"] as? [Any])?.isEmpty == true)
            }
        }

        @Test func theRegisterFiltersByTheLightsTheOfficeRecomputes() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let overdue = try await w.task("逾期任务", start: -30, deadline: -1)
                let onTime = try await w.task("正常任务", start: -10, deadline: 90)
                let year = w.today.adding(days: -30).year
                #expect(try await w.call(.POST, "/lights/recompute", as: "fagaiju", "{}").status == .forbidden)
                let badYear = try await w.call(.POST, "/lights/recompute", as: "duchashi", #"{"year":1999}"#)
                #expect(badYear.status == .unprocessableEntity && badYear.problemField == "year")
                let recomputed = try await w.call(.POST, "/lights/recompute", as: "duchashi", "{}")
                #expect(recomputed.status == .ok)
                // Lights follow each change at once, so recomputing on the same day finds nothing to change.
                #expect(try (recomputed.json()["read"] as? Int ?? 0) >= 2 && (recomputed.json()["changed"] as? Int ?? -1) == 0)
                let red = try #require(try await w.call(.GET, "/tasks?year=\(year)&light=red", as: "duchashi").json()["items"] as? [[String: Any]])
                #expect(red.map { $0["id"] as? String } == [overdue], "only the overdue task is red")
                #expect(red.first?["lightReason"] as? String == "overdue" && (red.first?["lightText"] as? String ?? "").contains("1"))
                let all = try #require(try await w.call(.GET, "/tasks?year=\(w.today.adding(days: -10).year)", as: "fagaiju").json()["items"] as? [[String: Any]])
                #expect(all.first { $0["id"] as? String == onTime }?["light"] as? String != "red")
                let task = try await w.call(.GET, "/tasks/\(overdue)", as: "fagaiju").json()
                #expect(task["light"] as? String == "red" && task["lightReason"] as? String == "overdue")
                let badLight = try await w.call(.GET, "/tasks?light=purple", as: "duchashi")
                #expect(badLight.status.code >= 400 && badLight.status.code < 500)
            }
        }
    }
}

private extension TestingHTTPResponse {
    /// The refusing rule and the property it names, from a problem document (nil otherwise).
    var problemCode: String? { (try? json())?["code"] as? String }
    var problemField: String? { (try? json())?["field"] as? String }
}
