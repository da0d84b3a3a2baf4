// Task pages: the supervisor's register, a task with its decomposition tree, milestones and
// history, and the forms to register, change and decompose a task.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum TaskPages {
    struct RegisterFilter {
        var year: Int
        var areaID: String?
        var tier: String?
        var unitID: String?
        var leaderID: String?
        var status: String?
        var overdue: Bool
        var light: String?
        var q: String?
        var sort: String?

        var query: [(String, String?)] {
            // The API's names (listTasks), so a page's address and an API call filter alike.
            [("year", String(year)), ("areaId", areaID), ("tier", tier), ("unitId", unitID), ("leaderId", leaderID), ("status", status),
             ("overdue", overdue ? "true" : nil), ("light", light), ("q", q), ("sort", sort)]
        }
    }

    struct Choices {
        var years: [Int]
        var areas: [WorkArea]
        var units: [Unit]
        var leaders: [Person]
    }

    static func register(_ page: Page<TaskListing>, filter: RegisterFilter, choices: Choices, today: Day, canCreate: Bool,
                         context: PageContext) -> String {
        Layout.render(title: context[.tasksTitle], context: context,
            Forms.foldToggle(context),
            .form(.id("search"), .class("filters foldable"), .action(SitePath.tasks.rawValue), .method(.get),
                  Forms.select(context[.fieldYear], name: "year", options: choices.years.map { (String($0), String($0)) },
                               selected: String(filter.year)),
                  Forms.select(context[.fieldArea], name: "areaId", options: choices.areas.map { ($0.id.uuidString.lowercased(), $0.name) },
                               selected: filter.areaID, includeBlank: context[.all]),
                  Forms.select(context[.fieldTier], name: "tier", options: Tier.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: filter.tier, includeBlank: context[.all]),
                  Forms.select(context[.fieldResponsibleUnit], name: "unitId", options: Forms.unitOptions(choices.units),
                               selected: filter.unitID, includeBlank: context[.all]),
                  Forms.select(context[.fieldLeadLeader], name: "leaderId",
                               options: choices.leaders.map { ($0.id.uuidString.lowercased(), $0.name + " " + $0.position) },
                               selected: filter.leaderID, includeBlank: context[.all]),
                  Forms.select(context[.fieldStatus2], name: "status",
                               options: TaskStatus.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: filter.status, includeBlank: context[.all]),
                  Forms.select(context[.fieldLight], name: "light", options: Light.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: filter.light, includeBlank: context[.all]),
                  .label(.class("check"), .input(.type(.checkbox), .name("overdue"), .value("true"), .checked(filter.overdue)),
                         .text(context[.fieldOverdueOnly])),
                  Forms.text(context[.search], name: "q", value: filter.q, type: .search, required: false),
                  Forms.select(context[.fieldSort], name: "sort",
                               options: [("code", context[.sortCode]), ("deadline", context[.sortDeadline]),
                                         ("progress", context[.sortProgress])], selected: filter.sort ?? "code"),
                  Forms.submit(context[.filter])),
            .p(.class("actions"),
               .if(canCreate, .a(.class("button"), .href(SitePath.taskNew.rawValue), .text(context[.taskNew]))),
               .a(.href(esc(SitePath.tasksExport.query(filter.query + [("format", "xlsx")]))), .text(context[.exportXLSX])),
               .a(.href(esc(SitePath.tasksExport.query(filter.query + [("format", "csv")]))), .text(context[.exportCSV]))),
            // A form may not sit inside a paragraph: the office's recompute button follows the links.
            .if(context.caller?.supervises == true,
                .form(.id("lights-recompute"), .class("inline"), .action(SitePath.lightsRecompute.rawValue), .method(.post), Forms.csrf(context),
                      Forms.submit(context[.lightsRecompute]))),
            page.items.isEmpty ? .p(.class("empty"), .text(context[.noResults])) : table(page.items, today: today, context: context),
            Pagination.links(page, context: context, base: .tasks, query: filter.query)
        )
    }

    /// What is assigned to the caller personally, and (for unit heads and staff) their unit's work.
    static func myTasks(mine: [TaskListing]?, unitTasks: [TaskListing]?, led: [TaskListing]?, contracted: [KeyObject]?,
                        today: Day, context: PageContext) -> String {
        func list(_ tasks: [TaskListing]) -> Node<HTML.BodyContext> {
            tasks.isEmpty ? .p(.class("empty"), .text(context[.noResults])) : table(tasks, today: today, context: context)
        }
        return Layout.render(title: context[.myTasksTitle], context: context,
            .div(.id("my-tasks"), .unwrap(mine, list, else: .p(.class("empty"), .text(context[.myTasksNoPerson])))),
            .unwrap(led) { .group(.h2(.text(context[.portfolioLeads])), .div(.id("led-tasks"), list($0))) },
            .unwrap(contracted) { objects in
                .group(.h2(.text(context[.portfolioContracts])),
                       objects.isEmpty ? .p(.class("empty"), .text(context[.none])) :
                       .ul(.id("contracted"), .forEach(objects) { object in
                           .li(.a(.href(esc(SitePath.keyObject.with(object.id))), .text("\(object.code) \(object.name)")),
                               .text(" · " + context[object.kind.labelKey]))
                       }))
            },
            .unwrap(unitTasks) { .group(.h2(.text(context[.unitTasks])), .div(.id("unit-tasks"), list($0))) })
    }

    static func table(_ tasks: [TaskListing], today: Day, context: PageContext, indent: Bool = false) -> Node<HTML.BodyContext> {
        .table(.id("tasks"), .class("tasks"),
            .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldTitle])), .th(.text(context[.fieldTier])),
                       .th(.text(context[.fieldResponsibleUnit])), .th(.text(context[.fieldLeadLeader])),
                       .th(.text(context[.fieldDeadline])), .th(.text(context[.fieldProgress])), .th(.text(context[.fieldStatus2])),
                       .th(.text(context[.fieldLight])))),
            .tbody(.forEach(tasks) { task in
                let overdue = isOverdue(status: task.status, deadline: task.deadline, today: today)
                return .tr(.class(overdue ? "task overdue" : "task"),
                    .td(.class("code"), .text(task.code)),
                    .td(.class("title"), 
                        .if(indent, .span(.class("indent"), .text(String(repeating: "　", count: task.depth)))),
                        .a(.href(esc(SitePath.task.with(task.id))), .text(task.title)),
                        .unwrap(task.assigneeName) { .span(.class("assignee"), .text(" · " + $0)) }),
                    .td(.attribute(named: "data-label", value: context[.fieldTier]), .text(context[task.tier.labelKey])),
                    .td(.class("unit"), .attribute(named: "data-label", value: context[.fieldResponsibleUnit]), .text(task.responsibleUnitName)),
                    .td(.attribute(named: "data-label", value: context[.fieldLeadLeader]), .text(task.leaderName ?? "")),
                    .td(.class("deadline"), .attribute(named: "data-label", value: context[.fieldDeadline]), .text(task.deadline.description)),
                    .td(.class("progress"), .attribute(named: "data-label", value: context[.fieldProgress]), progressBar(task.progress, status: task.status, start: task.start, deadline: task.deadline,
                                                         today: today, context: context)),
                    .td(.class("status"), .attribute(named: "data-label", value: context[.fieldStatus2]), .text(context[task.status.labelKey]),
                        .if(overdue, .span(.class("badge overdue"), .text(context[.statusOverdue])))),
                    .td(.class("light"), .attribute(named: "data-label", value: context[.fieldLight]),
                        SupervisionPages.lightBadge(task.light, context: context)))
            }))
    }

    /// A task's figure as a bar with the number beside it. Its colour follows `Pace`: green only
    /// when the work keeps up with the time elapsed, yellow when behind it, red when overdue.
    static func progressBar(_ value: Double, status: TaskStatus, start: Day, deadline: Day, today: Day,
                            context: PageContext) -> Node<HTML.BodyContext> {
        let percent = Int(value.rounded())
        let pace = Pace.of(progress: value, status: status, start: start, deadline: deadline, today: today)
        let expected = Int(Pace.expected(start: start, deadline: deadline, today: today).rounded())
        // <meter optimum=100>: with low = high = 0 every value is optimal (green); with low = high =
        // 100 the optimum region is [100, 100] and anything below it is suboptimal (yellow); with
        // low = high = 99.9 the optimum lies above `high`, so below `low` is "even less good" (red).
        let (low, high) = switch pace {
        case .done, .onTrack: ("0", "0")
        case .lagging: ("100", "100")
        case .overdue: ("99.9", "99.9")
        }
        return .span(.class("bar pace-" + pace.rawValue),
                     .attribute(named: "title", value: context.catalogue.format(.paceExpected, ["expected": String(expected),
                                                                                               "actual": String(percent)])),
                     .element(named: "meter", nodes: [
                        .attribute(named: "min", value: "0"), .attribute(named: "max", value: "100"),
                        .attribute(named: "low", value: low), .attribute(named: "high", value: high),
                        .attribute(named: "optimum", value: "100"), .attribute(named: "value", value: String(percent)),
                        .text("\(percent)%"),
                     ]),
                     .span(.class("pct"), .text("\(percent)%")),
                     .if(pace == .lagging, .span(.class("badge lagging"), .text(context[.paceLagging]))))
    }

    struct Detail {
        var task: KeyTask
        var progress: Double
        var areaName: String?
        var leaderName: String?
        var assigneeName: String?
        var responsibleUnitName: String
        var cooperatingUnitNames: [String]
        var parent: KeyTask?
        var tree: [TaskListing]
        var history: [AuditEvent]
        var historyNames: [UUID: RecordName]
        var keyObjects: [KeyObject]
        /// The decision the task carries out, when the caller may read it.
        var decision: Decision?
        var canManage: Bool
        var canDecompose: Bool
        var canReport: Bool
        var supervision: SupervisionPages.TaskSupervision

        /// Direct sub-tasks not cancelled: while there are any, the task's figure is their roll-up.
        var openSubTasks: Int { tree.filter { $0.parentID == task.id && $0.status != .cancelled }.count }
    }

    static func show(_ detail: Detail, today: Day, error: String?, context: PageContext) -> String {
        let task = detail.task
        let overdue = task.isOverdue(today: today)
        return Layout.render(title: "\(task.code) \(task.title)", context: context, error: error,
            .dl(.class("facts"),
                .dt(.text(context[.fieldStatus2])),
                .dd(.id("task-status"), .text(context[task.status.labelKey]),
                    .if(overdue, .span(.class("badge overdue"), .text(context[.statusOverdue]))),
                    .unwrap(task.cancelReason) { .span(.text(" · " + $0)) }),
                .dt(.text(context[.fieldProgress])),
                .dd(progressBar(detail.progress, status: task.status, start: task.start, deadline: task.deadline, today: today,
                                context: context)),
                .unwrap(detail.parent) { parent in
                    .group(.dt(.text(context[.fieldParentTask])),
                           .dd(.a(.href(esc(SitePath.task.with(parent.id))), .text("\(parent.code) \(parent.title)"))))
                },
                .dt(.text(context[.fieldArea])), .dd(.text(detail.areaName ?? context[.none])),
                .dt(.text(context[.fieldTier])), .dd(.text(context[task.tier.labelKey] + " · " + context[task.rhythm.labelKey])),
                .dt(.text(context[.fieldTarget])), .dd(.text(task.target.isEmpty ? context[.none] : task.target)),
                .dt(.text(context[.fieldRequirements])), .dd(.text(task.requirements.isEmpty ? context[.none] : task.requirements)),
                .dt(.text(context[.fieldStart])), .dd(.text(task.start.description)),
                .dt(.text(context[.fieldDeadline])), .dd(.text(task.deadline.description)),
                .dt(.text(context[.fieldLeadLeader])), .dd(.text(detail.leaderName ?? context[.none])),
                .dt(.text(context[.fieldResponsibleUnit])), .dd(.class("unit"), .text(detail.responsibleUnitName)),
                .dt(.text(context[.fieldCooperatingUnits])),
                .dd(.text(detail.cooperatingUnitNames.isEmpty ? context[.none] : detail.cooperatingUnitNames.joined(separator: "、"))),
                .dt(.text(context[.fieldAssignee])), .dd(.id("assignee"), .text(detail.assigneeName ?? context[.none])),
                .unwrap(detail.decision) { decision in
                    .group(.dt(.text(context[.fieldDecision])),
                           .dd(.id("decision"), .a(.href(SitePath.decision.with(decision.id)), .text("\(decision.code) \(decision.title)"))))
                }),
            .p(.class("actions"),
               .if(detail.canDecompose && task.status.isOpen,
                   .a(.class("button"), .id("decompose"), .href(esc(SitePath.taskDecompose.with(task.id))), .text(context[.taskDecompose]))),
               .if(detail.canManage, .a(.href(esc(SitePath.taskEdit.with(task.id))), .text(context[.taskEdit])))),
            SupervisionPages.taskSection(detail.supervision, task: task, context: context),
            .if(detail.canReport, statusForm(task, openSubTasks: detail.openSubTasks, context: context)),
            .h2(.text(context[.fieldMilestones])),
            task.milestones.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ul(.id("milestones"), .forEach(task.milestones) { .li(.text("\($0.date) · \($0.target)")) }),
            .h2(.text(context[.taskTree])),
            table(detail.tree, today: today, context: context, indent: true),
            .if(!detail.keyObjects.isEmpty, .group(
                .h2(.text(context[.navKeyObjects])),
                .ul(.forEach(detail.keyObjects) { .li(.a(.href(esc(SitePath.keyObject.with($0.id))), .text("\($0.code) \($0.name)"))) }))),
            .h2(.text(context[.taskHistory])),
            detail.history.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ol(.id("history"), .forEach(detail.history) { event in
                let own = event.content.recordID == task.id.uuidString.lowercased()
                let story = AuditNarrative.story(event, names: detail.historyNames, context: context,
                                                 lines: own && event.content.action != .create)
                return .li(.text("\(context.clock.minute(iso: event.content.occurredAt)) · \(event.content.actorName) · "
                                 + context[AuditPage.actionKey(event.content.action)]),
                           own ? .if(event.content.action != .create, .text("：" + AuditNarrative.summary(story)))
                               : .group(.text(context[.auditRecordSubTask] + " "),
                                        .unwrap(story.recordPath, { .a(.href(esc($0)), .text(story.recordLabel)) }, else: .text(story.recordLabel))))
            })
        )
    }

    /// A task with sub-tasks reports no progress of its own (its figure is their roll-up): the
    /// form offers its status only, and says where progress comes from.
    static func statusForm(_ task: KeyTask, openSubTasks: Int, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.id("task-status-form"), .class("filters"), .action(esc(SitePath.taskStatus.with(task.id))), .method(.post),
              Forms.csrf(context),
              Forms.select(context[.fieldStatus2], name: "status",
                           options: TaskStatus.allCases.filter { task.status.canMove(to: $0) && $0 != .completed }.map { ($0.rawValue, context[$0.labelKey]) },
                           selected: task.status.rawValue),
              openSubTasks > 0
                ? .p(.class("hint"), .id("progress-rolled-up"), .text(context.catalogue.format(.taskProgressFromSubtasks, ["count": String(openSubTasks)])))
                : Forms.text(context[.fieldProgress], name: "progress", value: String(task.progress), type: .number, required: false),
              Forms.text(context[.fieldCancelReason], name: "reason", value: nil, required: false),
              Forms.submit(context[.taskChangeStatus]))
    }
}
