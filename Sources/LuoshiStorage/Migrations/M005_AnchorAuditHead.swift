// 005: the audit head's keyed anchor (an HMAC over its sequence and hash, with a key kept outside
// the database). Existing trails are anchored at their next append.
import FluentKit

struct M005_AnchorAuditHead: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_head").field("anchor", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").deleteField("anchor").update()
    }
}
