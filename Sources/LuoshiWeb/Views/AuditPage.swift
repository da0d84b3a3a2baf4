// The audit trail, newest first, filtered by who, record kind and time.
import Foundation
import LuoshiDomain
import LuoshiStorage
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

    static func render(_ page: Page<AuditEvent>, names: [UUID: RecordName], filter: Filter, accounts: [Account],
                       context: PageContext) -> String {
        Layout.render(title: context[.auditTitle], context: context,
            Forms.foldToggle(context),
            .form(.id("search"), .class("filters foldable"), .action(SitePath.audit.rawValue), .method(.get),
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
                .tbody(.forEach(page.items) { event in row(event, names: names, context: context) })),
            Pagination.links(page, context: context, base: .audit, query: filter.query)
        )
    }

    private static func row(_ event: AuditEvent, names: [UUID: RecordName], context: PageContext) -> Node<HTML.TableContext> {
        let content = event.content
        let kind = RecordKind(rawValue: content.recordKind).map { context[$0.labelKey] } ?? context[.auditFieldOther]
        let story = AuditNarrative.story(event, names: names, context: context)
        return .tr(.class("event"),
            .td(.text(String(event.sequence))),
            .td(.element(named: "time", nodes: [.attribute(named: "datetime", value: esc(content.occurredAt)),
                                                .text(context.clock.minute(iso: content.occurredAt))])),
            .td(.attribute(named: "data-label", value: context[.auditActor]), .text(content.actorName)),
            .td(.attribute(named: "data-label", value: context[.auditAction]), .text(context[actionKey(content.action)])),
            .td(.class("record"), .text(kind + " "),
                .unwrap(story.recordPath, { .a(.href(esc($0)), .text(story.recordLabel)) }, else: .text(story.recordLabel))),
            .td(.class("change"), changes(story, action: content.action, context: context)))
    }

    /// An update's changes in full; what a creation set, folded away (it can be long).
    static func changes(_ story: AuditNarrative.Story, action: AuditAction?, context: PageContext) -> Node<HTML.BodyContext> {
        guard !story.lines.isEmpty else { return .empty }
        guard action == .create else { return .ul(.class("changes"), .forEach(story.lines) { .li(.text($0)) }) }
        return .details(.summary(.text(context[.auditShowFields])), .ul(.class("changes"), .forEach(story.lines) { .li(.text($0)) }))
    }

    /// The action in words; one the application does not write (tampering) shows as such.
    static func actionKey(_ action: AuditAction?) -> L10nKey {
        guard let action else { return .auditActionUnknown }
        return switch action {
        case .create: .auditActionCreate
        case .update: .auditActionUpdate
        case .delete: .auditActionDelete
        case .signIn: .auditActionSignIn
        case .signOut: .auditActionSignOut
        case .passwordChange: .auditActionPasswordChange
        case .tokenCreate: .auditActionTokenCreate
        case .tokenRevoke: .auditActionTokenRevoke
        case .settingsChange: .auditActionSettingsChange
        }
    }
}
