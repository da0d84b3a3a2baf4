// The audit trail (全程留痕): append-only events chained by hash. Each event's hash covers the
// previous event's hash and its own canonical content, so an edit, a removal or a reordering made
// behind the application's back breaks the chain at a place `verify` can name.
import Crypto
import Foundation

public enum AuditAction: String, CaseIterable, Codable, Sendable {
    case create, update, signIn, signOut, passwordChange, tokenCreate, tokenRevoke, settingsChange
}

/// What gets hashed. Before and after are canonical JSON (sorted keys) or nil.
public struct AuditContent: Equatable, Codable, Sendable {
    public var occurredAt: String
    public var actorID: UUID?
    public var actorName: String
    public var action: AuditAction
    public var recordKind: String
    public var recordID: String
    public var before: String?
    public var after: String?

    public init(occurredAt: String, actorID: UUID?, actorName: String, action: AuditAction,
                recordKind: String, recordID: String, before: String?, after: String?) {
        self.occurredAt = occurredAt; self.actorID = actorID; self.actorName = actorName; self.action = action
        self.recordKind = recordKind; self.recordID = recordID; self.before = before; self.after = after
    }

    public var canonical: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

public struct AuditEvent: Equatable, Sendable {
    public var sequence: Int
    public var content: AuditContent
    public var previousHash: String
    public var hash: String

    public init(sequence: Int, content: AuditContent, previousHash: String, hash: String) {
        self.sequence = sequence; self.content = content; self.previousHash = previousHash; self.hash = hash
    }
}

public enum AuditChain {
    /// The hash the first event links to.
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(of content: AuditContent, previousHash: String) -> String {
        let digest = SHA256.hash(data: Data((previousHash + "\n" + content.canonical).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Canonical JSON of any encodable record, for the before/after columns.
    public static func snapshot<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

/// The outcome of checking the chain, naming the first place it breaks.
public enum AuditVerification: Equatable, Sendable {
    case intact(count: Int)
    case edited(sequence: Int)
    case removed(after: Int?)
    case reordered(sequence: Int)

    /// Checks events in sequence order against each other and against the recorded head
    /// (the sequence and hash of the last event, kept apart so that removing the tail shows too).
    public static func check(_ events: [AuditEvent], head: (sequence: Int, hash: String)?) -> AuditVerification {
        let knownHashes = Set(events.map(\.hash))
        var expectedPrevious = AuditChain.genesisHash
        var previousSequence: Int?
        for event in events {
            if AuditChain.hash(of: event.content, previousHash: event.previousHash) != event.hash {
                return .edited(sequence: event.sequence)
            }
            if event.previousHash != expectedPrevious {
                // Linking to an event that exists, but not the one before it: moved.
                if knownHashes.contains(event.previousHash) { return .reordered(sequence: event.sequence) }
                // Linking to nothing across a gap in the numbers: events were removed.
                if event.sequence != (previousSequence ?? 0) + 1 { return .removed(after: previousSequence) }
                // No gap: the event before was rewritten and its hash recomputed to match.
                return .edited(sequence: previousSequence ?? event.sequence)
            }
            expectedPrevious = event.hash
            previousSequence = event.sequence
        }
        if let head, head.hash != expectedPrevious || head.sequence != (previousSequence ?? 0) {
            return .removed(after: previousSequence)
        }
        return .intact(count: events.count)
    }
}
