// The work of `luoshi assess`: preview a year's assessment (one group or both) or publish the
// current previews, as the CLI operator, timed, with the league tables the command prints.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension OperatorTasks {
    /// One group's run as `assess` leaves it: previewed or published, with its league table.
    public struct GroupAssessed: Sendable {
        public var group: AssessmentGroup
        public var run: AssessmentRun
        public var table: [LeagueLine]
        /// The consequences publishing applied (empty for a preview).
        public var consequences: [Consequence]
        public var elapsed: Duration

        /// A heading, then one tab-separated line per unit: rank, unit, score, grade, vetoes.
        public func lines(_ catalogue: Catalogue) -> [String] {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var heading = "\(run.year) \(group.rawValue): \(run.state.rawValue) run \(run.id.uuidString.lowercased()), scheme version "
                + "\(run.schemeVersion), \(run.unitCount) units, in \(String(format: "%.2f", seconds)) s"
            if run.state == .published {
                let counts = Dictionary(grouping: consequences, by: \.kind).mapValues(\.count)
                let applied = ConsequenceKind.allCases.compactMap { kind in counts[kind].map { "\(kind.rawValue) \($0)" } }
                heading += "; consequences applied: " + (applied.isEmpty ? "none" : applied.joined(separator: ", "))
            }
            return [heading] + table.map {
                [String($0.rank), $0.unitName, String(format: "%.2f", $0.score), catalogue[$0.grade.labelKey], $0.vetoes.joined(separator: "; ")]
                    .joined(separator: "\t")
            }
        }
    }

    /// What `assess` did for each group asked for, and the groups it passed over (no scheme to
    /// preview, already published, or no preview to publish) with the refusal.
    public struct AssessOutcome: Sendable {
        public var groups: [GroupAssessed]
        public var skipped: [(group: AssessmentGroup, reason: RuleViolation)]
    }

    /// The groups an assessment ranks, in the order the command reports them.
    public static let assessedGroups: [AssessmentGroup] = [.townsAndStreets, .departments]

    /// Previews (or, with `publish`, publishes the current preview of) each group of `year`. With
    /// one group named, its refusal is the command's; with none named, a group refused (no scheme,
    /// already published, no preview) is passed over, and only if every group is does it fail.
    public static func assess(_ app: Application, year: Int, group: AssessmentGroup?, publish: Bool) async throws -> AssessOutcome {
        let context = operatorContext(app)
        var outcome = AssessOutcome(groups: [], skipped: [])
        let groups = group.map { [$0] } ?? assessedGroups
        for group in groups {
            let started = ContinuousClock.now
            do {
                let run: AssessmentRun
                var consequences: [Consequence] = []
                if publish {
                    guard let preview = try await app.store.assessmentRuns(year: year, state: .preview).first(where: { $0.group == group }) else {
                        throw RuleViolation(.recordNotFound)
                    }
                    (run, consequences) = try await publishAssessmentRun(id: preview.id, context: context)
                } else {
                    run = try await previewAssessment(year: year, group: group, context: context)
                }
                let table = try await app.store.leagueTable(runID: run.id)
                outcome.groups.append(GroupAssessed(group: group, run: run, table: table, consequences: consequences,
                                                    elapsed: ContinuousClock.now - started))
            } catch let violation as RuleViolation {
                outcome.skipped.append((group, violation))
            }
        }
        if let only = group, let (_, reason) = outcome.skipped.first(where: { $0.group == only }) { throw reason }
        if outcome.groups.isEmpty, let (_, reason) = outcome.skipped.first { throw reason }
        return outcome
    }
}
