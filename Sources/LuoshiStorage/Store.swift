// The handle use cases write through. On SQLite every write transaction passes one gate, so two
// writers never meet SQLITE_BUSY inside the process (a deferred transaction that upgrades to a
// write lock fails at once instead of waiting); on PostgreSQL the database serialises what must be.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

public struct Store: Sendable {
    public let database: any Database
    let gate: WriteGate?

    public init(database: any Database, gate: WriteGate?) {
        self.database = database; self.gate = gate
    }

    public var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Runs `body` in one transaction; the audit events it appends commit or roll back with it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        let run: @Sendable () async throws -> T = {
            try await database.transaction { tx in try await body(WriteTransaction(database: tx)) }
        }
        guard let gate else { return try await run() }
        return try await gate.withLock(run)
    }
}

/// A database inside a write transaction. Only use cases get one.
public struct WriteTransaction: Sendable {
    public let database: any Database
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
