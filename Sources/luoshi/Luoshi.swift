// The `luoshi` command: serve, migrate, user, token, audit, lights, remind, digest, assess, version. Thin: parse, call, print.
import ArgumentParser
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import LuoshiWeb

@main
struct Luoshi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "luoshi",
        abstract: "Luoshi (落实): decisions followed through — tasks, reports, supervision, assessment.",
        version: LuoshiVersion.current,
        subcommands: [Serve.self, Migrate.self, Demo.self, Import.self, Export.self, User.self, Token.self, Audit.self, Backup.self, Restore.self,
                      Lights.self, Remind.self, Digest.self, Assess.self, Version.self],
        defaultSubcommand: Serve.self)
}

/// Options every command that opens the database shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "Config file (TOML). Default: ./luoshi.toml if present, or LUOSHI_CONFIG.")
    var config: String?

    @Option(help: "sqlite://PATH (default sqlite://luoshi.sqlite) or postgres://USER:PASSWORD@HOST:PORT/DB. Also LUOSHI_DATABASE_URL.")
    var databaseURL: String?

    func load(host: String? = nil, port: Int? = nil, scheduler: Bool? = nil) throws -> LuoshiConfiguration {
        var flags = ConfigurationLayer()
        flags.databaseURL = databaseURL
        flags.host = host
        flags.port = port
        if let scheduler { flags.supervision = SupervisionLayer(scheduler: scheduler) }
        do {
            return try LuoshiConfiguration.load(configFile: config, environment: ProcessInfo.processInfo.environment, flags: flags)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}

/// The operator's language, from LANG (zh_CN.UTF-8 → Chinese).
var cliLanguage: Language {
    Language.negotiate(acceptLanguage: ProcessInfo.processInfo.environment["LANG"].map { $0.replacingOccurrences(of: "_", with: "-") })
}

/// Prints a refusal as one line in the operator's language and exits non-zero.
func fail(_ error: any Error) -> any Error {
    if let violation = error as? RuleViolation {
        return ValidationError("\(violation.message(in: cliLanguage)) [\(violation.rule.rawValue)]")
    }
    return error
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() { print("luoshi \(LuoshiVersion.current)") }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the database migrations that have not run yet, then exit.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        try await OperatorTasks.withApplication(configuration) { _ in }
        print("migrations done on \(configuration.database.redacted)")
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an online, consistent copy of the live SQLite database to PATH (the server may keep running).",
        discussion: "The copy is checked (integrity, audit trail) before the command reports success. The audit key file is not in the copy: back it up separately.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The new file to write.") var path: String

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let path = path
        let verdict = try await OperatorTasks.withApplication(configuration, migrateFirst: false) { app in
            try await OperatorTasks.backup(app, to: path)
        }
        print("backup written to \(path); \(verdict)")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a backup (integrity, audit trail with this installation's key) and put it in place of the SQLite database. Stop the server first.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file to restore.") var backup: String
    @Flag(help: "Restore even though a write-ahead log is beside the database (only when the server is surely stopped).")
    var force = false

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let verdict = try await OperatorTasks.restore(configuration, from: backup, force: force)
        print("restored \(backup) over \(configuration.database.redacted); \(verdict)")
    }
}
