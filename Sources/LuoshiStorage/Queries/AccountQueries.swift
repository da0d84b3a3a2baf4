// Accounts, sessions, API tokens and sign-in attempts. Secrets are looked up by their SHA-256.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

public struct APITokenInfo: Equatable, Sendable {
    public var id: UUID
    public var name: String
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?
}

struct CallerRow: Decodable {
    var accountId: UUID
    var displayName: String
    var role: String
    var scopeUnitId: UUID
    var language: String?
    var isDisabled: Bool
    var readsEverything: Bool
    var personId: UUID?
    var path: String
    var expiresAt: Date?
    var revokedAt: Date?

    var caller: Caller? {
        guard !isDisabled, let role = Role(rawValue: role) else { return nil }
        return Caller(accountID: accountId, displayName: displayName, role: role, scopeUnitID: scopeUnitId,
                      scopePath: path, language: language.flatMap(Language.init(rawValue:)), personID: personId,
                      readsEverything: readsEverything)
    }
}

extension Store {
    public func account(username: String) async throws -> (account: Account, passwordHash: String)? {
        guard let model = try await AccountModel.query(on: database).filter(\.$username == username).first() else { return nil }
        return (model.value, model.passwordHash)
    }

    public func account(id: UUID) async throws -> Account? {
        try await AccountModel.find(id, on: database)?.value
    }

    public func accounts(offset: Int, limit: Int) async throws -> Page<Account> {
        let models = try await AccountModel.query(on: database).sort(\.$username).range(offset..<(offset + limit + 1)).all()
        return Page(items: models.prefix(limit).map(\.value), offset: offset, limit: limit, hasMore: models.count > limit,
                    total: try await AccountModel.query(on: database).count())
    }

    private func callerQuery(from table: String, tokenHash: String, extra: [String]) -> SQLSelectBuilder {
        var query = sql.select()
            .column(SQLColumn("id", table: "a"), as: "account_id").column(SQLColumn("display_name", table: "a"))
            .column(SQLColumn("role", table: "a")).column(SQLColumn("scope_unit_id", table: "a"))
            .column(SQLColumn("language", table: "a")).column(SQLColumn("is_disabled", table: "a"))
            .column(SQLColumn("person_id", table: "a")).column(SQLColumn("reads_everything", table: "a"))
            .column(SQLColumn("path", table: "u"))
        for column in extra { query = query.column(SQLColumn(column, table: "s")) }
        return query
            .from(SQLAlias(SQLIdentifier(table), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier("accounts"), as: SQLIdentifier("a")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "a"), .equal, SQLColumn("account_id", table: "s"))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("scope_unit_id", table: "a"))
            .where(SQLColumn("token_hash", table: "s"), .equal, SQLBind(tokenHash))
    }

    /// The caller behind a session cookie, if the session exists, has not expired and the account is active.
    public func caller(sessionTokenHash: String, now: Date) async throws -> Caller? {
        let row = try await callerQuery(from: "sessions", tokenHash: sessionTokenHash, extra: ["expires_at"])
            .first(decoding: CallerRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row, let expiresAt = row.expiresAt, expiresAt > now else { return nil }
        return try await withOversight(row.caller)
    }

    /// A leader who does not read everything reads what they oversee: two small reads, for leaders only.
    private func withOversight(_ caller: Caller?) async throws -> Caller? {
        guard var caller, caller.role == .leader, !caller.readsEverything, let personID = caller.personID else { return caller }
        caller.oversight = try await oversight(personID: personID)
        return caller
    }

    /// The paths of the units a person oversees (分管), and of the tasks of the key objects they contract.
    public func oversight(personID: UUID) async throws -> Caller.Oversight {
        let units = try await sql.select().column(SQLColumn("path", table: "u"))
            .from(SQLAlias(SQLIdentifier("person_oversight"), as: SQLIdentifier("o")))
            .join(SQLAlias(SQLIdentifier("units"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "o"))
            .where(SQLColumn("person_id", table: "o"), .equal, SQLBind(personID))
            .all(decodingColumn: "path", as: String.self)
        let tasks = try await sql.select().column(SQLColumn("path", table: "t"))
            .from(SQLAlias(SQLIdentifier("key_objects"), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("key_object_tasks"), as: SQLIdentifier("l")), method: SQLJoinMethod.inner,
                  on: SQLColumn("key_object_id", table: "l"), .equal, SQLColumn("id", table: "k"))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "t"), .equal, SQLColumn("task_id", table: "l"))
            .where(SQLColumn("contracted_leader_id", table: "k"), .equal, SQLBind(personID))
            .all(decodingColumn: "path", as: String.self)
        return Caller.Oversight(unitPaths: units.sorted(), taskPaths: tasks.sorted())
    }

    public func overseenUnitIDs(personID: UUID) async throws -> [UUID] { try await Oversight.unitIDs(personID: personID, sql: sql) }

    public func caller(apiTokenHash: String) async throws -> Caller? {
        let row = try await callerQuery(from: "api_tokens", tokenHash: apiTokenHash, extra: ["revoked_at"])
            .first(decoding: CallerRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let row, row.revokedAt == nil else { return nil }
        return try await withOversight(row.caller)
    }

    public func apiTokens(accountID: UUID) async throws -> [APITokenInfo] {
        try await APITokenModel.query(on: database).filter(\.$accountID == accountID).sort(\.$createdAt, .descending).all()
            .map { APITokenInfo(id: $0.id!, name: $0.name, prefix: $0.prefix, createdAt: $0.createdAt, revokedAt: $0.revokedAt) }
    }

}

extension WriteTransaction {
    public func insert(_ account: Account, passwordHash: String) async throws {
        try await AccountModel(account, passwordHash: passwordHash).create(on: database)
    }

