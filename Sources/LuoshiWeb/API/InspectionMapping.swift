// Between field inspections, criticisms and bulletins and the API's generated types; and the
// checks that make the server refuse exactly what the document refuses where the use cases are
// more lenient (they trim, count characters rather than code points, and take a blank title as
// none).
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases

enum InspectionMapping {
    static func id(_ uuid: UUID) -> String { APIMapping.id(uuid) }

    /// The most entries of each list an inspection records through the API (the document's maxItems).
    static let maxEntries = 20

    // MARK: Out

    static func inspection(_ record: InspectionRecord, leaderName: String, units: [UUID: Unit]) -> Components.Schemas.Inspection {
        let i = record.inspection
        return .init(id: id(i.id), day: i.day.description, leaderId: id(i.leaderID), leaderName: leaderName,
                     keyObjectId: i.keyObjectID.map(id), place: i.place, inspectors: i.inspectors, summary: i.summary,
                     hearings: record.hearings.map { .init(unitId: id($0.unitID), unitName: units[$0.unitID]?.name ?? "",
                                                           progress: $0.progress, problems: $0.problems, nextSteps: $0.nextSteps) },
                     resolutions: record.resolutions.map { .init(text: $0.text, unitId: id($0.unitID), deadline: $0.deadline.description,
                                                                 taskId: $0.taskID.map(id)) },
                     criticisms: record.criticisms.map(criticism),
                     photos: record.photos.map { .init(id: id($0.id), fileName: $0.fileName, mediaType: $0.mediaType, byteCount: $0.byteCount) })
    }

    static func criticism(_ c: Criticism) -> Components.Schemas.Criticism {
        .init(id: id(c.id), unitId: c.unitID.map(id), personId: c.personID.map(id), reason: c.reason, day: c.day.description,
              inspectionId: c.inspectionID.map(id))
    }

    static func bulletin(_ b: Bulletin, figures: BulletinFigures?, catalogue: Catalogue) -> Components.Schemas.Bulletin {
        .init(id: id(b.id), code: b.code, period: b.periodKey, periodLabel: SupervisionMapping.periodLabel(b.periodKey, catalogue: catalogue),
              title: b.title, intro: b.intro, praise: b.praise, criticism: b.criticism, state: .init(rawValue: b.state.rawValue) ?? .draft,
              publishedOn: b.publishedOn?.description, figures: figures.map(self.figures))
    }

    static func figures(_ f: BulletinFigures) -> Components.Schemas.BulletinFigures {
        func task(_ line: BulletinTaskLine) -> Components.Schemas.BulletinTaskLine {
            .init(taskId: id(line.taskID), code: line.code, title: line.title, unitName: line.unitName, reason: line.reason)
        }
        return .init(units: f.units.map { .init(unitId: id($0.unitID), unitName: $0.unitName, tasks: $0.tasks, completed: $0.completed,
                                                red: $0.red, yellow: $0.yellow, reportsDue: $0.reportsDue, reportsOnTime: $0.reportsOnTime,
                                                completionRate: $0.completionRate, onTimeRate: $0.onTimeRate) },
                     redList: f.redList.map(task), lateReporters: f.lateReporters.map(task), generatedOn: f.generatedOn.description)
    }

    // MARK: In

    static func draft(_ body: Components.Schemas.InspectionInput) throws(RuleViolation) -> InspectionDraft {
        guard let day = try SupervisionMapping.day(body.day, field: .fieldDay) else { throw RuleViolation(.fieldRequired, field: .fieldDay) }
        try SupervisionMapping.line(body.place, field: .fieldSite, maxLength: 200)
        try SupervisionMapping.line(body.inspectors, field: .fieldInspectors, maxLength: 500)
        try SupervisionMapping.prose(body.summary, field: .fieldSummary, maxLength: 8000)
        return InspectionDraft(day: day, leaderID: try Parse.requiredUUID(body.leaderId, field: .fieldInspectionLeader),
                               keyObjectID: try APIMapping.strictID(body.keyObjectId, field: .fieldKeyObject),
                               place: body.place ?? "", inspectors: body.inspectors ?? "", summary: body.summary ?? "",
                               hearings: try hearings(body.hearings), resolutions: try resolutions(body.resolutions),
                               criticisms: try criticisms(body.criticisms, day: day))
    }

    private static func hearings(_ list: [Components.Schemas.InspectionHearingInput]?) throws(RuleViolation) -> [InspectionHearing] {
        let list = try bounded(list, field: .inspectionHearings)
        var hearings: [InspectionHearing] = []
        for hearing in list {
            let texts: [(String?, L10nKey)] = [(hearing.progress, .fieldHearingProgress), (hearing.problems, .fieldProblems),
                                               (hearing.nextSteps, .fieldNextSteps)]
            for (text, field) in texts { try SupervisionMapping.prose(text, field: field, maxLength: 2000) }
            // Trimmed as the page's form trims them: an empty part is not recorded as blank space.
            func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
            hearings.append(InspectionHearing(unitID: try Parse.requiredUUID(hearing.unitId, field: .fieldUnit),
                                              progress: trimmed(hearing.progress), problems: trimmed(hearing.problems),
                                              nextSteps: trimmed(hearing.nextSteps)))
        }
        return hearings
    }

    private static func resolutions(_ list: [Components.Schemas.OnSiteResolutionInput]?) throws(RuleViolation) -> [OnSiteResolution] {
        var resolutions: [OnSiteResolution] = []
        for resolution in try bounded(list, field: .inspectionResolutions) {
            try SupervisionMapping.line(resolution.text, field: .fieldResolutionText, maxLength: 200)
            guard let deadline = try SupervisionMapping.day(resolution.deadline, field: .fieldDeadline) else {
                throw RuleViolation(.fieldRequired, field: .fieldDeadline)
            }
            resolutions.append(OnSiteResolution(text: resolution.text, unitID: try Parse.requiredUUID(resolution.unitId, field: .fieldUnit),
                                                deadline: deadline))
        }
        return resolutions
    }

    private static func criticisms(_ list: [Components.Schemas.CriticismInput]?, day: Day) throws(RuleViolation) -> [Criticism] {
        var criticisms: [Criticism] = []
        for criticism in try bounded(list, field: .inspectionCriticisms) {
            try SupervisionMapping.line(criticism.reason, field: .fieldCriticismReason, maxLength: 1000)
            criticisms.append(Criticism(unitID: try APIMapping.strictID(criticism.unitId, field: .fieldUnit),
                                        personID: try APIMapping.strictID(criticism.personId, field: .fieldPerson),
                                        reason: criticism.reason, day: day))
        }
        return criticisms
    }

    private static func bounded<Entry>(_ list: [Entry]?, field: L10nKey) throws(RuleViolation) -> [Entry] {
        let list = list ?? []
        if list.count > maxEntries { throw RuleViolation(.fieldOutOfRange, field: field, limit: maxEntries) }
        return list
    }
}
