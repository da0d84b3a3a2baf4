// Use case: open an account with a role and a unit scope (admins, or the operator at the CLI).
import Foundation
import LuoshiDomain
import LuoshiStorage

public func createAccount(_ draft: AccountDraft, hasher: any PasswordHashing, context: UseCaseContext) async throws -> Account {
    try context.performer.caller?.requireManageAccounts()
    let draft = try draft.validated()
    let passwordHash = try await hasher.hash(draft.password)
    return try await createAccount(draft, passwordHash: passwordHash, context: context)
}

/// The same, with the hash already made (the demo loader hashes its one password once).
public func createAccount(_ draft: AccountDraft, passwordHash: String, context: UseCaseContext) async throws -> Account {
    try context.performer.caller?.requireManageAccounts()
    let draft = try draft.validated()
    return try await context.store.write { tx in
        if try await tx.usernameTaken(draft.username) { throw RuleViolation(.usernameTaken, field: .fieldUsername) }
        guard try await tx.unit(id: draft.scopeUnitID) != nil else { throw RuleViolation(.fieldInvalidChoice, field: .fieldScopeUnit) }
        if let personID = draft.personID, try await tx.person(id: personID) == nil {
            throw RuleViolation(.personMissing, field: .fieldPerson)
        }
        let account = Account(id: UUID(), username: draft.username, displayName: draft.displayName, role: draft.role,
                              scopeUnitID: draft.scopeUnitID, personID: draft.personID, language: nil, isDisabled: false,
                              readsEverything: draft.readsEverything)
        try await tx.insert(account, passwordHash: passwordHash)
        try await tx.record(.create, kind: .account, id: account.id.uuidString, before: nil as AccountSnapshot?,
                            after: AccountSnapshot(account), in: context)
        return account
    }
}
