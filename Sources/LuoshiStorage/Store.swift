// The handle use cases write through. On SQLite every write transaction passes one gate, so two
// writers never meet SQLITE_BUSY inside the process (a deferred transaction that upgrades to a
// write lock fails at once instead of waiting); on PostgreSQL the database serialises what must be.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

public struct Store: Sendable {
    /// Where reads go.
    public let database: any Database
    /// Where write transactions go: SQLite's dedicated writer connection, or (PostgreSQL) `database`.
    let writer: any Database
    let gate: WriteGate?
    /// The key that anchors the audit head; nil only where no trail is written (it is then unanchored).
    public let auditKey: AuditKey?
    /// The process's in-memory unit tree (nil: read it every time).
    let directoryCache: DirectoryCache?

    public init(database: any Database, writer: (any Database)? = nil, gate: WriteGate?, auditKey: AuditKey? = nil,
                directory: DirectoryCache? = nil) {
        self.database = database; self.writer = writer ?? database; self.gate = gate; self.auditKey = auditKey
        self.directoryCache = directory
    }

    public var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Runs `body` in one transaction; the audit events it appends commit or roll back with it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        let run: @Sendable () async throws -> T = {
            try await writer.transaction { tx in
                let transaction = WriteTransaction(database: tx, auditKey: auditKey, audit: AuditBuffer())
                let result = try await body(transaction)
                // The events go in with the change, before the commit: one batch per transaction.
                try await transaction.flushAudit()
                return result
            }
        }
        guard let gate else { return try await run() }
        return try await gate.withLock(run)
    }
}

/// A database inside a write transaction. Only use cases get one.
public struct WriteTransaction: Sendable {
    public let database: any Database
    let auditKey: AuditKey?
    /// Events appended in this transaction, chained in memory and written together before commit.
    let audit: AuditBuffer
    public var sql: any SQLDatabase { database as! any SQLDatabase }
}

/// A first-come, first-served async lock.
public actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
