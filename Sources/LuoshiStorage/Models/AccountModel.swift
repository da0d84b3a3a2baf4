// Rows of `accounts`, `sessions` and `api_tokens`. Session and token secrets are stored hashed.
import FluentKit
import Foundation
import LuoshiDomain

final class AccountModel: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    @Field(key: "scope_unit_id") var scopeUnitID: UUID
    @OptionalField(key: "person_id") var personID: UUID?
    @OptionalField(key: "language") var language: String?
    @Field(key: "is_disabled") var isDisabled: Bool
    @Field(key: "reads_everything") var readsEverything: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ account: Account, passwordHash: String) {
        id = account.id
        self.passwordHash = passwordHash
        apply(account)
    }

    func apply(_ account: Account) {
        username = account.username; displayName = account.displayName; role = account.role.rawValue
        scopeUnitID = account.scopeUnitID; personID = account.personID; language = account.language?.rawValue
        isDisabled = account.isDisabled; readsEverything = account.readsEverything
    }

    var value: Account {
        Account(id: id!, username: username, displayName: displayName, role: Role(rawValue: role) ?? .staff,
                scopeUnitID: scopeUnitID, personID: personID, language: language.flatMap(Language.init(rawValue:)),
                isDisabled: isDisabled, readsEverything: readsEverything)
    }
}

final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
    init(tokenHash: String, accountID: UUID, createdAt: Date, expiresAt: Date) {
        id = UUID(); self.tokenHash = tokenHash; self.accountID = accountID
        self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}
