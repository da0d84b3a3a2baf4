// The rest of a year's plan as tables: work areas (工作板块), key objects (重点对象) with their
// contracted leaders and links, and indicator readings (指标完成值). With the units, people, tasks
// and indicators tables they hold a whole plan; the demo district's plan is such a set of files.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum WorkAreasTable {
    static let layout = TableLayout(columns: [
        Column(key: "year", zh: "年度", en: "Year", required: true, field: .fieldYear, kind: .integer),
        Column(key: "code", zh: "编码", en: "Code", required: true, field: .fieldCode),
        Column(key: "name", zh: "名称", en: "Name", required: true, field: .fieldName),
        Column(key: "sort", zh: "排序", en: "Sort order", field: .fieldSortOrder, kind: .integer),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { $0 },
        apply: { row, tx, context in
            guard let year = try Cells.int(row["year"], field: .fieldYear) else { throw RuleViolation(.fieldRequired, field: .fieldYear) }
            let sortOrder = try Cells.int(row["sort"], field: .fieldSortOrder)
            guard let existing = try await tx.workArea(year: year, code: row["code"]) else {
                _ = try await createWorkArea(year: year, code: row["code"], name: row["name"], sortOrder: sortOrder ?? row.number, in: tx,
                                             context: context)
                return .created
            }
            // An empty or missing order keeps the area's own.
            let after = try await updateWorkArea(existing, name: row["name"], sortOrder: sortOrder ?? existing.sortOrder, in: tx, context: context)
            return after == existing ? .unchanged : .updated
        },
        export: { store, year, _ in
            var years: [Int] = []
            if let year { years = [year] } else { years = try await store.taskYears() }
            var rows: [[String]] = []
            for year in years {
                rows += try await store.workAreas(year: year).map { [String($0.year), $0.code, $0.name, String($0.sortOrder)] }
            }
            return rows
        })
}

