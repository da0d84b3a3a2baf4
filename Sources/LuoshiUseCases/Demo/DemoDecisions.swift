// The demo district's decisions and meetings (issue 9), through the same use cases as everyone:
// the year's first joint party-government meeting decides to expand the development zone and to
// contract key projects to district leaders (both carried out by demo key tasks); a weekly Monday
// meeting series meets four times in November, where a personnel matter is deferred for want of
// two thirds present and decided at the next occurrence; a major matter waits in consultation
// with its expert opinion, and one more is still a draft. The people are the demo's generated ones.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum DemoDecisions {
    static func load(context: UseCaseContext, people: [String: [Person]]) async throws {
        let year = 2026
        func day(_ month: Int, _ dayOfMonth: Int) -> Day { Day(year: year, month: month, day: dayOfMonth)! }
        let committee = people["QW"] ?? [], government = people["QZF"] ?? []
        guard committee.count >= 5, government.count >= 4 else { return }
        let secretary = committee[0], executive = committee[4], districtHead = government[0]
        let leaders = Array(committee.prefix(5)) + Array(government.prefix(4))

        // The matters.
        let zone = try await createDecision(DecisionDraft(
            year: year, title: "经济开发区（工业聚集区）扩区提质", kind: .major,
            content: "新增工业用地2000亩，按“七通一平”完善基础设施，新建标准化厂房8万平方米，提高亩均投资强度和产出。",
            basis: "区委全会关于推进工业强区的决定；省级开发区扩区调区有关规定",
            proposerID: executive.id, responsibleLeaderID: executive.id), context: context)
        let contracting = try await createDecision(DecisionDraft(
            year: year, title: "实行重点项目区级领导分包责任制", kind: .ordinary,
            content: "43个区级重点项目每个明确一名区级领导分包，一个项目、一名领导、一套班子、一抓到底，赋予分包领导协调调度权。",
            basis: "市委关于抓落实的工作意见", proposerID: secretary.id, responsibleLeaderID: secretary.id), context: context)
        let personnel = try await createDecision(DecisionDraft(
            year: year, title: "区直部门领导班子调整", kind: .personnel, content: "按干部管理权限调整部分区直部门领导班子成员。",
            basis: "《党政领导干部选拔任用工作条例》", proposerID: committee[2].id, responsibleLeaderID: committee[2].id), context: context)
        let housing = try await createDecision(DecisionDraft(
            year: year, title: "老旧小区改造三年行动方案", kind: .major,
            content: "2027—2029年改造老旧小区120个，同步完善养老、托育、停车等配套。", basis: "国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见",
            proposerID: districtHead.id, responsibleLeaderID: government[2].id), context: context)
        _ = try await createDecision(DecisionDraft(
            year: year, title: "区政务服务中心搬迁", kind: .ordinary, content: "政务服务中心整体搬迁至新城区综合服务楼。",
            proposerID: government[1].id, responsibleLeaderID: government[1].id), context: context)

        // Consultation and opinions.
        for decision in [zone, contracting, personnel, housing] { _ = try await moveDecision(id: decision.id, by: .consult, context: context) }
        _ = try await addOpinion(decisionID: zone.id, advisorName: "周立衡", advisorField: "区域经济 · 省社会科学院", stance: .conditional,
                                 text: "扩区方向可行；建议分期供地，首期不超过800亩，并同步核算亩均税收门槛。", day: day(1, 8), context: context)
        _ = try await addOpinion(decisionID: zone.id, advisorName: "林书瑶", advisorField: "城市规划 · 某大学建筑与规划学院", stance: .support,
                                 text: "与国土空间规划衔接良好，建议预留物流通道和生态隔离带。", day: day(1, 10), context: context)
        _ = try await addOpinion(decisionID: housing.id, advisorName: "陈启明", advisorField: "住房与城乡建设 · 市规划设计研究院", stance: .support,
                                 text: "改造清单应先做居民意愿调查，优先管网和加装电梯。", day: day(11, 20), context: context)

        // The year's first joint meeting: both decided, with the votes of those present.
        let joint = try await createMeeting(MeetingDraft(kind: .jointPartyGovernment, title: "2026年第1次党政联席会", day: day(1, 15),
                                                         startTime: "09:00", place: "区委常委会议室", chairID: secretary.id,
                                                         memberIDs: leaders.map(\.id)), context: context)
        for (index, member) in leaders.enumerated() {
            _ = try await setAttendance(meetingID: joint.id, personID: member.id, attendance: index == 8 ? .leave : .present,
                                        leaveReason: index == 8 ? "赴省参加招商推介会" : "", context: context)
        }
        for (decision, resolution, abstaining) in [(zone, "同意经济开发区扩区提质方案，首期供地800亩，由常务副区长牵头组织实施。", 0),
                                                  (contracting, "同意实行重点项目区级领导分包责任制，名单由区委督查室印发。", 1)] {
            let item = try await addAgendaItem(meetingID: joint.id, decisionID: decision.id, title: "", context: context)
            for (index, member) in leaders.prefix(8).enumerated() {
                _ = try await castVote(itemID: item.id, personID: member.id, choice: index < 8 - abstaining ? .inFavour : .abstain, context: context)
            }
            _ = try await recordOutcome(itemID: item.id, outcome: .decided, note: resolution, context: context)
        }
        _ = try await setMinutes(meetingID: joint.id, minutes: "会议研究了经济开发区扩区提质和重点项目区级领导分包责任制两项事项，均获通过。请区委督查室跟踪督办，按月通报进展。",
                                 context: context)

        // The decided matters are carried out by the plan's key tasks.
        for (code, decision) in [("2026-ZD-03", zone), ("2026-ZD-02", contracting)] {
            if let task = try await context.store.tasks(TaskFilter(year: year, search: code), offset: 0, limit: 1).items.first {
                _ = try await setTaskDecision(taskID: task.id, decisionID: decision.id, context: context)
            }
        }

        // The Monday meeting series: four occurrences in November.
        let (_, first) = try await createMeetingSeries(kind: .weeklyMonday, title: "区政府周一例会", rhythm: .weekly, chairID: districtHead.id,
                                                       memberIDs: leaders.map(\.id), place: "区政府第一会议室", startTime: "08:30",
                                                       firstDay: day(11, 2), context: context)
        let report = try await addAgendaItem(meetingID: first.id, decisionID: nil, title: "重点项目建设攻坚行动进展汇报", context: context)
        let personnelItem = try await addAgendaItem(meetingID: first.id, decisionID: personnel.id, title: "", context: context)
        for (index, member) in leaders.enumerated() {
            let attendance: Attendance = index < 5 ? .present : (index < 7 ? .leave : .absent)
            _ = try await setAttendance(meetingID: first.id, personID: member.id, attendance: attendance,
                                        leaveReason: attendance == .leave ? "外出招商" : "", context: context)
        }
        _ = try await recordOutcome(itemID: report.id, outcome: .heard, note: "对进度滞后的3个项目由分包领导本周内现场调度。", context: context)
        // Five of nine present: not two thirds, so the personnel matter waits.
        _ = try await recordOutcome(itemID: personnelItem.id, outcome: .deferred, note: "出席人数不足三分之二，转下次会议。", context: context)

        let second = try await scheduleNextMeeting(after: first.id, context: context)
        for (index, member) in leaders.enumerated() {
            _ = try await setAttendance(meetingID: second.id, personID: member.id, attendance: index < 7 ? .present : .leave,
                                        leaveReason: index < 7 ? "" : "参加市里会议", context: context)
        }
        if let carried = try await context.store.agendaItems(meetingID: second.id).first(where: { $0.decisionID == personnel.id }) {
            for member in leaders.prefix(7) { _ = try await castVote(itemID: carried.id, personID: member.id, choice: .inFavour, context: context) }
            _ = try await recordOutcome(itemID: carried.id, outcome: .decided, note: "同意调整方案，按程序办理任职手续。", context: context)
        }
        let third = try await scheduleNextMeeting(after: second.id, context: context)
        for member in leaders { _ = try await setAttendance(meetingID: third.id, personID: member.id, attendance: .present, leaveReason: "", context: context) }
        let heard = try await addAgendaItem(meetingID: third.id, decisionID: nil, title: "冬季安全生产和清洁取暖工作汇报", context: context)
        _ = try await recordOutcome(itemID: heard.id, outcome: .heard, note: "各镇街本周完成燃气安全隐患排查。", context: context)
        let fourth = try await scheduleNextMeeting(after: third.id, context: context)
        _ = try await addAgendaItem(meetingID: fourth.id, decisionID: housing.id, title: "", context: context)
    }
}
