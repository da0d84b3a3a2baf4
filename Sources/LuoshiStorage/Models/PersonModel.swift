// Row of `people`.
import FluentKit
import Foundation
import LuoshiDomain

final class PersonModel: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "position") var position: String
    @Field(key: "rank") var rank: String
    @Field(key: "unit_id") var unitID: UUID
    @OptionalField(key: "phone") var phone: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ person: Person) {
        id = person.id
        apply(person)
    }

    func apply(_ person: Person) {
        name = person.name; position = person.position; rank = person.rank.rawValue
        unitID = person.unitID; phone = person.phone
    }

    var value: Person {
        Person(id: id!, name: name, position: position, rank: PersonRank(rawValue: rank) ?? .staff,
               unitID: unitID, phone: phone)
    }
}
