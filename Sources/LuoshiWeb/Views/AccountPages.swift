// Account pages (administrators create; auditors read).
import Foundation
import LuoshiDomain
import Plot

enum AccountPages {
    static func list(_ page: Page<Account>, unitNames: [UUID: String], canCreate: Bool, context: PageContext) -> String {
        Layout.render(title: context[.accountsTitle], context: context,
            .if(canCreate, .p(.a(.class("button"), .href(SitePath.accountNew.rawValue), .text(context[.accountNew])))),
            .table(.id("accounts"),
                .thead(.tr(.th(.text(context[.fieldUsername])), .th(.text(context[.fieldDisplayName])),
                           .th(.text(context[.fieldRole])), .th(.text(context[.fieldScopeUnit])), .th(.text(context[.fieldStatus])))),
                .tbody(.forEach(page.items) { account in
                    .tr(.td(.class("title"), .code(.text(account.username))),
                        .td(.attribute(named: "data-label", value: context[.fieldDisplayName]), .text(account.displayName)),
                        .td(.attribute(named: "data-label", value: context[.fieldRole]), .text(context[account.role.labelKey])),
                        .td(.attribute(named: "data-label", value: context[.fieldScopeUnit]), .text(unitNames[account.scopeUnitID] ?? "")),
                        .td(.attribute(named: "data-label", value: context[.fieldStatus]),
                            .text(context[account.isDisabled ? .accountDisabled : .accountActive])))
                })),
            Pagination.links(page, context: context, base: .accounts, query: [])
        )
    }

    struct FormValues {
        var username = ""
        var displayName = ""
        var role = Role.staff.rawValue
        var scopeUnitID = ""
        var readsEverything = false
    }

    static func form(_ values: FormValues, units: [Unit], error: String?, context: PageContext) -> String {
        Layout.render(title: context[.accountNew], context: context, error: error,
            .form(.id("account-form"), .action(SitePath.accountNew.rawValue), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.fieldUsername], name: "username", value: values.username),
                  Forms.text(context[.fieldDisplayName], name: "displayName", value: values.displayName),
                  Forms.select(context[.fieldRole], name: "role",
                               options: Role.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) },
                               selected: values.role),
                  Forms.select(context[.fieldScopeUnit], name: "scopeUnitId", options: Forms.unitOptions(units),
                               selected: values.scopeUnitID),
                  .label(.class("check"), .input(.type(.checkbox), .name("readsEverything"), .value("1"), .checked(values.readsEverything)),
                         .text(context[.fieldReadsEverything])),
                  Forms.text(context[.fieldPassword], name: "password", value: nil, type: .password),
                  Forms.submit(context[.create]))
        )
    }
}
