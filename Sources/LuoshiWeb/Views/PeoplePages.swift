// People pages: the list (scoped to what the caller may see), one person, and the form.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum PeoplePages {
    static func list(_ page: Page<PersonListing>, search: String?, unitID: UUID?, units: [Unit], canCreate: Bool,
                     context: PageContext) -> String {
        Layout.render(title: context[.peopleTitle], context: context,
            Forms.foldToggle(context),
            .form(.id("search"), .class("filters foldable"), .action(SitePath.people.rawValue), .method(.get),
                  Forms.text(context[.search], name: "q", value: search, type: .search, required: false,
                             placeholder: context[.searchPlaceholder]),
                  Forms.select(context[.fieldUnit], name: "unitId", options: Forms.unitOptions(units),
                               selected: unitID?.uuidString.lowercased(), includeBlank: context[.all]),
                  Forms.submit(context[.filter])),
            .if(canCreate, .p(.a(.class("button"), .href(SitePath.personNew.rawValue), .text(context[.personNew])))),
            page.items.isEmpty ? .p(.class("empty"), .text(context[.noResults])) : table(page.items, context: context),
            Pagination.links(page, context: context, base: .people,
                             query: [("q", search), ("unitId", unitID?.uuidString.lowercased())])
        )
    }

    static func table(_ people: [PersonListing], context: PageContext) -> Node<HTML.BodyContext> {
        .table(.id("people"),
            .thead(.tr(.th(.text(context[.fieldName])), .th(.text(context[.fieldPosition])),
                       .th(.text(context[.fieldRank])), .th(.text(context[.fieldUnit])))),
            .tbody(.forEach(people) { listing in
                .tr(.td(.class("name"), .a(.href(esc(SitePath.person.with(listing.person.id))), .text(listing.person.name))),
                    .td(.attribute(named: "data-label", value: context[.fieldPosition]), .text(listing.person.position)),
                    .td(.attribute(named: "data-label", value: context[.fieldRank]), .text(context[listing.person.rank.labelKey])),
                    .td(.class("unit"), .attribute(named: "data-label", value: context[.fieldUnit]), .a(.href(esc(SitePath.unit.with(listing.person.unitID))), .text(listing.unitName))))
            }))
    }

    /// A leader's portfolio: the key tasks they lead and the key objects they contract.
    static let portfolioRows = 25

    struct Portfolio {
        var tasks: Page<TaskListing>
        var keyObjects: [KeyObject]
        /// The units the leader oversees (分管).
        var overseen: [Unit]
        /// For an admin: the units that may be overseen (the levels under the top), to tick.
        var oversightChoices: [Unit]?
    }

    static func show(_ person: Person, unit: Unit, canEdit: Bool, portfolio: Portfolio?, criticisms: [Criticism] = [],
                     context: PageContext) -> String {
        Layout.render(title: person.name, context: context,
            CriticismRecord.section(criticisms, context: context),
            .dl(.class("facts"),
                .dt(.text(context[.fieldPosition])), .dd(.text(person.position)),
                .dt(.text(context[.fieldRank])), .dd(.text(context[person.rank.labelKey])),
                .dt(.text(context[.fieldUnit])), .dd(.a(.href(esc(SitePath.unit.with(unit.id))), .text(unit.name))),
                .dt(.text(context[.fieldPhone])), .dd(.text(person.phone ?? context[.none]))),
            .if(canEdit, .p(.a(.class("button"), .href(esc(SitePath.personEdit.with(person.id))), .text(context[.personEdit])))),
            .unwrap(portfolio) { portfolio in
                .section(.id("portfolio"),
                    .h2(.text(context[.portfolioLeads])),
                    portfolio.tasks.items.isEmpty ? .p(.class("empty"), .text(context[.none]))
                        : TaskPages.table(portfolio.tasks.items, today: context.today, context: context),
                    .if(portfolio.tasks.hasMore, .p(.a(.id("portfolio-all"),
                        .href(esc(SitePath.tasks.query([("leaderId", person.id.uuidString.lowercased()), ("sort", "deadline")]))),
                        .text(context.catalogue.format(.portfolioAll, ["total": Numbers.grouped(Double(portfolio.tasks.total ?? 0))]))))),
                    .h2(.text(context[.portfolioContracts])),
                    portfolio.keyObjects.isEmpty ? .p(.class("empty"), .text(context[.none])) :
                    .ul(.id("contracted"), .forEach(portfolio.keyObjects) { object in
                        .li(.a(.href(esc(SitePath.keyObject.with(object.id))), .text("\(object.code) \(object.name)")),
                            .text(" · " + context[object.kind.labelKey]))
                    }),
                    .h2(.text(context[.fieldOverseenUnits])),
                    .p(.class("hint"), .text(context[.personOversightHint])),
                    .unwrap(portfolio.oversightChoices, { choices in
                        .form(.id("oversight-form"), .action(esc(SitePath.personOversight.with(person.id))), .method(.post),
                              Forms.csrf(context),
                              .div(.class("checks"), .forEach(choices) { unit in
                                  .label(.class("check"),
                                         .input(.type(.checkbox), .name("unit[]"), .value(unit.id.uuidString.lowercased()),
                                                .checked(portfolio.overseen.contains { $0.id == unit.id })),
                                         .text(unit.name))
                              }),
                              Forms.submit(context[.personSetOversight]))
                    }, else: portfolio.overseen.isEmpty ? .p(.class("empty"), .text(context[.none]))
                        : .ul(.id("overseen"), .forEach(portfolio.overseen) { unit in
                            .li(.a(.href(esc(SitePath.unit.with(unit.id))), .text(unit.name)))
                        })))
            }
        )
    }

    struct FormValues {
        var name = ""
        var position = ""
        var rank = PersonRank.staff.rawValue
        var unitID = ""
        var phone = ""

        init() {}
        init(_ person: Person) {
            name = person.name; position = person.position; rank = person.rank.rawValue
            unitID = person.unitID.uuidString.lowercased(); phone = person.phone ?? ""
        }
    }

    static func form(_ values: FormValues, editing person: Person?, units: [Unit], error: String?, context: PageContext) -> String {
        let action = person.map { SitePath.personEdit.with($0.id) } ?? SitePath.personNew.rawValue
        return Layout.render(title: context[person == nil ? .personNew : .personEdit], context: context, error: error,
            .form(.id("person-form"), .action(esc(action)), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.fieldName], name: "name", value: values.name),
                  Forms.text(context[.fieldPosition], name: "position", value: values.position),
                  Forms.select(context[.fieldRank], name: "rank",
                               options: PersonRank.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) },
                               selected: values.rank),
                  Forms.select(context[.fieldUnit], name: "unitId", options: Forms.unitOptions(units), selected: values.unitID),
                  Forms.text(context[.fieldPhone], name: "phone", value: values.phone, type: .tel, required: false),
                  Forms.submit(context[.save]))
        )
    }
}
