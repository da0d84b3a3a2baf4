// Decision pages: the list, a matter's page (the procedure as steps, opinions, its meetings, the
// key tasks carrying it out) and the form.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum DecisionPages {
    /// The procedure in its order, as the page shows the steps.
    static let steps: [DecisionState] = [.draft, .consultation, .onAgenda, .decided, .decomposed, .completed]

    static func list(_ page: Page<Decision>, filter: DecisionFilter, names: [UUID: String], canPropose: Bool, context: PageContext) -> String {
        Layout.render(title: context[.decisionsTitle], context: context,
            .if(canPropose, .p(.a(.class("button"), .id("decision-new"), .href(SitePath.decisionNew.rawValue), .text(context[.decisionNew])))),
            Forms.foldToggle(context),
            .form(.class("filters foldable"), .method(.get), .action(SitePath.decisions.rawValue),
                  Forms.select(context[.fieldDecisionState], name: "state",
                               options: DecisionState.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: filter.state?.rawValue, includeBlank: context[.all]),
                  Forms.select(context[.fieldDecisionKind], name: "kind",
                               options: DecisionKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: filter.kind?.rawValue, includeBlank: context[.all]),
                  Forms.text(context[.search], name: "q", value: filter.search, required: false),
                  Forms.submit(context[.filter])),
            page.items.isEmpty ? .p(.class("empty"), .text(context[.noResults])) :
            .table(.id("decisions"),
                .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldDecisionTitle])), .th(.text(context[.fieldDecisionKind])),
                           .th(.text(context[.fieldDecisionState])), .th(.text(context[.fieldResponsibleLeader])))),
                .tbody(.forEach(page.items) { decision in
                    .tr(.td(.text(decision.code)),
                        .td(.class("title"), .a(.href(SitePath.decision.with(decision.id)), .text(decision.title))),
                        .td(.attribute(named: "data-label", value: context[.fieldDecisionKind]), .text(context[decision.kind.labelKey])),
                        .td(.attribute(named: "data-label", value: context[.fieldDecisionState]),
                            .span(.class("state state-\(decision.state.rawValue)"), .text(context[decision.state.labelKey]))),
                        .td(.attribute(named: "data-label", value: context[.fieldResponsibleLeader]),
                            .text(decision.responsibleLeaderID.flatMap { names[$0] } ?? context[.none])))
                })),
            Pagination.links(page, context: context, base: .decisions,
                             query: [("state", filter.state?.rawValue), ("kind", filter.kind?.rawValue), ("q", filter.search)])
        )
    }

    struct Detail {
        var decision: Decision
        var opinions: [Opinion]
        var history: [AgendaEntry]
        var tasks: [DecisionTask]
        var unitNames: [UUID: String]
        var names: [UUID: String]
        var canManage: Bool
    }

    static func show(_ detail: Detail, today: Day, error: String?, context: PageContext) -> String {
        let decision = detail.decision
        let current = decision.state
        let position = steps.firstIndex(of: current) ?? (current == .deferred || current == .rejected ? 2 : 0)
        return Layout.render(title: "\(decision.code) \(decision.title)", context: context, error: error,
            .ol(.class("procedure"), .id("procedure"), .forEach(steps.enumerated()) { index, step in
                .li(.class(index < position ? "done" : (index == position ? "current" : "todo")),
                    .text(context[step == current || index != position ? step.labelKey : current.labelKey]))
            }),
            .if(current == .rejected || current == .deferred,
                .p(.class("flash"), .id("state-note"), .text(context[current.labelKey]))),
            .dl(.class("facts"),
                .dt(.text(context[.fieldDecisionKind])), .dd(.text(context[decision.kind.labelKey])),
                .dt(.text(context[.fieldDecisionState])), .dd(.id("decision-state"), .text(context[current.labelKey])),
                .dt(.text(context[.fieldProposer])), .dd(.text(decision.proposerID.flatMap { detail.names[$0] } ?? context[.none])),
                .dt(.text(context[.fieldResponsibleLeader])),
                .dd(.text(decision.responsibleLeaderID.flatMap { detail.names[$0] } ?? context[.none])),
                .dt(.text(context[.fieldDecisionBasis])), .dd(.text(decision.basis.isEmpty ? context[.none] : decision.basis)),
                .dt(.text(context[.fieldDecisionContent])), .dd(.class("prose"), .text(decision.content.isEmpty ? context[.none] : decision.content)),
                .if(!decision.resolution.isEmpty, .group(.dt(.text(context[.fieldResolution])),
                                                         .dd(.id("resolution"), .class("prose"), .text(decision.resolution))))),
            .if(detail.canManage, actions(decision, context: context)),
            .h2(.text(context[.opinionsTitle])),
            detail.opinions.isEmpty ? .p(.class("empty"), .id("no-opinions"), .text(context[decision.kind == .major ? .opinionsNeeded : .none])) :
            .ul(.id("opinions"), .class("opinions"), .forEach(detail.opinions) { opinion in
                .li(.strong(.text(opinion.advisorName)), .text(opinion.advisorField.isEmpty ? "" : "（\(opinion.advisorField)）"),
                    .text(" · \(opinion.day) · "), .span(.class("stance"), .text(context[opinion.stance.labelKey])),
                    .p(.class("prose"), .text(opinion.text)))
            }),
            .if(detail.canManage && [.draft, .consultation, .deferred].contains(current), opinionForm(decision, context: context)),
            .if(!detail.history.isEmpty, .group(
                .h2(.text(context[.decisionMeetings])),
                .ul(.id("decision-meetings"), .forEach(detail.history) { entry in
                    .li(.a(.href(SitePath.meeting.with(entry.meetingID)), .text("\(entry.meetingDay) \(entry.meetingTitle)")),
                        .text(" · "), .text(context[entry.item.outcome.labelKey]))
                }))),
            .h2(.text(context[.decisionTasks])),
            detail.tasks.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("decision-tasks"),
                .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldTitle])), .th(.text(context[.fieldResponsibleUnit])),
                           .th(.text(context[.fieldDeadline])), .th(.text(context[.fieldProgress])), .th(.text(context[.fieldStatus2])))),
                .tbody(.forEach(detail.tasks) { task in
                    .tr(.td(.text(task.code)),
                        .td(.class("title"), .a(.href(SitePath.task.with(task.id)), .text(task.title))),
                        .td(.attribute(named: "data-label", value: context[.fieldResponsibleUnit]), .text(detail.unitNames[task.responsibleUnitID] ?? "")),
                        .td(.attribute(named: "data-label", value: context[.fieldDeadline]), .text(task.deadline.description)),
                        .td(.class("progress"), .attribute(named: "data-label", value: context[.fieldProgress]),
                            TaskPages.progressBar(task.progress, status: task.status, start: task.start,
                                                  deadline: task.deadline, today: today, context: context)),
                        .td(.attribute(named: "data-label", value: context[.fieldStatus2]), .text(context[task.status.labelKey])))
                })),
            .if(detail.canManage && decision.state.isDecided && decision.state != .completed,
                .p(.a(.class("button"), .id("decompose-decision"), .href(esc(SitePath.taskNew.query([("decisionId", decision.id.uuidString.lowercased())]))),
                      .text(context[.decisionDecompose]))))
        )
    }

    static func actions(_ decision: Decision, context: PageContext) -> Node<HTML.BodyContext> {
        let moves: [(DecisionProcedure.Action, L10nKey)] = [(.consult, .decisionConsult), (.reconsider, .decisionReconsider),
                                                            (.complete, .decisionComplete)]
        let possible = moves.filter { (try? DecisionProcedure.next(from: decision.state, by: $0.0)) != nil }
        return .div(.class("actions"), .id("decision-actions"),
            .if([.draft, .consultation, .deferred].contains(decision.state),
                .a(.class("button secondary"), .href(SitePath.decisionEdit.with(decision.id)), .text(context[.edit]))),
            .forEach(possible) { action, label in
                .form(.class("inline"), .method(.post), .action(SitePath.decisionMove.with(decision.id)),
                      Forms.csrf(context), .input(.type(.hidden), .name("action"), .value(action.rawValue)),
                      Forms.submit(context[label]))
            },
            .if(decision.state == .consultation || decision.state == .deferred,
                .p(.class("hint"), .text(context[.decisionAgendaHint]))))
    }

    static func opinionForm(_ decision: Decision, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.id("opinion-form"), .class("narrow"), .method(.post), .action(SitePath.decisionOpinions.with(decision.id)),
              Forms.csrf(context),
              .h3(.text(context[.opinionNew])),
              Forms.text(context[.fieldAdvisorName], name: "advisorName", value: nil),
              Forms.text(context[.fieldAdvisorField], name: "advisorField", value: nil, required: false),
              Forms.select(context[.fieldStance], name: "stance", options: Stance.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                           selected: nil),
              .label(.text(context[.fieldOpinionText]), .textarea(.name("text"), .rows(4), .required(true))),
              Forms.text(context[.fieldDay], name: "day", value: nil, type: .date, required: false),
              Forms.submit(context[.opinionNew]))
    }

    struct FormValues {
        var year = ""
        var code = ""
        var title = ""
        var content = ""
        var kind = DecisionKind.ordinary.rawValue
        var basis = ""
        var leaderID = ""
    }

    static func form(_ values: FormValues, editing: Decision?, leaders: [Person], error: String?, context: PageContext) -> String {
        let action = editing.map { SitePath.decisionEdit.with($0.id) } ?? SitePath.decisionNew.rawValue
        return Layout.render(title: editing.map { "\(context[.edit]) · \($0.code)" } ?? context[.decisionNew], context: context, error: error,
            .form(.id("decision-form"), .method(.post), .action(action),
                  Forms.csrf(context),
                  .if(editing == nil, Forms.text(context[.fieldYear], name: "year", value: values.year, type: .number)),
                  .if(editing == nil, Forms.text(context[.fieldCode], name: "code", value: values.code, required: false,
                                                 placeholder: context[.decisionCodeHint])),
                  Forms.text(context[.fieldDecisionTitle], name: "title", value: values.title),
                  Forms.select(context[.fieldDecisionKind], name: "kind", options: DecisionKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: values.kind),
                  .label(.text(context[.fieldDecisionContent]), .textarea(.name("content"), .rows(5), .text(values.content))),
                  .label(.text(context[.fieldDecisionBasis]), .textarea(.name("basis"), .rows(2), .text(values.basis))),
                  Forms.select(context[.fieldResponsibleLeader], name: "responsibleLeaderId",
                               options: leaders.map { ($0.id.uuidString.lowercased(), "\($0.name) \($0.position)") },
                               selected: values.leaderID, includeBlank: context[.none]),
                  Forms.submit(context[.save])))
    }
}
