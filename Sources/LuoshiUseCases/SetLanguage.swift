// Use case: a caller chooses their interface language.
import Foundation
import LuoshiDomain
import LuoshiStorage

public func setLanguage(_ language: Language, context: UseCaseContext) async throws {
    guard let accountID = context.performer.accountID else { throw RuleViolation(.authenticationRequired) }
    try await context.store.write { tx in
        guard var account = try await tx.account(id: accountID) else { throw RuleViolation(.recordNotFound) }
        let before = account
        account.language = language
        guard account != before else { return }
        try await tx.update(account)
        try await tx.record(.settingsChange, kind: .account, id: accountID.uuidString,
                            before: AccountSnapshot(before), after: AccountSnapshot(account), in: context)
    }
}
