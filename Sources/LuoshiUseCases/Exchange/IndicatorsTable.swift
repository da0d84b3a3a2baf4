// The indicators table: code, parent code, year, name, measure, direction, period, baseline,
// target, owner unit code, roll-up.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum IndicatorsTable {
    static let layout = TableLayout(columns: [
        Column(key: "code", zh: "编码", en: "Code", required: true, field: .fieldCode),
        Column(key: "parent", zh: "上级编码", en: "Parent code", field: .fieldParent),
        Column(key: "year", zh: "年度", en: "Year", required: true, field: .fieldYear, kind: .integer),
        Column(key: "name", zh: "名称", en: "Name", required: true, field: .fieldName),
        Column(key: "measure", zh: "计量单位", en: "Unit of measure", required: true, field: .fieldMeasure, kind: .of { (measure: MeasureUnit) in measure.labelKey }),
        Column(key: "direction", zh: "方向", en: "Direction", field: .fieldDirection, kind: .of { (direction: Direction) in direction.labelKey }),
        Column(key: "period", zh: "期间", en: "Period", field: .fieldPeriod),
        Column(key: "baseline", zh: "基数", en: "Baseline", field: .fieldBaseline, kind: .number),
        Column(key: "target", zh: "目标值", en: "Target value", required: true, field: .fieldTargetValue, kind: .number),
        Column(key: "owner", zh: "责任单位编码", en: "Owner unit code", required: true, field: .fieldOwner, kind: .unit),
        Column(key: "rollUp", zh: "汇总方式", en: "Roll-up", field: .fieldRollUp, kind: .of { (rollUp: RollUp) in rollUp.labelKey }),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { ExchangeTables.parentsFirst($0, code: "code", parent: "parent") },
        apply: { row, tx, context in
            guard let year = try Cells.int(row["year"], field: .fieldYear) else { throw RuleViolation(.fieldRequired, field: .fieldYear) }
            guard let target = try Cells.number(row["target"], field: .fieldTargetValue) else {
                throw RuleViolation(.fieldRequired, field: .fieldTargetValue)
            }
            let owner = try await Cells.unit(row["owner"], field: .fieldOwner, tx: tx)
            var parentID: UUID?
            if !row["parent"].isEmpty {
                guard let parent = try await tx.indicator(year: year, code: row["parent"]) else {
                    throw RuleViolation(.fieldInvalidChoice, field: .fieldParent)
                }
                parentID = parent.id
            }
            let draft = IndicatorDraft(
                year: year, code: row["code"], name: row["name"],
                measure: try Cells.choice(row["measure"], { (measure: MeasureUnit) in measure.labelKey }, field: .fieldMeasure)!,
                direction: try Cells.choice(row["direction"], { (direction: Direction) in direction.labelKey }, field: .fieldDirection,
                                            required: false) ?? .higherIsBetter,
                period: row["period"].isEmpty ? nil : row["period"], baseline: try Cells.number(row["baseline"], field: .fieldBaseline) ?? 0,
                target: target, ownerUnitID: owner.id, parentID: parentID,
                rollUp: try Cells.choice(row["rollUp"], { (rollUp: RollUp) in rollUp.labelKey }, field: .fieldRollUp, required: false) ?? .sum)
            guard let existing = try await tx.indicator(year: year, code: draft.code) else {
                _ = try await createIndicator(draft, in: tx, context: context)
                return .created
            }
            if existing.name == draft.name && existing.measure == draft.measure && existing.direction == draft.direction
                && existing.period == draft.period && existing.baseline == draft.baseline && existing.target == draft.target
                && existing.ownerUnitID == draft.ownerUnitID && existing.parentID == draft.parentID && existing.rollUp == draft.rollUp {
                return .unchanged
            }
            try await updateIndicator(existing, with: draft, in: tx, context: context)
            return .updated
        },
        export: { store, year, caller in
            let directory = try await store.directory().byID
            let units = directory.mapValues(\.code)
            let indicators = try await store.indicators(year: year).filter { caller?.canRead(indicator: $0, units: directory) ?? true }
            let codes = Dictionary(indicators.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
            let zh = Catalogue.for(.zhHans)
            return indicators.sorted { ($0.path.count, $0.code) < ($1.path.count, $1.code) }.map { indicator in
                [indicator.code, indicator.parentID.flatMap { codes[$0] } ?? "", String(indicator.year), indicator.name,
                 zh[indicator.measure.labelKey], zh[indicator.direction.labelKey], indicator.period, Cells.text(indicator.baseline),
                 Cells.text(indicator.target), indicator.ownerUnitID.flatMap { units[$0] } ?? "", zh[indicator.rollUp.labelKey]]
            }
        })
}
