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
    let username = String(rawUsername.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(100))
    // Check and record in one step (under the username's lock): the attempt counts as a failure
    // until the password proves right, so parallel guesses cannot slip past the limit together.
    let attemptID = try await store.write { tx in
        try await tx.lockSignIns(username: username)
        let failures = try await tx.recentSignInFailures(username: username, address: address, since: throttle.windowStart(now: now))
        try throttle.check(failures, now: now)
        return try await tx.recordSignInAttempt(username: username, address: address, succeeded: false, at: now)
    }

    // An unknown username costs the same hash as a wrong password, so timing does not tell them apart.
    let found = try await store.account(username: username)
    let hash: String
    if let found { hash = found.passwordHash } else { hash = try await hasher.placeholderHash() }
    let passwordMatches = try await hasher.verify(password, against: hash)
    guard let found, passwordMatches, !found.account.isDisabled else {
        if let found, passwordMatches, found.account.isDisabled { throw RuleViolation(.accountDisabled) }
        throw RuleViolation(.signInFailed)
    }
    let token = SecretToken.generate(prefix: "ls_")
    let context = UseCaseContext(store: store, performer: .system(found.account.displayName), now: now)
    try await store.write { tx in
        try await tx.markSignInSucceeded(attemptID: attemptID)
        try await tx.insertSession(tokenHash: SecretToken.hash(token), accountID: found.account.id, now: now, lifetime: sessionLifetime)
        var signedIn = context
        signedIn.performer.accountID = found.account.id
        try await tx.record(.signIn, kind: .account, id: found.account.id.uuidString,
                            before: nil as AccountSnapshot?, after: nil as AccountSnapshot?, in: signedIn)
    }
    return SignInResult(sessionToken: token, account: found.account)
}

/// Use case: end every session of the caller's account, this one included.
public func signOutEverywhere(context: UseCaseContext) async throws {
    guard let accountID = context.performer.accountID else { throw RuleViolation(.authenticationRequired) }
    try await context.store.write { tx in
        let ended = try await tx.endSessions(accountID: accountID, except: nil)
        try await tx.record(.signOut, kind: .account, id: accountID.uuidString,
                            before: nil as SessionsEnded?, after: SessionsEnded(sessionsEnded: ended, tokensRevoked: 0), in: context)
    }
}

/// What the trail records when sessions end together (a password change, "sign out everywhere").
struct SessionsEnded: Encodable {
    var sessionsEnded: Int
    var tokensRevoked: Int
}

/// Use case: end a session.
public func signOut(sessionToken: String, context: UseCaseContext) async throws {
    try await context.store.write { tx in
        guard let accountID = try await tx.deleteSession(tokenHash: SecretToken.hash(sessionToken)) else { return }
        try await tx.record(.signOut, kind: .account, id: accountID.uuidString,
                            before: nil as AccountSnapshot?, after: nil as AccountSnapshot?, in: context)
    }
}
