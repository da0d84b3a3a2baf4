// `luoshi user create|password` and `luoshi token create`. Passwords come from standard input.
import ArgumentParser
import Foundation
import LuoshiDomain
import LuoshiWeb

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage accounts from the command line.", subcommands: [Create.self, Password.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. The password is read from standard input (one line).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Sign-in name (lower-case letters, digits, - _ .).") var username: String
        @Option(help: "Name shown in the interface.") var displayName: String
        @Option(help: "admin, supervisor, leader, unitHead, staff or auditor.") var role: String
        @Option(help: "Code of the unit the account's scope starts at.") var unit: String
        @Flag(help: "A principal leader's account (书记, 区长): reads all work, whatever the role's usual scope.")
        var readsEverything = false

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let password = readPassword()
            let configuration = try store.load()
            OperatorTasks.bootstrapLogging(configuration)
            do {
                let account = try await OperatorTasks.withApplication(configuration) { app in
                    try await OperatorTasks.createUser(app, username: username, displayName: displayName, role: role,
                                                       unitCode: unit, password: password, readsEverything: readsEverything)
                }
                print("created account \(account.username) (\(account.role.rawValue))")
            } catch { throw fail(error) }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an account's password (read from standard input, one line).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account's sign-in name.") var username: String

        func run() async throws {
            let password = readPassword()
            let configuration = try store.load()
            OperatorTasks.bootstrapLogging(configuration)
            do {
                try await OperatorTasks.withApplication(configuration) { app in
                    try await OperatorTasks.setPassword(app, username: username, password: password)
                }
                print("password set for \(username)")
            } catch { throw fail(error) }
        }
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage personal API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account and print it (only once).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The account's sign-in name.") var username: String
        @Option(help: "A name to recognise the token by.") var name: String

        func run() async throws {
            let configuration = try store.load()
            OperatorTasks.bootstrapLogging(configuration)
            do {
                let token = try await OperatorTasks.withApplication(configuration) { app in
                    try await OperatorTasks.createToken(app, username: username, name: name)
                }
                print(token)
            } catch { throw fail(error) }
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the audit trail.", subcommands: [Verify.self, Checkpoint.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every event's hash and link; report the first event changed, removed or reordered, a head without its keyed anchor, or a filed checkpoint the trail no longer matches.")
        @OptionGroup var store: StoreOptions
        @Option(help: "A file of lines written by `luoshi audit checkpoint`; each must still match the trail.")
        var checkpoints: String?

        func run() async throws {
            let configuration = try store.load()
            OperatorTasks.bootstrapLogging(configuration)
            var lines: [String] = []
            if let checkpoints {
                guard let text = try? String(contentsOfFile: checkpoints, encoding: .utf8) else {
                    throw ValidationError("cannot read \(checkpoints)")
                }
                lines = text.split(whereSeparator: \.isNewline).map(String.init)
            }
            let filed = lines
            let verification = try await OperatorTasks.withApplication(configuration) { app in
                try await OperatorTasks.verifyAudit(app, checkpoints: filed)
            }
            print(OperatorTasks.describe(verification))
            if case .intact = verification { return }
            throw ExitCode(1)
        }
    }
}

extension Audit {
    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a signed line naming the trail's head now (sequence, hash, time, HMAC), for filing outside the system; run it from cron and keep the lines.",
            discussion: "Example: 0 * * * * luoshi audit checkpoint >> /var/lib/luoshi/audit-checkpoints.txt; later `luoshi audit verify --checkpoints /var/lib/luoshi/audit-checkpoints.txt`.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.load()
            OperatorTasks.bootstrapLogging(configuration)
            let line = try await OperatorTasks.withApplication(configuration) { app in
                try await OperatorTasks.auditCheckpoint(app)
            }
            print(line)
        }
    }
}

func readPassword() -> String {
    (readLine(strippingNewline: true) ?? "")
}
