// Indicator pages: the year's indicators as a tree with current value and completion, one
// indicator with its parts and readings, and the form to record a reading.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum IndicatorPages {
    /// Thousands separated, at most two decimals: "12,500", "3.5".
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return Numbers.grouped(value)
    }

    /// A value with its unit; sums of 万元 from 1亿 up read in 亿元 ("12.35 亿元"), as offices write them.
    static func quantity(_ value: Double?, _ measure: MeasureUnit, context: PageContext) -> String {
        guard let value else { return "" }
        if measure == .wanYuan && abs(value) >= 10_000 {
            return Numbers.grouped(value / 10_000) + " " + context[.measureYiYuan]
        }
        return Numbers.grouped(value) + " " + context[measure.labelKey]
    }

    static func percent(_ share: Double?) -> String { Numbers.percent(share, placeholder: "") }

    static func list(_ statuses: [IndicatorStatus], year: Int, context: PageContext) -> String {
        Layout.render(title: "\(context[.indicatorsTitle]) · \(year)", context: context,
            statuses.isEmpty ? .p(.class("empty"), .text(context[.noResults])) : table(statuses, context: context))
    }

    static func table(_ statuses: [IndicatorStatus], context: PageContext) -> Node<HTML.BodyContext> {
        let ordered = statuses.sorted { $0.indicator.code < $1.indicator.code }
        let ids = Set(statuses.map(\.indicator.id))
        let byParent = Dictionary(grouping: ordered, by: \.indicator.parentID)
        var rows: [(IndicatorStatus, Int)] = []
        func visit(_ parent: UUID?, depth: Int) {
            for status in byParent[parent] ?? [] {
                rows.append((status, depth))
                visit(status.indicator.id, depth: depth + 1)
            }
        }
        visit(nil, depth: 0)
        // Parts shown without their parent (an indicator's page) start at the top.
        for status in ordered where status.indicator.parentID.map({ !ids.contains($0) }) ?? false {
            rows.append((status, 0))
            visit(status.indicator.id, depth: 1)
        }
        return .table(.id("indicators"),
            .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldName])), .th(.text(context[.fieldOwner])),
                       .th(.text(context[.fieldTargetValue])), .th(.text(context[.fieldCurrentValue])),
                       .th(.text(context[.fieldCompletion])))),
            .tbody(.forEach(rows) { status, depth in
                .tr(.td(.text(status.indicator.code)),
                    .td(.text(String(repeating: "　", count: depth)),
                        .a(.href(esc(SitePath.indicator.with(status.indicator.id))), .text(status.indicator.name)),
                        .if(status.underAllocated, .span(.class("badge warning under-allocated"), .text(context[.indicatorUnderAllocated])))),
                    .td(.attribute(named: "data-label", value: context[.fieldOwner]), .text(status.ownerName ?? "")),
                    .td(.attribute(named: "data-label", value: context[.fieldTargetValue]), .text(quantity(status.indicator.target, status.indicator.measure, context: context))),
                    .td(.attribute(named: "data-label", value: context[.fieldCurrentValue]), .text(quantity(status.current, status.indicator.measure, context: context))),
                    .td(.attribute(named: "data-label", value: context[.fieldCompletion]), .text(percent(status.completion))))
            }))
    }

    static func show(_ status: IndicatorStatus, parts: [IndicatorStatus], readings: [Reading], canRecord: Bool, error: String?,
                     context: PageContext) -> String {
        let indicator = status.indicator
        return Layout.render(title: "\(indicator.code) \(indicator.name)", context: context, error: error,
            .if(status.underAllocated, .p(.class("flash error under-allocated"), .text(context[.indicatorUnderAllocated]))),
            .dl(.class("facts"),
                .dt(.text(context[.fieldPeriod])), .dd(.text(indicator.period)),
                .dt(.text(context[.fieldMeasure])), .dd(.text(context[indicator.measure.labelKey])),
                .dt(.text(context[.fieldDirection])), .dd(.text(context[indicator.direction.labelKey])),
                .dt(.text(context[.fieldBaseline])), .dd(.text(quantity(indicator.baseline, indicator.measure, context: context))),
                .dt(.text(context[.fieldTargetValue])), .dd(.text(quantity(indicator.target, indicator.measure, context: context))),
                .dt(.text(context[.fieldCurrentValue])), .dd(.id("current"), .text(quantity(status.current, indicator.measure, context: context))),
                .dt(.text(context[.fieldCompletion])), .dd(.id("completion"), .text(percent(status.completion))),
                .dt(.text(context[.fieldOwner])), .dd(.text(status.ownerName ?? context[.none])),
                .dt(.text(context[.fieldRollUp])), .dd(.text(context[indicator.rollUp.labelKey]))),
            .if(!parts.isEmpty, .group(.h2(.text(context[.indicatorChildren])), table(parts, context: context))),
            .if(canRecord, .group(
                .h2(.text(context[.readingNew])),
                .form(.id("reading-form"), .class("filters"), .action(esc(SitePath.indicatorReadings.with(indicator.id))), .method(.post),
                      Forms.csrf(context),
                      Forms.text(context[.fieldValue], name: "value", value: nil, type: .number),
                      Forms.text(context[.fieldAsOf], name: "asOf", value: context.today.description, type: .date),
                      Forms.text(context[.fieldComment], name: "comment", value: nil, required: false),
                      Forms.text(context[.fieldEvidence], name: "evidence", value: nil, required: false),
                      Forms.submit(context[.save])))),
            .h2(.text(context[.indicatorReadings])),
            readings.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("readings"),
                .thead(.tr(.th(.text(context[.fieldAsOf])), .th(.text(context[.fieldValue])), .th(.text(context[.auditActor])),
                           .th(.text(context[.fieldComment])), .th(.text(context[.fieldEvidence])))),
                .tbody(.forEach(readings) { reading in
                    .tr(.td(.text(reading.asOf.description)), .td(.text(number(reading.value))), .td(.text(reading.recordedBy)),
                        .td(.text(reading.comment)), .td(.text(reading.evidence)))
                }))
        )
    }
}

