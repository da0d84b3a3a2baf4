// Throttling of failed sign-ins, per account and per address, over a sliding window.
import Foundation

public struct SignInThrottle: Sendable, Equatable {
    public var perAccountLimit: Int
    public var perAddressLimit: Int
    public var window: TimeInterval

    public init(perAccountLimit: Int = 5, perAddressLimit: Int = 20, window: TimeInterval = 15 * 60) {
        self.perAccountLimit = perAccountLimit; self.perAddressLimit = perAddressLimit; self.window = window
    }

    /// Refuses a new attempt once either count of recent failures has reached its limit.
    public func check(recentAccountFailures: Int, recentAddressFailures: Int) throws(RuleViolation) {
        if recentAccountFailures >= perAccountLimit {
            throw RuleViolation(.signInThrottledAccount, limit: Int(window / 60))
        }
        if recentAddressFailures >= perAddressLimit {
            throw RuleViolation(.signInThrottledAddress, limit: Int(window / 60))
        }
    }

    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window) }
}