enum KeyObjectsTable {
    static let layout = TableLayout(columns: [
        Column(key: "year", zh: "年度", en: "Year", required: true, field: .fieldYear, kind: .integer),
        Column(key: "kind", zh: "类别", en: "Kind", required: true, field: .fieldKind, kind: .of { (kind: KeyObjectKind) in kind.labelKey }),
        Column(key: "code", zh: "编码", en: "Code", required: true, field: .fieldCode),
        Column(key: "name", zh: "名称", en: "Name", required: true, field: .fieldName),
        Column(key: "leader", zh: "分包领导", en: "Contracted leader", field: .fieldContractedLeader),
        Column(key: "powers", zh: "赋予权限", en: "Delegated powers", field: .fieldDelegatedPowers),
        Column(key: "unit", zh: "责任单位编码", en: "Responsible unit code", required: true, field: .fieldResponsibleUnit, kind: .unit),
        Column(key: "investmentTotal", zh: "总投资（万元）", en: "Total investment (10k yuan)", field: .fieldInvestmentTotal, kind: .number),
        Column(key: "plannedInvestment", zh: "年度计划投资（万元）", en: "Planned investment this year (10k yuan)",
               field: .fieldPlannedInvestment, kind: .number),
        Column(key: "start", zh: "开工日期", en: "Start", field: .fieldStart, kind: .day),
        Column(key: "completion", zh: "竣工日期", en: "Completion", field: .fieldCompletionDate, kind: .day),
        Column(key: "location", zh: "建设地点", en: "Location", field: .fieldLocation),
        Column(key: "tasks", zh: "关联任务编码", en: "Linked task codes", field: .keyObjectLinkedTasks),
        Column(key: "indicators", zh: "关联指标编码", en: "Linked indicator codes", field: .keyObjectLinkedIndicators),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { $0 },
        apply: { row, tx, context in
            guard let year = try Cells.int(row["year"], field: .fieldYear) else { throw RuleViolation(.fieldRequired, field: .fieldYear) }
            let kind = try Cells.choice(row["kind"], { (kind: KeyObjectKind) in kind.labelKey }, field: .fieldKind)!
            let unit = try await Cells.unit(row["unit"], field: .fieldResponsibleUnit, tx: tx)
            let leaderID = try await TasksTable.person(row["leader"], unitID: nil, field: .fieldContractedLeader, tx: tx)
            var taskIDs: [UUID] = []
            for code in Cells.list(row["tasks"]) {
                guard let task = try await tx.task(year: year, code: code) else {
                    throw RuleViolation(.fieldInvalidChoice, field: .keyObjectLinkedTasks, value: code)
                }
                taskIDs.append(task.id)
            }
            var indicatorIDs: [UUID] = []
            for code in Cells.list(row["indicators"]) {
                guard let indicator = try await tx.indicator(year: year, code: code) else {
                    throw RuleViolation(.fieldInvalidChoice, field: .keyObjectLinkedIndicators, value: code)
                }
                indicatorIDs.append(indicator.id)
            }
            let draft = KeyObject(
                id: UUID(), year: year, kind: kind, code: row["code"], name: row["name"], contractedLeaderID: leaderID,
                delegatedPowers: row["powers"], responsibleUnitID: unit.id,
                investmentTotal: try Cells.number(row["investmentTotal"], field: .fieldInvestmentTotal),
                plannedInvestment: try Cells.number(row["plannedInvestment"], field: .fieldPlannedInvestment),
                start: try Cells.day(row["start"], field: .fieldStart), completion: try Cells.day(row["completion"], field: .fieldCompletionDate),
                location: row["location"], taskIDs: taskIDs, indicatorIDs: indicatorIDs)
            guard let existing = try await tx.keyObject(year: year, code: draft.code) else {
                _ = try await createKeyObject(draft, in: tx, context: context)
                return .created
            }
            guard existing.kind == kind else { throw RuleViolation(.keyObjectCodeTaken, field: .fieldCode) }
            // A column the file does not have keeps what the object has (as milestones do for tasks).
            var change = draft
            func absent(_ key: String) -> Bool { row.indexes[key] == nil }
            if absent("leader") { change.contractedLeaderID = existing.contractedLeaderID }
            if absent("powers") { change.delegatedPowers = existing.delegatedPowers }
            if absent("investmentTotal") { change.investmentTotal = existing.investmentTotal }
            if absent("plannedInvestment") { change.plannedInvestment = existing.plannedInvestment }
            if absent("start") { change.start = existing.start }
            if absent("completion") { change.completion = existing.completion }
            if absent("location") { change.location = existing.location }
            if absent("tasks") { change.taskIDs = existing.taskIDs }
            if absent("indicators") { change.indicatorIDs = existing.indicatorIDs }
            let after = try await updateKeyObject(existing, to: change, in: tx, context: context)
            return after == existing ? .unchanged : .updated
        },
        export: { store, year, caller in
            let directory = try await store.directory().byID
            let people = Dictionary(try await store.allPeople().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let taskCodes = Dictionary(try await store.allTasks(year: year).map { ($0.task.id, $0.task.code) },
                                       uniquingKeysWith: { first, _ in first })
            let indicatorCodes = Dictionary(try await store.indicators(year: year).map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
            let zh = Catalogue.for(.zhHans)
            return try await store.keyObjects(year: year, kind: nil)
                .filter { caller?.canRead(keyObject: $0, units: directory) ?? true }
                .map { object in
                    [String(object.year), zh[object.kind.labelKey], object.code, object.name,
                     object.contractedLeaderID.flatMap { people[$0] } ?? "", object.delegatedPowers,
                     directory[object.responsibleUnitID]?.code ?? "", Cells.text(object.investmentTotal), Cells.text(object.plannedInvestment),
                     object.start?.description ?? "", object.completion?.description ?? "", object.location,
                     object.taskIDs.compactMap { taskCodes[$0] }.sorted().joined(separator: "、"),
                     object.indicatorIDs.compactMap { indicatorCodes[$0] }.sorted().joined(separator: "、")]
                }
        })
}

/// Readings are records, never edits: a row whose indicator already has a reading of that value
/// on that date is unchanged; any other row records a new reading (a correction is a later one).
enum ReadingsTable {
    static let layout = TableLayout(columns: [
        Column(key: "year", zh: "年度", en: "Year", required: true, field: .fieldYear, kind: .integer),
        Column(key: "indicator", zh: "指标编码", en: "Indicator code", required: true, field: .fieldIndicator),
        Column(key: "asOf", zh: "截至日期", en: "As of", required: true, field: .fieldAsOf, kind: .day),
        Column(key: "value", zh: "完成值", en: "Value", required: true, field: .fieldValue, kind: .number),
        Column(key: "comment", zh: "说明", en: "Comment", field: .fieldComment),
        Column(key: "evidence", zh: "佐证材料", en: "Evidence", field: .fieldEvidence),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { $0 },
        apply: { row, tx, context in
            guard let year = try Cells.int(row["year"], field: .fieldYear) else { throw RuleViolation(.fieldRequired, field: .fieldYear) }
            guard let indicator = try await tx.indicator(year: year, code: row["indicator"]) else {
                throw RuleViolation(.fieldInvalidChoice, field: .fieldIndicator, value: row["indicator"])
            }
            guard let asOf = try Cells.day(row["asOf"], field: .fieldAsOf) else { throw RuleViolation(.fieldRequired, field: .fieldAsOf) }
            guard let value = try Cells.number(row["value"], field: .fieldValue) else { throw RuleViolation(.fieldRequired, field: .fieldValue) }
            if try await tx.readingDays(indicatorID: indicator.id).contains(where: { $0.asOf == asOf && $0.value == value }) {
                return .unchanged
            }
            _ = try await recordReading(indicatorID: indicator.id, value: value, asOf: asOf, comment: row["comment"],
                                        evidence: row["evidence"], in: tx, context: context)
            return .created
        },
        export: { store, year, caller in
            let directory = try await store.directory().byID
            let readable = Set(try await store.indicators(year: year).filter { caller?.canRead(indicator: $0, units: directory) ?? true }.map(\.id))
            return try await store.allReadings(year: year).filter { readable.contains($0.reading.indicatorID) }.map { year, code, reading in
                [String(year), code, reading.asOf.description, Cells.text(reading.value), reading.comment, reading.evidence]
            }
        })
}
