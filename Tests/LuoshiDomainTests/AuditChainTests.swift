// The hash chain of the audit trail: intact, and each way of tampering it must name.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct AuditChainTests {
    func chain(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var previous = AuditChain.genesisHash
        for sequence in 1...count {
            let content = AuditContent(occurredAt: "2026-11-30T00:00:0\(sequence % 10).000Z", actorID: nil, actorName: "测试",
                                       action: .create, recordKind: "person", recordID: "\(sequence)",
                                       before: nil, after: #"{"name":"张伟\#(sequence)"}"#)
            let hash = AuditChain.hash(of: content, previousHash: previous)
            events.append(AuditEvent(sequence: sequence, content: content, previousHash: previous, hash: hash))
            previous = hash
        }
        return events
    }

    func head(_ events: [AuditEvent]) -> (sequence: Int, hash: String) { (events.last!.sequence, events.last!.hash) }

    @Test func anIntactChainVerifies() {
        let events = chain(5)
        #expect(AuditVerification.check(events, head: head(events)) == .intact(count: 5))
        #expect(AuditVerification.check([], head: (0, AuditChain.genesisHash)) == .intact(count: 0))
    }

    @Test func canonicalContentSortsKeysSoTheHashIsStable() {
        let content = chain(1)[0].content
        #expect(content.canonical.hasPrefix(#"{"action":"create","actorName":"测试","after":"#))
        #expect(AuditChain.hash(of: content, previousHash: AuditChain.genesisHash) == chain(1)[0].hash)
    }

    @Test func anEditedEventIsNamed() {
        var events = chain(5)
        let original = head(events)
        events[2].content.after = #"{"name":"李四"}"#
        #expect(AuditVerification.check(events, head: original) == .edited(sequence: 3))
    }

    @Test func anEditWithARecomputedHashBreaksTheNextLink() {
        var events = chain(5)
        let original = head(events)
        events[2].content.after = #"{"name":"李四"}"#
        events[2].hash = AuditChain.hash(of: events[2].content, previousHash: events[2].previousHash)
        #expect(AuditVerification.check(events, head: original) == .edited(sequence: 3))
    }

    @Test func aRemovedEventIsNamed() {
        var events = chain(5)
        let original = head(events)
        events.remove(at: 2)
        #expect(AuditVerification.check(events, head: original) == .removed(after: 2))
    }

    @Test func aRemovedTailIsCaughtByTheHead() {
        var events = chain(5)
        let original = head(events)
        events.removeLast()
        #expect(AuditVerification.check(events, head: original) == .removed(after: 4))
    }

    @Test func reorderedEventsAreNamed() {
        var events = chain(5)
        let original = head(events)
        // Swap the contents of #2 and #3 but keep the sequence numbers in order.
        let second = events[1], third = events[2]
        events[1] = AuditEvent(sequence: 2, content: third.content, previousHash: third.previousHash, hash: third.hash)
        events[2] = AuditEvent(sequence: 3, content: second.content, previousHash: second.previousHash, hash: second.hash)
        #expect(AuditVerification.check(events, head: original) == .reordered(sequence: 2))
    }

    @Test func anActionTheApplicationDoesNotKnowIsHashedAsStored() {
        var events = chain(3)
        // "update" edited into "erase" in the database: the hash covers the stored text, so it shows.
        events[1].content.actionText = "erase"
        #expect(AuditVerification.check(events, head: head(events)) == .edited(sequence: 2))
        #expect(events[1].content.action == nil)
        // The canonical form names the action as stored, under the same key as before.
        #expect(chain(1)[0].content.canonical.contains(#""action":"create""#))
    }

    @Test func theStreamingVerifierAgreesWithTheWholeCheck() {
        let events = chain(6)
        var verifier = AuditChainVerifier()
        for event in events { #expect(verifier.feed(event) == .linked) }
        #expect(verifier.finish(head: head(events)) == .intact(count: 6))
        var broken = AuditChainVerifier()
        _ = broken.feed(events[0])
        #expect(broken.feed(events[2]) == .unlinked)
        #expect(broken.classifyBreak(events[2], previousHashExists: true) == .reordered(sequence: 3))
        #expect(broken.classifyBreak(events[2], previousHashExists: false) == .removed(after: 1))
    }

    @Test func theKeyedAnchorAndCheckpointsNeedTheKey() {
        let key = AuditKey(secret: Data(repeating: 7, count: 32))
        let other = AuditKey(secret: Data(repeating: 8, count: 32))
        let anchor = key.anchor(sequence: 5, hash: "ab")
        #expect(anchor == key.anchor(sequence: 5, hash: "ab"))
        #expect(anchor != other.anchor(sequence: 5, hash: "ab"))
        #expect(anchor != key.anchor(sequence: 5, hash: "ac"))
        let line = key.checkpointLine(sequence: 5, hash: "ab", at: "2026-11-30T10:00:00+0800")
        #expect(key.readCheckpoint(line)?.sequence == 5)
        #expect(other.readCheckpoint(line) == nil)
        #expect(key.readCheckpoint(line.replacingOccurrences(of: "5 ab", with: "6 ab")) == nil)
    }
}