enum KeyObjectPages {
    static func list(_ objects: [KeyObject], kind: KeyObjectKind?, leaders: [UUID: String], units: [UUID: String],
                     context: PageContext) -> String {
        Layout.render(title: context[.keyObjectsTitle], context: context,
            Forms.foldToggle(context),
            .form(.id("search"), .class("filters foldable"), .action(SitePath.keyObjects.rawValue), .method(.get),
                  Forms.select(context[.fieldKind], name: "kind", options: KeyObjectKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: kind?.rawValue, includeBlank: context[.all]),
                  Forms.submit(context[.filter])),
            objects.isEmpty ? .p(.class("empty"), .text(context[.noResults])) :
            .table(.id("key-objects"),
                .thead(.tr(.th(.text(context[.fieldCode])), .th(.text(context[.fieldName])), .th(.text(context[.fieldKind])),
                           .th(.text(context[.fieldContractedLeader])), .th(.text(context[.fieldResponsibleUnit])),
                           .th(.text(context[.fieldInvestmentTotal])), .th(.text(context[.fieldLocation])))),
                .tbody(.forEach(objects) { object in
                    .tr(.td(.text(object.code)), .td(.a(.href(esc(SitePath.keyObject.with(object.id))), .text(object.name))),
                        .td(.text(context[object.kind.labelKey])), .td(.text(object.contractedLeaderID.flatMap { leaders[$0] } ?? "")),
                        .td(.text(units[object.responsibleUnitID] ?? "")), .td(.text(IndicatorPages.number(object.investmentTotal))),
                        .td(.text(object.location)))
                }))
        )
    }

    static func show(_ object: KeyObject, leaderName: String?, unitName: String, tasks: [TaskListing], indicators: [Indicator],
                     today: Day, context: PageContext) -> String {
        Layout.render(title: "\(object.code) \(object.name)", context: context,
            .dl(.class("facts"),
                .dt(.text(context[.fieldKind])), .dd(.text(context[object.kind.labelKey])),
                .dt(.text(context[.fieldContractedLeader])), .dd(.id("contracted-leader"), .text(leaderName ?? context[.none])),
                .dt(.text(context[.fieldDelegatedPowers])), .dd(.text(object.delegatedPowers.isEmpty ? context[.none] : object.delegatedPowers)),
                .dt(.text(context[.fieldResponsibleUnit])), .dd(.text(unitName)),
                .dt(.text(context[.fieldLocation])), .dd(.text(object.location)),
                .unwrap(object.investmentTotal) { .group(.dt(.text(context[.fieldInvestmentTotal])), .dd(.text(IndicatorPages.number($0)))) },
                .unwrap(object.plannedInvestment) { .group(.dt(.text(context[.fieldPlannedInvestment])), .dd(.text(IndicatorPages.number($0)))) },
                .unwrap(object.start) { .group(.dt(.text(context[.fieldStart])), .dd(.text($0.description))) },
                .unwrap(object.completion) { .group(.dt(.text(context[.fieldCompletionDate])), .dd(.text($0.description))) }),
            .h2(.text(context[.keyObjectLinkedTasks])),
            tasks.isEmpty ? .p(.class("empty"), .text(context[.none])) : TaskPages.table(tasks, today: today, context: context),
            .h2(.text(context[.keyObjectLinkedIndicators])),
            indicators.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ul(.id("linked-indicators"), .forEach(indicators) { .li(.a(.href(esc(SitePath.indicator.with($0.id))), .text("\($0.code) \($0.name)"))) })
        )
    }
}
