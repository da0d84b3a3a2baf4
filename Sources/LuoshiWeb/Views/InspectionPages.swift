// Field inspections and supervision bulletins: the lists, the inspection form (fixed rows, no
// script: blank rows are left out), an inspection's record, a bulletin (editable while a draft,
// printable, frozen once published) and its spreadsheet.
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage
import Plot

enum InspectionPages {
    static let hearingRows = 4, resolutionRows = 4, criticismRows = 3

    struct Choices {
        var leaders: [Person]
        var people: [Person]
        var units: [Unit]
        var keyObjects: [KeyObject]
    }

    static func unitLabel(_ unit: Unit) -> String { "\(unit.name)（\(unit.code)）" }

    static func list(_ page: Page<InspectionRecord>, names: [UUID: String], units: [UUID: Unit], canRecord: Bool,
                     context: PageContext) -> String {
        let records = page.items
        return
        Layout.render(title: context[.inspectionsTitle], context: context,
            .if(canRecord, .p(.class("actions"), .a(.class("button"), .href(SitePath.inspectionNew.rawValue), .text(context[.inspectionNew])))),
            records.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("inspections"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldDay])), .th(.text(context[.fieldSite])), .th(.text(context[.fieldInspectionLeader])),
                              .th(.text(context[.inspectionResolutions])), .th(.text(context[.inspectionCriticisms])))),
                   .tbody(.forEach(records) { record in
                       .tr(.td(.class("code"), .text(record.inspection.day.description)),
                           .td(.class("title"), .a(.href(esc(SitePath.inspection.with(record.inspection.id))), .text(record.inspection.place))),
                           .td(.attribute(named: "data-label", value: context[.fieldInspectionLeader]), .text(names[record.inspection.leaderID] ?? "")),
                           .td(.attribute(named: "data-label", value: context[.inspectionResolutions]), .text(String(record.resolutions.count))),
                           .td(.attribute(named: "data-label", value: context[.inspectionCriticisms]), .text(String(record.criticisms.count))))
                   })))
    }

    static func form(_ values: [String: [String]], choices: Choices, error: String?, context: PageContext) -> String {
        func value(_ name: String, _ index: Int = 0) -> String {
            let list = values[name] ?? []
            return list.indices.contains(index) ? list[index] : ""
        }
        func area(_ key: L10nKey, _ name: String, _ index: Int, rows: Int = 2) -> Node<HTML.FormContext> {
            .label(.text(context[key]), .textarea(.name(name + "[]"), .rows(rows), .text(value(name, index))))
        }
        func unitInput(_ key: L10nKey, _ name: String, _ index: Int) -> Node<HTML.FormContext> {
            .label(.text(context[key]), .input(.type(.text), .name(name + "[]"), .value(esc(value(name, index))),
                                               .attribute(named: "list", value: "unit-list"), .attribute(named: "autocomplete", value: "off")))
        }
        return Layout.render(title: context[.inspectionNew], context: context, error: error,
            .form(.id("inspection-form"), .class("report-form"), .action(SitePath.inspectionNew.rawValue), .method(.post), .enctype(.multipartData),
                  Forms.csrf(context),
                  .element(named: "datalist", nodes: [.id("unit-list"), .forEach(UnitOrdering.treeOrder(choices.units)) { unit in
                      .element(named: "option", nodes: [.attribute(named: "value", value: esc(unitLabel(unit)))])
                  }]),
                  Forms.text(context[.fieldDay], name: "day", value: value("day").isEmpty ? context.today.description : value("day"), type: .date),
                  Forms.select(context[.fieldInspectionLeader], name: "leaderId",
                               options: choices.leaders.map { ($0.id.uuidString.lowercased(), $0.name + " " + $0.position) }, selected: value("leaderId")),
                  Forms.select(context[.fieldKeyObject], name: "keyObjectId",
                               options: choices.keyObjects.map { ($0.id.uuidString.lowercased(), $0.code + " " + $0.name) },
                               selected: value("keyObjectId"), includeBlank: context[.none]),
                  Forms.text(context[.fieldSite], name: "place", value: value("place"), required: false, placeholder: context[.inspectionPlaceHint]),
                  Forms.text(context[.fieldInspectors], name: "inspectors", value: value("inspectors"), required: false),
                  .label(.text(context[.fieldSummary]), .textarea(.name("summary"), .rows(3), .text(value("summary")))),
                  SupervisionPages.fieldset(context[.inspectionHearings], cls: "rows",
                      .forEach(0..<hearingRows) { index in
                          .div(.class("row"), unitInput(.fieldUnit, "hearingUnit", index), area(.fieldHearingProgress, "hearingProgress", index),
                               area(.fieldProblems, "hearingProblems", index), area(.fieldNextSteps, "hearingNextSteps", index))
                      }),
                  SupervisionPages.fieldset(context[.inspectionResolutions], cls: "rows",
                      .p(.class("hint"), .text(context[.inspectionResolutionHint])),
                      .forEach(0..<resolutionRows) { index in
                          .div(.class("row"), area(.fieldResolutionText, "resolutionText", index, rows: 1), unitInput(.fieldResponsibleUnit, "resolutionUnit", index),
                               .label(.text(context[.fieldDeadline]), .input(.type(.date), .name("resolutionDeadline[]"),
                                                                            .value(esc(value("resolutionDeadline", index))))))
                      }),
                  SupervisionPages.fieldset(context[.inspectionCriticisms], cls: "rows",
                      .p(.class("hint"), .text(context[.inspectionCriticismHint])),
                      .forEach(0..<criticismRows) { index in
                          .div(.class("row"), unitInput(.fieldUnit, "criticisedUnit", index),
                               Forms.select(context[.fieldPerson], name: "criticisedPerson[]",
                                            options: choices.people.map { ($0.id.uuidString.lowercased(), $0.name + " " + $0.position) },
                                            selected: value("criticisedPerson", index), includeBlank: context[.none]),
                               area(.fieldCriticismReason, "criticismReason", index, rows: 1))
                      }),
                  .label(.text(context[.fieldPhotos]), .input(.type(.file), .name("photos[]"), .multiple(true),
                                                              .attribute(named: "accept", value: ".jpg,.jpeg,.png"))),
                  Forms.submit(context[.inspectionSave])))
    }

    static func show(_ record: InspectionRecord, names: [UUID: String], units: [UUID: Unit], keyObject: KeyObject?,
                     context: PageContext) -> String {
        let inspection = record.inspection
        return Layout.render(title: inspection.day.description + " " + inspection.place, context: context,
            .dl(.class("facts"),
                .dt(.text(context[.fieldInspectionLeader])), .dd(.text(names[inspection.leaderID] ?? "")),
                .unwrap(keyObject) { object in
                    .group(.dt(.text(context[.fieldKeyObject])), .dd(.a(.href(esc(SitePath.keyObject.with(object.id))), .text(object.code + " " + object.name))))
                },
                .dt(.text(context[.fieldInspectors])), .dd(.text(inspection.inspectors.isEmpty ? context[.none] : inspection.inspectors)),
                .dt(.text(context[.fieldSummary])), .dd(.class("prose"), .text(inspection.summary.isEmpty ? context[.none] : inspection.summary)),
                .dt(.text(context[.inspectionRecordedBy])), .dd(.text(inspection.recordedBy))),
            .h2(.text(context[.inspectionHearings])),
            record.hearings.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .div(.forEach(record.hearings) { hearing in
                .article(.class("report"), .h3(.text(units[hearing.unitID]?.name ?? "")),
                         .dl(.class("facts"),
                             .dt(.text(context[.fieldHearingProgress])), .dd(.class("prose"), .text(hearing.progress)),
                             .dt(.text(context[.fieldProblems])), .dd(.class("prose"), .text(hearing.problems)),
                             .dt(.text(context[.fieldNextSteps])), .dd(.class("prose"), .text(hearing.nextSteps))))
            }),
            .h2(.text(context[.inspectionResolutions])),
            record.resolutions.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ol(.id("resolutions"), .forEach(record.resolutions) { resolution in
                .li(.unwrap(resolution.taskID, { .a(.href(esc(SitePath.task.with($0))), .text(resolution.text)) }, else: .text(resolution.text)),
                    .text(" · " + (units[resolution.unitID]?.name ?? "") + " · " + context[.fieldDeadline] + " " + resolution.deadline.description))
            }),
            .h2(.text(context[.inspectionCriticisms])),
            record.criticisms.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ul(.id("criticisms"), .forEach(record.criticisms) { criticism in
                .li(.text([criticism.unitID.flatMap { units[$0]?.name }, criticism.personID.flatMap { names[$0] }].compactMap { $0 }.joined(separator: " ")
                          + "：" + criticism.reason))
            }),
            .if(!record.photos.isEmpty, .group(
                .h2(.text(context[.fieldPhotos])),
                .div(.class("photos"), .forEach(record.photos) { photo in
                    .a(.href(esc(SitePath.inspectionPhoto.with(photo.id))),
                       .img(.src(esc(SitePath.inspectionPhoto.with(photo.id))), .alt(esc(photo.fileName)),
                            .attribute(named: "loading", value: "lazy"), .attribute(named: "width", value: "240")))
                }))))
    }

    // MARK: Bulletins

    static func bulletins(_ items: [Bulletin], canCreate: Bool, today: Day, context: PageContext) -> String {
        let suggestions = [ReportPeriod(containing: today, rhythm: .monthly).previous, ReportPeriod(containing: today, rhythm: .monthly),
                           ReportPeriod(containing: today, rhythm: .quarterly).previous, ReportPeriod(containing: today, rhythm: .quarterly)]
        return Layout.render(title: context[.bulletinsTitle], context: context,
            .if(canCreate, .form(.id("bulletin-new"), .class("filters"), .action(SitePath.bulletinNew.rawValue), .method(.post), Forms.csrf(context),
                                 Forms.select(context[.fieldReportPeriod], name: "period",
                                              options: suggestions.map { ($0.key, $0.label(context.catalogue)) }, selected: nil),
                                 Forms.text(context[.fieldBulletinTitle], name: "title", value: nil, required: false,
                                            placeholder: context[.bulletinTitleHint]),
                                 Forms.submit(context[.bulletinNew]))),
            items.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("bulletins"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldBulletinTitle])), .th(.text(context[.fieldReportPeriod])),
                              .th(.text(context[.fieldStatus])))),
                   .tbody(.forEach(items) { bulletin in
                       .tr(.td(.class("code"), .text(bulletin.code)),
                           .td(.class("title"), .a(.href(esc(SitePath.bulletin.with(bulletin.id))), .text(bulletin.title))),
                           .td(.attribute(named: "data-label", value: context[.fieldReportPeriod]),
                               .text(ReportPeriod(key: bulletin.periodKey)?.label(context.catalogue) ?? bulletin.periodKey)),
                           .td(.attribute(named: "data-label", value: context[.fieldStatus]), .text(context[bulletin.state.labelKey]),
                               .unwrap(bulletin.publishedOn) { .text(" · " + $0.description) }))
                   })))
    }

    static func percent(_ value: Double?) -> String { Numbers.percent(value.map { $0 / 100 }) }

    static func bulletin(_ bulletin: Bulletin, figures: BulletinFigures, canEdit: Bool, error: String?, context: PageContext) -> String {
        let period = ReportPeriod(key: bulletin.periodKey)?.label(context.catalogue) ?? bulletin.periodKey
        func taskList(_ id: String, _ lines: [BulletinTaskLine]) -> Node<HTML.BodyContext> {
            lines.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ol(.id(id), .forEach(lines) { line in
                .li(.a(.href(esc(SitePath.task.with(line.taskID))), .text(line.code + " " + line.title)),
                    .text(" · " + line.unitName + " · " + line.reason))
            })
        }
        return Layout.render(title: bulletin.title, context: context, error: error,
            .p(.class("meta"), .text(bulletin.code + " · " + period + " · " + context[bulletin.state.labelKey]
                                     + (bulletin.publishedOn.map { " " + $0.description } ?? "")
                                     + " · " + context[.bulletinFiguresAsOf] + " " + figures.generatedOn.description)),
            .p(.class("actions"),
               .a(.href(esc(SitePath.bulletinExport.with(bulletin.id)) + "?format=xlsx"), .text(context[.exportXLSX])),
               .a(.href(esc(SitePath.bulletinExport.with(bulletin.id)) + "?format=csv"), .text(context[.exportCSV]))),
            .if(!bulletin.intro.isEmpty, .p(.class("prose"), .id("intro"), .text(bulletin.intro))),
            .h2(.text(context[.bulletinUnits])),
            .table(.id("bulletin-units"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldUnit])), .th(.text(context[.bulletinTasks])), .th(.text(context[.statusCompleted])),
                              .th(.text(context[.fieldCompletion])), .th(.text(context[.lightRed])), .th(.text(context[.lightYellow])),
                              .th(.text(context[.bulletinOnTime])))),
                   .tbody(.forEach(figures.units) { line in
                       .tr(.td(.class("title"), .text(line.unitName)),
                           .td(.attribute(named: "data-label", value: context[.bulletinTasks]), .text(String(line.tasks))),
                           .td(.attribute(named: "data-label", value: context[.statusCompleted]), .text(String(line.completed))),
                           .td(.attribute(named: "data-label", value: context[.fieldCompletion]), .text(percent(line.completionRate))),
                           .td(.attribute(named: "data-label", value: context[.lightRed]), .text(String(line.red))),
                           .td(.attribute(named: "data-label", value: context[.lightYellow]), .text(String(line.yellow))),
                           .td(.attribute(named: "data-label", value: context[.bulletinOnTime]),
                               .text(percent(line.onTimeRate) + " (\(line.reportsOnTime)/\(line.reportsDue))")))
                   })),
            .h2(.text(context[.bulletinRedList])), taskList("red-list", figures.redList),
            .h2(.text(context[.bulletinLateReporters])), taskList("late-reporters", figures.lateReporters),
            .if(!bulletin.praise.isEmpty, .group(.h2(.text(context[.fieldPraise])), .p(.class("prose"), .id("praise"), .text(bulletin.praise)))),
            .if(!bulletin.criticism.isEmpty, .group(.h2(.text(context[.fieldCriticismText])), .p(.class("prose"), .id("criticism"), .text(bulletin.criticism)))),
            .if(canEdit, .group(
                .form(.id("bulletin-form"), .class("report-form"), .action(esc(SitePath.bulletinEdit.with(bulletin.id))), .method(.post), Forms.csrf(context),
                      .h2(.text(context[.bulletinEdit])),
                      Forms.text(context[.fieldBulletinTitle], name: "title", value: bulletin.title),
                      .label(.text(context[.fieldIntro]), .textarea(.name("intro"), .rows(3), .text(bulletin.intro))),
                      .label(.text(context[.fieldPraise]), .textarea(.name("praise"), .rows(3), .text(bulletin.praise))),
                      .label(.text(context[.fieldCriticismText]), .textarea(.name("criticism"), .rows(3), .text(bulletin.criticism))),
                      Forms.submit(context[.save])),
                .form(.id("publish-form"), .action(esc(SitePath.bulletinPublish.with(bulletin.id))), .method(.post), Forms.csrf(context),
                      .p(.class("hint"), .text(context[.bulletinPublishHint])),
                      .label(.class("check"), .input(.type(.checkbox), .name("confirm"), .value("1"), .required(true)),
                             .text(context[.bulletinPublishConfirm])),
                      Forms.submit(context[.bulletinPublish])))))
    }

    /// The unit table as a sheet: the page's figures, the same formatting of rates.
    static func sheet(_ bulletin: Bulletin, figures: BulletinFigures, catalogue: Catalogue) -> Sheet {
        let header = [catalogue[.fieldUnit], catalogue[.bulletinTasks], catalogue[.statusCompleted], catalogue[.fieldCompletion],
                      catalogue[.lightRed], catalogue[.lightYellow], catalogue[.bulletinReportsDue], catalogue[.bulletinReportsOnTime],
                      catalogue[.bulletinOnTime]]
        let rows = figures.units.map { line in
            [line.unitName, String(line.tasks), String(line.completed), percent(line.completionRate), String(line.red), String(line.yellow),
             String(line.reportsDue), String(line.reportsOnTime), percent(line.onTimeRate)]
        }
        return Sheet(name: bulletin.code, rows: [header] + rows)
    }
}
