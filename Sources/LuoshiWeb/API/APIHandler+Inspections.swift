// Field inspections, criticisms, supervision bulletins and dispatch meetings through the API. Same
// use cases and access checks, in the same order, as InspectionsController: the role or the
// record's scope first, then the body.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension APIHandler {
    // MARK: Inspections

    func listInspections(_ input: Operations.ListInspections.Input) async throws -> Operations.ListInspections.Output {
        let (request, caller) = try current()
        let paging = try APIPaging(limit: input.query.limit, offset: input.query.offset, search: nil)
        let store = request.store
        let units = try await store.directory().byID
        let (records, hasMore) = try await store.inspectionRecords(unitPath: caller.inspectionListing, offset: paging.offset, limit: paging.limit)
        let names = try await store.personNames(ids: records.map(\.inspection.leaderID))
        let items = records.map { InspectionMapping.inspection($0, leaderName: names[$0.inspection.leaderID] ?? "", units: units) }
        return .ok(.init(body: .json(.init(items: items, offset: paging.offset, limit: paging.limit,
                                           hasMore: hasMore))))
    }

    func getInspection(_ input: Operations.GetInspection.Input) async throws -> Operations.GetInspection.Output {
        let (request, caller) = try current()
        let store = request.store
        guard let record = try await store.inspection(id: try APIMapping.pathID(input.path.inspectionId)) else {
            throw RuleViolation(.recordNotFound)
        }
        let units = try await store.directory().byID
        guard InspectionsController.mayRead(record, caller: caller, units: units) else { throw RuleViolation(.outsideScope) }
        return .ok(.init(body: .json(try await inspectionBody(record, units: units, request: request))))
    }

    func recordInspection(_ input: Operations.RecordInspection.Input) async throws -> Operations.RecordInspection.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let draft = try InspectionMapping.draft(body)
        // The use case names a resolution's unit as its task's responsible unit; here it is the resolution's unitId.
        let record = try await Self.naming(.fieldResponsibleUnit, as: .fieldUnit) {
            try await LuoshiUseCases.recordInspection(draft, context: request.context(caller))
        }
        return .created(.init(body: .json(try await inspectionBody(record, units: try await request.store.directory().byID,
                                                                   request: request))))
    }

    private func inspectionBody(_ record: InspectionRecord, units: [UUID: Unit], request: Request) async throws -> Components.Schemas.Inspection {
        let names = try await request.store.personNames(ids: [record.inspection.leaderID])
        return InspectionMapping.inspection(record, leaderName: names[record.inspection.leaderID] ?? "", units: units)
    }

    // MARK: Criticisms

    func listCriticisms(_ input: Operations.ListCriticisms.Input) async throws -> Operations.ListCriticisms.Output {
        let (request, caller) = try current()
        let personID = try APIMapping.strictID(input.query.personId, field: .fieldPerson)
        // Organisation-wide readers read every criticism; a unit's head and staff those of units in their scope.
        var unitPath = caller.readsAllUnits ? nil : caller.scopePath
        if let unitID = try APIMapping.strictID(input.query.unitId, field: .fieldUnit) {
            guard let unit = try await request.store.unit(id: unitID) else { throw RuleViolation(.fieldInvalidChoice, field: .fieldUnit) }
            guard caller.readsCriticisms(ofUnitPath: unit.path) else { throw RuleViolation(.outsideScope) }
            unitPath = unit.path
        }
        let criticisms = try await request.store.criticisms(unitPath: unitPath, personID: personID)
        return .ok(.init(body: .json(.init(items: criticisms.map(InspectionMapping.criticism)))))
    }

    // MARK: Bulletins

    func listBulletins(_ input: Operations.ListBulletins.Input) async throws -> Operations.ListBulletins.Output {
        let (request, caller) = try current()
        let bulletins = try await request.store.bulletins().filter { $0.state == .published || caller.supervises }
        return .ok(.init(body: .json(.init(items: bulletins.map { InspectionMapping.bulletin($0, figures: nil, catalogue: request.catalogue) }))))
    }

    func getBulletin(_ input: Operations.GetBulletin.Input) async throws -> Operations.GetBulletin.Output {
        let (request, caller) = try current()
        guard let bulletin = try await request.store.bulletin(id: try APIMapping.pathID(input.path.bulletinId)) else {
            throw RuleViolation(.recordNotFound)
        }
        // Published ones are everyone's; a draft is the office's.
        if bulletin.state == .draft { try caller.requireSupervise() }
        return .ok(.init(body: .json(try await bulletinBody(bulletin, request: request))))
    }

    func createBulletin(_ input: Operations.CreateBulletin.Input) async throws -> Operations.CreateBulletin.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let period = try SupervisionMapping.period(body.period)
        // A blank title would become the default one; the document asks for a title or none.
        try SupervisionMapping.visibleLine(body.title, field: .fieldBulletinTitle, maxLength: 200)
        let bulletin = try await LuoshiUseCases.createBulletin(periodKey: period, title: body.title ?? "", context: request.context(caller))
        return .created(.init(body: .json(try await bulletinBody(bulletin, request: request))))
    }

    func updateBulletin(_ input: Operations.UpdateBulletin.Input) async throws -> Operations.UpdateBulletin.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try APIMapping.requireSomeProperty(body)
        try SupervisionMapping.line(body.title, field: .fieldBulletinTitle, maxLength: 200)
        let texts: [(String?, L10nKey)] = [(body.intro, .fieldIntro), (body.praise, .fieldPraise), (body.criticism, .fieldCriticismText)]
        for (text, field) in texts { try SupervisionMapping.prose(text, field: field, maxLength: 8000) }
        guard let before = try await request.store.bulletin(id: try APIMapping.pathID(input.path.bulletinId)) else {
            throw RuleViolation(.recordNotFound)
        }
        // What is left out keeps its words.
        let after = try await LuoshiUseCases.updateBulletin(id: before.id, title: body.title ?? before.title, intro: body.intro ?? before.intro,
                                                            praise: body.praise ?? before.praise, criticism: body.criticism ?? before.criticism,
                                                            context: request.context(caller))
        return .ok(.init(body: .json(try await bulletinBody(after, request: request))))
    }

    func publishBulletin(_ input: Operations.PublishBulletin.Input) async throws -> Operations.PublishBulletin.Output {
        let (request, caller) = try current()
        try caller.requireSupervise()
        let bulletin = try await LuoshiUseCases.publishBulletin(id: try APIMapping.pathID(input.path.bulletinId), context: request.context(caller))
        return .ok(.init(body: .json(try await bulletinBody(bulletin, request: request))))
    }

    /// One bulletin with its figures: a draft's as the data stand today, a published one's as kept.
    private func bulletinBody(_ bulletin: Bulletin, request: Request) async throws -> Components.Schemas.Bulletin {
        let figures = try await request.store.bulletinFigures(bulletin, today: request.clock.today())
        return InspectionMapping.bulletin(bulletin, figures: figures, catalogue: request.catalogue)
    }

    // MARK: Dispatch meetings

    func generateDispatchAgenda(_ input: Operations.GenerateDispatchAgenda.Input) async throws -> Operations.GenerateDispatchAgenda.Output {
        let (request, caller) = try current()
        guard let meeting = try await request.store.meeting(id: try APIMapping.pathID(input.path.meetingId)) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireRead(meeting: meeting)
        try caller.requireRunMeeting(chairID: meeting.chairID)
        let added = try await LuoshiUseCases.generateDispatchAgenda(meetingID: meeting.id, context: request.context(caller))
        return .ok(.init(body: .json(.init(items: added.map { DecisionMapping.item($0, votes: []) }))))
    }

    func recordInstruction(_ input: Operations.RecordInstruction.Input) async throws -> Operations.RecordInstruction.Output {
        let (request, caller) = try current()
        let store = request.store
        guard let item = try await store.agendaItem(id: try APIMapping.pathID(input.path.itemId)),
              let meeting = try await store.meeting(id: item.meetingID) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(meeting: meeting)
        try caller.requireRecordOutcome(chairID: meeting.chairID)
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try SupervisionMapping.prose(body.reportHeard, field: .fieldReportHeard, maxLength: 4000)
        try SupervisionMapping.prose(body.instruction, field: .fieldInstruction, maxLength: 2000)
        let unitID = try APIMapping.strictID(body.unitId, field: .fieldUnit)
        let deadline = try SupervisionMapping.day(body.deadline, field: .fieldDeadline)
        // The use case names the unit as the new task's responsible unit; here it is the body's unitId.
        let after = try await Self.naming(.fieldResponsibleUnit, as: .fieldUnit) {
            try await LuoshiUseCases.recordInstruction(itemID: item.id, reportHeard: body.reportHeard ?? "", instruction: body.instruction,
                                                       taskUnitID: unitID, deadline: deadline, context: request.context(caller))
        }
        return .ok(.init(body: .json(DecisionMapping.item(after, votes: try await store.votes(itemIDs: [after.id])))))
    }

    /// Runs a use case, naming a field it refuses as the document names it where the two differ.
    static func naming<Result>(_ field: L10nKey, as property: L10nKey, _ work: () async throws -> Result) async throws -> Result {
        do {
            return try await work()
        } catch var violation as RuleViolation where violation.field == field {
            violation.field = property
            throw violation
        }
    }
}
