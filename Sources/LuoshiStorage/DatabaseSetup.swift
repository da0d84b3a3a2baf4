// Registers the database with Fluent and applies SQLite's per-connection settings.
// Fluent's SQLite driver keeps one connection per event loop and has no per-connection hook
// (FIELD-NOTES.md), so the settings are applied to each loop's connection at start-up, and
// `connectionSettings` reads them back for the test that keeps them in force.
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import SQLKit

public enum DatabaseSetup {
    public static func register(_ location: DatabaseLocation, settings: StorageSettings, on databases: Databases) throws {
        switch location {
        case .sqlite(let path):
            // Readers: one connection per event loop. The writer: a connection of its own (used on
            // one loop only), so a long write transaction never holds a connection readers wait for.
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1, sqlLogLevel: .trace), as: .sqlite)
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(600),
                                  sqlLogLevel: .trace), as: .sqliteWriter)
        case .postgres(let url):
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: settings.postgresConnectionsPerEventLoop,
                                        sqlLogLevel: .trace), as: .psql)
        }
    }

    public static func databaseID(for location: DatabaseLocation) -> DatabaseID {
        location.isSQLite ? .sqlite : .psql
    }
}

extension DatabaseID {
    /// SQLite's dedicated write connection.
    public static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}

extension DatabaseSetup {

    /// The writer's connection, on its one loop (SQLite only).
    public static func writer(_ location: DatabaseLocation, databases: Databases, loop: any EventLoop, logger: Logger) -> (any Database)? {
        location.isSQLite ? databases.database(.sqliteWriter, logger: logger, on: loop) : nil
    }

    /// WAL persists in the file; the rest is per connection, so every loop's reader and the writer get it.
    public static func applyConnectionSettings(_ location: DatabaseLocation, settings: StorageSettings,
                                               databases: Databases, eventLoops: any EventLoopGroup, writerLoop: any EventLoop,
                                               logger: Logger) async throws {
        guard location.isSQLite else { return }
        let readers = eventLoops.makeIterator().map { databases.database(.sqlite, logger: logger, on: $0) }
        for database in readers + [databases.database(.sqliteWriter, logger: logger, on: writerLoop)] {
            guard let sql = database as? any SQLDatabase else { continue }
            // Pages read through memory-mapped pages and a larger cache instead of a pread per page.
            try await sql.raw("PRAGMA mmap_size = 268435456").run()
            try await sql.raw("PRAGMA cache_size = -16000").run()
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = \(unsafeRaw: settings.synchronous.rawValue)").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(settings.busyTimeoutMilliseconds))").run()
        }
    }

    public struct ConnectionSettings: Equatable, Sendable {
        public var journalMode: String
        public var synchronous: Int
        public var foreignKeys: Int
        public var busyTimeout: Int
    }

    /// Reads the settings back from the connection of each event loop.
    public static func connectionSettings(databases: Databases, eventLoops: any EventLoopGroup, writerLoop: (any EventLoop)?,
                                          logger: Logger) async throws -> [ConnectionSettings] {
        var found: [ConnectionSettings] = []
        var all = eventLoops.makeIterator().map { databases.database(.sqlite, logger: logger, on: $0) }
        if let writerLoop { all.append(databases.database(.sqliteWriter, logger: logger, on: writerLoop)) }
        for database in all {
            guard let sql = database as? any SQLDatabase else { continue }
            func pragma<T: Decodable>(_ name: String, as: T.Type) async throws -> T {
                let row = try await sql.raw("PRAGMA \(unsafeRaw: name)").first()
                guard let row, let column = row.allColumns.first else { throw ConfigurationError(key: name, value: "", reason: "no value") }
                return try row.decode(column: column, as: T.self)
            }
            found.append(ConnectionSettings(
                journalMode: try await pragma("journal_mode", as: String.self),
                synchronous: try await pragma("synchronous", as: Int.self),
                foreignKeys: try await pragma("foreign_keys", as: Int.self),
                busyTimeout: try await pragma("busy_timeout", as: Int.self)))
        }
        return found
    }
}
