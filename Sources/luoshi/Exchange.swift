// `luoshi import --kind K FILE` and `luoshi export --kind K`: the import page's tables from the
// command line, as the CLI operator (every row through the same use cases, with its audit event).
import ArgumentParser
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiUseCases
import LuoshiWeb

extension ExchangeKind: ExpressibleByArgument {}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a spreadsheet (.xlsx or .csv, header row first) of units, people, work areas, tasks, indicators, key objects or readings.")

    @OptionGroup var store: StoreOptions

    @Option(help: "What the file holds: \(ExchangeKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: ExchangeKind

    @Argument(help: "The file (.xlsx or .csv).")
    var file: String

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let language = cliLanguage
        do {
            let report = try await OperatorTasks.withApplication(configuration) { app in
                try await OperatorTasks.importFile(app, kind: kind, path: file)
            }
            print(Catalogue.for(language).format(.importDone, ["created": String(report.created), "updated": String(report.updated),
                                                               "unchanged": String(report.unchanged)]))
        } catch let refused as ImportRefused {
            OperatorTasks.describe(refused, language: language).forEach { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            throw ExitCode(2)
        } catch { throw fail(error) }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a table in the layout the import reads back (to standard output, or --output).")

    @OptionGroup var store: StoreOptions

    @Option(help: "What to export: \(ExchangeKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: ExchangeKind

    @Option(help: "Only this year's records (units and people have no year).") var year: Int?

    @Option(help: "csv or xlsx.") var format: String = "csv"

    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        guard let format = SpreadsheetFormat(rawValue: format) else { throw ValidationError("--format must be csv or xlsx") }
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let data = try await OperatorTasks.withApplication(configuration) { app in
            try await OperatorTasks.exportFile(app, kind: kind, year: year, format: format)
        }
        if let output {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
