// The unit tree, kept in memory. Every page needs unit names and paths (scope, pickers, lists);
// reading ~600 rows per request was most of a page's cost. The snapshot is immutable and swapped
// whole; one single-row read of `directory_version` per use tells whether another transaction (in
// this process or another one sharing the PostgreSQL database) changed a unit since.
import Foundation
import LuoshiDomain
import SQLKit

public final class DirectoryCache: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public let version: Int
        /// In display order (sort order, then name).
        public let units: [Unit]
        public let byID: [UUID: Unit]
        public let byCode: [String: Unit]

        init(version: Int, units: [Unit]) {
            self.version = version
            self.units = units
            byID = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private let lock = NSLock()
    private var current: Snapshot?

    public init() {}

    /// The snapshot last read, whatever its age: for labels that may lag a rename by a request.
    public var latest: Snapshot? {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func cached(version: Int) -> Snapshot? {
        lock.lock()
        defer { lock.unlock() }
        guard let current, current.version == version else { return nil }
        return current
    }

    func store(_ snapshot: Snapshot) {
        lock.lock()
        defer { lock.unlock() }
        if (current?.version ?? -1) <= snapshot.version { current = snapshot }
    }
}

extension Store {
    /// The unit tree as of now: from memory when no unit changed since it was read.
    public func directory() async throws -> DirectoryCache.Snapshot {
        let version = try await sql.select().column("version").from("directory_version").where("id", .equal, SQLBind(1))
            .first(decodingColumn: "version", as: Int.self) ?? 0
        if let cache = directoryCache, let snapshot = cache.cached(version: version) { return snapshot }
        let units = try await sql.select().columns("id", "code", "name", "kind", "assessment_group", "parent_id", "path", "sort_order")
            .from("units").orderBy("sort_order").orderBy("name")
            .all(decoding: UnitRow.self).map(\.value)
        let snapshot = DirectoryCache.Snapshot(version: version, units: units)
        directoryCache?.store(snapshot)
        return snapshot
    }
}

extension WriteTransaction {
    /// Every change to a unit moves the directory's version, in the changing transaction.
    func moveDirectoryVersion() async throws {
        try await sql.raw("UPDATE directory_version SET version = version + 1 WHERE id = 1").run()
    }
}
