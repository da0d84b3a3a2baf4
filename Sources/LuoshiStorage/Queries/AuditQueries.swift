// The audit trail: appended inside the writer's transaction, read by the audit page and `audit verify`.
// Appends take the head row FOR UPDATE (PostgreSQL) or run behind the write gate (SQLite), so the
// chain has one order however many writers there are.
import FluentKit
import Foundation
import LuoshiDomain
import SQLKit

struct AuditEventRow: Decodable {
    var sequence: Int
    var occurredAt: String
    var actorId: UUID?
    var actorName: String
    var action: String
    var recordKind: String
    var recordId: String
    var before: String?
    var after: String?
    var previousHash: String
    var hash: String

    var value: AuditEvent {
        AuditEvent(sequence: sequence,
                   content: AuditContent(occurredAt: occurredAt, actorID: actorId, actorName: actorName,
                                         actionText: action, recordKind: recordKind,
                                         recordID: recordId, before: before, after: after),
                   previousHash: previousHash, hash: hash)
    }
}

struct AuditHeadRow: Decodable {
    var lastSequence: Int
    var lastHash: String
    var anchor: String?

    enum CodingKeys: String, CodingKey { case lastSequence = "last_sequence", lastHash = "last_hash", anchor }

    /// The one read of the head (`forUpdate` inside a write: PostgreSQL locks it until commit).
    static func read(_ sql: any SQLDatabase, forUpdate: Bool = false) async throws -> AuditHeadRow? {
        var query = sql.select().column("last_sequence").column("last_hash").column("anchor").from("audit_head").where("id", .equal, 1)
        if forUpdate { query = query.for(.update) }
        return try await query.first(decoding: AuditHeadRow.self)
    }
}

public struct AuditFilter: Sendable, Equatable {
    public var actorID: UUID?
    public var recordKind: String?
    public var recordID: String?
    /// ISO 8601 bounds compared as text (the stored form sorts that way).
    public var from: String?
    public var until: String?
    /// With `recordID`: also the creation of these records (a task's history shows its sub-tasks being made).
    public var creationsOf: [String]

    public init(actorID: UUID? = nil, recordKind: String? = nil, recordID: String? = nil, from: String? = nil, until: String? = nil,
                creationsOf: [String] = []) {
        self.actorID = actorID; self.recordKind = recordKind; self.recordID = recordID; self.from = from; self.until = until
        self.creationsOf = creationsOf
    }
}

/// The audit events of one write transaction. The head is read (and on PostgreSQL locked) at the
/// first append; later appends chain in memory; `flushAudit` writes them in multi-row inserts and
/// moves the head and its anchor once. A batch of a thousand changes costs a few statements of
/// audit, not three per change.
final class AuditBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var head: (sequence: Int, hash: String)?
    private var pending: [AuditEvent] = []

    func withLock<T>(_ body: (inout (sequence: Int, hash: String)?, inout [AuditEvent]) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&head, &pending)
    }
}

extension WriteTransaction {
    /// Appends one event after the current head (in memory until `flushAudit`).
    @discardableResult
    public func appendAudit(_ content: AuditContent) async throws -> AuditEvent {
        if audit.withLock({ head, _ in head == nil }) {
            guard let row = try await AuditHeadRow.read(sql, forUpdate: true) else {
                throw ConfigurationError(key: "audit_head", value: "", reason: "missing; run migrations")
            }
            audit.withLock { head, _ in head = (row.lastSequence, row.lastHash) }
        }
        let (event, full) = audit.withLock { head, pending -> (AuditEvent, Bool) in
            let previous = head!
            let event = AuditEvent(sequence: previous.sequence + 1, content: content, previousHash: previous.hash,
                                   hash: AuditChain.hash(of: content, previousHash: previous.hash))
            head = (event.sequence, event.hash)
            pending.append(event)
            return (event, pending.count >= 1000)
        }
        if full { try await flushAudit(movingHead: false) }
        return event
    }

