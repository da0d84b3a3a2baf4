// Assessment pages: the hub of a year, a scheme with its items and versions, a run's league table
// (with last year's places, printable), a unit's breakdown (every point with the facts behind it),
// observation events (the form, a rater's sheet, the ranking), the register of consequences, and a
// cadre file with the eligibility answer. Words from the catalogue; figures from the domain.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Plot

enum AssessmentPages {
    static let groups: [AssessmentGroup] = [.townsAndStreets, .departments]

    static func points(_ value: Double) -> String { Numbers.grouped(value, decimals: 2) }
    static func percent(_ share: Double?) -> String { Numbers.percent(share) }

    /// A cell labelled for the phone's card layout; the label may be typed data (an item's or a
    /// criterion's name), so it is escaped like every attribute value.
    static func cell(_ label: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.TableRowContext> {
        .td(.attribute(named: "data-label", value: esc(label)), .group(nodes))
    }

    static func yearPicker(_ year: Int, path: SitePath, context: PageContext) -> Node<HTML.BodyContext> {
        .form(.class("filters"), .action(path.rawValue), .method(.get),
              .label(.text(context[.fieldYear]), .input(.type(.number), .name("year"), .value(String(year)),
                                                        .attribute(named: "min", value: "2000"), .attribute(named: "max", value: "2100"))),
              .button(.type(.submit), .text(context[.filter])))
    }

    // MARK: Hub

    static func hub(year: Int, schemes: [AssessmentScheme], runs: [AssessmentRun], events: [ObservationEvent], context: PageContext) -> String {
        let manages = context.caller?.managesAssessment ?? false
        let reads = context.caller?.readsAssessmentDrafts ?? false
        return Layout.render(title: context.catalogue.format(.assessmentTitle, ["year": String(year)]), context: context,
            yearPicker(year, path: .assessment, context: context),
            .p(.class("actions"), .a(.href(esc(SitePath.observations.query([("year", String(year))]))), .text(context[.observationsTitle])),
               .if(reads, .group(.text(" · "), .a(.href(esc(SitePath.consequences.query([("year", String(year))]))), .text(context[.consequencesTitle]))))),
            .h2(.text(context[.schemesTitle])),
            .table(.id("schemes"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldAssessmentGroup])), .th(.text(context[.fieldIncentiveTitle])), .th(.text(context[.schemeVersion])),
                              .th(.text(context[.schemeItems])))),
                   .tbody(.forEach(groups) { group in
                       let scheme = schemes.first { $0.group == group }
                       return .tr(.td(.class("code"), .text(context[group.labelKey])),
                                  .td(.class("title"), .unwrap(scheme, { .a(.href(esc(SitePath.assessmentScheme.with($0.id))), .text($0.title)) },
                                                               else: .if(manages, .form(.action(SitePath.assessmentSchemeNew.rawValue), .method(.post), Forms.csrf(context),
                                                                                         .input(.type(.hidden), .name("year"), .value(String(year))),
                                                                                         .input(.type(.hidden), .name("group"), .value(group.rawValue)),
                                                                                         Forms.submit(context[.schemeCreate])),
                                                                         else: .text(context[.none])))),
                                  cell(context[.schemeVersion], .text(scheme.map { "v\($0.version)" } ?? "—")),
                                  cell(context[.schemeItems], .text(scheme.map { String($0.items.count) } ?? "—")))
                   })),
            .h2(.text(context[.runsTitle])),
            .if(manages, .form(.id("run-new"), .class("filters"), .action(SitePath.assessmentRunNew.rawValue), .method(.post), Forms.csrf(context),
                               .input(.type(.hidden), .name("year"), .value(String(year))),
                               Forms.select(context[.fieldAssessmentGroup], name: "group", options: groups.map { ($0.rawValue, context[$0.labelKey]) }, selected: nil),
                               Forms.submit(context[.runPreviewAction]))),
            runs.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .table(.id("runs"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldAssessmentGroup])), .th(.text(context[.fieldStatus])), .th(.text(context[.runComputedOn])),
                              .th(.text(context[.schemeVersion])), .th(.text(context[.runUnits])))),
                   .tbody(.forEach(runs) { run in
                       .tr(.td(.class("title"), .a(.href(esc(SitePath.assessmentRun.with(run.id))), .text(context[run.group.labelKey]))),
                           cell(context[.fieldStatus], .text(context[run.state.labelKey]), .unwrap(run.publishedOn) { .text(" · " + $0.description) }),
                           cell(context[.runComputedOn], .text(run.computedOn.description)),
                           cell(context[.schemeVersion], .text("v\(run.schemeVersion)")),
                           cell(context[.runUnits], .text(String(run.unitCount))))
                   })),
            .h2(.text(context[.observationsTitle])),
            observationTable(events, context: context))
    }

    // MARK: Schemes

    static func itemFormula(_ item: AssessmentItem, context: PageContext) -> String {
        var parts = [context[item.kind.labelKey]]
        if let code = item.indicatorCode { parts.append(context[.fieldIndicatorCode] + " " + code) }
        if item.kind.deducts { parts.append(context.catalogue.format(.itemPerCount, ["points": points(item.perCount)])) }
        if item.kind == .indicators {
            parts.append(item.thresholds.isEmpty ? context.catalogue.format(.itemCap, ["cap": percent(item.completionCap)])
                         : item.thresholds.map { percent($0.completion) + "→" + percent($0.share) }.joined(separator: "，"))
        }
        if item.applies225 { parts.append(context[.itemApplies225]) }
        return parts.joined(separator: " · ")
    }

    static func scheme(_ scheme: AssessmentScheme, versions: [AssessmentScheme], context: PageContext) -> String {
        let current = versions.first?.id == scheme.id
        let manages = (context.caller?.managesAssessment ?? false) && current
        let grading = scheme.grading
        return Layout.render(title: scheme.title, context: context,
            .dl(.class("facts"),
                .dt(.text(context[.fieldYear])), .dd(.text(String(scheme.year))),
                .dt(.text(context[.fieldAssessmentGroup])), .dd(.text(context[scheme.group.labelKey])),
                .dt(.text(context[.schemeVersion])), .dd(.text("v\(scheme.version) · \(scheme.createdOn) · \(scheme.createdBy)"),
                                                        .if(!current, .strong(.text(" " + context[.schemeSuperseded])))),
                .dt(.text(context[.schemeMaxScore])), .dd(.text(points(scheme.maxScore))),
                .dt(.text(context[.fieldGradeFloors])),
                .dd(.text(context.catalogue.format(.schemeGrading, ["quota": percent(grading.excellenceQuota), "excellent": points(grading.excellentMin),
                                                                     "good": points(grading.goodMin), "fair": points(grading.fairMin),
                                                                     "criticisms": String(grading.criticismsForRecommendation)])))),
            .table(.id("scheme-items"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.fieldItemKey])), .th(.text(context[.fieldItemName])), .th(.text(context[.fieldPoints])),
                              .th(.text(context[.schemeFormula])), .if(manages, .th(.text(""))))),
                   .tbody(.forEach(scheme.items) { item in
                       .tr(.td(.class("code"), .text(item.key)), .td(.class("title"), .text(item.name)),
                           cell(context[.fieldPoints], .text((item.kind.deducts ? "−" : "") + points(item.points))),
                           cell(context[.schemeFormula], .text(itemFormula(item, context: context))),
                           .if(manages, .td(.form(.action(SitePath.assessmentSchemeEdit.with(scheme.id)), .method(.post), Forms.csrf(context),
                                                  .input(.type(.hidden), .name("action"), .value("remove")),
                                                  .input(.type(.hidden), .name("key"), .value(esc(item.key))),
                                                  .button(.type(.submit), .class("secondary"), .text(context[.schemeRemoveItem]))))))
                   })),
            .if(manages, .group(
                .h2(.text(context[.schemeAddItem])),
                .p(.class("hint"), .text(context[.schemeVersionHint])),
                .form(.id("scheme-item"), .class("report-form"), .action(SitePath.assessmentSchemeEdit.with(scheme.id)), .method(.post), Forms.csrf(context),
                      .input(.type(.hidden), .name("action"), .value("add")),
                      Forms.text(context[.fieldItemKey], name: "key", value: String(scheme.items.count + 1)),
                      Forms.text(context[.fieldItemName], name: "name", value: nil),
                      Forms.select(context[.fieldItemKind], name: "kind", options: AssessmentItemKind.allCases.map { ($0.rawValue, context[$0.labelKey]) }, selected: nil),
                      Forms.text(context[.fieldPoints], name: "points", value: nil, type: .number),
                      Forms.text(context[.fieldIndicatorCode], name: "indicatorCode", value: nil, required: false),
                      Forms.text(context[.fieldPerCount], name: "perCount", value: nil, required: false),
                      Forms.text(context[.fieldCompletionCapPercent], name: "completionCap", value: "100", required: false),
                      Forms.text(context[.fieldThresholds], name: "thresholds", value: nil, required: false, placeholder: context[.thresholdsHint]),
                      .label(.input(.type(.checkbox), .name("applies225"), .value("1")), .text(context[.itemApplies225])),
                      Forms.submit(context[.schemeAddItem])),
                .h2(.text(context[.fieldGradeFloors])),
                .form(.id("scheme-grading"), .class("report-form"), .action(SitePath.assessmentSchemeEdit.with(scheme.id)), .method(.post), Forms.csrf(context),
                      .input(.type(.hidden), .name("action"), .value("grading")),
                      Forms.text(context[.fieldIncentiveTitle], name: "title", value: scheme.title),
                      Forms.text(context[.fieldExcellenceQuotaPercent], name: "excellenceQuota", value: points(grading.excellenceQuota * 100)),
                      Forms.text(context[.gradeExcellent], name: "excellentMin", value: points(grading.excellentMin)),
                      Forms.text(context[.gradeGood], name: "goodMin", value: points(grading.goodMin)),
                      Forms.text(context[.gradeFair], name: "fairMin", value: points(grading.fairMin)),
                      Forms.text(context[.fieldCriticismsForRecommendation], name: "criticismsForRecommendation", value: String(grading.criticismsForRecommendation)),
                      Forms.submit(context[.save])))),
            .h2(.text(context[.schemeVersions])),
            .ul(.id("scheme-versions"), .forEach(versions) { version in
                .li(.a(.href(esc(SitePath.assessmentScheme.with(version.id))), .text("v\(version.version)")),
                    .text(" · \(version.createdOn) · \(version.createdBy) · " + context.catalogue.format(.schemeItemCount, ["count": String(version.items.count)])))
            }))
    }

    // MARK: Runs

    static func run(_ run: AssessmentRun, scheme: AssessmentScheme, lines: [LeagueLine], lastYear: [UUID: LeagueLine],
                    readable: (UUID) -> Bool, consequences: [Consequence], names: [UUID: String], units: [UUID: Unit], canPublish: Bool,
                    context: PageContext) -> String {
        let title = context.catalogue.format(.runTitle, ["year": String(run.year), "group": context[run.group.labelKey]])
        let grades = Dictionary(grouping: lines, by: \.grade).mapValues(\.count)
        return Layout.render(title: title, context: context,
            .dl(.class("facts"),
                .dt(.text(context[.fieldStatus])), .dd(.text(context[run.state.labelKey]), .unwrap(run.publishedOn) { .text(" · " + $0.description) }),
                .dt(.text(context[.runComputedOn])), .dd(.text(run.computedOn.description)),
                .dt(.text(context[.schemesTitle])), .dd(.a(.href(esc(SitePath.assessmentScheme.with(scheme.id))), .text("\(scheme.title) v\(run.schemeVersion)"))),
                .dt(.text(context[.runGrades])),
                .dd(.text(Grade.allCases.map { context[$0.labelKey] + " " + String(grades[$0] ?? 0) }.joined(separator: " · ")))),
            .if(run.state == .preview, .p(.class("notice"), .text(context[.runPreviewHint]))),
            .if(run.state == .preview && canPublish,
                .form(.id("run-publish"), .class("actions"), .action(SitePath.assessmentRunPublish.with(run.id)), .method(.post), Forms.csrf(context),
                      .label(.input(.type(.checkbox), .name("confirm"), .value("1"), .required(true)), .text(context[.runPublishConfirm])),
                      Forms.submit(context[.runPublishAction]))),
            .p(.id("league-items"), .class("hint"),
               .text(scheme.items.map { "\($0.key) \($0.name)（\($0.kind.deducts ? "−" : "")\(points($0.points))）" }.joined(separator: "；"))),
            .div(.class("table-wrap"),
            .table(.id("league"), .class("tasks league"),
                   .thead(.tr(.th(.text(context[.runRank])), .th(.text(context[.fieldUnit])), .th(.text(context[.fieldScore])),
                              .th(.text(context[.runGap])), .th(.text(context[.runGrade])), .th(.text(context[.itemKindVeto])),
                              .th(.text(context[.runLastYear])),
                              .forEach(scheme.items) { .th(.class("item"), .attribute(named: "title", value: esc($0.name)), .text($0.key)) })),
                   .tbody(.forEach(lines) { line in
                       let last = lastYear[line.unitID]
                       return .tr(.class(line.vetoes.isEmpty ? "" : "vetoed"),
                           .td(.class("code"), .text(String(line.rank))),
                           .td(.class("title"), readable(line.unitID)
                               ? .a(.href(esc(SitePath.assessmentBreakdown.with(run.id) + "?unit=" + line.unitID.uuidString.lowercased())), .text(line.unitName))
                               : .text(line.unitName)),
                           cell(context[.fieldScore], .text(points(line.score))),
                           cell(context[.runGap], .text(line.gapToAhead.map { "−" + points($0) } ?? "—")),
                           cell(context[.runGrade], .span(.class("grade grade-\(line.grade.rawValue)"), .text(context[line.grade.labelKey]))),
                           cell(context[.itemKindVeto], .text(line.vetoes.isEmpty ? "—" : line.vetoes.joined(separator: "，"))),
                           cell(context[.runLastYear], .text(last.map { context.catalogue.format(.runLastYearPlace, ["rank": String($0.rank), "score": points($0.score),
                                                                                                                     "grade": context[$0.grade.labelKey]]) } ?? "—")),
                           .group(zip(scheme.items, line.earned).map { pair -> Node<HTML.TableRowContext> in cell(pair.0.name, .text(points(pair.1))) }))
                   }))),
            .if(!consequences.isEmpty, .group(
                .h2(.text(context[.runConsequences])),
                consequenceTable(consequences, names: names, units: units, canRefer: canPublish, context: context))))
    }

    static func evidenceLink(_ evidence: AssessmentEvidence) -> String? {
        switch evidence.kind {
        case .indicator: SitePath.indicator.with(evidence.id)
        case .task, .report: SitePath.task.with(evidence.id)
        case .observation: SitePath.observation.with(evidence.id)
        case .notice: SitePath.notice.with(evidence.id)
        case .criticism, .bonus: nil
        }
    }

    /// A line's formula in words: the measure found and how it became points.
    static func explanation(_ line: AssessmentLine, item: AssessmentItem?, context: PageContext) -> String {
        let catalogue = context.catalogue
        switch line.kind {
        case .indicators where (line.outOf ?? 0) == 0:
            return catalogue.format(.lineNoIndicators, ["points": points(line.points)])
        case .indicators:
            return catalogue.format(.lineIndicators, ["completion": percent(line.measure), "met": String(line.counted ?? 0), "of": String(line.outOf ?? 0),
                                                      "points": points(line.points), "earned": points(line.earned)])
        case .tasksOnTime, .reportsOnTime:
            return catalogue.format(.lineOnTime, ["counted": String(line.counted ?? 0), "of": String(line.outOf ?? 0), "share": percent(line.measure),
                                                  "points": points(line.points), "earned": points(line.earned)])
        case .observation:
            return catalogue.format(.lineObservation, ["score": line.measure.map { points($0) } ?? "—", "events": String(line.counted ?? 0),
                                                       "points": points(line.points), "earned": points(line.earned)])
        case .criticisms, .notices, .lateReports:
            return catalogue.format(.lineDeduction, ["count": String(line.counted ?? 0), "each": points(item?.perCount ?? 0),
                                                     "cap": points(line.points), "earned": points(line.earned)])
        case .bonus:
            return catalogue.format(.lineBonus, ["count": String(line.counted ?? 0), "total": points(line.measure ?? 0), "cap": points(line.points),
                                                 "earned": points(line.earned)])
        case .veto:
            return line.vetoed ? catalogue.format(.lineVetoed, ["completion": percent(line.measure)])
                : catalogue.format(.lineNotVetoed, ["completion": percent(line.measure)])
        }
    }

    static func breakdown(_ result: AssessmentResult, run: AssessmentRun, scheme: AssessmentScheme, context: PageContext) -> String {
        let title = context.catalogue.format(.breakdownTitle, ["unit": result.unitName, "year": String(run.year)])
        return Layout.render(title: title, context: context,
            .dl(.class("facts"),
                .dt(.text(context[.fieldScore])), .dd(.strong(.text(points(result.score)))),
                .dt(.text(context[.runRank])), .dd(.text(context.catalogue.format(.breakdownRank, ["rank": String(result.rank), "of": String(run.unitCount)])),
                                                   .unwrap(result.gapToAhead) { .text(" · " + context.catalogue.format(.breakdownGap, ["gap": points($0)])) }),
                .dt(.text(context[.runGrade])), .dd(.text(context[result.grade.labelKey])),
                .if(!result.vetoes.isEmpty, .group(.dt(.text(context[.itemKindVeto])), .dd(.class("overdue"), .text(result.vetoes.joined(separator: "，"))))),
                .dt(.text(context[.fieldStatus])), .dd(.text(context[run.state.labelKey] + " · " + context[.runComputedOn] + " " + run.computedOn.description))),
            .p(.a(.href(esc(SitePath.assessmentRun.with(run.id))), .text(context[.breakdownBack]))),
            .forEach(result.lines) { line in
                let item = scheme.items.first { $0.key == line.itemKey }
                return .article(.class("report breakdown-line"),
                    .h3(.text("\(line.itemKey) \(line.itemName) · \(points(line.earned))")),
                    .p(.text(explanation(line, item: item, context: context))),
                    .if(!line.evidence.isEmpty, .ul(.class("evidence"), .forEach(line.evidence) { evidence in
                        let text = [evidence.day?.description, evidence.label, evidenceFigure(evidence, line: line, context: context)]
                            .compactMap { $0 }.joined(separator: " · ")
                        return .li(.class(evidence.costs ? "costs" : ""),
                                   .unwrap(evidenceLink(evidence), { .a(.href(esc($0)), .text(text)) }, else: .text(text)))
                    })))
            })
    }

    static func evidenceFigure(_ evidence: AssessmentEvidence, line: AssessmentLine, context: PageContext) -> String? {
        switch evidence.kind {
        case .indicator: return context[.fieldCompletion] + " " + percent(evidence.figure)
        case .task: return evidence.costs ? context[.evidenceTaskLate] : context[.evidenceTaskOnTime]
        case .report: return evidence.figure == nil ? context[.evidenceReportMissing] : context[.evidenceReportLate]
        case .observation: return evidence.figure.map { context[.fieldScore] + " " + points($0) }
        case .criticism, .notice: return evidence.figure.map { "−" + points($0) }
        case .bonus: return evidence.figure.map { "+" + points($0) }
        }
    }

    // MARK: Observation events

    static func observationTable(_ events: [ObservationEvent], context: PageContext) -> Node<HTML.BodyContext> {
        events.isEmpty ? .p(.class("empty"), .text(context[.none])) :
        .table(.id("observations"), .class("tasks"),
               .thead(.tr(.th(.text(context[.fieldDay])), .th(.text(context[.fieldIncentiveTitle])), .th(.text(context[.fieldUnits])),
                          .th(.text(context[.fieldRaters])), .th(.text(context[.fieldStatus])))),
               .tbody(.forEach(events) { event in
                   .tr(.td(.class("code"), .text(event.day.description)),
                       .td(.class("title"), .a(.href(esc(SitePath.observation.with(event.id))), .text(event.title))),
                       cell(context[.fieldUnits], .text(String(event.unitIDs.count))),
                       cell(context[.fieldRaters], .text(String(event.raterIDs.count))),
                       cell(context[.fieldStatus], .text(context[event.state.labelKey])))
               }))
    }

    static func observations(_ events: [ObservationEvent], year: Int, canCreate: Bool, context: PageContext) -> String {
        Layout.render(title: context[.observationsTitle], context: context,
            yearPicker(year, path: .observations, context: context),
            .if(canCreate, .p(.class("actions"), .a(.class("button"), .href(SitePath.observationNew.rawValue), .text(context[.observationNew])))),
            observationTable(events, context: context))
    }

    static let criterionRows = 6

    static func observationForm(_ form: ObservationsController.EventForm?, units: [Unit], raters: [RaterChoice], error: String?,
                                context: PageContext) -> String {
        let names = form?.criterionName ?? [], weights = form?.criterionWeight ?? []
        let chosenUnits = Set(form?.unitIds ?? []), chosenRaters = Set(form?.raterIds ?? [])
        let criteriaRows: Node<HTML.FormContext> = SupervisionPages.fieldset(context[.fieldCriteria], cls: "rows",
            .forEach(0..<criterionRows) { (index: Int) -> Node<HTML.FormContext> in
                let name: String = names.indices.contains(index) ? names[index] : ""
                let weight: String = weights.indices.contains(index) ? weights[index] : ""
                return .div(.class("row"),
                            .label(.text(context[.fieldCriterionName]), .input(.type(.text), .name("criterionName[]"), .value(esc(name)))),
                            .label(.text(context[.fieldWeight]), .input(.type(.number), .name("criterionWeight[]"), .attribute(named: "step", value: "any"),
                                                                        .value(esc(weight)))))
            })
        let unitChecks: Node<HTML.FormContext> = SupervisionPages.fieldset(context[.fieldUnits], cls: "checks",
            .forEach(UnitOrdering.treeOrder(units)) { (unit: Unit) -> Node<HTML.FormContext> in
                let value = unit.id.uuidString.lowercased()
                return .label(.input(.type(.checkbox), .name("unitIds[]"), .value(value), .checked(chosenUnits.contains(value))),
                              .text(unit.name + "（" + context[unit.assessmentGroup.labelKey] + "）"))
            })
        let raterChecks: Node<HTML.FormContext> = SupervisionPages.fieldset(context[.fieldRaters], cls: "checks",
            .forEach(raters) { (rater: RaterChoice) -> Node<HTML.FormContext> in
                let value = rater.id.uuidString.lowercased()
                return .label(.input(.type(.checkbox), .name("raterIds[]"), .value(value), .checked(chosenRaters.contains(value))),
                              .text(rater.displayName + "（" + context[rater.role.labelKey] + "）"))
            })
        let drops: Bool = form == nil || form?.dropsExtremes == "1"
        return Layout.render(title: context[.observationNew], context: context, error: error,
            .form(.id("observation-form"), .class("report-form"), .action(SitePath.observationNew.rawValue), .method(.post), Forms.csrf(context),
                  Forms.text(context[.fieldIncentiveTitle], name: "title", value: form?.title, placeholder: context[.observationTitleHint]),
                  Forms.text(context[.fieldDay], name: "day", value: form?.day ?? context.today.description, type: .date),
                  criteriaRows, unitChecks, raterChecks,
                  .label(.input(.type(.checkbox), .name("dropsExtremes"), .value("1"), .checked(drops)), .text(context[.observationDropsExtremes])),
                  Forms.submit(context[.observationNew])))
    }

    static func observation(_ event: ObservationEvent, standings: [ObservationStanding]?, sheet: [ObservationScore]?, raters: [RaterChoice],
                            submitted: Set<UUID>, units: [UUID: Unit], canClose: Bool, context: PageContext) -> String {
        let manages = context.caller?.managesAssessment == true
        let criteriaText = event.criteria.map { "\($0.name)（\(context[.fieldWeight]) \(points($0.weight))）" }.joined(separator: "，")
        let ratersText = raters.map { $0.displayName + (manages ? (submitted.contains($0.id) ? " ✓" : " …") : "") }.joined(separator: "，")
        let facts: Node<HTML.BodyContext> = .dl(.class("facts"),
            .dt(.text(context[.fieldDay])), .dd(.text(event.day.description)),
            .dt(.text(context[.fieldStatus])), .dd(.text(context[event.state.labelKey])),
            .dt(.text(context[.fieldCriteria])), .dd(.text(criteriaText)),
            .dt(.text(context[.fieldRaters])), .dd(.text(ratersText)),
            .dt(.text(context[.observationRule])), .dd(.text(context[event.dropsExtremes ? .observationDropsExtremes : .observationKeepsAll])))
        let closeForm: Node<HTML.BodyContext> = .if(canClose, .form(.id("observation-close"), .class("actions"), .action(SitePath.observationClose.with(event.id)),
                                                                    .method(.post), Forms.csrf(context), Forms.submit(context[.observationClose])))
        let sheetNode: Node<HTML.BodyContext> = sheet != nil && event.state == .scoring ? sheetForm(event, sheet: sheet ?? [], units: units, context: context) : .empty
        let ranking: Node<HTML.BodyContext> = standings.map { rankingTable(event, standings: $0, units: units, context: context) }
            ?? .p(.class("empty"), .text(context[.observationRankingHidden]))
        return Layout.render(title: event.title, context: context, facts, closeForm, sheetNode, .h2(.text(context[.observationRanking])), ranking)
    }

    static func sheetForm(_ event: ObservationEvent, sheet: [ObservationScore], units: [UUID: Unit], context: PageContext) -> Node<HTML.BodyContext> {
        let mine = Dictionary(sheet.map { ("\($0.unitID)-\($0.criterion)", $0.score) }, uniquingKeysWith: { a, _ in a })
        let criteria = Array(event.criteria.enumerated())
        let rows: [Node<HTML.TableContext>] = event.unitIDs.map { (unitID: UUID) -> Node<HTML.TableContext> in
            let unitName = units[unitID]?.name ?? ""
            let cells: [Node<HTML.TableRowContext>] = criteria.map { (index: Int, criterion: ObservationCriterion) -> Node<HTML.TableRowContext> in
                let value: String = mine["\(unitID)-\(index)"].map { points($0) } ?? ""
                return cell(criterion.name, .input(.type(.number), .name("score-\(unitID.uuidString.lowercased())-\(index)"),
                                                   .attribute(named: "min", value: "0"), .attribute(named: "max", value: "100"),
                                                   .attribute(named: "step", value: "any"), .attribute(named: "form", value: "observation-sheet"),
                                                   .attribute(named: "aria-label", value: esc(unitName + " " + criterion.name)), .value(value)))
            }
            return .tr(.td(.class("title"), .text(unitName)), .group(cells))
        }
        let table: Node<HTML.BodyContext> = .table(.class("tasks sheet"),
            .thead(.tr(.th(.text(context[.fieldUnit])), .forEach(event.criteria) { .th(.text($0.name)) })),
            .tbody(.group(rows)))
        return .group(
            .h2(.text(context[.observationMySheet])),
            .p(.class("hint"), .text(context[.observationSheetHint])),
            // The inputs name the form they belong to (a table cannot sit inside a form in typed HTML).
            .div(.class("table-wrap"), table),
            .form(.id("observation-sheet"), .action(SitePath.observationSheet.with(event.id)), .method(.post), Forms.csrf(context),
                  Forms.submit(context[.observationSaveSheet])))
    }

    static func rankingTable(_ event: ObservationEvent, standings: [ObservationStanding], units: [UUID: Unit], context: PageContext) -> Node<HTML.BodyContext> {
        let rows: [Node<HTML.TableContext>] = standings.map { (standing: ObservationStanding) -> Node<HTML.TableContext> in
            let scores: [Node<HTML.TableRowContext>] = zip(event.criteria, standing.criterionScores).map { pair -> Node<HTML.TableRowContext> in
                cell(pair.0.name, .text(pair.1.map { points($0) } ?? "—"))
            }
            return .tr(.td(.class("code"), .text(standing.rank.map(String.init) ?? "—")),
                       .td(.class("title"), .text(units[standing.unitID]?.name ?? "")),
                       cell(context[.fieldScore], .text(standing.score.map { points($0) } ?? context[.observationUnscored])),
                       cell(context[.runGap], .text(standing.gapToAhead.map { "−" + points($0) } ?? "—")),
                       .group(scores))
        }
        return .table(.id("standings"), .class("tasks"),
                      .thead(.tr(.th(.text(context[.runRank])), .th(.text(context[.fieldUnit])), .th(.text(context[.fieldScore])), .th(.text(context[.runGap])),
                                 .forEach(event.criteria) { .th(.text($0.name)) })),
                      .tbody(.group(rows)))
    }

    // MARK: Consequences

    static func consequenceTable(_ items: [Consequence], names: [UUID: String], units: [UUID: Unit], canRefer: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        .table(.id("consequences"), .class("tasks"),
               .thead(.tr(.th(.text(context[.fieldKind])), .th(.text(context[.fieldUnit])), .th(.text(context[.fieldPerson])),
                          .th(.text(context[.consequenceReason])), .th(.text(context[.consequenceInForce])), .th(.text("")))),
               .tbody(.forEach(items) { item in
                   .tr(.td(.class("code"), .text(context[item.kind.labelKey])),
                       cell(context[.fieldUnit], .text(units[item.unitID]?.name ?? "")),
                       cell(context[.fieldPerson], .unwrap(item.personID, { id in
                           .a(.href(esc(SitePath.cadreFile.with(id))), .text(names[id] ?? ""))
                       }, else: .text("—"))),
                       cell(context[.consequenceReason], .text(ConsequenceText.reason(item, catalogue: context.catalogue)),
                            .if(!item.note.isEmpty, .text("：" + item.note))),
                       cell(context[.consequenceInForce], .text(item.inForceUntil.map { item.recordedOn.description + " — " + $0.description } ?? item.recordedOn.description)),
                       .td(.unwrap(item.decisionID, { .a(.href(esc(SitePath.decision.with($0))), .text(context[.recommendationDecision])) },
                                   else: .if(canRefer && item.kind.goesToMeeting,
                                             .form(.action(SitePath.consequenceRefer.with(item.id)), .method(.post), Forms.csrf(context),
                                                   .button(.type(.submit), .class("secondary"), .text(context[.recommendationRefer])))))))
               }))
    }

    static func consequences(_ items: [Consequence], year: Int, kind: ConsequenceKind?, names: [UUID: String], units: [UUID: Unit],
                             unitChoices: [Unit], people: [Person], bonuses: [AssessmentBonus], canManage: Bool, context: PageContext) -> String {
        Layout.render(title: context[.consequencesTitle], context: context,
            .form(.class("filters"), .action(SitePath.consequences.rawValue), .method(.get),
                  .label(.text(context[.fieldYear]), .input(.type(.number), .name("year"), .value(String(year)))),
                  Forms.select(context[.fieldKind], name: "kind", options: ConsequenceKind.allCases.map { ($0.rawValue, context[$0.labelKey]) },
                               selected: kind?.rawValue, includeBlank: context[.all]),
                  .button(.type(.submit), .text(context[.filter]))),
            items.isEmpty ? .p(.class("empty"), .text(context[.none])) : consequenceTable(items, names: names, units: units, canRefer: canManage, context: context),
            .h2(.text(context[.bonusesTitle])),
            bonuses.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ul(.id("bonuses"), .forEach(bonuses) { bonus in
                .li(.text("\(bonus.day) · \(units[bonus.unitID]?.name ?? "") · +\(points(bonus.points)) · \(bonus.reason)：\(bonus.evidence)"))
            }),
            .if(canManage, .group(
                .h2(.text(context[.bonusNew])),
                .form(.id("bonus-form"), .class("report-form"), .action(SitePath.assessmentBonusNew.rawValue), .method(.post), Forms.csrf(context),
                      .input(.type(.hidden), .name("year"), .value(String(year))),
                      Forms.select(context[.fieldUnit], name: "unitId", options: Forms.unitOptions(unitChoices), selected: nil),
                      Forms.text(context[.fieldPoints], name: "points", value: nil, type: .number),
                      Forms.text(context[.fieldBonusReason], name: "reason", value: nil),
                      .label(.text(context[.fieldEvidence]), .textarea(.name("evidence"), .rows(2), .required(true))),
                      Forms.submit(context[.bonusNew])),
                .h2(.text(context[.commendationNew])),
                .form(.id("commendation-form"), .class("report-form"), .action(SitePath.commendationNew.rawValue), .method(.post), Forms.csrf(context),
                      .input(.type(.hidden), .name("year"), .value(String(year))),
                      Forms.select(context[.fieldUnit], name: "unitId", options: Forms.unitOptions(unitChoices), selected: nil, includeBlank: context[.commendationUnitOfPerson]),
                      Forms.select(context[.fieldPerson], name: "personId", options: people.map { ($0.id.uuidString.lowercased(), $0.name + " " + $0.position) },
                                   selected: nil, includeBlank: context[.none]),
                      Forms.text(context[.fieldCommendationTitle], name: "title", value: nil),
                      .label(.text(context[.fieldCommendationBasis]), .textarea(.name("basis"), .rows(2), .required(true))),
                      Forms.submit(context[.commendationNew])))))
    }

    // MARK: Cadre files

    static func entryKindLabel(_ kind: CadreEntryKind) -> L10nKey {
        switch kind {
        case .position: .cadrePosition
        case .task: .cadreTask
        case .report: .cadreReport
        case .criticism: .cadreCriticism
        case .consequence: .cadreConsequence
        case .grade: .cadreGrade
        }
    }

    static func entryText(_ entry: CadreEntry, context: PageContext) -> String {
        let catalogue = context.catalogue
        switch entry.kind {
        case .position: return [entry.unitName, entry.title].filter { !$0.isEmpty }.joined(separator: " ")
        case .task:
            let parts = entry.state.split(separator: "|").map(String.init)
            let status = parts.first.flatMap(TaskStatus.init(rawValue:)).map { catalogue[$0.labelKey] } ?? ""
            let light = parts.count > 1 ? Light(rawValue: parts[1]).map { catalogue[$0.labelKey] } ?? "" : ""
            return "\(entry.title) · \(entry.unitName) · \(status) · \(light) · \(catalogue[.fieldDeadline]) \(entry.day)"
        case .report:
            let parts = entry.state.split(separator: "|").map(String.init)
            let state = parts.first.flatMap(ReportState.init(rawValue:)).map { catalogue[$0.labelKey] } ?? ""
            return entry.title + " · " + state + (parts.contains("late") ? " · " + catalogue[.reportLate] : "")
        case .criticism: return [entry.unitName, entry.title].filter { !$0.isEmpty }.joined(separator: "：")
        case .consequence:
            guard let consequence = entry.consequence else { return entry.title }
            return catalogue[consequence.kind.labelKey] + "：" + ConsequenceText.reason(consequence, catalogue: catalogue)
                + (consequence.note.isEmpty ? "" : "（\(consequence.note)）")
                + (consequence.inForceUntil.map { " · " + catalogue.format(.consequenceUntil, ["day": $0.description]) } ?? "")
        case .grade:
            let grade = Grade(rawValue: entry.state).map { catalogue[$0.labelKey] } ?? ""
            return catalogue.format(.cadreGradeLine, ["year": entry.title, "unit": entry.unitName, "grade": grade, "score": entry.figure.map { points($0) } ?? ""])
        }
    }

    static func entryLink(_ entry: CadreEntry) -> String? {
        guard let id = entry.recordID else { return nil }
        switch entry.kind {
        case .task, .report: return SitePath.task.with(id)
        case .criticism: return SitePath.inspection.with(id)
        case .grade: return SitePath.assessmentRun.with(id)
        case .consequence: return entry.consequence?.decisionID.map { SitePath.decision.with($0) }
        case .position: return nil
        }
    }

    static func cadreFile(person: Person, unit: Unit, entries: [CadreEntry], answers: [EligibilityAnswer], kind: CadreEntryKind?, year: Int?,
                          context: PageContext) -> String {
        Layout.render(title: context.catalogue.format(.cadreFileTitle, ["name": person.name]), context: context,
            .dl(.class("facts"),
                .dt(.text(context[.fieldUnit])), .dd(.a(.href(esc(SitePath.unit.with(unit.id))), .text(unit.name))),
                .dt(.text(context[.fieldPosition])), .dd(.text(person.position)),
                .dt(.text(context[.fieldRank])), .dd(.text(context[person.rank.labelKey]))),
            .h2(.text(context[.eligibilityTitle])),
            .table(.id("eligibility"), .class("tasks"),
                   .thead(.tr(.th(.text(context[.eligibilityQuestion])), .th(.text(context[.eligibilityAnswer])), .th(.text(context[.eligibilityBecause])))),
                   .tbody(.forEach(answers) { answer in
                       .tr(.td(.class("title"), .text(context.catalogue.format(.eligibilityAsk, ["what": context[answer.question.labelKey]]))),
                           cell(context[.eligibilityAnswer], .strong(.class(answer.allowed ? "yes" : "no"), .text(context[answer.allowed ? .eligibilityYes : .eligibilityNo]))),
                           cell(context[.eligibilityBecause], answer.restrictions.isEmpty ? .text("—") :
                                .ul(.forEach(answer.restrictions) { restriction in
                                    .li(.text(context[restriction.kind.labelKey] + "：" + ConsequenceText.reason(restriction, catalogue: context.catalogue)
                                              + (restriction.inForceUntil.map { " · " + context.catalogue.format(.consequenceUntil, ["day": $0.description]) } ?? "")))
                                })))
                   })),
            .h2(.text(context[.cadreTimeline])),
            .form(.class("filters no-print"), .action(SitePath.cadreFile.with(person.id)), .method(.get),
                  Forms.select(context[.fieldKind], name: "kind", options: CadreEntryKind.allCases.map { ($0.rawValue, context[entryKindLabel($0)]) },
                               selected: kind?.rawValue, includeBlank: context[.all]),
                  .label(.text(context[.fieldYear]), .input(.type(.number), .name("year"), .value(year.map(String.init) ?? ""))),
                  .button(.type(.submit), .text(context[.filter]))),
            entries.isEmpty ? .p(.class("empty"), .text(context[.none])) :
            .ol(.id("cadre-file"), .class("timeline"), .forEach(entries) { entry in
                .li(.span(.class("code"), .text(entry.day.description)), .text(" "),
                    .strong(.text(context[entryKindLabel(entry.kind)])), .text(" "),
                    .unwrap(entryLink(entry), { .a(.href(esc($0)), .text(entryText(entry, context: context))) }, else: .text(entryText(entry, context: context))))
            }))
    }
}
