// `luoshi assess --year 2026 --preview|--publish [--group …]`: a year's assessment by hand. Thin:
// the work is in OperatorTasks.assess.
import ArgumentParser
import Foundation
import LuoshiDomain
import LuoshiWeb

extension AssessmentGroup: ExpressibleByArgument {
    /// The groups an assessment ranks (units not assessed have no run).
    public static var allValueStrings: [String] { OperatorTasks.assessedGroups.map(\.rawValue) }
}

struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview a year's assessment under its current schemes, or publish the current previews (frozen, consequences applied); print each league table (rank, unit, score, grade, vetoes; tab-separated) and the time taken.",
        discussion: "Without --group both groups (townsAndStreets, departments) are done, and a group refused (no scheme, already published, no preview to publish) is passed over with the reason; the command fails only if every group is.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The year assessed.") var year: Int
    @Option(help: "townsAndStreets or departments (default: both).") var group: AssessmentGroup?
    @Flag(help: "Compute a preview (replacing an earlier one); nothing follows from a preview.") var preview = false
    @Flag(help: "Publish the current preview: frozen from then on, and its consequences applied.") var publish = false

    func validate() throws {
        guard preview != publish else { throw ValidationError("give one of --preview or --publish") }
        if let group, !OperatorTasks.assessedGroups.contains(group) { throw ValidationError("--group must be townsAndStreets or departments") }
    }

    func run() async throws {
        let configuration = try store.load()
        OperatorTasks.bootstrapLogging(configuration)
        let (year, group, publish) = (year, group, publish)
        do {
            let outcome = try await OperatorTasks.withApplication(configuration) { app in
                try await OperatorTasks.assess(app, year: year, group: group, publish: publish)
            }
            let catalogue = Catalogue.for(cliLanguage)
            for (index, assessed) in outcome.groups.enumerated() {
                if index > 0 { print("") }
                assessed.lines(catalogue).forEach { print($0) }
            }
            for (skipped, reason) in outcome.skipped {
                let why = publish && reason.rule == .recordNotFound ? "no preview to publish (run --preview first)" : reason.message(in: cliLanguage)
                print("\(year) \(skipped.rawValue): passed over: \(why)")
            }
        } catch {
            if publish, let violation = error as? RuleViolation, violation.rule == .recordNotFound {
                throw ValidationError("no preview to publish for \(year) (run luoshi assess --preview first)")
            }
            throw fail(error)
        }
    }
}
