// Use case: set an account's password. A caller changes their own (proving the current one);
// an admin or the operator at the CLI may set anyone's.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func changePassword(username: String, currentPassword: String?, newPassword: String,
                           hasher: any PasswordHashing, context: UseCaseContext) async throws {
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
    try await context.store.write { tx in
        try await tx.setPasswordHash(newHash, accountID: account.id)
        // The trail records that it changed, never the hash.
        try await tx.record(.passwordChange, kind: .account, id: account.id.uuidString,
                            before: nil as AccountSnapshot?, after: nil as AccountSnapshot?, in: context)
    }
}
