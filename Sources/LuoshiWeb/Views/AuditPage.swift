// The audit trail, newest first, filtered by who, record kind and time.
import Foundation
import LuoshiDomain
import LuoshiUseCases
import Plot

enum AuditPage {
    struct Filter {
        var actorID: String?
        var kind: String?
        var from: String?
        var to: String?

        var query: [(String, String?)] { [("actor", actorID), ("kind", kind), ("from", from), ("to", to)] }
    }

    static func render(_ page: Page<AuditEvent>, filter: Filter, accounts: [Account], context: PageContext) -> String {
        Layout.render(title: context[.auditTitle], context: context,
            .form(.id("search"), .class("filters"), .action(SitePath.audit.rawValue), .method(.get),
                  Forms.select(context[.auditActor], name: "actor",
                               options: accounts.map { (value: $0.id.uuidString.lowercased(), label: $0.displayName) },
                               selected: filter.actorID, includeBlank: context[.all]),
                  Forms.select(context[.auditRecordKind], name: "kind",
                               options: RecordKind.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) },
                               selected: filter.kind, includeBlank: context[.all]),
                  Forms.text(context[.auditFrom], name: "from", value: filter.from, type: .date, required: false),
                  Forms.text(context[.auditTo], name: "to", value: filter.to, type: .date, required: false),
                  Forms.submit(context[.filter])),
            page.items.isEmpty ? .p(.class("empty"), .text(context[.noResults])) :
            .table(.id("audit"),
                .thead(.tr(.th(.text("#")), .th(.text(context[.auditTime])), .th(.text(context[.auditActor])),
                           .th(.text(context[.auditAction])), .th(.text(context[.auditRecord])), .th(.text(context[.auditChange])))),
                .tbody(.forEach(page.items) { event in row(event, context: context) })),
            Pagination.links(page, context: context, base: .audit, query: filter.query)
        )
    }

    private static func row(_ event: AuditEvent, context: PageContext) -> Node<HTML.TableContext> {
        let content = event.content
        let kind = RecordKind(rawValue: content.recordKind).map { context[$0.labelKey] } ?? content.recordKind
        return .tr(.class("event"),
            .td(.text(String(event.sequence))),
            .td(.element(named: "time", nodes: [.attribute(named: "datetime", value: esc(content.occurredAt)),
                                                .text(content.occurredAt.replacingOccurrences(of: "T", with: " "))])),
            .td(.text(content.actorName)),
            .td(.text(context[actionKey(content.action)])),
            .td(.class("record"), .text(kind + " "), recordLink(content)),
            .td(.class("change"),
                .unwrap(content.before) { .details(.summary(.text(context[.auditBefore])), .pre(.text($0))) },
                .unwrap(content.after) { .details(.summary(.text(context[.auditAfter])), .pre(.text($0))) }))
    }

    /// People and units link to their page; other records show their id.
    private static func recordLink(_ content: AuditContent) -> Node<HTML.BodyContext> {
        let id = UUID(uuidString: content.recordID)
        switch (RecordKind(rawValue: content.recordKind), id) {
        case (.person?, let id?): return .a(.href(esc(SitePath.person.with(id))), .small(.text(content.recordID)))
        case (.unit?, let id?): return .a(.href(esc(SitePath.unit.with(id))), .small(.text(content.recordID)))
        default: return .small(.text(content.recordID))
        }
    }

    /// The action in words; one the application does not write (tampering) shows as such.
    static func actionKey(_ action: AuditAction?) -> L10nKey {
        guard let action else { return .auditActionUnknown }
        return switch action {
        case .create: .auditActionCreate
        case .update: .auditActionUpdate
        case .signIn: .auditActionSignIn
        case .signOut: .auditActionSignOut
        case .passwordChange: .auditActionPasswordChange
        case .tokenCreate: .auditActionTokenCreate
        case .tokenRevoke: .auditActionTokenRevoke
        case .settingsChange: .auditActionSettingsChange
        }
    }
}
