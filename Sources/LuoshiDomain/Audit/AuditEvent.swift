// The audit trail (全程留痕): append-only events chained by hash. Each event's hash covers the
// previous event's hash and its own canonical content, so an edit, a removal or a reordering made
// behind the application's back breaks the chain at a place `verify` can name.
import Crypto
import Foundation

public enum AuditAction: String, CaseIterable, Codable, Sendable {
    case create, update, delete, signIn, signOut, passwordChange, tokenCreate, tokenRevoke, settingsChange
}

/// What gets hashed: exactly the stored text of every column (before and after are canonical JSON
/// with sorted keys, or nil). The action is hashed as stored, so a value the application does not
/// know (an "update" edited into "erase") breaks the hash instead of being read as something else.
public struct AuditContent: Equatable, Codable, Sendable {
    public var occurredAt: String
    public var actorID: UUID?
    public var actorName: String
    public var actionText: String
    public var recordKind: String
    public var recordID: String
    public var before: String?
    public var after: String?

    enum CodingKeys: String, CodingKey {
        case occurredAt, actorID, actorName, actionText = "action", recordKind, recordID, before, after
    }

    public init(occurredAt: String, actorID: UUID?, actorName: String, actionText: String,
                recordKind: String, recordID: String, before: String?, after: String?) {
        self.occurredAt = occurredAt; self.actorID = actorID; self.actorName = actorName; self.actionText = actionText
        self.recordKind = recordKind; self.recordID = recordID; self.before = before; self.after = after
    }

    public init(occurredAt: String, actorID: UUID?, actorName: String, action: AuditAction,
                recordKind: String, recordID: String, before: String?, after: String?) {
        self.init(occurredAt: occurredAt, actorID: actorID, actorName: actorName, actionText: action.rawValue,
                  recordKind: recordKind, recordID: recordID, before: before, after: after)
    }

    /// The action, when it is one the application writes.
    public var action: AuditAction? { AuditAction(rawValue: actionText) }

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
    /// The head's keyed anchor does not match: the chain was recomputed by someone without the key
    /// (or the key file is not the one the trail was written with).
    case anchorMismatch(sequence: Int)
    /// Checkpoint line `line` of a checkpoint file no longer matches the trail, or its signature fails.
    case checkpointMismatch(line: Int, sequence: Int)

    public var isIntact: Bool { if case .intact = self { true } else { false } }

    /// Checks events in sequence order against each other and against the recorded head
    /// (the sequence and hash of the last event, kept apart so that removing the tail shows too).
    public static func check(_ events: [AuditEvent], head: (sequence: Int, hash: String)?) -> AuditVerification {
        let knownHashes = Set(events.map(\.hash))
        var verifier = AuditChainVerifier()
        for event in events {
            switch verifier.feed(event) {
            case .linked: continue
            case .broken(let verification): return verification
            case .unlinked: return verifier.classifyBreak(event, previousHashExists: knownHashes.contains(event.previousHash))
            }
        }
        return verifier.finish(head: head)
    }
}

/// Checks the chain one event at a time, so a trail of any length is verified in constant memory.
public struct AuditChainVerifier: Sendable {
    public private(set) var count = 0
    private var expectedPrevious = AuditChain.genesisHash
    private var previousSequence: Int?

    public init() {}

    public enum Step: Equatable, Sendable {
        case linked
        case broken(AuditVerification)
        /// The event does not link to the one before it; `classifyBreak` names what happened once
        /// the caller knows whether the hash it links to exists anywhere in the trail.
        case unlinked
    }

    public mutating func feed(_ event: AuditEvent) -> Step {
        if AuditChain.hash(of: event.content, previousHash: event.previousHash) != event.hash {
            return .broken(.edited(sequence: event.sequence))
        }
        guard event.previousHash == expectedPrevious else { return .unlinked }
        expectedPrevious = event.hash
        previousSequence = event.sequence
        count += 1
        return .linked
    }

    public func classifyBreak(_ event: AuditEvent, previousHashExists: Bool) -> AuditVerification {
        // Linking to an event that exists, but not the one before it: moved.
        if previousHashExists { return .reordered(sequence: event.sequence) }
        // Linking to nothing across a gap in the numbers: events were removed.
        if event.sequence != (previousSequence ?? 0) + 1 { return .removed(after: previousSequence) }
        // No gap: the event before was rewritten and its hash recomputed to match.
        return .edited(sequence: previousSequence ?? event.sequence)
    }

    public func finish(head: (sequence: Int, hash: String)?) -> AuditVerification {
        if let head, head.hash != expectedPrevious || head.sequence != (previousSequence ?? 0) {
            return .removed(after: previousSequence)
        }
        return .intact(count: count)
    }
}

/// The key that anchors the trail: an HMAC over the head (and over each filed checkpoint), kept
/// outside the database, so that whoever can write the database still cannot recompute a chain
/// that `audit verify` accepts.
public struct AuditKey: Sendable {
    let key: SymmetricKey

    public init(secret: Data) { key = SymmetricKey(data: secret) }

    public static func generateSecret() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    /// The anchor of a head: HMAC-SHA256 over its sequence and hash.
    public func anchor(sequence: Int, hash: String) -> String {
        sign("head\n\(sequence)\n\(hash)")
    }

    public func sign(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    public func verify(_ text: String, signature: String) -> Bool {
        SecretToken.equal(sign(text), signature.lowercased())
    }

    /// One line for filing: sequence, hash, time and signature, separated by spaces.
    public func checkpointLine(sequence: Int, hash: String, at time: String) -> String {
        "\(sequence) \(hash) \(time) \(sign("checkpoint\n\(sequence)\n\(hash)\n\(time)"))"
    }

    /// A filed checkpoint line read back: its sequence and hash, if the signature holds.
    public func readCheckpoint(_ line: String) -> (sequence: Int, hash: String)? {
        let parts = line.split(separator: " ").map(String.init)
        guard parts.count == 4, let sequence = Int(parts[0]),
              verify("checkpoint\n\(sequence)\n\(parts[1])\n\(parts[2])", signature: parts[3]) else { return nil }
        return (sequence, parts[1])
    }
}