    /// Writes the pending events (100 a statement) and, unless told otherwise, moves the head.
    func flushAudit(movingHead: Bool = true) async throws {
        let (events, head) = audit.withLock { head, pending -> ([AuditEvent], (sequence: Int, hash: String)?) in
            defer { pending.removeAll(keepingCapacity: true) }
            return (pending, head)
        }
        var start = 0
        while start < events.count {
            let chunk = events[start..<min(start + 100, events.count)]
            var insert = sql.insert(into: "audit_events")
                .columns("sequence", "occurred_at", "actor_id", "actor_name", "action", "record_kind", "record_id",
                         "before", "after", "previous_hash", "hash")
            for event in chunk {
                let content = event.content
                insert = insert.values(
                    SQLBind(event.sequence), SQLBind(content.occurredAt), SQLBind(content.actorID), SQLBind(content.actorName),
                    SQLBind(content.actionText), SQLBind(content.recordKind), SQLBind(content.recordID),
                    SQLBind(content.before), SQLBind(content.after), SQLBind(event.previousHash), SQLBind(event.hash))
            }
            try await insert.run()
            start += chunk.count
        }
        // Any append in this transaction set the head; none, and there is nothing to move.
        guard movingHead, let head else { return }
        try await sql.update("audit_head").set("last_sequence", to: SQLBind(head.sequence)).set("last_hash", to: SQLBind(head.hash))
            .set("anchor", to: SQLBind(auditKey?.anchor(sequence: head.sequence, hash: head.hash)))
            .where("id", .equal, 1).run()
    }
}

extension Store {
    /// A page of the trail, newest first; `counting` adds the total (a count over the filter, for
    /// the audit page; a task's history does without).
    public func auditEvents(_ filter: AuditFilter, offset: Int, limit: Int, counting: Bool = false) async throws -> Page<AuditEvent> {
        let rows = try await auditFiltered(sql.select().column(SQLLiteral.all), filter).orderBy("sequence", .descending)
            .limit(limit + 1).offset(offset)
            .all(decoding: AuditEventRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let total = counting
            ? try await auditFiltered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), filter)
                .first(decodingColumn: "n", as: Int.self)
            : nil
        return Page(items: rows.prefix(limit).map(\.value), offset: offset, limit: limit, hasMore: rows.count > limit, total: total)
    }

    private func auditFiltered(_ select: SQLSelectBuilder, _ filter: AuditFilter) -> SQLSelectBuilder {
        var query = select.from("audit_events")
        if let actorID = filter.actorID { query = query.where("actor_id", .equal, SQLBind(actorID)) }
        if let kind = filter.recordKind { query = query.where("record_kind", .equal, SQLBind(kind)) }
        if let recordID = filter.recordID {
            if filter.creationsOf.isEmpty {
                query = query.where("record_id", .equal, SQLBind(recordID))
            } else {
                query = query.where { group in
                    group.where("record_id", .equal, SQLBind(recordID)).orWhere { created in
                        created.where("record_id", .in, SQLBind.group(filter.creationsOf)).where("action", .equal, SQLBind(AuditAction.create.rawValue))
                    }
                }
            }
        }
        if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, SQLBind(from)) }
        if let until = filter.until { query = query.where("occurred_at", .lessThan, SQLBind(until)) }
        return query
    }

    /// Walks the whole chain in sequence order, a batch at a time (memory stays flat however long
    /// the trail), checks it against the head, the head against its keyed anchor, and each line of
    /// the filed checkpoints against the trail.
    public func verifyAuditTrail(checkpoints: [String] = [], batchSize: Int = 2000) async throws -> AuditVerification {
        // Read the head first: events appended while the walk runs lie beyond it and are not checked.
        let head = try await AuditHeadRow.read(sql)
        var verifier = AuditChainVerifier()
        var after = 0
        let last = head?.lastSequence ?? Int.max
        while after < last {
            let rows = try await sql.select().column(SQLLiteral.all).from("audit_events")
                .where("sequence", .greaterThan, SQLBind(after)).where("sequence", .lessThanOrEqual, SQLBind(last))
                .orderBy("sequence").limit(batchSize)
                .all(decoding: AuditEventRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            for row in rows {
                let event = row.value
                switch verifier.feed(event) {
                case .linked: continue
                case .broken(let verification): return verification
                case .unlinked:
                    let exists = try await sql.select().column("sequence").from("audit_events")
                        .where("hash", .equal, SQLBind(event.previousHash)).limit(1).all().count > 0
                    return verifier.classifyBreak(event, previousHashExists: exists)
                }
            }
            guard rows.count == batchSize, let lastRow = rows.last else { break }
            after = lastRow.sequence
        }
        let outcome = verifier.finish(head: head.map { ($0.lastSequence, $0.lastHash) })
        guard outcome.isIntact else { return outcome }
        if let auditKey, let head, head.lastSequence > 0,
           !SecretToken.equal(auditKey.anchor(sequence: head.lastSequence, hash: head.lastHash), head.anchor ?? "") {
            return .anchorMismatch(sequence: head.lastSequence)
        }
        for (index, line) in checkpoints.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let auditKey, let checkpoint = auditKey.readCheckpoint(line.trimmingCharacters(in: .whitespaces)) else {
                return .checkpointMismatch(line: index + 1, sequence: 0)
            }
            let hashes = try await sql.select().column("hash").from("audit_events")
                .where("sequence", .equal, SQLBind(checkpoint.sequence))
                .all(decoding: AuditHashRow.self)
            guard hashes.first?.hash == checkpoint.hash else {
                return .checkpointMismatch(line: index + 1, sequence: checkpoint.sequence)
            }
        }
        return outcome
    }

    /// A trail written before heads were anchored (or by a build without the key) gets its anchor
    /// once, at start-up; returns whether it did. From then on every append moves the anchor.
    public func anchorUnanchoredAuditHead() async throws -> Bool {
        guard let auditKey, let head = try await AuditHeadRow.read(sql), head.anchor == nil, head.lastSequence > 0 else { return false }
        try await write { tx in
            try await tx.sql.update("audit_head")
                .set("anchor", to: SQLBind(auditKey.anchor(sequence: head.lastSequence, hash: head.lastHash)))
                .where("id", .equal, 1).where("last_sequence", .equal, SQLBind(head.lastSequence)).run()
        }
        return true
    }

    /// The current head, signed for filing (`luoshi audit checkpoint`).
    public func auditCheckpoint(at time: String) async throws -> String? {
        guard let auditKey, let head = try await AuditHeadRow.read(sql) else { return nil }
        return auditKey.checkpointLine(sequence: head.lastSequence, hash: head.lastHash, at: time)
    }
}

