// The handle use cases write through. On SQLite every write goes to one queue that one writer
// connection drains: the writes waiting at a moment share one transaction, each in a savepoint of
// its own (a refused write rolls back alone), and so share one commit and one fsync; no write is
// answered before that commit. On PostgreSQL each write is its own transaction and the database
// serialises what must be.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

public struct Store: Sendable {
    /// Where reads go.
    public let database: any Database
    /// Where write transactions go: SQLite's dedicated writer connection, or (PostgreSQL) `database`.
    let writer: any Database
    let queue: WriteQueue?
    /// The key that anchors the audit head; nil only where no trail is written (it is then unanchored).
    public let auditKey: AuditKey?
    /// The process's in-memory unit tree (nil: read it every time).
    let directoryCache: DirectoryCache?

    public init(database: any Database, writer: (any Database)? = nil, queue: WriteQueue?, auditKey: AuditKey? = nil,
                directory: DirectoryCache? = nil) {
        self.database = database; self.writer = writer ?? database; self.queue = queue; self.auditKey = auditKey
        self.directoryCache = directory
    }

    public var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Runs `body` in one transaction (on SQLite: in a savepoint of the batch's transaction); the
    /// audit events it appends commit or roll back with it. Returns once the change is committed.
    public func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        if let queue { return try await queue.submit(body, writer: writer, auditKey: auditKey) }
        return try await writer.transaction { tx in
            let transaction = WriteTransaction(database: tx, auditKey: auditKey, audit: AuditBuffer())
            let result = try await body(transaction)
            // The events go in with the change, before the commit.
            try await transaction.flushAudit()
            return result
        }
    }
}

/// Group commit for SQLite. `submit` queues a write and waits; one drain task at a time takes every
/// queued write (up to `maxBatch`), runs them one after another in one transaction, each between
/// SAVEPOINT and RELEASE (or ROLLBACK TO on a refusal), commits once, then answers them all.
public final class WriteQueue: @unchecked Sendable {
    public static let maxBatch = 64

    struct Job: Sendable {
        let perform: @Sendable (WriteTransaction) async throws -> Void
        let complete: @Sendable ((any Error)?) -> Void
    }

    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false

    public init() {}

    func submit<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T, writer: any Database,
                             auditKey: AuditKey?) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let result = ResultBox<T>()
            let job = Job(perform: { tx in result.set(try await body(tx)) },
                          complete: { error in
                              if let error { continuation.resume(throwing: error); return }
                              guard let value = result.get() else {
                                  continuation.resume(throwing: CancellationError()); return
                              }
                              continuation.resume(returning: value)
                          })
            lock.lock()
            pending.append(job)
            let start = !draining
            draining = true
            lock.unlock()
            if start { Task { await self.drain(writer: writer, auditKey: auditKey) } }
        }
    }

    private func nextBatch() -> [Job]? {
        lock.lock()
        defer { lock.unlock() }
        guard !pending.isEmpty else { draining = false; return nil }
        let batch = Array(pending.prefix(Self.maxBatch))
        pending.removeFirst(batch.count)
        return batch
    }

    private func drain(writer: any Database, auditKey: AuditKey?) async {
        while let batch = nextBatch() {
            let failures = FailureBox(count: batch.count)
            do {
                try await writer.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    for (index, job) in batch.enumerated() {
                        let transaction = WriteTransaction(database: tx, auditKey: auditKey, audit: AuditBuffer())
                        try await sql.raw("SAVEPOINT luoshi_write").run()
                        do {
                            try await job.perform(transaction)
                            try await transaction.flushAudit()
                            try await sql.raw("RELEASE SAVEPOINT luoshi_write").run()
                        } catch {
                            failures.set(index, error)
                            try await sql.raw("ROLLBACK TO SAVEPOINT luoshi_write").run()
                            try await sql.raw("RELEASE SAVEPOINT luoshi_write").run()
                        }
                    }
                }
                for (index, job) in batch.enumerated() { job.complete(failures.get(index)) }
            } catch {
                // The commit (or a savepoint statement) failed: nothing of the batch is written.
                for (index, job) in batch.enumerated() { job.complete(failures.get(index) ?? error) }
            }
        }
    }
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ value: T) { lock.lock(); self.value = value; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}

final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(any Error)?]
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ error: any Error) { lock.lock(); errors[index] = error; lock.unlock() }
    func get(_ index: Int) -> (any Error)? { lock.lock(); defer { lock.unlock() }; return errors[index] }
}

/// A database inside a write transaction. Only use cases get one.
public struct WriteTransaction: Sendable {
    public let database: any Database
    let auditKey: AuditKey?
    /// Events appended in this transaction, chained in memory and written together before commit.
    let audit: AuditBuffer
    public var sql: any SQLDatabase { database as! any SQLDatabase }
}

extension WriteTransaction {
    /// Holds `key` until this transaction ends, so that a check and the write it allows (the next
    /// free code, a count of failures) are one step among concurrent writers. SQLite's writes are
    /// already one at a time (the write queue); PostgreSQL takes a transaction-scoped advisory lock.
    public func serialise(on key: String) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
    }
}
