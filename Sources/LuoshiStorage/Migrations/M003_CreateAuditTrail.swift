// 003: the audit trail and its head (the last sequence and hash, so a removed tail is detected).
import FluentKit
import LuoshiDomain
import SQLKit

struct M003_CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("record_kind", .string, .required)
            .field("record_id", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.insert(into: "audit_head").columns("id", "last_sequence", "last_hash")
            .values(SQLBind(1), SQLBind(0), SQLBind(AuditChain.genesisHash)).run()
        for (name, columns) in [("audit_events_record", ["record_kind", "record_id"]), ("audit_events_actor", ["actor_id"]),
                                ("audit_events_time", ["occurred_at"])] {
            try await Indexes.create(name, on: "audit_events", columns: columns, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_events").delete()
    }
}

enum Indexes {
    static func create(_ name: String, on table: String, columns: [String], in database: any Database) async throws {
        var builder = (database as! any SQLDatabase).create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
