// Use cases: create and revoke personal API tokens. The token is shown once; only its hash is kept.
import Foundation
import LuoshiDomain
import LuoshiStorage

struct APITokenSnapshot: Encodable {
    var name: String
    var prefix: String
    var accountID: UUID
    var revoked: Bool
}

public func createAPIToken(name rawName: String, accountID: UUID, context: UseCaseContext) async throws -> String {
    let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
    try FieldRules.text(name, field: .fieldName, maxLength: 60)
    if let caller = context.performer.caller, caller.accountID != accountID { throw RuleViolation(.roleNotAllowed) }
    let token = SecretToken.generate(prefix: "lsk_")
    let prefix = String(token.prefix(10))
    let id = UUID()
    try await context.store.write { tx in
        guard try await tx.account(id: accountID) != nil else { throw RuleViolation(.recordNotFound) }
        try await tx.insertAPIToken(id: id, accountID: accountID, name: name, tokenHash: SecretToken.hash(token),
                                    prefix: prefix, now: context.now)
        try await tx.record(.tokenCreate, kind: .apiToken, id: id.uuidString, before: nil as APITokenSnapshot?,
                            after: APITokenSnapshot(name: name, prefix: prefix, accountID: accountID, revoked: false), in: context)
    }
    return token
}

public func revokeAPIToken(id: UUID, context: UseCaseContext) async throws {
    guard let accountID = context.performer.accountID else { throw RuleViolation(.authenticationRequired) }
    try await context.store.write { tx in
        guard let name = try await tx.revokeAPIToken(id: id, accountID: accountID, now: context.now) else {
            throw RuleViolation(.recordNotFound)
        }
        try await tx.record(.tokenRevoke, kind: .apiToken, id: id.uuidString, before: nil as APITokenSnapshot?,
                            after: APITokenSnapshot(name: name, prefix: "", accountID: accountID, revoked: true), in: context)
    }
}
