// The units table: code, name, kind, assessment group, parent code, sort order.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum UnitsTable {
    static let layout = TableLayout(columns: [
        Column(key: "code", zh: "编码", en: "Code", required: true, field: .fieldCode),
        Column(key: "name", zh: "名称", en: "Name", required: true, field: .fieldName),
        Column(key: "kind", zh: "类别", en: "Kind", required: true, field: .fieldKind, kind: .of { (kind: UnitKind) in kind.labelKey }),
        Column(key: "group", zh: "考核组别", en: "Assessment group", field: .fieldAssessmentGroup, kind: .of { (group: AssessmentGroup) in group.labelKey }),
        Column(key: "parent", zh: "上级编码", en: "Parent code", field: .fieldParent),
        Column(key: "sort", zh: "排序", en: "Sort order", field: .fieldSortOrder, kind: .integer),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { ExchangeTables.parentsFirst($0, code: "code", parent: "parent") },
        apply: { row, tx, context in
            var parentID: UUID?
            if !row["parent"].isEmpty {
                guard let parent = try await tx.unit(code: row["parent"]) else { throw RuleViolation(.unitParentMissing, field: .fieldParent) }
                parentID = parent.id
            }
            let draft = UnitDraft(code: row["code"], name: row["name"],
                                  kind: try Cells.choice(row["kind"], { (kind: UnitKind) in kind.labelKey }, field: .fieldKind)!,
                                  assessmentGroup: try Cells.choice(row["group"], { (group: AssessmentGroup) in group.labelKey },
                                                                    field: .fieldAssessmentGroup, required: false),
                                  parentID: parentID, sortOrder: try Cells.int(row["sort"], field: .fieldSortOrder) ?? 0)
            guard let existing = try await tx.unit(code: draft.code) else {
                _ = try await createUnit(draft, in: tx, context: context)
                return .created
            }
            let valid = try draft.validated()
            if existing.name == valid.name && existing.kind == valid.kind && existing.parentID == valid.parentID
                && existing.sortOrder == valid.sortOrder && (valid.assessmentGroup == nil || valid.assessmentGroup == existing.assessmentGroup) {
                return .unchanged
            }
            _ = try await updateUnit(id: existing.id, draft, in: tx, context: context)
            return .updated
        },
        export: { store, _, _ in
            let units = try await store.allUnits()
            let codes = Dictionary(units.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
            let zh = Catalogue.for(.zhHans)
            return units.sorted { ($0.path.count, $0.sortOrder, $0.code) < ($1.path.count, $1.sortOrder, $1.code) }.map { unit in
                [unit.code, unit.name, zh[unit.kind.labelKey], zh[unit.assessmentGroup.labelKey],
                 unit.parentID.flatMap { codes[$0] } ?? "", String(unit.sortOrder)]
            }
        })
}

/// The people table: name, position, rank, unit code, phone. A person is matched by name within a unit.
enum PeopleTable {
    static let layout = TableLayout(columns: [
        Column(key: "name", zh: "姓名", en: "Name", required: true, field: .fieldName),
        Column(key: "position", zh: "职务", en: "Position", required: true, field: .fieldPosition),
        Column(key: "rank", zh: "职级", en: "Rank", required: true, field: .fieldRank, kind: .of { (rank: PersonRank) in rank.labelKey }),
        Column(key: "unit", zh: "单位编码", en: "Unit code", required: true, field: .fieldUnit, kind: .unit),
        Column(key: "phone", zh: "电话", en: "Phone", field: .fieldPhone),
    ])

    static let table = ExchangeTable(
        layout: layout,
        ordered: { $0 },
        apply: { row, tx, context in
            let unit = try await Cells.unit(row["unit"], field: .fieldUnit, tx: tx)
            let draft = try PersonDraft(name: row["name"], position: row["position"],
                                        rank: Cells.choice(row["rank"], { (rank: PersonRank) in rank.labelKey }, field: .fieldRank)!,
                                        unitID: unit.id, phone: row["phone"]).validated()
            let existing = try await tx.people(named: draft.name, unitID: unit.id)
            guard let person = existing.first else {
                _ = try await createPerson(draft, in: tx, context: context)
                return .created
            }
            if person.position == draft.position && person.rank == draft.rank && person.phone == draft.phone { return .unchanged }
            _ = try await updatePerson(id: person.id, draft, in: tx, context: context)
            return .updated
        },
        export: { store, _, caller in
            let units = Dictionary(try await store.allUnits().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let zh = Catalogue.for(.zhHans)
            return try await store.allPeople().compactMap { person in
                guard let unit = units[person.unitID], caller.map({ $0.readsAllUnits || $0.covers(unitPath: unit.path) }) ?? true else {
                    return nil
                }
                return [person.name, person.position, zh[person.rank.labelKey], unit.code, person.phone ?? ""]
            }
        })
}
