// The forms that register or change a key task, and decompose one into a sub-task.
import Foundation
import LuoshiDomain
import Plot

enum TaskForms {
    /// The fields as typed, so a refused form comes back as it was.
    struct Values {
        var year = ""
        var code = ""
        var title = ""
        var areaID = ""
        var tier = Tier.pushed.rawValue
        var target = ""
        var requirements = ""
        var start = ""
        var deadline = ""
        var milestones = ""
        var leaderID = ""
        var responsibleUnitID = ""
        var cooperatingUnitIDs: [String] = []
        var assigneeID = ""
        var weight = "1"
        var rhythm = ""
        var decisionID = ""

        init() {}

        init(_ task: KeyTask) {
            year = String(task.year); code = task.code; title = task.title; areaID = task.areaID?.uuidString.lowercased() ?? ""
            tier = task.tier.rawValue; target = task.target; requirements = task.requirements; start = task.start.description
            deadline = task.deadline.description
            milestones = Milestone.text(task.milestones)
            leaderID = task.leadLeaderID?.uuidString.lowercased() ?? ""
            responsibleUnitID = task.responsibleUnitID.uuidString.lowercased()
            cooperatingUnitIDs = task.cooperatingUnitIDs.map { $0.uuidString.lowercased() }
            assigneeID = task.assigneeID?.uuidString.lowercased() ?? ""; weight = String(task.weight)
            rhythm = task.rhythmOverride?.rawValue ?? ""; decisionID = task.decisionID?.uuidString.lowercased() ?? ""
        }
    }

    struct Choices {
        var areas: [WorkArea]
        var units: [Unit]
        var leaders: [Person]
        var people: [PersonListing]
        /// Decided matters a key task may carry out.
        var decisions: [Decision]
    }

