// 012: field inspections with the units heard, matters settled on the spot (each a task),
// criticisms (of a unit or a person, on their record) and photos; supervision bulletins (their
// figures frozen when published); and on agenda items the task a dispatch meeting hears, the
// chair's instruction (批示) and the task it became.
import FluentKit
import SQLKit

struct M012_InspectionsBulletins: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inspections")
            .id()
            .field("day", .string, .required)
            .field("leader_id", .uuid, .required, .references("people", "id"))
            .field("key_object_id", .uuid, .references("key_objects", "id"))
            .field("place", .string, .required)
            .field("inspectors", .string, .required)
            .field("summary", .string, .required)
            .field("recorded_by", .string, .required)
            .create()
        try await database.schema("inspection_hearings")
            .field("inspection_id", .uuid, .required, .references("inspections", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("hearing_order", .int, .required)
            .field("progress", .string, .required)
            .field("problems", .string, .required)
            .field("next_steps", .string, .required)
            .create()
        try await database.schema("inspection_resolutions")
            .field("inspection_id", .uuid, .required, .references("inspections", "id"))
            .field("resolution_order", .int, .required)
            .field("text", .string, .required)
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("deadline", .string, .required)
            .field("task_id", .uuid, .references("tasks", "id"))
            .create()
        try await database.schema("criticisms")
            .id()
            .field("unit_id", .uuid, .references("units", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("reason", .string, .required)
            .field("day", .string, .required)
            .field("inspection_id", .uuid, .references("inspections", "id"))
            .field("bulletin_id", .uuid)
            .create()
        try await database.schema("inspection_photos")
            .id()
            .field("inspection_id", .uuid, .required, .references("inspections", "id"))
            .field("file_name", .string, .required)
            .field("media_type", .string, .required)
            .field("byte_count", .int, .required)
            .field("content", .data, .required)
            .create()
        try await database.schema("bulletins")
            .id()
            .field("code", .string, .required)
            .field("period_key", .string, .required)
            .field("title", .string, .required)
            .field("intro", .string, .required)
            .field("praise", .string, .required)
            .field("criticism", .string, .required)
            .field("state", .string, .required)
            .field("published_on", .string)
            .field("figures", .string)
            .unique(on: "code")
            .create()
        for (name, type) in [("task_id", DatabaseSchema.DataType.uuid), ("instruction", .string), ("instruction_task_id", .uuid)] {
            try await database.schema("agenda_items").field(.definition(name: .key(.string(name)), dataType: type, constraints: [])).update()
        }
        for (name, table, columns) in [
            ("inspections_day", "inspections", ["day"]), ("inspection_hearings_inspection", "inspection_hearings", ["inspection_id"]),
            ("inspection_resolutions_inspection", "inspection_resolutions", ["inspection_id"]),
            ("criticisms_unit", "criticisms", ["unit_id"]), ("criticisms_person", "criticisms", ["person_id"]),
            ("inspection_photos_inspection", "inspection_photos", ["inspection_id"]), ("bulletins_period", "bulletins", ["period_key"]),
        ] {
            try await Indexes.create(name, on: table, columns: columns, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["instruction_task_id", "instruction", "task_id"] {
            try await database.schema("agenda_items").deleteField(.string(name)).update()
        }
        for table in ["bulletins", "inspection_photos", "criticisms", "inspection_resolutions", "inspection_hearings", "inspections"] {
            try await database.schema(table).delete()
        }
    }
}
