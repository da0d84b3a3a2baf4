// Online backup of a live SQLite database (VACUUM INTO: one read transaction, so a consistent
// snapshot while writers go on), and putting a backup back in place of a stopped database.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

public enum SQLiteBackup {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Writes a consistent copy of the database to `path` (which must not exist yet).
    public static func backup(_ store: Store, to path: String) async throws {
        guard store.sql.dialect.name == "sqlite" else {
            throw Failure(description: "backup copies SQLite files; for PostgreSQL use pg_dump")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "\(path) already exists; choose a new file")
        }
        try await store.sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Checks a database file the way a restore must before it replaces anything: SQLite's
    /// integrity check answers "ok".
    public static func integrityCheck(_ store: Store) async throws -> String {
        let rows = try await store.sql.raw("PRAGMA integrity_check").all()
        let lines = try rows.map { row in try row.decode(column: row.allColumns.first ?? "integrity_check", as: String.self) }
        return lines.joined(separator: "; ")
    }

    /// Puts `backup` in place of the database at `target`: copied beside it first, then renamed over
    /// it in one step, so a failure leaves the old file untouched. The server must be stopped: a
    /// write-ahead log beside the target means a connection may still be open.
    public static func restore(backup: String, over target: String, force: Bool) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: backup) else { throw Failure(description: "\(backup) does not exist") }
        if !force, manager.fileExists(atPath: target + "-wal") {
            throw Failure(description: "\(target)-wal exists: stop the server first (or pass --force if it is stopped and the log is stale)")
        }
        let staging = target + ".restoring"
        try? manager.removeItem(atPath: staging)
        try manager.copyItem(atPath: backup, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: target + suffix) }
        if manager.fileExists(atPath: target) {
            _ = try manager.replaceItemAt(URL(fileURLWithPath: target), withItemAt: URL(fileURLWithPath: staging))
        } else {
            try manager.moveItem(atPath: staging, toPath: target)
        }
    }
}
