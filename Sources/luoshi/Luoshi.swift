// The `luoshi` command: serve, migrate, user, token, audit, version. Thin: parse, call, print.
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
        subcommands: [Serve.self, Migrate.self, Demo.self, User.self, Token.self, Audit.self, Version.self],
        defaultSubcommand: Serve.self)
}

/// Options every command that opens the database shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "Config file (TOML). Default: ./luoshi.toml if present, or LUOSHI_CONFIG.")
    var config: String?

    @Option(help: "sqlite://PATH (default sqlite://luoshi.sqlite) or postgres://USER:PASSWORD@HOST:PORT/DB. Also LUOSHI_DATABASE_URL.")
    var databaseURL: String?

    func load(host: String? = nil, port: Int? = nil) throws -> LuoshiConfiguration {
        var flags = ConfigurationLayer()
        flags.databaseURL = databaseURL
        flags.host = host
        flags.port = port
        do {
            return try LuoshiConfiguration.load(configFile: config, environment: ProcessInfo.processInfo.environment, flags: flags)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}

/// Prints a refusal as one line in the operator's language and exits non-zero.
func fail(_ error: any Error) -> any Error {
    if let violation = error as? RuleViolation {
        let language = Language.negotiate(acceptLanguage: ProcessInfo.processInfo.environment["LANG"].map { $0.replacingOccurrences(of: "_", with: "-") })
        return ValidationError("\(violation.message(in: language)) [\(violation.rule.rawValue)]")
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
