// Throttling of failed sign-ins over a sliding window. Per address the limit is hard: past it, that
// address waits out the window. Per account it is a growing delay instead of a lock, so that five
// wrong guesses by someone else cannot lock a person out for long: past the limit, each further
// attempt must wait `firstDelay`, doubling with every further failure, up to the window.
import Foundation

public struct SignInThrottle: Sendable, Equatable {
    public var perAccountLimit: Int
    public var perAddressLimit: Int
    public var window: TimeInterval
    public var firstDelay: TimeInterval

    public init(perAccountLimit: Int = 5, perAddressLimit: Int = 20, window: TimeInterval = 15 * 60, firstDelay: TimeInterval = 30) {
        self.perAccountLimit = perAccountLimit; self.perAddressLimit = perAddressLimit; self.window = window
        self.firstDelay = firstDelay
    }

    /// Recent failures, counted over the window.
    public struct Failures: Sendable, Equatable {
        public var account: Int
        public var lastAccountFailure: Date?
        public var address: Int
        public init(account: Int, lastAccountFailure: Date?, address: Int) {
            self.account = account; self.lastAccountFailure = lastAccountFailure; self.address = address
        }
    }

    /// How long the account must still wait before another attempt, or nil when it may try now.
    public func accountWait(_ failures: Failures, now: Date) -> TimeInterval? {
        guard failures.account >= perAccountLimit, let last = failures.lastAccountFailure else { return nil }
        let doublings = min(failures.account - perAccountLimit, 20)
        let delay = min(firstDelay * pow(2, Double(doublings)), window)
        let remaining = last.addingTimeInterval(delay).timeIntervalSince(now)
        return remaining > 0 ? remaining : nil
    }

    /// Refuses a new attempt while the account's delay runs, or once the address reached its limit.
    /// The account refusal names the seconds to wait; the address refusal the window's minutes.
    public func check(_ failures: Failures, now: Date) throws(RuleViolation) {
        if failures.address >= perAddressLimit {
            throw RuleViolation(.signInThrottledAddress, limit: Int(window / 60))
        }
        if let wait = accountWait(failures, now: now) {
            throw RuleViolation(.signInThrottledAccount, limit: Int(wait.rounded(.up)))
        }
    }

    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window) }
}
