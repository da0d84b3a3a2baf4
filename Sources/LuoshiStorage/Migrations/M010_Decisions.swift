// 010: the decision mechanism (issue 9): decisions with their expert opinions, meetings with their
// members, attendance, agenda and votes, meeting series, personal calendar links; and every task's
// link to the decision it carries out, which replaces the free text `origin_decision`: each
// distinct text of a year becomes a decision (being carried out) its tasks link to. The old column
// stays, unread, so that the migration can be reverted without losing it.
import FluentKit
import Foundation
import SQLKit

struct M010_Decisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("decisions")
            .id()
            .field("year", .int, .required)
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("content", .string, .required)
            .field("kind", .string, .required)
            .field("basis", .string, .required)
            .field("proposer_id", .uuid, .references("people", "id"))
            .field("responsible_leader_id", .uuid, .references("people", "id"))
            .field("state", .string, .required)
            .field("resolution", .string, .required)
            .unique(on: "year", "code")
            .create()
        try await database.schema("decision_opinions")
            .id()
            .field("decision_id", .uuid, .required, .references("decisions", "id"))
            .field("advisor_name", .string, .required)
            .field("advisor_field", .string, .required)
            .field("stance", .string, .required)
            .field("text", .string, .required)
            .field("day", .string, .required)
            .create()
        try await database.schema("meeting_series")
            .id()
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("rhythm", .string, .required)
            .field("chair_id", .uuid, .required, .references("people", "id"))
            .field("place", .string, .required)
            .field("start_time", .string, .required)
            .create()
        try await database.schema("meeting_series_members")
            .field("series_id", .uuid, .required, .references("meeting_series", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("member_order", .int, .required)
            .unique(on: "series_id", "person_id")
            .create()
        try await database.schema("meetings")
            .id()
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("series_id", .uuid, .references("meeting_series", "id"))
            .field("day", .string, .required)
            .field("start_time", .string, .required)
            .field("place", .string, .required)
            .field("chair_id", .uuid, .required, .references("people", "id"))
            .field("minutes", .string, .required)
            .create()
        try await database.schema("meeting_members")
            .field("meeting_id", .uuid, .required, .references("meetings", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("member_order", .int, .required)
            .field("attendance", .string, .required)
            .field("leave_reason", .string, .required)
            .unique(on: "meeting_id", "person_id")
            .create()
        try await database.schema("agenda_items")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id"))
            .field("item_order", .int, .required)
            .field("kind", .string, .required)
            .field("decision_id", .uuid, .references("decisions", "id"))
            .field("title", .string, .required)
            .field("outcome", .string, .required)
            .field("note", .string, .required)
            .field("carried_from_id", .uuid)
            .create()
        try await database.schema("votes")
            .field("item_id", .uuid, .required, .references("agenda_items", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("choice", .string, .required)
            .unique(on: "item_id", "person_id")
            .create()
        try await database.schema("calendar_links")
            .field("person_id", .uuid, .identifier(auto: false), .references("people", "id"))
            .field("token_hash", .string, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("tasks")
            .field("decision_id", .uuid, .references("decisions", "id"))
            .update()
        try await Indexes.create("meetings_day", on: "meetings", columns: ["day"], in: database)
        try await Indexes.create("agenda_items_meeting", on: "agenda_items", columns: ["meeting_id", "item_order"], in: database)
        try await Indexes.create("agenda_items_decision", on: "agenda_items", columns: ["decision_id"], in: database)
        try await Indexes.create("tasks_decision", on: "tasks", columns: ["decision_id"], in: database)
        try await Indexes.create("meeting_members_person", on: "meeting_members", columns: ["person_id"], in: database)
        try await migrateOriginDecisions(database as! any SQLDatabase)
    }

    /// Each distinct `origin_decision` text of a year becomes a decision its tasks link to.
    func migrateOriginDecisions(_ sql: any SQLDatabase) async throws {
        struct Row: Decodable { var year: Int; var originDecision: String }
        let rows = try await sql.select().distinct().column("year").column("origin_decision").from("tasks")
            .where("origin_decision", .isNot, SQLLiteral.null).where("origin_decision", .notEqual, SQLBind(""))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        var numbers: [Int: Int] = [:]
        for row in rows.sorted(by: { ($0.year, $0.originDecision) < ($1.year, $1.originDecision) }) {
            numbers[row.year, default: 0] += 1
            let id = UUID()
            try await sql.insert(into: "decisions")
                .columns("id", "year", "code", "title", "content", "kind", "basis", "proposer_id", "responsible_leader_id", "state", "resolution")
                .values(SQLBind(id), SQLBind(row.year), SQLBind(String(format: "JC-%04d-Q%02d", row.year, numbers[row.year]!)),
                        SQLBind(String(row.originDecision.prefix(200))), SQLBind(""), SQLBind("ordinary"), SQLBind(""),
                        SQLLiteral.null, SQLLiteral.null, SQLBind("decomposed"), SQLBind(row.originDecision))
                .run()
            try await sql.update("tasks").set("decision_id", to: SQLBind(id))
                .where("year", .equal, SQLBind(row.year)).where("origin_decision", .equal, SQLBind(row.originDecision)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["meeting_members_person", "tasks_decision", "agenda_items_decision", "agenda_items_meeting", "meetings_day"] {
            try await sql.drop(index: index).run()
        }
        try await database.schema("tasks").deleteField("decision_id").update()
        for table in ["calendar_links", "votes", "agenda_items", "meeting_members", "meetings", "meeting_series_members",
                      "meeting_series", "decision_opinions", "decisions"] {
            try await database.schema(table).delete()
        }
    }
}

/// The origin migration of 010, for a test that plants free-text origins and runs it again.
public enum M010Access {
    public static func migrateOrigins(_ sql: any SQLDatabase) async throws { try await M010_Decisions().migrateOriginDecisions(sql) }
}
