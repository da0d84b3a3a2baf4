// Unit pages: the list, one unit, and the form to create or edit one.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum UnitPages {
    static func list(_ page: Page<Unit>, search: String?, kind: UnitKind?, parents: [UUID: String],
                     canManage: Bool, context: PageContext) -> String {
        let kinds = UnitKind.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) }
        return Layout.render(title: context[.unitsTitle], context: context,
            Forms.foldToggle(context),
            .form(.id("search"), .class("filters foldable"), .action(SitePath.units.rawValue), .method(.get),
                  Forms.text(context[.search], name: "q", value: search, type: .search, required: false,
                             placeholder: context[.searchPlaceholder]),
                  Forms.select(context[.fieldKind], name: "kind", options: kinds, selected: kind?.rawValue,
                               includeBlank: context[.all]),
                  Forms.submit(context[.filter])),
            .if(canManage, .p(.a(.class("button"), .href(SitePath.unitNew.rawValue), .text(context[.unitNew])))),
            page.items.isEmpty ? .p(.class("empty"), .text(context[.noResults])) :
            .table(.id("units"),
                .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldName])), .th(.text(context[.fieldKind])),
                           .th(.text(context[.fieldAssessmentGroup])), .th(.text(context[.fieldParent])))),
                .tbody(.forEach(page.items) { unit in
                    .tr(.td(.text(unit.code)),
                        .td(.a(.href(esc(SitePath.unit.with(unit.id))), .text(unit.name))),
                        .td(.attribute(named: "data-label", value: context[.fieldKind]), .text(context[unit.kind.labelKey])),
                        .td(.attribute(named: "data-label", value: context[.fieldAssessmentGroup]), .text(context[unit.assessmentGroup.labelKey])),
                        .td(.attribute(named: "data-label", value: context[.fieldParent]), .text(unit.parentID.flatMap { parents[$0] } ?? context[.unitNoParent])))
                })),
            Pagination.links(page, context: context, base: .units, query: [("q", search), ("kind", kind?.rawValue)])
        )
    }

    static func show(_ unit: Unit, parent: Unit?, children: [Unit], people: [PersonListing], tasks: [TaskListing], canManage: Bool,
                     criticisms: [Criticism] = [], notices: [NoticeListing] = [], context: PageContext) -> String {
        Layout.render(title: unit.name, context: context,
            CriticismRecord.section(criticisms, context: context),
            CriticismRecord.orders(notices, context: context),
            .dl(.class("facts"),
                .dt(.text(context[.fieldCode])), .dd(.text(unit.code)),
                .dt(.text(context[.fieldKind])), .dd(.text(context[unit.kind.labelKey])),
                .dt(.text(context[.fieldAssessmentGroup])), .dd(.text(context[unit.assessmentGroup.labelKey])),
                .dt(.text(context[.fieldParent])),
                .dd(.unwrap(parent, { .a(.href(esc(SitePath.unit.with($0.id))), .text($0.name)) },
                            else: .text(context[.unitNoParent])))),
            .if(canManage, .p(.a(.class("button"), .href(esc(SitePath.unitEdit.with(unit.id))), .text(context[.unitEdit])))),
            .h2(.text(context[.unitChildren])),
            children.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ul(.id("children"), .forEach(children) { .li(.a(.href(esc(SitePath.unit.with($0.id))), .text($0.name))) }),
            .h2(.text(context[.unitTasks])),
            tasks.isEmpty ? .p(.class("empty"), .text(context[.none])) : TaskPages.table(tasks, today: context.today, context: context),
            .h2(.text(context[.unitPeople])),
            people.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            PeoplePages.table(people, context: context)
        )
    }

    struct FormValues {
        var code = ""
        var name = ""
        var kind = UnitKind.department.rawValue
        var assessmentGroup = ""
        var parentID = ""
        var sortOrder = "0"

        init() {}
        init(_ unit: Unit) {
            code = unit.code; name = unit.name; kind = unit.kind.rawValue; assessmentGroup = unit.assessmentGroup.rawValue
            parentID = unit.parentID?.uuidString.lowercased() ?? ""; sortOrder = String(unit.sortOrder)
        }
    }

    static func form(_ values: FormValues, editing unit: Unit?, units: [Unit], error: String?, context: PageContext) -> String {
        let action = unit.map { SitePath.unitEdit.with($0.id) } ?? SitePath.unitNew.rawValue
        let candidates = units.filter { candidate in unit.map { !candidate.path.hasPrefix($0.path) } ?? true }
        return Layout.render(title: context[unit == nil ? .unitNew : .unitEdit], context: context, error: error,
            .form(.id("unit-form"), .action(esc(action)), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.fieldCode], name: "code", value: values.code),
                  Forms.text(context[.fieldName], name: "name", value: values.name),
                  Forms.select(context[.fieldKind], name: "kind",
                               options: UnitKind.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) },
                               selected: values.kind),
                  Forms.select(context[.fieldAssessmentGroup], name: "assessmentGroup",
                               options: AssessmentGroup.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) },
                               selected: values.assessmentGroup, includeBlank: context[.none]),
                  Forms.select(context[.fieldParent], name: "parentId", options: Forms.unitOptions(candidates),
                               selected: values.parentID, includeBlank: context[.unitNoParent]),
                  Forms.text(context[.fieldSortOrder], name: "sortOrder", value: values.sortOrder, type: .number),
                  Forms.submit(context[.save]))
        )
    }
}
