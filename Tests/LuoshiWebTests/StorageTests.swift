// Storage: SQLite's per-connection settings, concurrent writers, the people query, the audit chain
// and its verification against edits, removals and reordering made behind the application's back.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import SQLKit
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct StorageTests {
        @Test func everySQLiteConnectionIsDurableByDefault() async throws {
            guard !TestDatabase.isPostgres else { return }
            try await withLuoshi({ $0.storage = StorageSettings() }) { app in
                let settings = try await DatabaseSetup.connectionSettings(databases: app.databases, eventLoops: app.eventLoopGroup,
                                                                          writerLoop: app.luoshi.writerLoop, logger: app.logger)
                #expect(settings.count == System.coreCount + 1, "every loop's reader and the writer")
                for connection in settings {
                    #expect(connection.journalMode == "wal")
                    #expect(connection.synchronous == 2, "synchronous must be FULL (2)")
                    #expect(connection.foreignKeys == 1)
                    #expect(connection.busyTimeout == 5000)
                }
            }
        }

        @Test func concurrentWritersAllSucceedAndTheChainStaysIntact() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let before = try await app.store.peopleCount(scopePath: nil)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<40 {
                        group.addTask {
                            // Each writer reads on its own event loop's connection, as requests do.
                            let store = app.store
                            _ = try await createPerson(PersonDraft(name: "并发\(index)", position: "科员", rank: .staff, unitID: fixture.fgj.id),
                                                       context: UseCaseContext(store: store, performer: .system("test")))
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await app.store.peopleCount(scopePath: nil) == before + 40)
                let verification = try await app.store.verifyAuditTrail()
                guard case .intact(let count) = verification else { Issue.record("chain broken: \(verification)"); return }
                #expect(count >= 40 + 16)
            }
        }

        /// Writes that meet in one group commit keep their own savepoints: a refused one rolls back
        /// alone, the others commit, and the chain holds exactly the committed ones.
        @Test func aRefusedWriteInABatchRollsBackAlone() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let before = try await app.store.peopleCount(scopePath: nil)
                let eventsBefore = try await app.store.auditEvents(AuditFilter(), offset: 0, limit: 1).items.first?.sequence ?? 0
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<45 {
                        group.addTask {
                            // Every third names a unit that does not exist, and is refused inside the batch.
                            let unit = index % 3 == 0 ? UUID() : fixture.fgj.id
                            do {
                                _ = try await createPerson(PersonDraft(name: "批\(index)", position: "科员", rank: .staff, unitID: unit),
                                                           context: UseCaseContext(store: app.store, performer: .system("test")))
                                return true
                            } catch is RuleViolation {
                                return false
                            }
                        }
                    }
                    var results: [Bool] = []
                    for try await outcome in group { results.append(outcome) }
                    return results
                }
                #expect(outcomes.filter { $0 }.count == 30)
                #expect(try await app.store.peopleCount(scopePath: nil) == before + 30)
                let eventsAfter = try await app.store.auditEvents(AuditFilter(), offset: 0, limit: 1).items.first?.sequence ?? 0
                #expect(eventsAfter - eventsBefore == 30, "one event per committed write, none for the refused")
                #expect(try await app.store.verifyAuditTrail().isIntact)
            }
        }

        @Test func peopleQueryIsScopedSearchedAndPaged() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let store = app.store
                let scoped = try await store.people(PeopleFilter(scopePath: fixture.fgj.path), offset: 0, limit: 25)
                #expect(Set(scoped.items.map(\.person.name)) == ["王发改", "赵办公", "钱科员"])
                let searched = try await store.people(PeopleFilter(search: "财政"), offset: 0, limit: 25)
                #expect(searched.items.map(\.person.name) == ["李财政"])
                let literal = try await store.people(PeopleFilter(search: "%"), offset: 0, limit: 25)
                #expect(literal.items.isEmpty, "a % in the search is a literal, not a wildcard")
                let first = try await store.people(PeopleFilter(), offset: 0, limit: 3)
                let second = try await store.people(PeopleFilter(), offset: 3, limit: 3)
                #expect(first.items.count == 3 && first.hasMore)
                #expect(second.items.count == 2 && !second.hasMore)
                #expect(Set(first.items.map(\.person.id)).isDisjoint(with: second.items.map(\.person.id)))
            }
        }

        @Test func everyWriteLeavesItsAuditEventWithBeforeAndAfter() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                _ = try await updatePerson(id: fixture.fgjPerson.id, PersonDraft(name: "王发改", position: "党组书记、局长",
                                                                                 rank: .sectionLevel, unitID: fixture.fgj.id),
                                           context: context)
                let events = try await app.store.auditEvents(AuditFilter(recordKind: "person", recordID: fixture.fgjPerson.id.uuidString.lowercased()),
                                                             offset: 0, limit: 10).items
                #expect(events.map(\.content.action) == [.update, .create])
                #expect(events[0].content.before?.contains("\"position\":\"局长\"") == true)
                #expect(events[0].content.after?.contains("党组书记、局长") == true)
                #expect(events[0].content.actorName == OperatorTasks.operatorName)
            }
        }

        @Test func aRefusedWriteLeavesNoTrace() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                let before = try await app.store.auditEvents(AuditFilter(), offset: 0, limit: 1000).items.count
                await #expect(throws: RuleViolation(.unitCodeTaken, field: .fieldCode)) {
                    _ = try await createUnit(UnitDraft(code: "FGJ", name: "重复", kind: .department, parentID: nil),
                                             context: OperatorTasks.operatorContext(app))
                }
                #expect(try await app.store.auditEvents(AuditFilter(), offset: 0, limit: 1000).items.count == before)
            }
        }

        @Test func movingAUnitMovesItsSubUnitsAndRefusesCycles() async throws {
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let moved = try await updateUnit(id: fixture.fgj.id, UnitDraft(code: "FGJ", name: fixture.fgj.name, kind: .department,
                                                                               parentID: fixture.czj.id), context: context)
                #expect(moved.path.hasPrefix(fixture.czj.path))
                let office = try await app.store.unit(id: fixture.fgjOffice.id)
                #expect(office?.path == moved.path + fixture.fgjOffice.id.uuidString.lowercased() + "/")
                await #expect(throws: RuleViolation(.unitParentCycle, field: .fieldParent)) {
                    _ = try await updateUnit(id: fixture.fgj.id, UnitDraft(code: "FGJ", name: "x", kind: .department,
                                                                           parentID: fixture.fgjOffice.id), context: context)
                }
            }
        }

        /// Tampers with the stored trail as someone with database access would.
        func tamper(_ app: Application, _ statement: SQLQueryString) async throws {
            try await app.store.sql.raw(statement).run()
        }

        @Test func auditVerifyDetectsAnEditedEvent() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                #expect(try await OperatorTasks.verifyAudit(app) == .intact(count: 16))
                try await tamper(app, "UPDATE audit_events SET actor_name = 'someone else' WHERE sequence = 5")
                #expect(try await OperatorTasks.verifyAudit(app) == .edited(sequence: 5))
            }
        }

        @Test func auditVerifyDetectsADeletedEvent() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                try await tamper(app, "DELETE FROM audit_events WHERE sequence = 6")
                #expect(try await OperatorTasks.verifyAudit(app) == .removed(after: 5))
                try await tamper(app, "DELETE FROM audit_events WHERE sequence = 16")
                #expect(try await OperatorTasks.verifyAudit(app) == .removed(after: 5))
            }
        }

        @Test func auditVerifyDetectsADeletedTail() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                try await tamper(app, "DELETE FROM audit_events WHERE sequence = 16")
                #expect(try await OperatorTasks.verifyAudit(app) == .removed(after: 15))
            }
        }

        @Test func auditVerifyDetectsReorderedEvents() async throws {
            try await withLuoshi { app in
                _ = try await Fixture.make(app)
                // Swap the sequence numbers of events 7 and 8 through a spare number.
                try await tamper(app, "UPDATE audit_events SET sequence = 1000 WHERE sequence = 7")
                try await tamper(app, "UPDATE audit_events SET sequence = 7 WHERE sequence = 8")
                try await tamper(app, "UPDATE audit_events SET sequence = 8 WHERE sequence = 1000")
                #expect(try await OperatorTasks.verifyAudit(app) == .reordered(sequence: 7))
            }
        }
    }
}
