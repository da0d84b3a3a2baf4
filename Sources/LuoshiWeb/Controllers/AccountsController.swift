// Account pages: administrators open accounts; auditors may read the list.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum AccountsController {
    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireReadAccounts()
        let store = request.store
        let page = try await store.accounts(offset: Parse.offset(request), limit: 50)
        let names = Dictionary(try await store.allUnits().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return HTMLResponse.make(AccountPages.list(page, unitNames: names, canCreate: (try? caller.requireManageAccounts()) != nil,
                                                   context: PageContext(request)))
    }

    static func new(_ request: Request) async throws -> Response {
        try request.requireCaller().requireManageAccounts()
        return HTMLResponse.make(AccountPages.form(.init(), units: try await request.store.allUnits(), error: nil,
                                                   context: PageContext(request)))
    }

    struct AccountForm: Content {
        var username: String?
        var displayName: String?
        var role: String?
        var scopeUnitId: String?
        var password: String?
        var readsEverything: String?
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAccounts()
        let form = try request.content.decode(AccountForm.self)
        do {
            let draft = AccountDraft(username: form.username ?? "", displayName: form.displayName ?? "",
                                     role: try Parse.requiredChoice(form.role, as: Role.self, field: .fieldRole),
                                     scopeUnitID: try Parse.requiredUUID(form.scopeUnitId, field: .fieldScopeUnit),
                                     personID: nil, password: form.password ?? "", readsEverything: form.readsEverything == "1")
            _ = try await createAccount(draft, hasher: request.application.luoshi.hasher, context: request.context(caller))
            return request.redirect(to: SitePath.accounts.query([("done", L10nKey.accountCreated.rawValue)]), redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let values = AccountPages.FormValues(username: form.username ?? "", displayName: form.displayName ?? "",
                                                 role: form.role ?? "", scopeUnitID: form.scopeUnitId ?? "",
                                                 readsEverything: form.readsEverything == "1")
            let page = AccountPages.form(values, units: try await request.store.allUnits(),
                                         error: violation.message(in: request.language), context: PageContext(request))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }
}

enum AuditController {
    static func list(_ request: Request) async throws -> Response {
        try request.requireCaller().requireReadAudit()
        let filter = AuditPage.Filter(actorID: Parse.query(request, "actor"), kind: Parse.query(request, "kind"),
                                      from: Parse.query(request, "from"), to: Parse.query(request, "to"))
        let store = request.store
        let page = try await store.auditEvents(
            AuditFilter(actorID: filter.actorID.flatMap(UUID.init(uuidString:)), recordKind: filter.kind,
                        from: filter.from.flatMap { bound($0, request.clock) },
                        until: filter.to.flatMap { Day($0).flatMap(Self.dayAfter) }.flatMap { bound($0.description, request.clock) }),
            offset: Parse.offset(request), limit: 50, counting: true)
        let accounts = try await store.accounts(offset: 0, limit: 1000).items
        let names = try await AuditNarrative.names(for: page.items, store: store)
        return HTMLResponse.make(AuditPage.render(page, names: names, filter: filter, accounts: accounts, context: PageContext(request)))
    }

    /// A day of the filter (a local day, in the configured zone) as the stored UTC timestamp text of its start.
    static func bound(_ text: String, _ clock: LocalClock) -> String? {
        Day(text).map { AuditChain.timestamp(clock.start(of: $0)) }
    }

    static func dayAfter(_ day: Day) -> Day? {
        let last = Day.days(inMonth: day.month, of: day.year)
        if day.day < last { return Day(year: day.year, month: day.month, day: day.day + 1) }
        return day.month < 12 ? Day(year: day.year, month: day.month + 1, day: 1) : Day(year: day.year + 1, month: 1, day: 1)
    }


}
