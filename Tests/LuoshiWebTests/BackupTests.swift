// `luoshi backup` under a write load, then `luoshi restore`: the copy is consistent, complete up to
// its moment, and its audit trail verifies with the installation's key.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Testing
import Vapor
@testable import LuoshiWeb

extension DatabaseTests {
    @Suite struct BackupTests {
        @Test func aBackupTakenUnderLoadRestoresAndVerifies() async throws {
            guard !TestDatabase.isPostgres else { return }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("luoshi-backup-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let backup = directory + "/copy.sqlite"
            let target = directory + "/restored.sqlite"
            let keyCopy = directory + "/key"
            try await withLuoshi { app in
                let fixture = try await Fixture.make(app)
                try FileManager.default.copyItem(atPath: app.luoshi.configuration.auditKeyPath ?? "", toPath: keyCopy)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for index in 0..<60 {
                            _ = try await createPerson(PersonDraft(name: "备份\(index)", position: "科员", rank: .staff, unitID: fixture.fgj.id),
                                                       context: OperatorTasks.operatorContext(app))
                        }
                    }
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(30))
                        let verdict = try await OperatorTasks.backup(app, to: backup)
                        #expect(verdict.contains("intact"))
                    }
                    try await group.waitForAll()
                }
                await #expect(throws: SQLiteBackup.Failure.self) { _ = try await OperatorTasks.backup(app, to: backup) }
            }
            // Restore over a new path with the same key file, then open it as the server would.
            var configuration = TestDatabase.configuration(file: target)
            configuration.auditKeyFile = keyCopy
            let verdict = try await OperatorTasks.restore(configuration, from: backup, force: false)
            #expect(verdict.contains("intact"))
            let restoredPeople = try await OperatorTasks.withApplication(configuration) { app in
                #expect(try await app.store.verifyAuditTrail().isIntact)
                return try await app.store.people(PeopleFilter(search: "备份"), offset: 0, limit: 100).items.count
            }
            #expect(restoredPeople <= 60, "the copy holds what was committed when it was taken")
            // A backup checked with another installation's key is refused before anything is replaced.
            var stranger = configuration
            stranger.auditKeyFile = directory + "/other-key"
            await #expect(throws: SQLiteBackup.Failure.self) {
                _ = try await OperatorTasks.restore(stranger, from: backup, force: false)
            }
        }
    }
}
