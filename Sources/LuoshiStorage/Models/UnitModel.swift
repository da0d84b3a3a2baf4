// Row of `units`. Fluent models stay inside storage; the rest of Luoshi sees `Unit`.
import FluentKit
import Foundation
import LuoshiDomain

final class UnitModel: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "assessment_group") var assessmentGroup: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "path") var path: String
    @Field(key: "sort_order") var sortOrder: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ unit: Unit) {
        id = unit.id
        apply(unit)
    }

    func apply(_ unit: Unit) {
        code = unit.code; name = unit.name; kind = unit.kind.rawValue
        assessmentGroup = unit.assessmentGroup.rawValue; parentID = unit.parentID; path = unit.path
        sortOrder = unit.sortOrder
    }

    var value: Unit {
        Unit(id: id!, code: code, name: name, kind: UnitKind(rawValue: kind) ?? .department,
             assessmentGroup: AssessmentGroup(rawValue: assessmentGroup) ?? .notAssessed,
             parentID: parentID, path: path, sortOrder: sortOrder)
    }
}
