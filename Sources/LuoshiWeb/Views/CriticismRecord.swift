// A unit's or a person's record of criticisms (当场批评 at inspections), shown on their page to
// those who may read its people.
import LuoshiDomain
import Plot

enum CriticismRecord {
    static func section(_ criticisms: [Criticism], context: PageContext) -> Node<HTML.BodyContext> {
        .if(!criticisms.isEmpty, .details(.id("criticisms"), .class("record"),
            .summary(.text(context.catalogue.format(.criticismRecord, ["count": String(criticisms.count)]))),
            .ul(.forEach(criticisms) { criticism in
                .li(.text(criticism.day.description + " · " + criticism.reason),
                    .unwrap(criticism.inspectionID) { .a(.href(esc(SitePath.inspection.with($0))), .text(" · " + context[.navInspections])) })
            })))
    }
}
