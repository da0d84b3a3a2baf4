// 011: the supervision mechanism (issue 10): progress reports with their attachments, locked
// periods, accountability cases, urge notices and supervision orders, each person's inbox, the
// daily jobs' claims; and on each task its light (亮灯) with its reason, the day its progress last
// rose, the period it has reported through and whether its result awaits verification (待销号);
// the light of each task for each month is kept in `light_history`.
import FluentKit
import SQLKit

struct M011_Supervision: AsyncMigration {
    static let taskColumns: [(String, DatabaseSchema.DataType, [DatabaseSchema.FieldConstraint])] = [
        ("light", .string, [.required, .sql(.default("green"))]),
        ("light_reason", .string, [.required, .sql(.default("onTrack"))]),
        ("light_figure", .int, [.required, .sql(.default(0))]),
        ("progress_changed_on", .string, []),
        ("reported_through", .string, []),
        ("awaiting_closure", .bool, [.required, .sql(.default(false))]),
        ("committed_day", .string, []),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        for (name, type, constraints) in Self.taskColumns {
            try await database.schema("tasks").field(.definition(name: .key(.string(name)), dataType: type, constraints: constraints)).update()
        }
        try await database.schema("progress_reports")
            .id()
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .field("period_key", .string, .required)
            .field("kind", .string, .required)
            .field("progress", .int, .required)
            .field("situation", .string, .required)
            .field("problems", .string, .required)
            .field("next_steps", .string, .required)
            .field("result", .string, .required)
            .field("evidence", .string, .required)
            .field("delay_reason", .string, .required)
            .field("remedy", .string, .required)
            .field("committed_day", .string)
            .field("accountable_person_id", .uuid, .references("people", "id"))
            .field("author_person_id", .uuid, .references("people", "id"))
            .field("author_name", .string, .required)
            .field("reported_on", .string, .required)
            .field("late", .bool, .required)
            .field("state", .string, .required)
            .field("reviewer_name", .string, .required)
            .field("review_comment", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("report_attachments")
            .id()
            .field("report_id", .uuid, .required, .references("progress_reports", "id"))
            .field("file_name", .string, .required)
            .field("media_type", .string, .required)
            .field("byte_count", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .create()
        try await database.schema("period_locks")
            .field("period_key", .string, .identifier(auto: false))
            .field("locked_by", .string, .required)
            .field("locked_on", .string, .required)
            .create()
        try await database.schema("urge_notices")
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("grade", .string)
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("text", .string, .required)
            .field("issued_on", .string, .required)
            .field("issued_by", .string, .required)
            .field("reply_by", .string, .required)
            .field("deduction", .double, .required)
            .field("state", .string, .required)
            .field("reply", .string, .required)
            .field("replied_on", .string)
            .field("replied_by", .string, .required)
            .field("raised_from_id", .uuid)
            .unique(on: "code")
            .create()
        try await database.schema("accountability_cases")
            .id()
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .field("report_id", .uuid, .references("progress_reports", "id"))
            .field("notice_id", .uuid, .references("urge_notices", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("problem", .string, .required)
            .field("opened_on", .string, .required)
            .field("concluded", .bool, .required)
            .field("conclusion", .string, .required)
            .field("concluded_on", .string)
            .create()
        try await database.schema("light_history")
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .field("month", .string, .required)
            .field("light", .string, .required)
            .field("reason", .string, .required)
            .field("figure", .int, .required)
            .field("computed_on", .string, .required)
            .unique(on: "task_id", "month")
            .create()
        try await database.schema("notifications")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("link", .string, .required)
            .field("created_on", .string, .required)
            .field("read", .bool, .required)
            .field("dedupe_key", .string)
            .unique(on: "dedupe_key")
            .create()
        try await database.schema("job_runs")
            .field("job", .string, .required)
            .field("day", .string, .required)
            .field("ran_at", .string, .required)
            .field("runner", .string, .required)
            .unique(on: "job", "day")
            .create()
        for (name, table, columns) in [
            ("tasks_light", "tasks", ["year", "light"]),
            ("progress_reports_task", "progress_reports", ["task_id", "reported_on"]),
            ("progress_reports_state", "progress_reports", ["state"]),
            ("report_attachments_report", "report_attachments", ["report_id"]),
            ("urge_notices_task", "urge_notices", ["task_id"]), ("urge_notices_unit", "urge_notices", ["unit_id", "state"]),
            ("accountability_cases_task", "accountability_cases", ["task_id"]),
            ("notifications_person", "notifications", ["person_id", "read"]),
        ] {
            try await Indexes.create(name, on: table, columns: columns, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "tasks_light").run()
        for table in ["job_runs", "notifications", "light_history", "accountability_cases", "urge_notices", "period_locks",
                      "report_attachments", "progress_reports"] {
            try await database.schema(table).delete()
        }
        for (name, _, _) in Self.taskColumns.reversed() {
            try await database.schema("tasks").deleteField(.string(name)).update()
        }
    }
}
