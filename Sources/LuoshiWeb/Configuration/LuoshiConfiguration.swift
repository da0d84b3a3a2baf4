// One typed configuration: defaults, then an optional luoshi.toml, then LUOSHI_* environment
// variables, then command-line flags. A bad value stops start-up with a message naming it.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Logging
import TOMLKit

public struct LuoshiConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database = DatabaseLocation.sqlite(path: "luoshi.sqlite")
    public var storage = StorageSettings()
    public var logLevel = Logger.Level.info
    public var logFormat = LogFormat.text
    /// Bcrypt cost; 12 in production, lower only in tests.
    public var passwordCost = 12
    public var sessionLifetimeHours = 12
    public var throttle = SignInThrottle()
    /// Mark cookies Secure (behind HTTPS). Off by default because the default bind is plain HTTP on loopback.
    public var secureCookies = false
    /// Addresses of reverse proxies whose X-Forwarded-For is believed (for throttling and the log).
    /// Empty by default: then the direct peer is the client.
    public var trustedProxies: Set<String> = []
    /// The file holding the key that anchors the audit trail's head (HMAC), kept outside the database.
    /// Default: beside the SQLite file (`luoshi.sqlite.audit-key`), or `luoshi-audit.key` for PostgreSQL.
    public var auditKeyFile: String?
    /// The one time zone of pages, exports and rules (`time_zone`, default Asia/Shanghai).
    public var clock = LocalClock.china
    /// `[supervision]`: the lights' margins and the daily jobs.
    public var supervision = SupervisionSettings()
    /// `[notifications]`: where the daily digest is posted.
    public var notifications = NotificationSettings()

    public init() {}

    /// Where the audit key lives: the configured file, or the default beside the database.
    public var auditKeyPath: String? {
        if let auditKeyFile { return auditKeyFile }
        switch database {
        case .sqlite(let path): return path == ":memory:" ? nil : path + ".audit-key"
        default: return "luoshi-audit.key"
        }
    }

    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    public var sessionLifetime: TimeInterval { TimeInterval(sessionLifetimeHours) * 3600 }
}

/// The optional settings of each layer, in file, environment and flag form.
public struct ConfigurationLayer: Codable, Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var databaseURL: String?
    public var sqliteSynchronous: String?
    public var sqliteBusyTimeoutMs: Int?
    public var logLevel: String?
    public var logFormat: String?
    public var passwordCost: Int?
    public var sessionLifetimeHours: Int?
    public var signInFailuresPerAccount: Int?
    public var signInFailuresPerAddress: Int?
    public var secureCookies: Bool?
    public var trustedProxies: [String]?
    public var auditKeyFile: String?
    public var timeZone: String?
    public var supervision: SupervisionLayer?
    public var notifications: NotificationsLayer?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port
        case databaseURL = "database_url"
        case sqliteSynchronous = "sqlite_synchronous"
        case sqliteBusyTimeoutMs = "sqlite_busy_timeout_ms"
        case logLevel = "log_level"
        case logFormat = "log_format"
        case passwordCost = "password_cost"
        case sessionLifetimeHours = "session_lifetime_hours"
        case signInFailuresPerAccount = "sign_in_failures_per_account"
        case signInFailuresPerAddress = "sign_in_failures_per_address"
        case secureCookies = "secure_cookies"
        case trustedProxies = "trusted_proxies"
        case auditKeyFile = "audit_key_file"
        case timeZone = "time_zone"
        case supervision, notifications
    }

    /// Reads a TOML file; unknown keys are refused so that a typo does not silently do nothing.
    public static func file(at path: String) throws -> ConfigurationLayer {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(key: "config", value: path, reason: "cannot be read")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw ConfigurationError(key: "config", value: path, reason: "is not valid TOML: \(error)")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = table.keys.first(where: { !known.contains($0) }) ?? unknownNestedKey(in: table) {
            throw ConfigurationError(key: unknown, value: path, reason: "is not a setting Luoshi knows")
        }
        do { return try TOMLDecoder().decode(ConfigurationLayer.self, from: table) } catch {
            throw ConfigurationError(key: "config", value: path, reason: "has a value of the wrong type: \(error)")
        }
    }

    /// LUOSHI_HOST, LUOSHI_PORT, LUOSHI_DATABASE_URL, … (the file's keys, upper-cased); a table's
    /// keys with the table's name before them (LUOSHI_SUPERVISION_DAILY_TIME).
    public static func environment(_ environment: [String: String]) throws -> ConfigurationLayer {
        var layer = ConfigurationLayer()
        func value(_ key: CodingKeys) -> String? { environment["LUOSHI_" + key.rawValue.uppercased()] }
        func int(_ key: CodingKeys) throws -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text) else {
                throw ConfigurationError(key: "LUOSHI_" + key.rawValue.uppercased(), value: text, reason: "is not a whole number")
            }
            return number
        }
        layer.host = value(.host)
        layer.port = try int(.port)
        layer.databaseURL = value(.databaseURL)
        layer.sqliteSynchronous = value(.sqliteSynchronous)
        layer.sqliteBusyTimeoutMs = try int(.sqliteBusyTimeoutMs)
        layer.logLevel = value(.logLevel)
        layer.logFormat = value(.logFormat)
        layer.passwordCost = try int(.passwordCost)
        layer.sessionLifetimeHours = try int(.sessionLifetimeHours)
        layer.signInFailuresPerAccount = try int(.signInFailuresPerAccount)
        layer.signInFailuresPerAddress = try int(.signInFailuresPerAddress)
        if let text = value(.secureCookies) {
            guard let flag = ["true": true, "1": true, "false": false, "0": false][text.lowercased()] else {
                throw ConfigurationError(key: "LUOSHI_SECURE_COOKIES", value: text, reason: "use true or false")
            }
            layer.secureCookies = flag
        }
        if let text = value(.trustedProxies) {
            layer.trustedProxies = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        layer.auditKeyFile = value(.auditKeyFile)
        layer.timeZone = value(.timeZone)
        layer.supervision = try SupervisionLayer.environment(environment)
        layer.notifications = try NotificationsLayer.environment(environment)
        return layer
    }
}