    static func keyTask(_ values: Values, editing task: KeyTask?, choices: Choices, error: String?, context: PageContext) -> String {
        let action = task.map { SitePath.taskEdit.with($0.id) } ?? SitePath.taskNew.rawValue
        return Layout.render(title: context[task == nil ? .taskNew : .taskEdit], context: context, error: error,
            .form(.id("task-form"), .action(esc(action)), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.fieldYear], name: "year", value: values.year, type: .number),
                  Forms.text(context[.fieldCode], name: "code", value: values.code, required: false, placeholder: "2026-ZD-35"),
                  Forms.text(context[.fieldTitle], name: "title", value: values.title),
                  .if(task?.parentID == nil,
                      Forms.select(context[.fieldArea], name: "areaId", options: choices.areas.map { ($0.id.uuidString.lowercased(), $0.name) },
                                   selected: values.areaID, includeBlank: context[.none])),
                  Forms.select(context[.fieldTier], name: "tier", options: Tier.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: values.tier),
                  textarea(context[.fieldTarget], name: "target", value: values.target),
                  textarea(context[.fieldRequirements], name: "requirements", value: values.requirements),
                  Forms.text(context[.fieldStart], name: "start", value: values.start, type: .date),
                  Forms.text(context[.fieldDeadline], name: "deadline", value: values.deadline, type: .date),
                  textarea(context[.fieldMilestones], name: "milestones", value: values.milestones, placeholder: "2026-06-30 …"),
                  Forms.select(context[.fieldLeadLeader], name: "leadLeaderId",
                               options: choices.leaders.map { ($0.id.uuidString.lowercased(), $0.name + " " + $0.position) },
                               selected: values.leaderID, includeBlank: context[.none]),
                  Forms.select(context[.fieldResponsibleUnit], name: "responsibleUnitId", options: Forms.unitOptions(choices.units),
                               selected: values.responsibleUnitID),
                  multiSelect(context[.fieldCooperatingUnits], name: "cooperatingUnitIds", options: Forms.unitOptions(choices.units),
                              selected: values.cooperatingUnitIDs),
                  Forms.select(context[.fieldRhythm], name: "rhythm",
                               options: ReportingRhythm.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: values.rhythm, includeBlank: context[.none]),
                  Forms.select(context[.fieldDecision], name: "decisionId",
                               options: choices.decisions.map { ($0.id.uuidString.lowercased(), "\($0.code) \($0.title)") },
                               selected: values.decisionID, includeBlank: context[.none]),
                  Forms.submit(context[.save]))
        )
    }

    /// A sub-task for a unit (responsible, co-operating, or below) or for one person in such a unit.
    static func decompose(_ values: Values, parent: KeyTask, choices: Choices, error: String?, context: PageContext) -> String {
        Layout.render(title: "\(context[.taskDecompose]) · \(parent.code) \(parent.title)", context: context, error: error,
            .form(.id("decompose-form"), .action(esc(SitePath.taskDecompose.with(parent.id))), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.fieldTitle], name: "title", value: values.title),
                  // People under their unit's heading, units in the unit picker's order: the person chosen
                  // must belong to the unit chosen above (or below it), as task.assignee_outside_unit says.
                  // The list keeps to the chosen unit: at once with the script (luoshi.js), or with the
                  // button below that sends the form back as it is, without one.
                  .label(.text(context[.fieldResponsibleUnit]),
                         .select(.attribute(named: "name", value: "responsibleUnitId"), .attribute(named: "data-narrows", value: "assigneeId"),
                                 .forEach(UnitOrdering.treeOrder(choices.units)) { unit in
                                     .element(named: "option", nodes: [
                                         .attribute(named: "value", value: unit.id.uuidString.lowercased()),
                                         .attribute(named: "data-path", value: esc(unit.path)),
                                         unit.id.uuidString.lowercased() == values.responsibleUnitID ? .attribute(named: "selected") : .empty,
                                         .text(String(repeating: "　", count: UnitTree.depth(of: unit.path)) + unit.name),
                                     ])
                                 })),
                  .label(.text(context[.fieldAssignee]),
                         .select(.attribute(named: "name", value: "assigneeId"),
                                 Forms.choices([], selected: values.assigneeID, includeBlank: context[.none]),
                                 .forEach(UnitOrdering.treeOrder(choices.units)) { unit in
                                     let people = choices.people.filter { $0.person.unitID == unit.id }
                                     return people.isEmpty ? .empty : .element(named: "optgroup", nodes: [
                                         .attribute(named: "label", value: esc(unit.name)),
                                         .attribute(named: "data-path", value: esc(unit.path)),
                                         Forms.choices(people.map { ($0.person.id.uuidString.lowercased(), "\($0.person.name) \($0.person.position)") },
                                                       selected: values.assigneeID),
                                     ])
                                 })),
                  textarea(context[.fieldTarget], name: "target", value: values.target),
                  Forms.text(context[.fieldDeadline], name: "deadline", value: values.deadline, type: .date),
                  Forms.text(context[.fieldWeight], name: "weight", value: values.weight, type: .number),
                  // Saving comes first: it is what Enter in a field does.
                  Forms.submit(context[.taskDecompose]),
                  .text(" "),
                  .button(.type(.submit), .class("secondary narrow-people"), .name("narrow"), .value("1"),
                          .attribute(named: "formnovalidate"), .text(context[.decomposeNarrowPeople])))
        )
    }

    static func textarea(_ label: String, name: String, value: String, placeholder: String? = nil) -> Node<HTML.FormContext> {
        .label(.text(label), .textarea(.name(name), .rows(3), .unwrap(placeholder) { .placeholder(esc($0)) }, .text(value)))
    }

    static func multiSelect(_ label: String, name: String, options: [(value: String, label: String)],
                            selected: [String]) -> Node<HTML.FormContext> {
        .label(.text(label), .select(.attribute(named: "name", value: name), .attribute(named: "multiple"),
                                     .attribute(named: "size", value: "6"),
                                     .forEach(options) { option in
                                         .element(named: "option", nodes: [
                                             .attribute(named: "value", value: esc(option.value), ignoreIfValueIsEmpty: false),
                                             selected.contains(option.value) ? .attribute(named: "selected") : .empty,
                                             .text(option.label),
                                         ])
                                     }))
    }
}
