// Session and API token secrets: random, shown once, stored only as their SHA-256.
import Crypto
import Foundation

public enum SecretToken {
    /// 32 random bytes, URL-safe base64, with a readable prefix ("ls_" sessions, "lsk_" API keys).
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + encoded
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison, for CSRF tokens.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Password hashing is slow on purpose; the web layer supplies Bcrypt, run off the event loop.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
    /// A hash of the same cost that no password matches in practice: checked against when the
    /// account does not exist, so that the answer takes as long as a wrong password.
    func placeholderHash() async throws -> String
}
