// Where the data lives: an SQLite file (the default) or a PostgreSQL server.
import Foundation
import LuoshiDomain

public enum DatabaseLocation: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Accepts `sqlite://PATH`, `sqlite:PATH`, a bare file path, or a `postgres://` / `postgresql://` URL.
    public init(parsing text: String) throws(ConfigurationError) {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            guard let url = URL(string: value), url.host != nil else {
                throw ConfigurationError(key: "database_url", value: text, reason: "not a valid PostgreSQL URL")
            }
            self = .postgres(url: value)
        } else if value.hasPrefix("sqlite://") {
            self = .sqlite(path: String(value.dropFirst("sqlite://".count)))
        } else if value.hasPrefix("sqlite:") {
            self = .sqlite(path: String(value.dropFirst("sqlite:".count)))
        } else if value.contains("://") || value.isEmpty {
            throw ConfigurationError(key: "database_url", value: text,
                                     reason: "use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        } else {
            self = .sqlite(path: value)
        }
        if case .sqlite(let path) = self, path.isEmpty {
            throw ConfigurationError(key: "database_url", value: text, reason: "the SQLite file path is empty")
        }
    }

    public var isSQLite: Bool { if case .sqlite = self { true } else { false } }

    /// For logs and the console: the password of a URL is never shown.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "postgres://…" }
            if parts.password != nil { parts.password = "***" }
            return parts.string ?? "postgres://…"
        }
    }
}

/// A configuration value that cannot be used; start-up stops with this message.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var key: String
    public var value: String
    public var reason: String
    public init(key: String, value: String, reason: String) { self.key = key; self.value = value; self.reason = reason }
    public var description: String { "configuration \"\(key)\" = \"\(value)\": \(reason)" }
}

/// SQLite durability: FULL fsyncs on every commit (the default: an acknowledged write survives power loss);
/// NORMAL may lose the last commits on power loss but never corrupts.
public enum SQLiteSynchronous: String, CaseIterable, Sendable {
    case full = "FULL"
    case normal = "NORMAL"
}

public struct StorageSettings: Sendable, Equatable {
    public var synchronous: SQLiteSynchronous
    public var busyTimeoutMilliseconds: Int
    public var postgresConnectionsPerEventLoop: Int

    public init(synchronous: SQLiteSynchronous = .full, busyTimeoutMilliseconds: Int = 5000,
                postgresConnectionsPerEventLoop: Int = 4) {
        self.synchronous = synchronous; self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.postgresConnectionsPerEventLoop = postgresConnectionsPerEventLoop
    }
}
