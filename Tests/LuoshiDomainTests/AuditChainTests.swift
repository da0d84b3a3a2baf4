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
}
