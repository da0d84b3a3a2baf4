// `luoshi demo --scale district|county`: load demo data into an empty database and exit.
import ArgumentParser
import Foundation
import LuoshiUseCases
import LuoshiWeb

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load demo data into an empty database: the demo district, or a generated county-sized data set for measuring.")

    enum Scale: String, ExpressibleByArgument, CaseIterable { case district, county, city }

    @OptionGroup var store: StoreOptions

    @Option(help: "district (the demo district and its plan), county (that plus ~600 units, 10,000 people, 40,000 tasks) or city (~3,000 units, 50,000 people, 200,000 tasks, 2,000 indicators).")
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
            case .county, .city:
                let hash = try await app.luoshi.hasher.hash(demoPassword)
                let bar = ProgressBar(started: started)
                guard let summary = try await loadCountyScale(passwordHash: hash, context: OperatorTasks.operatorContext(app),
                                                              scale: scale == .city ? .city : .county,
                                                              progress: { bar.show($0, fraction: $1) }) else {
                    return "the database is not empty; nothing loaded"
                }
                bar.finish()
                try await refreshPlannerStatistics(app, full: true)
                return "\(scale.rawValue): \(summary.units) units, \(summary.people) people, \(summary.tasks) tasks, "
                    + "\(summary.indicators) indicators, \(summary.readings) readings"
            }
        }
        print("\(line) in \(Int(Date().timeIntervalSince(started))) s")
    }
}

/// A one-line progress bar on a terminal (redrawn in place), a line per step otherwise (logs, CI).
struct ProgressBar: Sendable {
    let started: Date
    let isTerminal = isatty(STDOUT_FILENO) != 0

    func show(_ step: String, fraction: Double) {
        let done = Int((min(max(fraction, 0), 1) * 30).rounded())
        let line = "[\(String(repeating: "#", count: done))\(String(repeating: "-", count: 30 - done))] "
            + "\(Int(fraction * 100))% \(step) (\(Int(Date().timeIntervalSince(started))) s)"
        if isTerminal { print("\r\(line)\u{1B}[K", terminator: "") } else { print(line) }
        fflush(nil)
    }

    func finish() { if isTerminal { print("") } }
}
