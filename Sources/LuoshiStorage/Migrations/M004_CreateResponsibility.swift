// 004: the responsibility mechanism: work areas, tasks (a tree, with co-operating units),
// key objects and their links, indicators (a tree) and their readings.
import FluentKit

struct M004_CreateResponsibility: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("work_areas")
            .id()
            .field("year", .int, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("sort_order", .int, .required)
            .unique(on: "year", "code")
            .create()
        try await database.schema("tasks")
            .id()
            .field("year", .int, .required)
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("area_id", .uuid, .references("work_areas", "id"))
            .field("tier", .string, .required)
            .field("target", .string, .required)
            .field("requirements", .string, .required)
            .field("start_day", .string, .required)
            .field("deadline", .string, .required)
            .field("milestones", .string, .required)
            .field("lead_leader_id", .uuid, .references("people", "id"))
            .field("responsible_unit_id", .uuid, .required, .references("units", "id"))
            .field("assignee_id", .uuid, .references("people", "id"))
            .field("parent_id", .uuid, .references("tasks", "id"))
            .field("path", .string, .required)
            .field("weight", .double, .required)
            .field("progress", .int, .required)
            .field("rolled_progress", .double, .required)
            .field("status", .string, .required)
            .field("cancel_reason", .string)
            .field("rhythm_override", .string)
            .field("origin_decision", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "year", "code")
            .create()
        try await database.schema("task_cooperating_units")
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .unique(on: "task_id", "unit_id")
            .create()
        try await database.schema("indicators")
            .id()
            .field("year", .int, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("measure", .string, .required)
            .field("direction", .string, .required)
            .field("period", .string, .required)
            .field("baseline", .double, .required)
            .field("target", .double, .required)
            .field("owner_unit_id", .uuid, .references("units", "id"))
            .field("owner_person_id", .uuid, .references("people", "id"))
            .field("parent_id", .uuid, .references("indicators", "id"))
            .field("path", .string, .required)
            .field("roll_up", .string, .required)
            .field("completion_cap", .double, .required)
            .unique(on: "year", "code")
            .create()
        try await database.schema("readings")
            .id()
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .field("value", .double, .required)
            .field("as_of", .string, .required)
            .field("recorded_by", .string, .required)
            .field("comment", .string, .required)
            .field("evidence", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("key_objects")
            .id()
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("contracted_leader_id", .uuid, .references("people", "id"))
            .field("delegated_powers", .string, .required)
            .field("responsible_unit_id", .uuid, .required, .references("units", "id"))
            .field("investment_total", .double)
            .field("planned_investment", .double)
            .field("start_day", .string)
            .field("completion_day", .string)
            .field("location", .string, .required)
            .unique(on: "year", "code")
            .create()
        try await database.schema("key_object_tasks")
            .field("key_object_id", .uuid, .required, .references("key_objects", "id"))
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .unique(on: "key_object_id", "task_id")
            .create()
        try await database.schema("key_object_indicators")
            .field("key_object_id", .uuid, .required, .references("key_objects", "id"))
            .field("indicator_id", .uuid, .required, .references("indicators", "id"))
            .unique(on: "key_object_id", "indicator_id")
            .create()
        for (name, table, columns) in [
            ("tasks_register", "tasks", ["year", "parent_id", "code"]), ("tasks_path", "tasks", ["path"]),
            ("tasks_parent", "tasks", ["parent_id"]), ("people_rank", "people", ["rank", "name"]),
            ("tasks_unit", "tasks", ["responsible_unit_id"]), ("tasks_assignee", "tasks", ["assignee_id"]),
            ("tasks_leader", "tasks", ["lead_leader_id"]), ("tasks_deadline", "tasks", ["year", "deadline"]),
            ("task_cooperating_unit", "task_cooperating_units", ["unit_id"]),
            ("indicators_path", "indicators", ["path"]), ("readings_indicator", "readings", ["indicator_id", "as_of"]),
            ("key_objects_leader", "key_objects", ["contracted_leader_id"]), ("key_object_tasks_task", "key_object_tasks", ["task_id"]),
        ] {
            try await Indexes.create(name, on: table, columns: columns, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["key_object_indicators", "key_object_tasks", "key_objects", "readings", "indicators",
                      "task_cooperating_units", "tasks", "work_areas"] {
            try await database.schema(table).delete()
        }
    }
}
