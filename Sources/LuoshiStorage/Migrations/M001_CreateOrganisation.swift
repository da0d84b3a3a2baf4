// 001: units (a tree with materialised paths) and people.
import FluentKit

struct M001_CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("units")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("assessment_group", .string, .required)
            .field("parent_id", .uuid, .references("units", "id"))
            .field("path", .string, .required)
            .field("sort_order", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema("people")
            .id()
            .field("name", .string, .required)
            .field("position", .string, .required)
            .field("rank", .string, .required)
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("phone", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await Indexes.create("units_path", on: "units", columns: ["path"], in: database)
        try await Indexes.create("people_unit_name", on: "people", columns: ["unit_id", "name"], in: database)
        try await Indexes.create("people_name", on: "people", columns: ["name"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").delete()
        try await database.schema("units").delete()
    }
}