    public func update(_ account: Account) async throws {
        guard let model = try await AccountModel.find(account.id, on: database) else { throw RuleViolation(.recordNotFound) }
        model.apply(account)
        try await model.update(on: database)
    }

    public func account(id: UUID) async throws -> Account? { try await AccountModel.find(id, on: database)?.value }

    public func usernameTaken(_ username: String) async throws -> Bool {
        try await AccountModel.query(on: database).filter(\.$username == username).count() > 0
    }

    public func setPasswordHash(_ hash: String, accountID: UUID) async throws {
        guard let model = try await AccountModel.find(accountID, on: database) else { throw RuleViolation(.recordNotFound) }
        model.passwordHash = hash
        try await model.update(on: database)
    }

    public func insertSession(tokenHash: String, accountID: UUID, now: Date, lifetime: TimeInterval) async throws {
        try await SessionModel(tokenHash: tokenHash, accountID: accountID, createdAt: now,
                               expiresAt: now.addingTimeInterval(lifetime)).create(on: database)
    }

    /// Ends a session; returns the account it belonged to.
    public func deleteSession(tokenHash: String) async throws -> UUID? {
        guard let model = try await SessionModel.query(on: database).filter(\.$tokenHash == tokenHash).first() else { return nil }
        try await model.delete(on: database)
        return model.accountID
    }

    public func insertAPIToken(id: UUID, accountID: UUID, name: String, tokenHash: String, prefix: String, now: Date) async throws {
        let model = APITokenModel()
        model.id = id; model.accountID = accountID; model.name = name; model.tokenHash = tokenHash
        model.prefix = prefix; model.createdAt = now
        try await model.create(on: database)
    }

    /// Revokes one of the account's own tokens; returns its name, or nil if there is none to revoke.
    public func revokeAPIToken(id: UUID, accountID: UUID, now: Date) async throws -> String? {
        guard let model = try await APITokenModel.query(on: database)
            .filter(\.$id == id).filter(\.$accountID == accountID).first(), model.revokedAt == nil else { return nil }
        model.revokedAt = now
        try await model.update(on: database)
        return model.name
    }

    /// Failed sign-ins since `since`, for this username (with the latest) and for this address.
    /// Callers hold `lockSignIns(username:)`, so the count and the attempt they then record are one step.
    public func recentSignInFailures(username: String, address: String, since: Date) async throws -> SignInThrottle.Failures {
        let forAccount = try await SignInAttemptModel.query(on: database)
            .filter(\.$username == username).filter(\.$succeeded == false).filter(\.$attemptedAt >= since)
            .sort(\.$attemptedAt, .descending).all(\.$attemptedAt)
        let forAddress = try await SignInAttemptModel.query(on: database)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).count()
        return SignInThrottle.Failures(account: forAccount.count, lastAccountFailure: forAccount.first, address: forAddress)
    }

    /// Serialises sign-in attempts for one username until the transaction ends.
    public func lockSignIns(username: String) async throws {
        try await serialise(on: "sign-in:" + username)
    }

    /// Records an attempt; returns its id so that a success can be marked afterwards.
    @discardableResult
    public func recordSignInAttempt(username: String, address: String, succeeded: Bool, at: Date) async throws -> UUID {
        let model = SignInAttemptModel()
        let id = UUID()
        model.id = id; model.username = username; model.address = address; model.succeeded = succeeded; model.attemptedAt = at
        try await model.create(on: database)
        return id
    }

    public func markSignInSucceeded(attemptID: UUID) async throws {
        try await sql.update(SignInAttemptModel.schema).set("succeeded", to: SQLBind(true)).where("id", .equal, SQLBind(attemptID)).run()
    }

    /// Ends every session of the account but the one named (nil: all); returns how many ended.
    public func endSessions(accountID: UUID, except keptTokenHash: String?) async throws -> Int {
        var query = SessionModel.query(on: database).filter(\.$accountID == accountID)
        if let keptTokenHash { query = query.filter(\.$tokenHash != keptTokenHash) }
        let ended = try await query.count()
        var delete = SessionModel.query(on: database).filter(\.$accountID == accountID)
        if let keptTokenHash { delete = delete.filter(\.$tokenHash != keptTokenHash) }
        try await delete.delete()
        return ended
    }

    /// Revokes every live API token of the account; returns how many.
    public func revokeAllAPITokens(accountID: UUID, now: Date) async throws -> Int {
        let live = APITokenModel.query(on: database).filter(\.$accountID == accountID).filter(\.$revokedAt == nil)
        let count = try await live.count()
        try await APITokenModel.query(on: database).filter(\.$accountID == accountID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
        return count
    }
}

final class SignInAttemptModel: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date
    init() {}
}

extension WriteTransaction {
    public func overseenUnitIDs(personID: UUID) async throws -> [UUID] { try await Oversight.unitIDs(personID: personID, sql: sql) }

    public func setOverseenUnits(_ unitIDs: [UUID], personID: UUID) async throws {
        try await sql.delete(from: "person_oversight").where("person_id", .equal, SQLBind(personID)).run()
        guard !unitIDs.isEmpty else { return }
        let insert = sql.insert(into: "person_oversight").columns("person_id", "unit_id")
        for unitID in unitIDs { insert.values(SQLBind(personID), SQLBind(unitID)) }
        try await insert.run()
    }
}

/// The units a person oversees (分管), read the same way inside and outside a write.
enum Oversight {
    static func unitIDs(personID: UUID, sql: any SQLDatabase) async throws -> [UUID] {
        try await sql.select().column("unit_id").from("person_oversight").where("person_id", .equal, SQLBind(personID))
            .all(decodingColumn: "unit_id", as: UUID.self)
    }
}
