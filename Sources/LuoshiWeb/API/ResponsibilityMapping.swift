// Between the responsibility mechanism's values and the API's generated types.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage

enum ResponsibilityMapping {
    static func id(_ uuid: UUID) -> String { APIMapping.id(uuid) }

    static func area(_ area: WorkArea) -> Components.Schemas.WorkArea {
        .init(id: id(area.id), year: area.year, code: area.code, name: area.name, sortOrder: area.sortOrder)
    }

    static func summary(_ task: TaskListing, today: Day, catalogue: Catalogue, units: [UUID: Unit] = [:]) -> Components.Schemas.TaskSummary {
        .init(id: id(task.id), code: task.code, title: task.title, tier: .init(rawValue: task.tier.rawValue) ?? .supported,
              status: .init(rawValue: task.status.rawValue) ?? .notStarted, deadline: task.deadline.description,
              progress: (task.progress * 10).rounded() / 10,
              pace: pace(progress: task.progress, status: task.status, start: task.start, deadline: task.deadline, today: today), overdue: isOverdue(status: task.status, deadline: task.deadline, today: today),
              depth: task.depth, parentId: task.parentID.map(id), responsibleUnitId: id(task.responsibleUnitID),
              responsibleUnitName: task.responsibleUnitName, leaderName: task.leaderName, assigneeName: task.assigneeName,
              areaName: task.areaName, leadLeaderId: task.leadLeaderID.map(id), assigneeId: task.assigneeID.map(id),
              cooperatingUnitIds: task.cooperatingUnitIDs.map(id), cooperatingUnitNames: task.cooperatingUnitIDs.compactMap { units[$0]?.name },
              light: light(task.light), lightReason: lightReason(task.light), lightText: task.light.explanation(catalogue))
    }

    static func light(_ verdict: LightVerdict) -> Components.Schemas.Light { .init(rawValue: verdict.light.rawValue) ?? .green }

    static func lightReason(_ verdict: LightVerdict) -> Components.Schemas.LightReason {
        .init(rawValue: verdict.reason.rawValue) ?? .onTrack
    }

    /// A task with its light as last computed (`followUp`: a missing one reads as green, on track).
    static func task(_ task: KeyTask, rolledUp: Double, followUp: TaskFollowUp?, today: Day, catalogue: Catalogue) -> Components.Schemas.Task {
        let verdict = followUp?.verdict ?? LightVerdict(.green, .onTrack)
        return .init(
            id: id(task.id), year: task.year, code: task.code, title: task.title, areaId: task.areaID.map(id),
            tier: .init(rawValue: task.tier.rawValue) ?? .supported, rhythm: .init(rawValue: task.rhythm.rawValue) ?? .monthly,
            target: task.target, requirements: task.requirements, start: task.start.description, deadline: task.deadline.description,
            milestones: task.milestones.map { .init(date: $0.date.description, target: $0.target) },
            leadLeaderId: task.leadLeaderID.map(id), responsibleUnitId: id(task.responsibleUnitID),
            cooperatingUnitIds: task.cooperatingUnitIDs.map(id), assigneeId: task.assigneeID.map(id), parentId: task.parentID.map(id),
            weight: task.weight, progress: (rolledUp * 10).rounded() / 10, reportedProgress: task.progress,
            pace: pace(progress: rolledUp, status: task.status, start: task.start, deadline: task.deadline, today: today),
            status: .init(rawValue: task.status.rawValue) ?? .notStarted, cancelReason: task.cancelReason,
            overdue: task.isOverdue(today: today), decisionId: task.decisionID.map(id), light: light(verdict),
            lightReason: lightReason(verdict), lightText: verdict.explanation(catalogue), awaitingClosure: followUp?.awaitingClosure ?? false)
    }

    static func pace(progress: Double, status: TaskStatus, start: Day, deadline: Day, today: Day) -> Components.Schemas.Pace {
        .init(rawValue: Pace.of(progress: progress, status: status, start: start, deadline: deadline, today: today).rawValue) ?? .onTrack
    }

