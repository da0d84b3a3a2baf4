// A unit's or a person's record of criticisms (当场批评 at inspections), shown on their page to
// those who may read its people.
import LuoshiDomain
import LuoshiStorage
import Plot

enum CriticismRecord {
    /// The supervision orders a unit has received, the red ones counted first: repeated red orders
    /// stand out on its record.
    static func orders(_ notices: [NoticeListing], context: PageContext) -> Node<HTML.BodyContext> {
        let orders = notices.filter { $0.notice.kind == .order }
        let red = orders.filter { $0.notice.grade == .red }.count
        return .if(!orders.isEmpty, .details(.id("orders"), .class("record"),
            .summary(.text(context.catalogue.format(.ordersRecord, ["count": String(orders.count), "red": String(red)])),
                     .if(red >= 2, .span(.class("badge overdue"), .text(context[.ordersRepeatedRed])))),
            .ul(.forEach(orders) { item in
                .li(.a(.href(esc(SitePath.notice.with(item.notice.id))), .text(item.notice.code)),
                    .unwrap(item.notice.grade) { .span(.class("badge grade-" + $0.rawValue), .text(context[$0.labelKey])) },
                    .text(" · " + item.notice.issuedOn.description + " · " + item.taskCode + " " + item.taskTitle
                          + " · " + context[item.notice.state.labelKey]))
            })))
    }

    static func section(_ criticisms: [Criticism], context: PageContext) -> Node<HTML.BodyContext> {
        .if(!criticisms.isEmpty, .details(.id("criticisms"), .class("record"),
            .summary(.text(context.catalogue.format(.criticismRecord, ["count": String(criticisms.count)]))),
            .ul(.forEach(criticisms) { criticism in
                .li(.text(criticism.day.description + " · " + criticism.reason),
                    .unwrap(criticism.inspectionID) { .a(.href(esc(SitePath.inspection.with($0))), .text(" · " + context[.navInspections])) })
            })))
    }
}
