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
                                         action: AuditAction(rawValue: action) ?? .update, recordKind: recordKind,
                                         recordID: recordId, before: before, after: after),
                   previousHash: previousHash, hash: hash)
    }
}

struct AuditHeadRow: Decodable {
    var lastSequence: Int
    var lastHash: String
}

public struct AuditFilter: Sendable, Equatable {
    public var actorID: UUID?
    public var recordKind: String?
    public var recordID: String?
    /// ISO 8601 bounds compared as text (the stored form sorts that way).
    public var from: String?
    public var until: String?

    public init(actorID: UUID? = nil, recordKind: String? = nil, recordID: String? = nil, from: String? = nil, until: String? = nil) {
        self.actorID = actorID; self.recordKind = recordKind; self.recordID = recordID; self.from = from; self.until = until
    }
}

extension WriteTransaction {
    /// Appends one event after the current head and moves the head.
    @discardableResult
    public func appendAudit(_ content: AuditContent) async throws -> AuditEvent {
        guard let head = try await sql.select().column("last_sequence").column("last_hash").from("audit_head")
            .where("id", .equal, 1).for(.update)
            .first(decoding: AuditHeadRow.self, keyDecodingStrategy: .convertFromSnakeCase) else {
            throw ConfigurationError(key: "audit_head", value: "", reason: "missing; run migrations")
        }
        let event = AuditEvent(sequence: head.lastSequence + 1, content: content, previousHash: head.lastHash,
                               hash: AuditChain.hash(of: content, previousHash: head.lastHash))
        try await sql.insert(into: "audit_events")
            .columns("sequence", "occurred_at", "actor_id", "actor_name", "action", "record_kind", "record_id",
                     "before", "after", "previous_hash", "hash")
            .values(SQLBind(event.sequence), SQLBind(content.occurredAt), SQLBind(content.actorID), SQLBind(content.actorName),
                    SQLBind(content.action.rawValue), SQLBind(content.recordKind), SQLBind(content.recordID),
                    SQLBind(content.before), SQLBind(content.after), SQLBind(event.previousHash), SQLBind(event.hash))
            .run()
        try await sql.update("audit_head").set("last_sequence", to: SQLBind(event.sequence)).set("last_hash", to: SQLBind(event.hash))
            .where("id", .equal, 1).run()
        return event
    }
}

extension Store {
    public func auditEvents(_ filter: AuditFilter, offset: Int, limit: Int) async throws -> Page<AuditEvent> {
        var query = sql.select().column(SQLLiteral.all).from("audit_events")
        if let actorID = filter.actorID { query = query.where("actor_id", .equal, SQLBind(actorID)) }
        if let kind = filter.recordKind { query = query.where("record_kind", .equal, SQLBind(kind)) }
        if let recordID = filter.recordID { query = query.where("record_id", .equal, SQLBind(recordID)) }
        if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, SQLBind(from)) }
        if let until = filter.until { query = query.where("occurred_at", .lessThan, SQLBind(until)) }
        let rows = try await query.orderBy("sequence", .descending).limit(limit + 1).offset(offset)
            .all(decoding: AuditEventRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Page(items: rows.prefix(limit).map(\.value), offset: offset, limit: limit, hasMore: rows.count > limit)
    }

    /// Walks the whole chain in sequence order, in batches, and checks it against the head.
    public func verifyAuditTrail(batchSize: Int = 5000) async throws -> AuditVerification {
        var events: [AuditEvent] = []
        var after = 0
        while true {
            let rows = try await sql.select().column(SQLLiteral.all).from("audit_events")
                .where("sequence", .greaterThan, SQLBind(after)).orderBy("sequence").limit(batchSize)
                .all(decoding: AuditEventRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            events.append(contentsOf: rows.map(\.value))
            guard rows.count == batchSize, let last = rows.last else { break }
            after = last.sequence
        }
        let head = try await sql.select().column("last_sequence").column("last_hash").from("audit_head").where("id", .equal, 1)
            .first(decoding: AuditHeadRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        return AuditVerification.check(events, head: head.map { ($0.lastSequence, $0.lastHash) })
    }
}
