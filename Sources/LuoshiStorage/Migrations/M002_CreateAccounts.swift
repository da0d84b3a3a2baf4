// 002: accounts, sessions, API tokens and the sign-in attempts that throttling counts.
import FluentKit

struct M002_CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("scope_unit_id", .uuid, .required, .references("units", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("language", .string)
            .field("is_disabled", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references("accounts", "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("api_tokens")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("sign_in_attempts")
            .id()
            .field("username", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        try await Indexes.create("sign_in_attempts_username", on: "sign_in_attempts", columns: ["username", "attempted_at"], in: database)
        try await Indexes.create("sign_in_attempts_address", on: "sign_in_attempts", columns: ["address", "attempted_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        for table in ["sign_in_attempts", "api_tokens", "sessions", "accounts"] {
            try await database.schema(table).delete()
        }
    }
}
