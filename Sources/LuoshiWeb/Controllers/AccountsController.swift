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
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireManageAccounts()
        let form = try request.content.decode(AccountForm.self)
        do {
            let draft = AccountDraft(username: form.username ?? "", displayName: form.displayName ?? "",
                                     role: try Parse.requiredChoice(form.role, as: Role.self, field: .fieldRole),
                                     scopeUnitID: try Parse.requiredUUID(form.scopeUnitId, field: .fieldScopeUnit),
                                     personID: nil, password: form.password ?? "")
            _ = try await createAccount(draft, hasher: request.application.luoshi.hasher, context: request.context(caller))
            return request.redirect(to: SitePath.accounts.query([("done", L10nKey.accountCreated.rawValue)]), redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            let values = AccountPages.FormValues(username: form.username ?? "", displayName: form.displayName ?? "",
                                                 role: form.role ?? "", scopeUnitID: form.scopeUnitId ?? "")
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
                        from: filter.from.flatMap(Self.dayStart), until: filter.to.flatMap(Self.dayEnd)),
            offset: Parse.offset(request), limit: 50)
        let accounts = try await store.accounts(offset: 0, limit: 1000).items
        return HTMLResponse.make(AuditPage.render(page, filter: filter, accounts: accounts, context: PageContext(request)))
    }

    /// A yyyy-mm-dd date from the filter as the stored timestamp text it bounds (UTC days).
    static func dayStart(_ day: String) -> String? { validDay(day).map { $0 + "T00:00:00" } }

    static func dayEnd(_ day: String) -> String? { validDay(day).map { $0 + "T99" } }

    private static func validDay(_ day: String) -> String? {
        let parts = day.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ Int($0) != nil }) else { return nil }
        return day
    }
}
