// The e-mail settings of `[notifications]`: the SMTP server (`smtp_host`, `smtp_port`,
// `smtp_from`, optional `smtp_username`/`smtp_password`) and who receives the daily digest by
// e-mail (`digest_to`). Each value is checked as its layer is applied; whether they fit together
// (a host and a sender for any recipient, a user name with its password) once all layers are in.
import Foundation
import LuoshiStorage

public struct MailSettings: Sendable, Equatable {
    public var host: String?
    public var port = 25
    public var from: String?
    public var username: String?
    public var password: String?
    /// Addresses the daily digest is mailed to (empty: no mail).
    public var digestTo: [String] = []
    public init() {}

    /// The server, once a host and a sender are set.
    public var server: SMTPServer? {
        guard let host, let from else { return nil }
        return SMTPServer(host: host, port: port, from: from, username: username, password: password)
    }

    /// A bare address, `name@example.gov.cn`: ASCII (no SMTPUTF8), no spaces, angle brackets or
    /// line breaks (it goes into commands and header fields), a domain of dot-separated labels.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.count <= 254, let local = parts.first, let domain = parts.last,
              (1...64).contains(local.count), !domain.isEmpty else { return false }
        let localAllowed = local.allSatisfy { $0.isASCII && !$0.isWhitespace && !"<>()[]\\,;:\"".contains($0) && !$0.isNewline && $0.asciiValue! >= 32 }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let domainAllowed = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        return localAllowed && domainAllowed
    }

    /// A host name or an IP address, nothing that could break a line.
    static func isHost(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 253 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }
    }

    mutating func apply(_ layer: NotificationsLayer, fail: (String, Any, String) -> ConfigurationError) throws {
        if let host = layer.smtpHost {
            guard Self.isHost(host) else { throw fail("notifications.smtp_host", host, "must be a host name or IP address, e.g. smtp.example.gov.cn") }
            self.host = host
        }
        if let port = layer.smtpPort {
            guard (1...65535).contains(port) else { throw fail("notifications.smtp_port", port, "must be between 1 and 65535") }
            self.port = port
        }
        if let from = layer.smtpFrom {
            guard Self.isAddress(from) else { throw fail("notifications.smtp_from", from, "must be an e-mail address, e.g. luoshi@example.gov.cn") }
            self.from = from
        }
        if let username = layer.smtpUsername {
            guard !username.isEmpty, !username.contains(where: \.isNewline) else {
                throw fail("notifications.smtp_username", username, "must not be empty (leave it out instead)")
            }
            self.username = username
        }
        if let password = layer.smtpPassword {
            guard !password.isEmpty, !password.contains(where: \.isNewline) else {
                throw fail("notifications.smtp_password", "…", "must not be empty (leave it out instead)")
            }
            self.password = password
        }
        if let addresses = layer.digestTo {
            for (index, address) in addresses.enumerated() where !Self.isAddress(address) {
                throw fail("notifications.digest_to[\(index + 1)]", address, "must be an e-mail address, e.g. duchashi@example.gov.cn")
            }
            digestTo = addresses
        }
    }

    /// Whether the settings of all layers fit together.
    func check() throws {
        if !digestTo.isEmpty || host != nil || from != nil {
            guard host != nil else { throw ConfigurationError(key: "notifications.smtp_host", value: "", reason: "is needed to send mail (smtp_from or digest_to is set)") }
            guard from != nil else { throw ConfigurationError(key: "notifications.smtp_from", value: "", reason: "is needed to send mail (the sender's address)") }
        }
        if (username == nil) != (password == nil) {
            throw ConfigurationError(key: username == nil ? "notifications.smtp_username" : "notifications.smtp_password", value: "",
                                     reason: "smtp_username and smtp_password go together")
        }
    }
}

extension NotificationsLayer {
    /// LUOSHI_NOTIFICATIONS_SMTP_HOST, _SMTP_PORT, _SMTP_FROM, _SMTP_USERNAME, _SMTP_PASSWORD, and
    /// _DIGEST_TO (addresses separated by commas).
    static func mailEnvironment(_ environment: [String: String]) throws -> NotificationsLayer {
        func name(_ key: CodingKeys) -> String { "LUOSHI_NOTIFICATIONS_" + key.rawValue.uppercased() }
        var layer = NotificationsLayer()
        layer.smtpHost = environment[name(.smtpHost)]
        if let text = environment[name(.smtpPort)] {
            guard let port = Int(text) else { throw ConfigurationError(key: name(.smtpPort), value: text, reason: "is not a whole number") }
            layer.smtpPort = port
        }
        layer.smtpFrom = environment[name(.smtpFrom)]
        layer.smtpUsername = environment[name(.smtpUsername)]
        layer.smtpPassword = environment[name(.smtpPassword)]
        layer.digestTo = environment[name(.digestTo)].map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return layer
    }
}