    static func draft(_ body: Components.Schemas.TaskInput) throws(RuleViolation) -> TaskDraft {
        guard let start = Day(body.start) else { throw RuleViolation(.fieldInvalidDay, field: .fieldStart) }
        guard let deadline = Day(body.deadline) else { throw RuleViolation(.fieldInvalidDay, field: .fieldDeadline) }
        var milestones: [Milestone] = []
        for milestone in body.milestones ?? [] {
            guard let date = Day(milestone.date) else { throw RuleViolation(.fieldInvalidDay, field: .fieldMilestones) }
            milestones.append(Milestone(date: date, target: milestone.target))
        }
        var cooperating: [UUID] = []
        for text in body.cooperatingUnitIds ?? [] {
            guard let unitID = UUID(uuidString: text) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldCooperatingUnits) }
            cooperating.append(unitID)
        }
        return TaskDraft(
            year: body.year ?? start.year, code: body.code, title: body.title,
            areaID: try APIMapping.strictID(body.areaId, field: .fieldArea),
            tier: try Parse.requiredChoice(body.tier.rawValue, as: Tier.self, field: .fieldTier),
            target: body.target ?? "", requirements: body.requirements ?? "", start: start, deadline: deadline, milestones: milestones,
            leadLeaderID: try APIMapping.strictID(body.leadLeaderId, field: .fieldLeadLeader),
            responsibleUnitID: try Parse.requiredUUID(body.responsibleUnitId, field: .fieldResponsibleUnit),
            cooperatingUnitIDs: cooperating, assigneeID: try APIMapping.strictID(body.assigneeId, field: .fieldAssignee),
            parentID: try APIMapping.strictID(body.parentId, field: .fieldParentTask), weight: body.weight ?? 1,
            rhythmOverride: try Parse.choice(body.rhythm?.rawValue, as: ReportingRhythm.self, field: .fieldRhythm),
            decisionID: try APIMapping.strictID(body.decisionId, field: .fieldDecision))
    }

    static func indicator(_ status: IndicatorStatus) -> Components.Schemas.Indicator {
        let value = status.indicator
        return .init(id: id(value.id), year: value.year, code: value.code, name: value.name,
                     measure: .init(rawValue: value.measure.rawValue) ?? .count,
                     direction: .init(rawValue: value.direction.rawValue) ?? .higherIsBetter, period: value.period,
                     baseline: value.baseline, target: value.target, ownerUnitId: value.ownerUnitID.map(id),
                     ownerPersonId: value.ownerPersonID.map(id), parentId: value.parentID.map(id),
                     rollUp: .init(rawValue: value.rollUp.rawValue) ?? .sum, completionCap: value.completionCap,
                     current: status.current, completion: status.completion, underAllocated: status.underAllocated)
    }

    static func reading(_ reading: Reading) -> Components.Schemas.Reading {
        .init(id: id(reading.id), indicatorId: id(reading.indicatorID), value: reading.value, asOf: reading.asOf.description,
              recordedBy: reading.recordedBy, comment: reading.comment, evidence: reading.evidence)
    }

    static func keyObject(_ object: KeyObject) -> Components.Schemas.KeyObject {
        .init(id: id(object.id), year: object.year, kind: .init(rawValue: object.kind.rawValue) ?? .keyProject, code: object.code,
              name: object.name, contractedLeaderId: object.contractedLeaderID.map(id), delegatedPowers: object.delegatedPowers,
              responsibleUnitId: id(object.responsibleUnitID), investmentTotal: object.investmentTotal,
              plannedInvestment: object.plannedInvestment, start: object.start?.description, completion: object.completion?.description,
              location: object.location, taskIds: object.taskIDs.map(id), indicatorIds: object.indicatorIDs.map(id))
    }
}
