// Incentives and constraints through the JSON API: an observation event scored by three raters
// (each sees only their own sheet until it closes; then everyone reads the trimmed, weighted
// standings), a scheme previewed, ranked, published and frozen, a unit head reading only their own
// unit's breakdown, the eligibility answer of a person in a vetoed unit, a recommendation put to a
// meeting as a personnel matter, and `luoshi assess` (OperatorTasks.assess).
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
    @Suite struct AssessmentAPITests {
        typealias World = SupervisionAPITests.World

        static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

        /// The document's enumerations are the domain's raw values, so neither can grow alone.
        @Test func theDocumentsEnumerationsAreTheDomainsValues() throws {
            let document = try APIDocument.yaml()
            func listed(_ schema: String) -> [String]? {
                guard let start = document.range(of: "\n    \(schema):\n"),
                      let open = document.range(of: "enum: [", range: start.upperBound..<document.endIndex),
                      let close = document.range(of: "]", range: open.upperBound..<document.endIndex) else { return nil }
                return document[open.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            #expect(listed("ObservationState") == ObservationState.allCases.map(\.rawValue))
            #expect(listed("AssessmentItemKind") == AssessmentItemKind.allCases.map(\.rawValue))
            #expect(listed("RunState") == RunState.allCases.map(\.rawValue))
            #expect(listed("Grade") == Grade.allCases.map(\.rawValue))
            #expect(listed("ConsequenceKind") == ConsequenceKind.allCases.map(\.rawValue))
            #expect(listed("ConsequenceReason") == ConsequenceReason.allCases.map(\.rawValue))
            #expect(listed("EligibilityQuestion") == EligibilityQuestion.allCases.map(\.rawValue))
            #expect(listed("AssessedGroup") == AssessmentGroup.allCases.filter { $0 != .notAssessed }.map(\.rawValue))
        }

        @Test func ratersSeeOnlyTheirOwnSheetsUntilTheEventClosesThenEveryoneReadsTheTrimmedStandings() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let (fgj, czj) = (Self.id(w.fixture.fgj.id), Self.id(w.fixture.czj.id))
                var accounts: [String: String] = [:]
                for username in ["shuji", "jijian", "caizhengju"] {
                    let session = try await w.call(.GET, "/session", as: username).json()
                    accounts[username] = try #require((session["account"] as? [String: Any])?["id"] as? String)
                }
                let raters = ["shuji", "jijian", "caizhengju"].compactMap { accounts[$0] }.map { "\"\($0)\"" }.joined(separator: ",")
                let body = #"{"year":\#(w.today.year),"title":"重点项目建设观摩","day":"\#(w.today)","criteria":[{"name":"进度","weight":2},{"name":"质量","weight":1}],"unitIds":["\#(fgj)","\#(czj)"],"raterIds":[\#(raters)]}"#
                let refused = try await w.call(.POST, "/observations", as: "fagaiju", body)
                #expect(refused.status == .forbidden && refused.problemCode == "access.role_not_allowed", "the office creates events")
                let created = try await w.call(.POST, "/observations", as: "duchashi", body)
                #expect(created.status == .created)
                let event = try created.json()
                let id = try #require(event["id"] as? String)
                #expect(event["state"] as? String == "scoring" && event["dropsExtremes"] as? Bool == true)
                #expect((event["standings"] as? [[String: Any]])?.allSatisfy { $0["score"] == nil && $0["rank"] == nil } == true, "nobody scored yet")
                // Each rater's sheet: progress (criterion 0) and quality (criterion 1) of both units.
                let sheets: [String: [(String, Int, Int)]] = [
                    "shuji": [(fgj, 0, 90), (fgj, 1, 80), (czj, 0, 70), (czj, 1, 60)],
                    "jijian": [(fgj, 0, 80), (fgj, 1, 70), (czj, 0, 75), (czj, 1, 65)],
                    "caizhengju": [(fgj, 0, 60), (fgj, 1, 100), (czj, 0, 100), (czj, 1, 50)],
                ]
                func sheet(_ scores: [(String, Int, Int)]) -> String {
                    #"{"scores":["# + scores.map { #"{"unitId":"\#($0.0)","criterion":\#($0.1),"score":\#($0.2)}"# }.joined(separator: ",") + "]}"
                }
                let outOfRange = try await w.call(.PUT, "/observations/\(id)/sheet", as: "shuji", sheet([(fgj, 0, 120)]))
                #expect(outOfRange.status == .unprocessableEntity && outOfRange.problemField == "score")
                for (username, scores) in sheets {
                    let sent = try await w.call(.PUT, "/observations/\(id)/sheet", as: username, sheet(scores))
                    #expect(sent.status == .ok, "\(username)'s sheet: \(sent.status)")
                    #expect((try sent.json()["scores"] as? [Any])?.count == 4)
                }
                let stranger = try await w.call(.PUT, "/observations/\(id)/sheet", as: "fagaiju", sheet([(fgj, 0, 100)]))
                #expect(stranger.status == .forbidden && stranger.problemCode == "observation.not_rater")
                // Before the close a rater reads their own sheet and nobody else's scores.
                let rater = try await w.call(.GET, "/observations/\(id)", as: "shuji").json()
                #expect(rater["rater"] as? Bool == true && rater["standings"] == nil)
                let own = try #require(rater["sheet"] as? [[String: Any]])
                #expect(own.count == 4 && own.contains { $0["unitId"] as? String == fgj && $0["criterion"] as? Int == 0 && $0["score"] as? Double == 90 })
                let other = try await w.call(.GET, "/observations/\(id)", as: "fagaiju").json()
                #expect(other["rater"] as? Bool == false && other["standings"] == nil && other["sheet"] == nil)
                #expect(try await w.call(.GET, "/observations/\(id)", as: "duchashi").json()["standings"] is [Any], "the office follows the scoring")
                #expect(try await w.call(.POST, "/observations/\(id)/close", as: "shuji").status == .forbidden)
                let closed = try await w.call(.POST, "/observations/\(id)/close", as: "duchashi")
                #expect(try closed.status == .ok && closed.json()["state"] as? String == "closed")
                // Closed: everyone reads the standings; each criterion keeps the middle of three scores.
                let read = try await w.call(.GET, "/observations/\(id)", as: "fagaiju-staff").json()
                let standings = try #require(read["standings"] as? [[String: Any]])
                #expect(standings.map { $0["unitId"] as? String } == [fgj, czj])
                #expect(standings.map { $0["score"] as? Double } == [80, 70] && standings.map { $0["rank"] as? Int } == [1, 2])
                #expect(standings[0]["gapToAhead"] == nil && standings[1]["gapToAhead"] as? Double == 10)
                #expect((standings[1]["criterionScores"] as? [[String: Any]])?.map { $0["score"] as? Double } == [75, 60])
                #expect(standings[0]["unitName"] as? String == "区发展和改革局")
                let late = try await w.call(.PUT, "/observations/\(id)/sheet", as: "jijian", sheet([(fgj, 0, 100)]))
                #expect(late.status == .conflict && late.problemCode == "observation.closed")
                let again = try await w.call(.POST, "/observations/\(id)/close", as: "duchashi")
                #expect(again.status == .conflict && again.problemCode == "observation.closed")
                let listed = try await w.call(.GET, "/observations?year=\(w.today.year)", as: "fagaiju").json()["items"] as? [[String: Any]]
                #expect(listed?.map { $0["id"] as? String } == [id] && listed?.first?["standings"] == nil)
                #expect(try await w.call(.GET, "/observations/\(UUID())", as: "duchashi").status == .notFound)
            }
        }

        /// A scheme for the departments: tasks on time (60, whole without tasks), bonus points (40)
        /// and a veto on the investment indicator; the excellence quota lets one unit in three be excellent.
        static func scheme(year: Int, title: String = "部门目标管理考核方案", fairMin: Int = 70) -> String {
            #"{"year":\#(year),"group":"departments","title":"\#(title)","items":[{"key":"T","name":"任务按时完成","kind":"tasksOnTime","points":60},{"key":"B","name":"加分","kind":"bonus","points":40},{"key":"V","name":"投资一票否决","kind":"veto","points":0,"indicatorCode":"INV"}],"grading":{"excellenceQuota":0.34,"excellentMin":90,"goodMin":\#(max(fairMin, 80)),"fairMin":\#(fairMin)}}"#
        }

        @Test func aRunIsPreviewedRankedPublishedAndFrozenWithItsConsequences() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let year = w.today.year
                let (fgj, office, czj) = (Self.id(w.fixture.fgj.id), Self.id(w.fixture.fgjOffice.id), Self.id(w.fixture.czj.id))
                // Last year, published: every unit 60 and none poor (no consequences), for the comparison.
                #expect(try await w.call(.POST, "/assessment/schemes", as: "duchashi", Self.scheme(year: year - 1, fairMin: 0)).status == .created)
                let lastYear = try await w.call(.POST, "/assessment/runs", as: "duchashi", #"{"year":\#(year - 1),"group":"departments"}"#).json()
                let lastYearID = try #require(lastYear["id"] as? String)
                #expect(try await w.call(.POST, "/assessment/runs/\(lastYearID)/publish", as: "duchashi").status == .ok)

                // This year's scheme: versioned, refused to others, checked.
                #expect(try await w.call(.POST, "/assessment/schemes", as: "fagaiju", Self.scheme(year: year)).status == .forbidden)
                let noIndicator = try await w.call(.POST, "/assessment/schemes", as: "duchashi",
                                                   #"{"year":\#(year),"group":"departments","title":"方案","items":[{"key":"V","name":"否决","kind":"veto","points":0}]}"#)
                #expect(noIndicator.status == .unprocessableEntity && noIndicator.problemCode == "assessment.veto_needs_indicator"
                        && noIndicator.problemField == "indicatorCode")
                let first = try await w.call(.POST, "/assessment/schemes", as: "duchashi", Self.scheme(year: year, title: "初稿")).json()
                #expect(first["version"] as? Int == 1 && first["maxScore"] as? Double == 100)
                let scheme = try await w.call(.POST, "/assessment/schemes", as: "duchashi", Self.scheme(year: year)).json()
                #expect(scheme["version"] as? Int == 2)
                #expect(try await w.call(.POST, "/assessment/schemes", as: "duchashi", Self.scheme(year: year)).json()["version"] as? Int == 2,
                        "an unchanged scheme keeps its version")
                let schemes = try await w.call(.GET, "/assessment/schemes?year=\(year)", as: "fagaiju-staff").json()["items"] as? [[String: Any]]
                #expect(schemes?.map { $0["version"] as? Int } == [2])

                // The finance bureau misses its investment indicator (no value: not met): vetoed.
                let indicator = try await w.call(.POST, "/indicators", as: "duchashi",
                                                 #"{"year":\#(year),"code":"INV","name":"固定资产投资","measure":"count","target":10,"ownerUnitId":"\#(czj)"}"#)
                #expect(indicator.status == .created)
                #expect(try await w.call(.POST, "/assessment/bonuses", as: "fagaiju",
                                         #"{"year":\#(year),"unitId":"\#(fgj)","points":40,"reason":"争取专项资金","evidence":"文件"}"#).status == .forbidden)
                let bonus = try await w.call(.POST, "/assessment/bonuses", as: "duchashi",
                                             #"{"year":\#(year),"unitId":"\#(fgj)","points":40,"reason":"争取专项资金","evidence":"省发改委文件\n第12号"}"#)
                #expect(try bonus.status == .created && bonus.json()["unitName"] as? String == "区发展和改革局")
                #expect((try await w.call(.GET, "/assessment/bonuses?year=\(year)", as: "jijian").json()["items"] as? [Any])?.count == 1)
                #expect(try await w.call(.GET, "/assessment/bonuses?year=\(year)", as: "fagaiju").status == .forbidden)

                // The preview: the office's, the auditors' and the leaders'.
                #expect(try await w.call(.POST, "/assessment/runs", as: "fagaiju", #"{"year":\#(year),"group":"departments"}"#).status == .forbidden)
                let noScheme = try await w.call(.POST, "/assessment/runs", as: "duchashi", #"{"year":\#(year),"group":"townsAndStreets"}"#)
                #expect(noScheme.status == .conflict && noScheme.problemCode == "assessment.no_scheme")
                let preview = try await w.call(.POST, "/assessment/runs", as: "duchashi", #"{"year":\#(year),"group":"departments"}"#)
                #expect(preview.status == .created)
                let run = try preview.json()
                let runID = try #require(run["id"] as? String)
                #expect(run["state"] as? String == "preview" && run["schemeVersion"] as? Int == 2 && run["unitCount"] as? Int == 3)
                let hidden = try await w.call(.GET, "/assessment/runs/\(runID)", as: "fagaiju")
                #expect(hidden.status == .forbidden && hidden.problemCode == "access.role_not_allowed")
                #expect((try await w.call(.GET, "/assessment/runs?year=\(year)", as: "fagaiju").json()["items"] as? [Any])?.isEmpty == true)
                #expect((try await w.call(.GET, "/assessment/runs?year=\(year)", as: "jijian").json()["items"] as? [Any])?.count == 1)
                let table = try await w.call(.GET, "/assessment/runs/\(runID)", as: "shuji").json()
                let lines = try #require(table["lines"] as? [[String: Any]])
                // Best first; the two tied units share the second rank.
                #expect(lines.first?["unitId"] as? String == fgj && Set(lines.dropFirst().compactMap { $0["unitId"] as? String }) == [office, czj])
                #expect(lines.map { $0["score"] as? Double } == [100, 60, 60] && lines.map { $0["rank"] as? Int } == [1, 2, 2])
                #expect(lines.map { $0["grade"] as? String } == ["excellent", "poor", "poor"], "the quota makes one unit in three excellent")
                let czjLine = try #require(lines.first { $0["unitId"] as? String == czj })
                #expect(czjLine["vetoes"] as? [String] == ["投资一票否决"] && czjLine["gapToAhead"] as? Double == 40)
                #expect(lines[0]["earned"] as? [Double] == [60, 40, 0] && (table["items"] as? [Any])?.count == 3)
                // Beside last year's published run.
                #expect(table["previousRunId"] as? String == lastYearID)
                #expect(lines.allSatisfy { $0["previousRank"] as? Int == 1 && $0["previousScore"] as? Double == 60 })

                // Published: frozen, and the promised consequences applied.
                #expect(try await w.call(.POST, "/assessment/runs/\(runID)/publish", as: "fagaiju").status == .forbidden)
                let published = try await w.call(.POST, "/assessment/runs/\(runID)/publish", as: "duchashi")
                #expect(published.status == .ok)
                let applied = try #require(try published.json()["consequences"] as? [[String: Any]])
                #expect(try published.json()["run"].flatMap { $0 as? [String: Any] }?["state"] as? String == "published")
                let czjPerson = Self.id(w.fixture.czjPerson.id)
                #expect(applied.contains { $0["kind"] as? String == "restriction" && $0["personId"] as? String == czjPerson })
                #expect(applied.contains { $0["kind"] as? String == "demotion" && $0["personId"] as? String == czjPerson && $0["reason"] as? String == "gradedPoor" })
                let frozen = try await w.call(.POST, "/assessment/runs/\(runID)/publish", as: "duchashi")
                #expect(frozen.status == .conflict && frozen.problemCode == "assessment.run_frozen")
                let again = try await w.call(.POST, "/assessment/runs", as: "duchashi", #"{"year":\#(year),"group":"departments"}"#)
                #expect(again.status == .conflict && again.problemCode == "assessment.already_published")
                #expect(try await w.call(.GET, "/assessment/runs/\(runID)", as: "fagaiju-staff").status == .ok, "a published table is everyone's")

                // A unit head reads their own unit's breakdown (and its sub-units'), no other's.
                let own = try await w.call(.GET, "/assessment/runs/\(runID)/units/\(fgj)", as: "fagaiju")
                #expect(own.status == .ok)
                let breakdown = try own.json()
                #expect(breakdown["score"] as? Double == 100 && breakdown["grade"] as? String == "excellent")
                let bonusLine = try #require((breakdown["lines"] as? [[String: Any]])?.first { $0["itemKey"] as? String == "B" })
                #expect(bonusLine["earned"] as? Double == 40 && (bonusLine["evidence"] as? [[String: Any]])?.first?["label"] as? String == "争取专项资金")
                #expect(try await w.call(.GET, "/assessment/runs/\(runID)/units/\(office)", as: "fagaiju-staff").status == .ok)
                let outside = try await w.call(.GET, "/assessment/runs/\(runID)/units/\(czj)", as: "fagaiju")
                #expect(outside.status == .forbidden && outside.problemCode == "access.outside_scope")
                let vetoed = try await w.call(.GET, "/assessment/runs/\(runID)/units/\(czj)", as: "jijian").json()
                let vetoLine = try #require((vetoed["lines"] as? [[String: Any]])?.first { $0["itemKey"] as? String == "V" })
                #expect(vetoLine["vetoed"] as? Bool == true && (vetoLine["evidence"] as? [[String: Any]])?.first?["costs"] as? Bool == true)
                #expect(try await w.call(.GET, "/assessment/runs/\(runID)/units/\(Self.id(w.fixture.root.id))", as: "duchashi").status == .notFound,
                        "a unit outside the group has no breakdown")
            }
        }

        @Test func aPersonInAVetoedUnitMayNotBePromotedAndARecommendationBecomesAPersonnelMatter() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let year = w.today.year
                let czj = Self.id(w.fixture.czj.id), czjPerson = Self.id(w.fixture.czjPerson.id)
                #expect(try await w.call(.POST, "/assessment/schemes", as: "duchashi", Self.scheme(year: year)).status == .created)
                #expect(try await w.call(.POST, "/indicators", as: "duchashi",
                                         #"{"year":\#(year),"code":"INV","name":"固定资产投资","measure":"count","target":10,"ownerUnitId":"\#(czj)"}"#).status == .created)
                // The development bureau excellent (its bonus); the finance bureau vetoed and graded poor.
                #expect(try await w.call(.POST, "/assessment/bonuses", as: "duchashi",
                                         #"{"year":\#(year),"unitId":"\#(Self.id(w.fixture.fgj.id))","points":40,"reason":"争取专项资金","evidence":"文件"}"#).status == .created)
                let runID = try #require(try await w.call(.POST, "/assessment/runs", as: "duchashi", #"{"year":\#(year),"group":"departments"}"#).json()["id"] as? String)
                // Nothing follows from a preview.
                let before = try await w.call(.GET, "/people/\(czjPerson)/eligibility", as: "duchashi").json()
                #expect((before["answers"] as? [[String: Any]])?.allSatisfy { $0["allowed"] as? Bool == true } == true)
                #expect(try await w.call(.POST, "/assessment/runs/\(runID)/publish", as: "duchashi").status == .ok)

                // The four restrictions: no to each question, with the veto behind it in words.
                let refused = try await w.call(.GET, "/people/\(czjPerson)/eligibility", as: "fagaiju")
                #expect(refused.status == .forbidden && refused.problemCode == "access.role_not_allowed")
                for reader in ["duchashi", "jijian", "shuji", "caizhengju"] {
                    #expect(try await w.call(.GET, "/people/\(czjPerson)/eligibility", as: reader).status == .ok, "\(reader) reads it")
                }
                w.client.acceptLanguage = "en"
                let eligibility = try await w.call(.GET, "/people/\(czjPerson)/eligibility", as: "jijian").json()
                #expect(eligibility["personName"] as? String == "李财政" && eligibility["day"] as? String == w.today.description)
                let answers = try #require(eligibility["answers"] as? [[String: Any]])
                #expect(answers.map { $0["question"] as? String } == ["promotion", "reuse", "excellence", "model"])
                #expect(answers.allSatisfy { $0["allowed"] as? Bool == false && !(($0["questionText"] as? String) ?? "").isEmpty })
                let promotion = try #require(answers.first?["restrictions"] as? [[String: Any]])
                let restriction = try #require(promotion.first { $0["kind"] as? String == "restriction" })
                #expect(restriction["reason"] as? String == "vetoed" && restriction["subject"] as? String == "投资一票否决")
                #expect((restriction["reasonText"] as? String)?.contains("投资一票否决") == true)
                #expect(restriction["recordedOn"] as? String == w.today.description && restriction["inForceUntil"] as? String == "\(year + 1)-12-31")
                #expect(promotion.contains { $0["kind"] as? String == "demotion" }, "the recommendation bars promotion until decided")
                #expect((answers[2]["restrictions"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["restriction"])
                let free = try await w.call(.GET, "/people/\(Self.id(w.fixture.fgjPerson.id))/eligibility", as: "fagaiju").json()
                #expect((free["answers"] as? [[String: Any]])?.allSatisfy { $0["allowed"] as? Bool == true } == true, "the person themself")

                // The register of consequences; a recommendation put to a meeting once.
                #expect(try await w.call(.GET, "/consequences", as: "fagaiju").status == .forbidden)
                let demotions = try await w.call(.GET, "/consequences?runId=\(runID)&kind=demotion&year=\(year)", as: "duchashi").json()
                let demotion = try #require((demotions["items"] as? [[String: Any]])?.first)
                #expect((demotions["items"] as? [Any])?.count == 1 && demotion["personName"] as? String == "李财政" && demotion["unitName"] as? String == "区财政局")
                let demotionID = try #require(demotion["id"] as? String)
                #expect((try await w.call(.GET, "/consequences?year=\(year - 1)", as: "shuji").json()["items"] as? [Any])?.isEmpty == true)
                let paged = try await w.call(.GET, "/consequences?limit=1", as: "jijian").json()
                #expect((paged["items"] as? [Any])?.count == 1 && paged["hasMore"] as? Bool == true)
                #expect(try await w.call(.POST, "/consequences/\(demotionID)/refer", as: "fagaiju").status == .forbidden)
                let referred = try await w.call(.POST, "/consequences/\(demotionID)/refer", as: "duchashi")
                #expect(referred.status == .ok)
                let referral = try referred.json()
                let decision = try #require(referral["decision"] as? [String: Any])
                let decisionID = try #require(decision["id"] as? String)
                #expect(decision["kind"] as? String == "personnel" && decision["state"] as? String == "draft")
                #expect((referral["consequence"] as? [String: Any])?["decisionId"] as? String == decisionID)
                let matter = try await w.call(.GET, "/decisions/\(decisionID)", as: "shuji").json()
                #expect(matter["kind"] as? String == "personnel" && (matter["title"] as? String)?.contains("李财政") == true)
                let twice = try await w.call(.POST, "/consequences/\(demotionID)/refer", as: "duchashi")
                #expect(twice.status == .conflict && twice.problemCode == "consequence.already_referred")
                let restrictionID = try #require(restriction["id"] as? String)
                let notOne = try await w.call(.POST, "/consequences/\(restrictionID)/refer", as: "duchashi")
                #expect(notOne.status == .conflict && notOne.problemCode == "consequence.not_recommendation")

                // A commendation, with its basis, of one of the unit's own people.
                let fgj = Self.id(w.fixture.fgj.id)
                let wrongUnit = try await w.call(.POST, "/commendations", as: "duchashi",
                                                 #"{"year":\#(year),"unitId":"\#(fgj)","personId":"\#(czjPerson)","title":"先进个人","basis":"招商成绩突出"}"#)
                #expect(wrongUnit.status == .unprocessableEntity && wrongUnit.problemField == "personId")
                let commended = try await w.call(.POST, "/commendations", as: "duchashi",
                                                 #"{"year":\#(year),"unitId":"\#(fgj)","personId":"\#(Self.id(w.fixture.fgjPerson.id))","title":"先进个人","basis":"招商成绩突出\n全年引进项目5个"}"#)
                #expect(commended.status == .created)
                #expect(try commended.json()["kind"] as? String == "commendation" && commended.json()["note"] as? String == "招商成绩突出\n全年引进项目5个")
            }
        }

        @Test func theAssessCommandPreviewsEachGroupWithASchemeAndPublishesThePreview() async throws {
            try await withLuoshi { app in
                var w = try await World.make(app)
                let year = w.today.year
                #expect(try await w.call(.POST, "/assessment/schemes", as: "duchashi", Self.scheme(year: year)).status == .created)
                // Both groups: the towns have no scheme and are passed over.
                let previewed = try await OperatorTasks.assess(app, year: year, group: nil, publish: false)
                #expect(previewed.groups.map(\.group) == [.departments] && previewed.skipped.map { $0.group } == [.townsAndStreets])
                let lines = previewed.groups[0].lines(Catalogue.for(.en))
                #expect(lines.first?.hasPrefix("\(year) departments: preview run ") == true && lines.first?.contains(" s") == true)
                let rows = lines.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
                #expect(rows.map(\.count) == [5, 5, 5] && rows.allSatisfy { $0[0] == "1" && $0[2] == "60.00" && $0[3] == "Poor" })
                #expect(Set(rows.map { $0[1] }) == ["区发展和改革局", "发改局办公室", "区财政局"])
                await #expect(throws: RuleViolation.self) { try await OperatorTasks.assess(app, year: year, group: .townsAndStreets, publish: false) }
                let published = try await OperatorTasks.assess(app, year: year, group: .departments, publish: true)
                #expect(published.groups.first?.run.state == .published && published.groups.first?.run.id == previewed.groups[0].run.id)
                #expect(published.groups[0].lines(Catalogue.for(.en)).first?.contains("consequences applied:") == true)
                await #expect(throws: RuleViolation.self) { try await OperatorTasks.assess(app, year: year, group: .departments, publish: true) }
            }
        }
    }
}

private extension TestingHTTPResponse {
    /// The refusing rule and the property it names, from a problem document (nil otherwise).
    var problemCode: String? { (try? json())?["code"] as? String }
    var problemField: String? { (try? json())?["field"] as? String }
}
