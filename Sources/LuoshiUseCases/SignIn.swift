// Use case: sign in with a password, throttled per account and per address; opens a session.
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct SignInResult: Sendable {
    public var sessionToken: String
    public var account: Account
}

public func signIn(username rawUsername: String, password: String, address: String, throttle: SignInThrottle,
                   sessionLifetime: TimeInterval, hasher: any PasswordHashing, store: Store, now: Date = Date()) async throws -> SignInResult {
    let username = rawUsername.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    let failures = try await store.recentSignInFailures(username: username, address: address, since: throttle.windowStart(now: now))
    try throttle.check(recentAccountFailures: failures.account, recentAddressFailures: failures.address)

    let found = try await store.account(username: username)
    let passwordMatches: Bool
    if let found { passwordMatches = try await hasher.verify(password, against: found.passwordHash) } else { passwordMatches = false }
    guard let found, passwordMatches, !found.account.isDisabled else {
        try await store.write { tx in
            try await tx.recordSignInAttempt(username: username, address: address, succeeded: false, at: now)
        }
        if let found, passwordMatches, found.account.isDisabled { throw RuleViolation(.accountDisabled) }
        throw RuleViolation(.signInFailed)
    }
    let token = SecretToken.generate(prefix: "ls_")
    let context = UseCaseContext(store: store, performer: .system(found.account.displayName), now: now)
    try await store.write { tx in
        try await tx.recordSignInAttempt(username: username, address: address, succeeded: true, at: now)
        try await tx.insertSession(tokenHash: SecretToken.hash(token), accountID: found.account.id, now: now, lifetime: sessionLifetime)
        var signedIn = context
        signedIn.performer.accountID = found.account.id
        try await tx.record(.signIn, kind: .account, id: found.account.id.uuidString,
                            before: nil as AccountSnapshot?, after: nil as AccountSnapshot?, in: signedIn)
    }
    return SignInResult(sessionToken: token, account: found.account)
}

/// Use case: end a session.
public func signOut(sessionToken: String, context: UseCaseContext) async throws {
    try await context.store.write { tx in
        guard let accountID = try await tx.deleteSession(tokenHash: SecretToken.hash(sessionToken)) else { return }
        try await tx.record(.signOut, kind: .account, id: accountID.uuidString,
                            before: nil as AccountSnapshot?, after: nil as AccountSnapshot?, in: context)
    }
}
