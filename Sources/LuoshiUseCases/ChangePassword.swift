// Use case: set an account's password. A caller changes their own (proving the current one);
// an admin or the operator at the CLI may set anyone's.
import Foundation
import LuoshiDomain
import LuoshiStorage

/// A changed password means the old one may be known: every other session of the account ends and
/// its API tokens are revoked, in the same transaction. `keepSessionTokenHash` is the session the
/// change was made from (nil at the CLI or when an admin sets it: then every session ends).
@discardableResult
public func changePassword(username: String, currentPassword: String?, newPassword: String,
                           keepSessionTokenHash: String? = nil,
                           hasher: any PasswordHashing, context: UseCaseContext) async throws -> PasswordChangeOutcome {
    try PasswordPolicy.check(newPassword)
    guard let (account, oldHash) = try await context.store.account(username: username) else { throw RuleViolation(.recordNotFound) }
    if let caller = context.performer.caller, caller.accountID != account.id {
        try caller.requireManageAccounts()
    } else if context.performer.caller != nil {
        guard let currentPassword, try await hasher.verify(currentPassword, against: oldHash) else {
            throw RuleViolation(.signInFailed, field: .fieldCurrentPassword)
        }
    }
    let newHash = try await hasher.hash(newPassword)
    let keep = context.performer.accountID == account.id ? keepSessionTokenHash : nil
    return try await context.store.write { tx in
        try await tx.setPasswordHash(newHash, accountID: account.id)
        let outcome = PasswordChangeOutcome(
            sessionsEnded: try await tx.endSessions(accountID: account.id, except: keep),
            tokensRevoked: try await tx.revokeAllAPITokens(accountID: account.id, now: context.now))
        // The trail records that it changed and what ended with it, never the hash.
        try await tx.record(.passwordChange, kind: .account, id: account.id.uuidString, before: nil as SessionsEnded?,
                            after: SessionsEnded(sessionsEnded: outcome.sessionsEnded, tokensRevoked: outcome.tokensRevoked),
                            in: context)
        return outcome
    }
}

public struct PasswordChangeOutcome: Sendable, Equatable {
    public var sessionsEnded: Int
    public var tokensRevoked: Int
}
