// What the command line does, as functions the tests call directly; the commands only parse and print.
import Foundation
import Logging
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage
import LuoshiUseCases
import Vapor

public enum OperatorTasks {
    /// An application configured (and migrated) for `body`, shut down afterwards.
    public static func withApplication<T: Sendable>(_ configuration: LuoshiConfiguration, migrateFirst: Bool = true,
                                                    _ body: @Sendable (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["luoshi"]))
        do {
            try await configure(app, configuration)
            if migrateFirst { try await migrate(app) }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    public static let operatorName = "命令行操作员 (CLI operator)"

    public static func operatorContext(_ app: Application) -> UseCaseContext { systemContext(app, name: operatorName) }

    /// A context acting as the system (the CLI operator, the scheduler), with the configured time
    /// zone and light margins.
    public static func systemContext(_ app: Application, name: String, now: Date = Date()) -> UseCaseContext {
        let configuration = app.luoshi.configuration
        return UseCaseContext(store: app.store, performer: .system(name), now: now, clock: configuration.clock,
                              lightPolicy: configuration.supervision.lightPolicy)
    }

    public static func createUser(_ app: Application, username: String, displayName: String, role: Role, unitCode: String,
                                  password: String, readsEverything: Bool = false) async throws -> Account {
        guard let unit = try await app.store.unit(code: unitCode) else {
            throw RuleViolation(.fieldInvalidChoice, field: .fieldScopeUnit)
        }
        return try await createAccount(AccountDraft(username: username, displayName: displayName, role: role,
                                                    scopeUnitID: unit.id, personID: nil, password: password,
                                                    readsEverything: readsEverything),
                                       hasher: app.luoshi.hasher, context: operatorContext(app))
    }

    public static func setPassword(_ app: Application, username: String, password: String) async throws {
        try await changePassword(username: username, currentPassword: nil, newPassword: password,
                                 hasher: app.luoshi.hasher, context: operatorContext(app))
    }

    public static func createToken(_ app: Application, username: String, name: String) async throws -> String {
        guard let (account, _) = try await app.store.account(username: username) else { throw RuleViolation(.recordNotFound) }
        return try await createAPIToken(name: name, accountID: account.id, context: operatorContext(app))
    }

    /// Imports a spreadsheet file (CSV or XLSX, by its extension) of `kind`, as the CLI operator.
    public static func importFile(_ app: Application, kind: ExchangeKind, path: String) async throws -> ImportReport {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let sheet = try readSheet(data, filename: path)
        return try await importTable(kind, sheet: sheet, context: operatorContext(app))
    }

    /// Exports `kind` (one year's, or all) as a file in `format`, in the layout the import reads.
    public static func exportFile(_ app: Application, kind: ExchangeKind, year: Int?, format: SpreadsheetFormat) async throws -> Data {
        try Spreadsheet.write([try await exportTable(kind, year: year, caller: nil, store: app.store)], format: format)
    }

    /// An import's refusal as lines: "第 3 行 “责任单位编码”：…" in the language given.
    public static func describe(_ refused: ImportRefused, language: LuoshiDomain.Language) -> [String] {
        let catalogue = Catalogue.for(language)
        return refused.issues.map { issue in
            catalogue.format(.importIssueLine, ["row": String(issue.row), "column": issue.column ?? "-",
                                                "message": issue.violation.message(in: language)])
        }
    }

    public static func loadDemo(_ app: Application) async throws -> DemoLoadOutcome {
        let hash = try await app.luoshi.hasher.hash(demoPassword)
        return try await loadDemoDistrict(passwordHash: hash, context: operatorContext(app))
    }

    public static func verifyAudit(_ app: Application, checkpoints: [String] = []) async throws -> AuditVerification {
        try await app.store.verifyAuditTrail(checkpoints: checkpoints)
    }

    /// An online, consistent copy of a live SQLite database; the copy is checked before it is reported.
    public static func backup(_ app: Application, to path: String) async throws -> String {
        try await SQLiteBackup.backup(app.store, to: path)
        var copy = app.luoshi.configuration
        copy.database = .sqlite(path: path)
        copy.auditKeyFile = app.luoshi.configuration.auditKeyPath
        return try await withApplication(copy, migrateFirst: false) { backupApp in
            let integrity = try await SQLiteBackup.integrityCheck(backupApp.store)
            guard integrity == "ok" else { throw SQLiteBackup.Failure(description: "the copy fails its integrity check: \(integrity)") }
            return describe(try await verifyAudit(backupApp))
        }
    }

    /// Checks a backup (integrity and audit trail, with this installation's key), then puts it in
    /// place of the configured SQLite database, which must not be in use.
    public static func restore(_ configuration: LuoshiConfiguration, from backup: String, force: Bool) async throws -> String {
        guard case .sqlite(let target) = configuration.database else {
            throw SQLiteBackup.Failure(description: "restore puts back SQLite files; for PostgreSQL use pg_restore")
        }
        var check = configuration
        check.database = .sqlite(path: backup)
        check.auditKeyFile = configuration.auditKeyPath
        let verdict = try await withApplication(check, migrateFirst: false) { app in
            let integrity = try await SQLiteBackup.integrityCheck(app.store)
            guard integrity == "ok" else { throw SQLiteBackup.Failure(description: "the backup fails its integrity check: \(integrity)") }
            let verification = try await verifyAudit(app)
            guard verification.isIntact else { throw SQLiteBackup.Failure(description: describe(verification)) }
            return describe(verification)
        }
        try SQLiteBackup.restore(backup: backup, over: target, force: force)
        return verdict
    }

    /// A signed line naming the trail's head now, for filing outside the system (`audit checkpoint`).
    public static func auditCheckpoint(_ app: Application) async throws -> String {
        let time = Date().formatted(.iso8601.timeZone(separator: .omitted))
        guard let line = try await app.store.auditCheckpoint(at: time) else {
            throw ConfigurationError(key: "audit_key_file", value: "", reason: "no audit key is configured")
        }
        return line
    }

    /// What `audit verify` prints.
    public static func describe(_ verification: AuditVerification) -> String {
        switch verification {
        case .intact(let count): "audit trail intact: \(count) events, every hash and link checks"
        case .edited(let sequence): "audit trail BROKEN: event #\(sequence) was changed after it was written"
        case .removed(let after): "audit trail BROKEN: events were removed after event #\(after.map(String.init) ?? "0 (the start)")"
        case .reordered(let sequence): "audit trail BROKEN: event #\(sequence) is out of its order"
        case .anchorMismatch(let sequence):
            "audit trail BROKEN: the head (event #\(sequence)) does not carry the anchor of the audit key; the chain was recomputed, or this is not the key it was written with"
        case .checkpointMismatch(let line, let sequence):
            sequence == 0 ? "audit trail BROKEN: checkpoint line \(line) is not signed with the audit key"
                : "audit trail BROKEN: checkpoint line \(line) filed event #\(sequence) with a hash the trail no longer has"
        }
    }

    public static func bootstrapLogging(_ configuration: LuoshiConfiguration) {
        let level = configuration.logLevel
        switch configuration.logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
        }
    }
}
