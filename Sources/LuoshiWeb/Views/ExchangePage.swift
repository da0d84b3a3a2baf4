// The import page: choose what to import, upload a file, see what happened or every bad row.
import Foundation
import LuoshiDomain
import LuoshiUseCases
import Plot

enum ExchangePage {
    static func render(kinds: [ExchangeKind], report: ImportReport?, issues: [ImportIssue], written: ImportReport? = nil, year: Int,
                       context: PageContext) -> String {
        Layout.render(title: context[.importTitle], context: context,
            .unwrap(report) { report in
                .div(.class("flash success"), .id("import-report"),
                     .text(context.catalogue.format(.importDone, ["created": String(report.created), "updated": String(report.updated),
                                                                   "unchanged": String(report.unchanged)])))
            },
            .if(!issues.isEmpty, .div(.class("problem"), .id("import-issues"),
                .p(.text(written.map { report in
                    context.catalogue.format(.importPartlyWritten, ["created": String(report.created), "updated": String(report.updated),
                                                                    "unchanged": String(report.unchanged)])
                } ?? context[.importFailed])),
                .table(.tbody(.forEach(issues) { issue in
                    .tr(.td(.text(issue.row > 0 ? context.catalogue.format(.importRow, ["row": String(issue.row)]) : "")),
                        .td(.text(issue.column.map { context.catalogue.format(.importColumn, ["column": $0]) } ?? "")),
                        .td(.text(issue.violation.message(in: context.catalogue.language))))
                })))),
            .p(.text(context[.importExplain])),
            .form(.id("import-form"), .action(SitePath.importData.rawValue), .method(.post), .enctype(.multipartData),
                  Forms.csrf(context),
                  Forms.select(context[.importKind], name: "kind", options: kinds.map { ($0.rawValue, context[$0.labelKey]) }, selected: nil),
                  .label(.text(context[.fieldFile]), .input(.type(.file), .name("file"), .required(true),
                                                             .attribute(named: "accept", value: ".xlsx,.csv"))),
                  Forms.submit(context[.importTitle])),
            .h2(.text(context[.importColumnsTitle])),
            .p(.class("hint"), .text(context[.importColumnsExplain])),
            .p(.class("hint"), .id("import-order"), .text(context[.importOrder])),
            .div(.id("import-columns"), .forEach(kinds) { kind in
                .section(.class("columns"),
                    .h3(.text(context[kind.labelKey])),
                    .p(.forEach(importColumns(kind)) { column in
                        .span(.class(column.required ? "column required" : "column"),
                              .text((context.catalogue.language == .zhHans ? column.zh : column.en) + (column.required ? " *" : "")))
                    }),
                    .p(.a(.class("template"), .href(esc(SitePath.importTemplate.query([("kind", kind.rawValue), ("format", "xlsx")]))),
                          .text(context[.importTemplateXLSX])),
                       .text(" "),
                       .a(.href(esc(SitePath.importTemplate.query([("kind", kind.rawValue), ("format", "csv")]))),
                          .text(context[.importTemplateCSV])),
                       .if(DemoPlan.kinds.contains(kind), .group(
                           .text(" "),
                           .a(.class("example"), .href(esc(SitePath.importExample.query([("kind", kind.rawValue)]))),
                              .text(context[.importExample]))))))
            }),
            .h2(.text(context[.exportXLSX])),
            .ul(.id("exports"), .forEach(ExchangeKind.allCases) { kind in
                .li(.text(context[kind.labelKey] + " "),
                    .a(.href(esc(SitePath.exportData.query([("kind", kind.rawValue), ("format", "xlsx"), ("year", String(year))]))),
                       .text(context[.exportXLSX])),
                    .text(" "),
                    .a(.href(esc(SitePath.exportData.query([("kind", kind.rawValue), ("format", "csv"), ("year", String(year))]))),
                       .text(context[.exportCSV])))
            })
        )
    }
}
