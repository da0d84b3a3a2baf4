// `luoshi demo --scale district|county`: load demo data into an empty database and exit.
import ArgumentParser
import Foundation
import LuoshiUseCases
import LuoshiWeb

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load demo data into an empty database: the demo district, or a generated county-sized data set for measuring.")

    enum Scale: String, ExpressibleByArgument, CaseIterable { case district, county }

    @OptionGroup var store: StoreOptions

    @Option(help: "district (the demo district and its plan) or county (that plus ~600 units, 10,000 people, 40,000 tasks).")
    var scale: Scale = .district

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let started = Date()
        let line = try await OperatorTasks.withApplication(configuration) { app in
            switch scale {
            case .district:
                guard case .loaded(let summary) = try await OperatorTasks.loadDemo(app) else { return "the database is not empty; nothing loaded" }
                return "demo district: \(summary.units) units, \(summary.people) people, \(summary.plan.keyTasks + summary.plan.subTasks) tasks"
            case .county:
                let hash = try await app.luoshi.hasher.hash(demoPassword)
                guard let summary = try await loadCountyScale(passwordHash: hash, context: OperatorTasks.operatorContext(app), progress: {
                    print("  … \($0) (\(Int(Date().timeIntervalSince(started))) s)")
                    fflush(nil)
                }) else { return "the database is not empty; nothing loaded" }
                return "county: \(summary.units) units, \(summary.people) people, \(summary.tasks) tasks, "
                    + "\(summary.indicators) indicators, \(summary.readings) readings"
            }
        }
        print("\(line) in \(Int(Date().timeIntervalSince(started))) s")
    }
}
