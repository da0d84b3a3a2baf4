// Field inspections and supervision bulletins: recording an inspection (hearings, matters settled
// on the spot, criticisms, photos) and reading it; starting, editing, publishing, printing and
// exporting a bulletin; and a dispatch meeting's agenda from what is due, with the chair's
// instructions. Role and scope first, then the form, then the use case.
import Foundation
import LuoshiDomain
import LuoshiSpreadsheet
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum InspectionsController {
    // MARK: Inspections

    /// Who reads an inspection: organisation-wide readers, and the units it heard, charged or criticised.
    static func mayRead(_ record: InspectionRecord, caller: Caller, units: [UUID: Unit]) -> Bool {
        if caller.readsAllUnits { return true }
        let involved = record.hearings.map(\.unitID) + record.resolutions.map(\.unitID) + record.criticisms.compactMap(\.unitID)
        return involved.contains { units[$0].map { caller.covers(unitPath: $0.path) } ?? false }
    }

    static let pageSize = 50

    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        let units = try await store.directory().byID
        let offset = Parse.offset(request)
        let (records, hasMore) = try await store.inspectionRecords(unitPath: caller.inspectionListing, offset: offset, limit: pageSize)
        let names = try await store.personNames(ids: records.map(\.inspection.leaderID))
        return HTMLResponse.make(InspectionPages.list(Page(items: records, offset: offset, limit: pageSize, hasMore: hasMore), names: names,
                                                      units: units, canRecord: caller.supervises, context: PageContext(request)))
    }

    static func new(_ request: Request) async throws -> Response {
        try request.requireCaller().requireSupervise()
        return try await formPage(request, values: [:], error: nil, status: .ok)
    }

    static func formPage(_ request: Request, values: [String: [String]], error: String?, status: HTTPResponseStatus) async throws -> Response {
        let store = request.store
        let choices = InspectionPages.Choices(leaders: try await store.leaders(), people: try await store.meetingCandidates(),
                                              units: try await store.allUnits(),
                                              keyObjects: try await store.keyObjects(year: request.clock.today().year, kind: nil, leaderID: nil))
        return HTMLResponse.make(InspectionPages.form(values, choices: choices, error: error, context: PageContext(request)), status: status)
    }

    struct InspectionForm: Content {
        var day: String?
        var leaderId: String?
        var keyObjectId: String?
        var place: String?
        var inspectors: String?
        var summary: String?
        var hearingUnit: [String]?
        var hearingProgress: [String]?
        var hearingProblems: [String]?
        var hearingNextSteps: [String]?
        var resolutionText: [String]?
        var resolutionUnit: [String]?
        var resolutionDeadline: [String]?
        var criticisedUnit: [String]?
        var criticisedPerson: [String]?
        var criticismReason: [String]?
        var photos: [File]?

        var values: [String: [String]] {
            ["day": [day ?? ""], "leaderId": [leaderId ?? ""], "keyObjectId": [keyObjectId ?? ""], "place": [place ?? ""],
             "inspectors": [inspectors ?? ""], "summary": [summary ?? ""], "hearingUnit": hearingUnit ?? [],
             "hearingProgress": hearingProgress ?? [], "hearingProblems": hearingProblems ?? [], "hearingNextSteps": hearingNextSteps ?? [],
             "resolutionText": resolutionText ?? [], "resolutionUnit": resolutionUnit ?? [], "resolutionDeadline": resolutionDeadline ?? [],
             "criticisedUnit": criticisedUnit ?? [], "criticisedPerson": criticisedPerson ?? [], "criticismReason": criticismReason ?? []]
        }
    }

    /// A unit typed from the list ("名称（编码）", the code, or a unique name).
    static func unit(_ text: String, units: [Unit], field: L10nKey) throws(RuleViolation) -> UUID? {
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return nil }
        if let open = typed.lastIndex(of: "（"), typed.hasSuffix("）") {
            let code = String(typed[typed.index(after: open)..<typed.index(before: typed.endIndex)])
            if let unit = units.first(where: { $0.code == code }) { return unit.id }
        }
        if let unit = units.first(where: { $0.code == typed }) { return unit.id }
        let named = units.filter { $0.name == typed }
        guard named.count == 1 else { throw RuleViolation(.fieldInvalidChoice, field: field) }
        return named[0].id
    }

    static func create(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let form = try request.content.decode(InspectionForm.self)
        do {
            let units = try await request.store.allUnits()
            guard let day = try Parse.day(form.day, field: .fieldDay) else { throw RuleViolation(.fieldRequired, field: .fieldDay) }
            func at(_ list: [String]?, _ index: Int) -> String { (list ?? []).indices.contains(index) ? list![index] : "" }
            var hearings: [InspectionHearing] = []
            for index in (form.hearingUnit ?? []).indices {
                guard let unitID = try unit(at(form.hearingUnit, index), units: units, field: .fieldUnit) else { continue }
                hearings.append(InspectionHearing(unitID: unitID, progress: at(form.hearingProgress, index).trimmingCharacters(in: .whitespacesAndNewlines),
                                                  problems: at(form.hearingProblems, index).trimmingCharacters(in: .whitespacesAndNewlines),
                                                  nextSteps: at(form.hearingNextSteps, index).trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            var resolutions: [OnSiteResolution] = []
            for index in (form.resolutionText ?? []).indices where !at(form.resolutionText, index).trimmingCharacters(in: .whitespaces).isEmpty {
                guard let unitID = try unit(at(form.resolutionUnit, index), units: units, field: .fieldResponsibleUnit) else {
                    throw RuleViolation(.fieldRequired, field: .fieldResponsibleUnit)
                }
                guard let deadline = try Parse.day(at(form.resolutionDeadline, index), field: .fieldDeadline) else {
                    throw RuleViolation(.fieldRequired, field: .fieldDeadline)
                }
                resolutions.append(OnSiteResolution(text: at(form.resolutionText, index), unitID: unitID, deadline: deadline))
            }
            var criticisms: [Criticism] = []
            for index in (form.criticismReason ?? []).indices {
                let reason = at(form.criticismReason, index)
                let unitID = try unit(at(form.criticisedUnit, index), units: units, field: .fieldCriticised)
                let personID = try Parse.uuid(at(form.criticisedPerson, index), field: .fieldCriticised)
                if reason.trimmingCharacters(in: .whitespaces).isEmpty && unitID == nil && personID == nil { continue }
                criticisms.append(Criticism(unitID: unitID, personID: personID, reason: reason, day: day))
            }
            let photos = (form.photos ?? []).filter { $0.data.readableBytes > 0 }
                .map { AttachmentUpload(fileName: $0.filename, data: Data($0.data.readableBytesView)) }
            let record = try await recordInspection(
                InspectionDraft(day: day, leaderID: try Parse.requiredUUID(form.leaderId, field: .fieldInspectionLeader),
                                keyObjectID: try Parse.uuid(form.keyObjectId, field: .fieldKeyObject), place: form.place ?? "",
                                inspectors: form.inspectors ?? "", summary: form.summary ?? "", hearings: hearings,
                                resolutions: resolutions, criticisms: criticisms, photos: photos),
                context: request.context(caller))
            return request.redirect(to: SitePath.inspection.with(record.inspection.id) + "?done=" + L10nKey.inspectionRecorded.rawValue,
                                    redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await formPage(request, values: form.values, error: violation.message(in: request.language),
                                  status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func readable(_ request: Request, id: UUID) async throws -> InspectionRecord {
        let caller = try request.requireCaller()
        let store = request.store
        guard let record = try await store.inspection(id: id) else { throw RuleViolation(.recordNotFound) }
        guard mayRead(record, caller: caller, units: try await store.directory().byID) else { throw RuleViolation(.outsideScope) }
        return record
    }

    static func show(_ request: Request) async throws -> Response {
        let record = try await readable(request, id: try Parse.pathID(request))
        let store = request.store
        let names = try await store.personNames(ids: [record.inspection.leaderID] + record.criticisms.compactMap(\.personID))
        let keyObject = try await record.inspection.keyObjectID.asyncMap { try await store.keyObject(id: $0) } ?? nil
        return HTMLResponse.make(InspectionPages.show(record, names: names, units: try await store.directory().byID, keyObject: keyObject,
                                                      context: PageContext(request)))
    }

    static func photo(_ request: Request) async throws -> Response {
        _ = try request.requireCaller()
        guard let (inspectionID, file) = try await request.store.inspectionPhoto(id: try Parse.pathID(request)) else {
            throw RuleViolation(.recordNotFound)
        }
        _ = try await readable(request, id: inspectionID)
        return SafeFile.response(file, download: false)
    }

    // MARK: Bulletins

    static func bulletins(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let items = try await request.store.bulletins().filter { $0.state == .published || caller.supervises }
        return HTMLResponse.make(InspectionPages.bulletins(items, canCreate: caller.supervises, today: request.clock.today(),
                                                           context: PageContext(request)))
    }

    struct BulletinForm: Content {
        var period: String?
        var title: String?
        var intro: String?
        var praise: String?
        var criticism: String?
    }

    static func createBulletin(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let form = try request.content.decode(BulletinForm.self)
        do {
            let bulletin = try await LuoshiUseCases.createBulletin(periodKey: form.period ?? "", title: form.title ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.bulletin.with(bulletin.id) + "?done=" + L10nKey.bulletinCreated.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return HTMLResponse.make(SupervisionPages.refusal(violation.message(in: request.language), back: SitePath.bulletins.rawValue,
                                                              context: PageContext(request)),
                                     status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    /// A bulletin the caller may read: published ones by everyone signed in, drafts by the office.
    static func readableBulletin(_ request: Request) async throws -> (Bulletin, Caller) {
        let caller = try request.requireCaller()
        guard let bulletin = try await request.store.bulletin(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        if bulletin.state == .draft { try caller.requireSupervise() }
        return (bulletin, caller)
    }

    static func bulletin(_ request: Request) async throws -> Response {
        let (bulletin, caller) = try await readableBulletin(request)
        return try await showBulletin(request, bulletin, caller: caller, error: nil, status: .ok)
    }

    static func showBulletin(_ request: Request, _ bulletin: Bulletin, caller: Caller, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let figures = try await request.store.bulletinFigures(bulletin, today: request.clock.today())
        return HTMLResponse.make(InspectionPages.bulletin(bulletin, figures: figures, canEdit: caller.supervises && bulletin.state == .draft,
                                                          error: error, context: PageContext(request)), status: status)
    }

    static func editBulletin(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let id = try Parse.pathID(request)
        let form = try request.content.decode(BulletinForm.self)
        do {
            _ = try await updateBulletin(id: id, title: form.title ?? "", intro: form.intro ?? "", praise: form.praise ?? "",
                                         criticism: form.criticism ?? "", context: request.context(caller))
            return request.redirect(to: SitePath.bulletin.with(id) + "?done=" + L10nKey.bulletinSaved.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            guard let bulletin = try await request.store.bulletin(id: id) else { throw RuleViolation(.recordNotFound) }
            return try await showBulletin(request, bulletin, caller: caller, error: violation.message(in: request.language),
                                          status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func publish(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try caller.requireSupervise()
        let id = try Parse.pathID(request)
        struct Confirm: Content { var confirm: String? }
        let form = try request.content.decode(Confirm.self)
        do {
            guard form.confirm == "1" else { throw RuleViolation(.fieldRequired, field: .bulletinPublishConfirm) }
            _ = try await publishBulletin(id: id, context: request.context(caller))
            return request.redirect(to: SitePath.bulletin.with(id) + "?done=" + L10nKey.bulletinPublishedDone.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .conflict || violation.rule.kind == .invalid {
            guard let bulletin = try await request.store.bulletin(id: id) else { throw RuleViolation(.recordNotFound) }
            return try await showBulletin(request, bulletin, caller: caller, error: violation.message(in: request.language),
                                          status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    /// The bulletin's unit table as a spreadsheet: the same figures as the page.
    static func exportBulletin(_ request: Request) async throws -> Response {
        let (bulletin, _) = try await readableBulletin(request)
        let figures = try await request.store.bulletinFigures(bulletin, today: request.clock.today())
        let catalogue = request.catalogue
        return try ExchangeController.file(InspectionPages.sheet(bulletin, figures: figures, catalogue: catalogue),
                                           name: "bulletin-" + bulletin.code, request: request)
    }

    // MARK: Dispatch meetings

    static func dispatch(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let id = try Parse.pathID(request)
        guard let meeting = try await request.store.meeting(id: id) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(meeting: meeting)
        try caller.requireRunMeeting(chairID: meeting.chairID)
        do {
            let added = try await generateDispatchAgenda(meetingID: id, context: request.context(caller))
            return request.redirect(to: SitePath.meeting.with(id) + "?done=" + (added.isEmpty ? L10nKey.dispatchNothing : L10nKey.dispatchAdded).rawValue,
                                    redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await MeetingsController.showPage(request, error: violation.message(in: request.language),
                                                         status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    struct InstructionForm: Content {
        var reportHeard: String?
        var instruction: String?
        var unitId: String?
        var deadline: String?
    }

    static func instruction(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let item = try await store.agendaItem(id: try Parse.pathID(request)), let meeting = try await store.meeting(id: item.meetingID) else {
            throw RuleViolation(.recordNotFound)
        }
        try caller.requireRead(meeting: meeting)
        try caller.requireRecordOutcome(chairID: meeting.chairID)
        let form = try request.content.decode(InstructionForm.self)
        do {
            _ = try await recordInstruction(itemID: item.id, reportHeard: form.reportHeard ?? "", instruction: form.instruction ?? "",
                                            taskUnitID: try Parse.uuid(form.unitId, field: .fieldResponsibleUnit),
                                            deadline: try Parse.day(form.deadline, field: .fieldDeadline), context: request.context(caller))
            return request.redirect(to: SitePath.meeting.with(meeting.id) + "?done=" + L10nKey.instructionRecorded.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid || violation.rule.kind == .conflict {
            return try await MeetingsController.showPage(request, error: violation.message(in: request.language),
                                                         status: LuoshiErrorMiddleware.status(of: violation.rule.kind), meetingID: meeting.id)
        }
    }
}
