// Use case: an admin disables or re-enables an account, or changes whether it reads everything
// (the principal leaders). Disabling ends the account's sessions and revokes its API tokens in the
// same transaction, so nothing it holds keeps working. An admin cannot disable their own account.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func updateAccount(id: UUID, disabled: Bool?, readsEverything: Bool?, context: UseCaseContext) async throws -> Account {
    try context.performer.caller?.requireManageAccounts()
    if disabled == true, context.performer.accountID == id { throw RuleViolation(.accountCannotDisableSelf) }
    return try await context.store.write { tx in
        guard let before = try await tx.account(id: id) else { throw RuleViolation(.recordNotFound) }
        var after = before
        if let disabled { after.isDisabled = disabled }
        if let readsEverything { after.readsEverything = readsEverything }
        guard after != before else { return before }
        try await tx.update(after)
        if after.isDisabled && !before.isDisabled {
            _ = try await tx.endSessions(accountID: id, except: nil)
            _ = try await tx.revokeAllAPITokens(accountID: id, now: context.now)
        }
        try await tx.record(.update, kind: .account, id: id.uuidString, before: AccountSnapshot(before), after: AccountSnapshot(after),
                            in: context)
        return after
    }
}