extension LuoshiConfiguration {
    /// Applies one layer over this configuration, checking each value it sets.
    public mutating func apply(_ layer: ConfigurationLayer, source: String) throws {
        func fail(_ key: String, _ value: Any, _ reason: String) -> ConfigurationError {
            ConfigurationError(key: key, value: "\(value)", reason: "\(reason) (from \(source))")
        }
        if let host = layer.host {
            guard !host.isEmpty else { throw fail("host", host, "must not be empty") }
            self.host = host
        }
        if let port = layer.port {
            guard (1...65535).contains(port) else { throw fail("port", port, "must be between 1 and 65535") }
            self.port = port
        }
        if let url = layer.databaseURL { database = try DatabaseLocation(parsing: url) }
        if let text = layer.sqliteSynchronous {
            guard let value = SQLiteSynchronous(rawValue: text.uppercased()) else {
                throw fail("sqlite_synchronous", text, "use FULL or NORMAL")
            }
            storage.synchronous = value
        }
        if let ms = layer.sqliteBusyTimeoutMs {
            guard (0...600_000).contains(ms) else { throw fail("sqlite_busy_timeout_ms", ms, "must be 0 to 600000") }
            storage.busyTimeoutMilliseconds = ms
        }
        if let text = layer.logLevel {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw fail("log_level", text, "use trace, debug, info, notice, warning, error or critical")
            }
            logLevel = level
        }
        if let text = layer.logFormat {
            guard let format = LogFormat(rawValue: text.lowercased()) else { throw fail("log_format", text, "use text or json") }
            logFormat = format
        }
        if let cost = layer.passwordCost {
            guard (4...31).contains(cost) else { throw fail("password_cost", cost, "must be between 4 and 31") }
            passwordCost = cost
        }
        if let hours = layer.sessionLifetimeHours {
            guard (1...24 * 90).contains(hours) else { throw fail("session_lifetime_hours", hours, "must be 1 to 2160") }
            sessionLifetimeHours = hours
        }
        if let limit = layer.signInFailuresPerAccount {
            guard (1...1000).contains(limit) else { throw fail("sign_in_failures_per_account", limit, "must be 1 to 1000") }
            throttle.perAccountLimit = limit
        }
        if let limit = layer.signInFailuresPerAddress {
            guard (1...100_000).contains(limit) else { throw fail("sign_in_failures_per_address", limit, "must be 1 to 100000") }
            throttle.perAddressLimit = limit
        }
        if let secure = layer.secureCookies { secureCookies = secure }
        if let proxies = layer.trustedProxies {
            let addressCharacters = CharacterSet(charactersIn: "0123456789abcdefABCDEF:.")
            for proxy in proxies where proxy.isEmpty || proxy.count > 45 || !proxy.unicodeScalars.allSatisfy(addressCharacters.contains) {
                throw fail("trusted_proxies", proxy, "must be IP addresses (IPv4 or IPv6), e.g. 127.0.0.1")
            }
            trustedProxies = Set(proxies)
        }
        if let path = layer.auditKeyFile {
            guard !path.isEmpty else { throw fail("audit_key_file", path, "must not be empty") }
            auditKeyFile = path
        }
        if let name = layer.timeZone {
            guard let clock = LocalClock(identifier: name) else {
                throw fail("time_zone", name, "is not a time zone name, e.g. Asia/Shanghai")
            }
            self.clock = clock
        }
        if let supervision = layer.supervision { try apply(supervision, fail: fail) }
        if let notifications = layer.notifications { try apply(notifications, fail: fail) }
    }

    /// Defaults, then the file (the named one must exist; ./luoshi.toml is read if present), then the environment, then flags.
    public static func load(configFile: String?, environment: [String: String], flags: ConfigurationLayer) throws -> LuoshiConfiguration {
        var configuration = LuoshiConfiguration()
        let path = configFile ?? environment["LUOSHI_CONFIG"]
        if let path {
            try configuration.apply(try ConfigurationLayer.file(at: path), source: path)
        } else if FileManager.default.fileExists(atPath: "luoshi.toml") {
            try configuration.apply(try ConfigurationLayer.file(at: "luoshi.toml"), source: "luoshi.toml")
        }
        try configuration.apply(try ConfigurationLayer.environment(environment), source: "environment")
        try configuration.apply(flags, source: "command line")
        try configuration.notifications.mail.check()
        return configuration
    }
}
