// 008: the real shape of a leader's scope (issue 8). An account may read everything (the principal
// leaders, 书记 and 区长: a setting, not a role); a person may oversee units (分管), whose work and
// everything below it they then read.
import FluentKit
import SQLKit

struct M008_LeaderScope: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .field("reads_everything", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema("person_oversight")
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .unique(on: "person_id", "unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("person_oversight").delete()
        try await database.schema("accounts").deleteField("reads_everything").update()
    }
}
