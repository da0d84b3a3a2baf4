// Indicator and key-object pages, each read within the caller's work scope (`Caller.workScope`);
// readings are recorded by the supervision office or the head of the owning unit.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

enum IndicatorsController {
    static func year(_ request: Request) -> Int {
        (try? request.query.get(Int.self, at: "year")).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? request.clock.today().year
    }

    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let year = year(request)
        let units = try await request.store.directory().byID
        return HTMLResponse.make(IndicatorPages.list(try await request.store.indicatorStatuses(year: year)
                                                        .filter { caller.canRead(indicator: $0.indicator, units: units) }, year: year,
                                                     context: PageContext(request)))
    }

    static func show(_ request: Request) async throws -> Response {
        try await page(request, error: nil, status: .ok)
    }

    static func page(_ request: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let indicator = try await store.indicator(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let units = try await store.directory().byID
        try caller.requireRead(indicator: indicator, units: units)
        let statuses = try await store.indicatorStatuses(year: indicator.year, under: indicator.path)
        guard let current = statuses.first(where: { $0.indicator.id == indicator.id }) else { throw RuleViolation(.recordNotFound) }
        let parts = statuses.filter { $0.indicator.path.hasPrefix(indicator.path) && $0.indicator.id != indicator.id
            && caller.canRead(indicator: $0.indicator, units: units) }
        let ownerPath = try await indicator.ownerUnitID.asyncMap { try await store.unit(id: $0)?.path } ?? nil
        let canRecord = (try? caller.requireRecordReading(ownerPath: ownerPath)) != nil
        return HTMLResponse.make(IndicatorPages.show(current, parts: parts, readings: try await store.readings(indicatorID: indicator.id),
                                                     canRecord: canRecord, error: error, context: PageContext(request)), status: status)
    }

    struct ReadingForm: Content {
        var value: String?
        var asOf: String?
        var comment: String?
        var evidence: String?
    }

    static func recordReading(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let id = try Parse.pathID(request)
        // Read first (scope answers as such), then the right to record.
        guard let indicator = try await request.store.indicator(id: id) else { throw RuleViolation(.recordNotFound) }
        try caller.requireRead(indicator: indicator, units: try await request.store.directory().byID)
        try await IndicatorOwner.requireRecordReading(id, context: request.context(caller))
        let form = try request.content.decode(ReadingForm.self)
        do {
            guard let value = try Parse.number(form.value, field: .fieldValue) else { throw RuleViolation(.fieldRequired, field: .fieldValue) }
            _ = try await LuoshiUseCases.recordReading(indicatorID: id, value: value,
                                                       asOf: try Parse.day(form.asOf, field: .fieldAsOf) ?? request.clock.today(),
                                                       comment: form.comment ?? "", evidence: form.evidence ?? "",
                                                       context: request.context(caller))
            return request.redirect(to: SitePath.indicator.with(id) + "?done=" + L10nKey.readingRecorded.rawValue, redirectType: .normal)
        } catch let violation as RuleViolation where violation.rule.kind == .invalid {
            return try await page(request, error: violation.message(in: request.language), status: .unprocessableEntity)
        }
    }
}

enum KeyObjectsController {
    static func names(_ request: Request) async throws -> (leaders: [UUID: String], units: [UUID: String]) {
        let store = request.store
        let leaders = Dictionary(try await store.leaders().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let units = Dictionary(try await store.allUnits().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return (leaders, units)
    }

    static func list(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let kind = Parse.query(request, "kind").flatMap(KeyObjectKind.init(rawValue:))
        let unitsByID = try await request.store.directory().byID
        let objects = try await request.store.keyObjects(year: IndicatorsController.year(request), kind: kind)
            .filter { caller.canRead(keyObject: $0, units: unitsByID) }
        let (leaders, units) = try await names(request)
        return HTMLResponse.make(KeyObjectPages.list(objects, kind: kind, leaders: leaders, units: units, context: PageContext(request)))
    }

    static func show(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let store = request.store
        guard let object = try await store.keyObject(id: try Parse.pathID(request)) else { throw RuleViolation(.recordNotFound) }
        let (leaders, units) = try await names(request)
        let unitsByID = try await store.directory().byID
        try caller.requireRead(keyObject: object, units: unitsByID)
        var tasks: [TaskListing] = []
        for taskID in object.taskIDs {
            guard let task = try await store.task(id: taskID) else { continue }
            guard caller.canRead(task: TaskScope(task, units: unitsByID)), let listing = try await store.taskTree(path: task.path, scope: nil).first(where: { $0.id == taskID }) else {
                continue
            }
            tasks.append(listing)
        }
        var indicators: [Indicator] = []
        for id in object.indicatorIDs {
            if let indicator = try await store.indicator(id: id), caller.canRead(indicator: indicator, units: unitsByID) { indicators.append(indicator) }
        }
        return HTMLResponse.make(KeyObjectPages.show(object, leaderName: object.contractedLeaderID.flatMap { leaders[$0] },
                                                     unitName: units[object.responsibleUnitID] ?? "", tasks: tasks, indicators: indicators,
                                                     today: request.clock.today(),
                                                     context: PageContext(request)))
    }
}