struct AuditHashRow: Decodable { var hash: String }

/// The words a record's id stands for, so that the trail never shows an id to a person.
public struct RecordName: Sendable, Equatable {
    public var kind: String
    public var label: String
}

extension Store {
    /// Names for ids of any kind, one statement per kind (units come from the directory):
    /// tasks and indicators and key objects as "code name", people and accounts by name.
    public func recordNames(ids: Set<UUID>) async throws -> [UUID: RecordName] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: RecordName] = [:]
        let directory = try await directory()
        for id in ids { if let unit = directory.byID[id] { names[id] = RecordName(kind: "unit", label: unit.name) } }
        let rest = Array(ids.filter { names[$0] == nil })
        struct Row: Decodable { var id: UUID; var code: String; var name: String }
        // (kind, table, the code's expression, the name's expression)
        let tables: [(kind: String, table: String, code: String, name: String)] = [
            ("task", "tasks", "code", "title"), ("indicator", "indicators", "code", "name"), ("keyObject", "key_objects", "code", "name"),
            ("person", "people", "''", "name"), ("workArea", "work_areas", "code", "name"), ("account", "accounts", "username", "display_name"),
            ("decision", "decisions", "code", "title"), ("meeting", "meetings", "''", "title"), ("agendaItem", "agenda_items", "''", "title"),
            ("urgeNotice", "urge_notices", "code", "(SELECT title FROM tasks WHERE tasks.id = urge_notices.task_id)"),
            ("report", "progress_reports", "period_key", "(SELECT title FROM tasks WHERE tasks.id = progress_reports.task_id)"),
            ("bulletin", "bulletins", "code", "title"), ("inspection", "inspections", "day", "place"),
            ("accountabilityCase", "accountability_cases", "''", "problem"), ("criticism", "criticisms", "''", "reason"),
            ("observationEvent", "observation_events", "''", "title"), ("assessmentScheme", "assessment_schemes", "''", "title"),
        ]
        for start in stride(from: 0, to: rest.count, by: 500) {
            var chunk = Array(rest[start..<min(start + 500, rest.count)])
            for entry in tables where !chunk.isEmpty {
                let rows = try await sql.select().column("id").column(SQLRaw(entry.code), as: "code").column(SQLRaw(entry.name), as: "name")
                    .from(entry.table).where("id", .in, SQLBind.group(chunk)).all(decoding: Row.self)
                for row in rows {
                    let label = switch entry.kind {
                    case "task", "indicator", "keyObject", "decision", "urgeNotice", "bulletin", "inspection": "\(row.code) \(row.name)"
                    case "report": "\(row.name)（\(row.code)）"
                    default: String(row.name.prefix(60))
                    }
                    names[row.id] = RecordName(kind: entry.kind, label: label)
                }
                chunk.removeAll { names[$0] != nil }
            }
        }
        return names
    }
}
