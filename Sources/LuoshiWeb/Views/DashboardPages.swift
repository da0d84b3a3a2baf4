// Each role's home page (issue 10): the figures first, as charts whose every number opens the list
// behind it, then the lists a person acts on. Which sections show follows the model (`Model.load`);
// the sections themselves are the same for every role.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum DashboardPages {
    static func render(_ model: Model, context: PageContext, caller: Caller) -> String {
        Layout.render(title: context.catalogue.format(.homeWelcome, ["name": caller.displayName]), context: context,
            .dl(.class("facts"), .id("home-facts"),
                .dt(.text(context[.homeRole])), .dd(.text(context[caller.role.labelKey])),
                .dt(.text(context[.homeScope])), .dd(.text(model.scopeName ?? context[.homeScopeAll]))),
            .unwrap(model.duties) { duties($0, context: context) },
            .if(!model.bars.isEmpty, lights(model, context: context)),
            .unwrap(model.signOff) { signOff(count: $0.count, items: $0.items, model: model, context: context) },
            .unwrap(model.keyObjects) { keyObjects($0, context: context) },
            .unwrap(model.notices) { notices($0, context: context) },
            .unwrap(model.lagging) { lagging($0, model: model, context: context) },
            .unwrap(model.due) { sample($0, id: "dash-due", heading: .dashDue, empty: .dashDueNone, more: nil, today: model.today,
                                        dueColumn: true, model: model, context: context) },
            .unwrap(model.red) { sample($0, id: "dash-red", heading: .dashRed, empty: .dashRedNone, more: model.redHref, today: model.today,
                                        dueColumn: false, model: model, context: context) },
            .unwrap(model.late) { sample($0, id: "dash-late", heading: .dashLate, empty: .dashLateNone, more: nil, today: model.today,
                                         dueColumn: false, model: model, context: context) },
            .unwrap(model.indicators) { indicators($0, model: model, context: context) }
        )
    }

    // MARK: Figures

    static func segments(_ counts: [Light: Int], href: (Light?) -> String, context: PageContext) -> [Charts.Segment] {
        Light.allCases.map { light in
            let n = counts[light] ?? 0
            return Charts.Segment(value: n, label: context[light.labelKey], style: light.rawValue, href: href(light),
                                  title: context.catalogue.format(.dashSegmentTitle, ["light": context[light.labelKey], "n": Numbers.grouped(Double(n))]))
        }
    }

    static func lights(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(.id("dash-lights"), .class("dash"),
            .h2(.text(context[.dashLights])),
            .p(.class("hint"), .text(context[.dashChartHint])),
            .forEach(model.bars) { bar in
                let total = bar.counts.values.reduce(0, +)
                let title = context[bar.title] + " · " + context.catalogue.format(.dashBarTotal, ["n": Numbers.grouped(Double(total))])
                return .div(.class("figure"), .id("figure-" + bar.id),
                            .h3(.a(.href(esc(bar.href(nil))), .text(title))),
                            Charts.stackedBar(id: bar.id, title: title, segments: segments(bar.counts, href: bar.href, context: context),
                                              empty: context[.dashBarEmpty]))
            })
    }

    static func lagging(_ units: [UnitLights], model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let rows = units.map { item in
            let name = model.units[item.unitID]?.name ?? ""
            let (red, yellow) = (item.counts[.red] ?? 0, item.counts[.yellow] ?? 0)
            let counts: [Light: Int] = [.red: red, .yellow: yellow]
            return Charts.Row(label: name, href: model.laggingHref(item.unitID, nil),
                              title: context.catalogue.format(.dashLaggingTitle, ["unit": name, "red": Numbers.grouped(Double(red)),
                                                                                 "yellow": Numbers.grouped(Double(yellow))]),
                              segments: segments(counts, href: { model.laggingHref(item.unitID, $0) }, context: context).filter { $0.style != "green" },
                              figure: context[.lightRed] + " " + Numbers.grouped(Double(red)) + " · " + context[.lightYellow] + " "
                                  + Numbers.grouped(Double(yellow)))
        }
        return .section(.id("dash-lagging"), .class("dash"),
            .h2(.text(context[.dashLagging])),
            rows.isEmpty ? .p(.class("empty"), .text(context[.dashLaggingNone]))
                : Charts.horizontalBars(id: "lagging-units", title: context[.dashLagging], rows: rows))
    }

    static func indicators(_ items: [IndicatorPace], model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let rows = items.map { pace in
            let indicator = pace.indicator
            let elapsed = String(Int((pace.elapsed * 100).rounded()))
            let done = pace.completion.map { String(Int(($0 * 100).rounded())) }
            let figure = done.map { context.catalogue.format(.dashIndicatorFigure, ["done": $0, "elapsed": elapsed]) }
                ?? context.catalogue.format(.dashIndicatorNoValue, ["elapsed": elapsed])
            return Charts.Bullet(label: indicator.name, href: SitePath.indicator.with(indicator.id),
                                 title: context.catalogue.format(.dashIndicatorTitle, ["name": indicator.name, "done": done.map { $0 + "%" } ?? context[.none],
                                                                                       "elapsed": elapsed]),
                                 value: pace.completion, mark: pace.elapsed, figure: figure,
                                 behind: (pace.completion ?? 0) * 100 + Pace.laggingMargin < pace.elapsed * 100)
        }
        return .section(.id("dash-indicators"), .class("dash"),
            .h2(.a(.href(esc(SitePath.indicators.query([("year", String(model.year))]))), .text(context[.dashIndicators]))),
            rows.isEmpty ? .p(.class("empty"), .text(context[.dashIndicatorsNone]))
                : Charts.bullets(id: "indicator-bullets", title: context[.dashIndicators], rows: rows))
    }

    // MARK: Lists

    static func sample(_ sample: TaskSample, id: String, heading: L10nKey, empty: L10nKey, more: String?, today: Day, dueColumn: Bool,
                       model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let left = sample.total - sample.items.count
        return .section(.id(id), .class("dash"),
            .h2(.text(context[heading]),
                .span(.class("count"), .text(" " + context.catalogue.format(.dashBarTotal, ["n": Numbers.grouped(Double(sample.total))])))),
            sample.items.isEmpty ? .p(.class("empty"), .text(context[empty])) : taskTable(sample.items, today: today, dueColumn: dueColumn, context: context),
            .if(left > 0, .p(.class("more"), .unwrap(more, { .a(.href(esc($0)), .text(context.catalogue.format(.dashSeeAll, ["n": Numbers.grouped(Double(sample.total))]))) },
                                                    else: .text(context.catalogue.format(.dashMore, ["n": Numbers.grouped(Double(left))]))))))
    }

    static func taskTable(_ tasks: [TaskListing], today: Day, dueColumn: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        .table(.class("tasks compact"),
            .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldTitle])), .th(.text(context[.fieldResponsibleUnit])),
                       .th(.text(context[.fieldDeadline])), .th(.text(context[.fieldLight])))),
            .tbody(.forEach(tasks) { task in
                let days = today.days(until: task.deadline)
                return .tr(.class("task"),
                    .td(.class("code"), .text(task.code)),
                    .td(.class("title"), .a(.href(esc(SitePath.task.with(task.id))), .text(task.title))),
                    .td(.attribute(named: "data-label", value: context[.fieldResponsibleUnit]), .text(task.responsibleUnitName)),
                    .td(.class("deadline"), .attribute(named: "data-label", value: context[.fieldDeadline]), .text(task.deadline.description),
                        .if(dueColumn, .span(.class("badge warning"),
                                             .text(days <= 0 ? context[.dashDueToday] : context.catalogue.format(.dashDueIn, ["n": String(days)]))))),
                    .td(.class("light"), .attribute(named: "data-label", value: context[.fieldLight]),
                        SupervisionPages.lightBadge(task.light, context: context)))
            }))
    }

    static func duties(_ duties: [ReportDutyListing], context: PageContext) -> Node<HTML.BodyContext> {
        let late = duties.filter(\.duty.late).count
        let shown = duties.prefix(30)
        return .section(.id("dash-duties"), .class("dash"),
            .h2(.text(context[.dashDuties])),
            .p(.class("summary"), .text(context.catalogue.format(.dashDutiesSummary, ["late": String(late), "due": String(duties.count - late)]))),
            duties.isEmpty ? .p(.class("empty"), .text(context[.dashDutiesNone])) :
                .table(.class("tasks compact duties"),
                    .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldTitle])), .th(.text(context[.fieldReportPeriod])),
                               .th(.text(context[.dashDutyColumn])), .th(.text(context[.fieldLight])))),
                    .tbody(.forEach(shown) { item in
                        .tr(.class(item.duty.late ? "task late" : "task"),
                            .td(.class("code"), .text(item.code)),
                            .td(.class("title"), .a(.href(esc(SitePath.task.with(item.taskID) + "#reports")), .text(item.title))),
                            .td(.attribute(named: "data-label", value: context[.fieldReportPeriod]), .text(item.duty.period.label(context.catalogue))),
                            .td(.class("deadline"), .attribute(named: "data-label", value: context[.dashDutyColumn]),
                                .text(context.catalogue.format(.dashDutyDue, ["day": item.duty.due.description])),
                                .if(item.duty.late, .span(.class("badge overdue"),
                                    .text(context.catalogue.format(.dashDutyLate, ["n": String(item.duty.due.days(until: context.today))]))))),
                            .td(.class("light"), .attribute(named: "data-label", value: context[.fieldLight]),
                                SupervisionPages.lightBadge(item.light, context: context)))
                    })),
            .if(duties.count > shown.count, .p(.class("more"), .a(.href(SitePath.myTasks.rawValue),
                                                                   .text(context.catalogue.format(.dashMore, ["n": String(duties.count - shown.count)]))))))
    }

    static func signOff(count: Int, items: [ReportListing], model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(.id("dash-sign-off"), .class("dash"),
            .h2(.a(.href(SitePath.reports.rawValue), .text(context[.dashSignOff])),
                .span(.class("count"), .text(" " + context.catalogue.format(.dashBarTotal, ["n": String(count)])))),
            items.isEmpty ? .p(.class("empty"), .text(context[.reportsQueueEmpty])) :
                .ul(.class("sign-off-queue"), .forEach(items) { item in
                    .li(.a(.href(esc(SitePath.task.with(item.report.taskID) + "#report-" + item.report.id.uuidString.lowercased())),
                           .text(item.taskCode + " " + item.taskTitle)),
                        .text(" · " + context[item.report.kind.labelKey] + " · " + item.report.authorName + " · " + item.report.reportedOn.description))
                }),
            .if(count > items.count, .p(.class("more"), .a(.href(SitePath.reports.rawValue),
                                                           .text(context.catalogue.format(.dashSeeAll, ["n": String(count)]))))))
    }

    static func notices(_ tally: NoticeTally, context: PageContext) -> Node<HTML.BodyContext> {
        let href = SitePath.notices.query([("state", NoticeState.awaitingReply.rawValue)])
        return .section(.id("dash-notices"), .class("dash"),
            .h2(.text(context[.dashNotices])),
            .dl(.class("facts tally"),
                .dt(.text(context[.dashNoticesOpen])), .dd(.a(.id("notices-open"), .href(esc(href)), .text(String(tally.open)))),
                .dt(.text(context[.dashNoticesOverdue])),
                .dd(.a(.id("notices-overdue"), .href(esc(href)), .class(tally.overdue > 0 ? "overdue" : ""), .text(String(tally.overdue))))))
    }

    static func keyObjects(_ objects: [(object: KeyObject, lights: [Light: Int])], context: PageContext) -> Node<HTML.BodyContext> {
        .section(.id("dash-key-objects"), .class("dash"),
            .h2(.text(context[.dashKeyObjects])),
            objects.isEmpty ? .p(.class("empty"), .text(context[.dashKeyObjectsNone])) :
                .table(.class("compact key-objects"),
                    .thead(.tr(.th(.text(context[.keyObjectsTitle])), .th(.text(context[.fieldKind])),
                               .th(.text(context[.dashKeyObjectTasks])))),
                    .tbody(.forEach(objects) { entry in
                        .tr(.td(.class("title"), .a(.href(esc(SitePath.keyObject.with(entry.object.id))), .text(entry.object.code + " " + entry.object.name))),
                            .td(.attribute(named: "data-label", value: context[.fieldKind]), .text(context[entry.object.kind.labelKey])),
                            .td(.class("lights"), .attribute(named: "data-label", value: context[.dashKeyObjectTasks]),
                                .forEach(Light.allCases) { light in
                                    .span(.class("light light-" + light.rawValue),
                                          .span(.class("lamp"), .attribute(named: "aria-hidden", value: "true")),
                                          .text(context[light.labelKey] + " " + Numbers.grouped(Double(entry.lights[light] ?? 0))))
                                }))
                    })))
    }
}
