// 006: the organisation directory's version, moved by every change to a unit in the same
// transaction, so each process can keep the unit tree in memory and know when to read it again.
import FluentKit
import SQLKit

struct M006_DirectoryVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("directory_version")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).insert(into: "directory_version").columns("id", "version")
            .values(SQLBind(1), SQLBind(0)).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("directory_version").delete()
    }
}
