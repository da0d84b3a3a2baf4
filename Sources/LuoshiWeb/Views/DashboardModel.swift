// What each role's home page shows, loaded in one place (issue 10): the supervision office (and the
// other district-wide readers) the whole district; a leader the work they lead and their remit; a
// unit head their unit; staff the reports they owe. Every figure is computed under the register's
// own filter, with the register address that lists the same tasks.
import Foundation
import LuoshiDomain
import LuoshiStorage

extension DashboardPages {
    enum Kind { case district, leader, unitHead, staff }

    /// Key tasks by light, with the list each light stands for.
    struct LightBar {
        var id: String
        var title: L10nKey
        var counts: [Light: Int]
        /// The address of the tasks of one light (nil: all of them).
        var href: (Light?) -> String
    }

    struct Model {
        var kind: Kind
        var year: Int
        var today: Day
        var scopeName: String?
        var bars: [LightBar] = []
        var keyObjects: [(object: KeyObject, lights: [Light: Int])]?
        var due: TaskSample?
        var red: TaskSample?
        /// The red list's register address (every red task of the figure).
        var redHref: String?
        var lagging: [UnitLights]?
        var laggingHref: (UUID, Light?) -> String = { _, _ in "" }
        var late: TaskSample?
        var notices: NoticeTally?
        var signOff: (count: Int, items: [ReportListing])?
        var duties: [ReportDutyListing]?
        var indicators: [IndicatorPace]?
        var units: [UUID: Unit] = [:]

        static let listLimit = 20

        static func load(caller: Caller, store: Store, today: Day) async throws -> Model {
            let units = try await store.directory().byID
            var model = Model(kind: kind(of: caller.role), year: today.year, today: today,
                              scopeName: caller.readsAllUnits ? nil : units[caller.scopeUnitID]?.name)
            model.units = units
            switch model.kind {
            case .district: try await model.loadDistrict(caller, store)
            case .leader: try await model.loadLeader(caller, store)
            case .unitHead: try await model.loadUnitHead(caller, store)
            case .staff: try await model.loadStaff(caller, store)
            }
            return model
        }

        static func kind(of role: Role) -> Kind {
            switch role {
            case .admin, .supervisor, .auditor: .district
            case .leader: .leader
            case .unitHead: .unitHead
            case .staff: .staff
            }
        }

        /// The register's address for the year with these filters (and a light).
        func register(_ items: [(String, String?)], light: Light?) -> String { Self.register(year: year, items, light: light) }

        static func register(year: Int, _ items: [(String, String?)], light: Light?) -> String {
            SitePath.tasks.query([("year", String(year))] + items + [("light", light?.rawValue)])
        }

        var week: Day { today.adding(days: 6) }

        /// The figures the district's page and a leader's remit share, from one tally of the tasks
        /// under `filter` (the register's; `items` its address): lights, the units lagging most,
        /// what falls due, the red list, and (with `late`) the late reporters. A list is read only
        /// when its count says it has rows.
        mutating func loadRemit(_ filter: TaskFilter, items: [(String, String?)], bar: (id: String, title: L10nKey), late: Bool,
                                store: Store) async throws {
            let year = self.year
            let tally = try await store.taskTally(filter, dueFrom: today, dueThrough: week)
            bars.append(LightBar(id: bar.id, title: bar.title, counts: tally.lights, href: { Self.register(year: year, items, light: $0) }))
            lagging = try await store.laggingUnits(tally)
            laggingHref = { unit, light in Self.register(year: year, items + [("unitId", unit.uuidString.lowercased())], light: light) }
            let limit = Self.listLimit
            due = TaskSample(items: tally.due > 0 ? try await store.tasksDue(filter, from: today, through: week, limit: limit) : [],
                             total: tally.due)
            let reds = tally.lights[.red] ?? 0
            red = TaskSample(items: reds > 0 ? try await store.tasksLit(filter, light: .red, limit: limit) : [], total: reds)
            redHref = register(items, light: .red)
            if late {
                self.late = TaskSample(items: tally.reportingLate > 0 ? try await store.tasksReportingLate(filter, limit: limit) : [],
                                       total: tally.reportingLate)
            }
        }

        mutating func loadDistrict(_ caller: Caller, _ store: Store) async throws {
            try await loadRemit(TaskFilter(year: year, keyTasksOnly: true, scope: caller.taskReadScope), items: [],
                                bar: ("lights-district", .dashLightsDistrict), late: true, store: store)
            notices = try await store.noticeTally(today: today, unitPath: nil)
            indicators = try await readableIndicators(caller, store)
        }

        mutating func loadLeader(_ caller: Caller, _ store: Store) async throws {
            let scope = caller.taskReadScope
            if let personID = caller.personID {
                let (me, year) = (personID.uuidString.lowercased(), self.year)
                let led = TaskFilter(year: year, leaderID: personID, keyTasksOnly: true, scope: scope)
                // A tally (grouped by unit too) finds the leader's tasks by their index; `lightCounts`,
                // grouped by light alone, made SQLite walk the year's light index instead.
                bars.append(LightBar(id: "lights-led", title: .dashLightsLed,
                                     counts: try await store.taskTally(led, dueFrom: today, dueThrough: week).lights,
                                     href: { Self.register(year: year, [("leaderId", me)], light: $0) }))
                let objects = try await store.keyObjects(year: year, kind: nil, leaderID: personID)
                let lights = try await store.keyObjectLights(ids: objects.map(\.id))
                keyObjects = objects.map { ($0, lights[$0.id] ?? [:]) }
            }
            try await loadRemit(TaskFilter(year: year, keyTasksOnly: true, scope: scope), items: [],
                                bar: ("lights-remit", scope == nil ? .dashLightsDistrict : .dashLightsRemit), late: false, store: store)
            indicators = try await readableIndicators(caller, store)
        }

        mutating func loadUnitHead(_ caller: Caller, _ store: Store) async throws {
            let (unit, year) = (caller.scopeUnitID.uuidString.lowercased(), self.year)
            let filter = TaskFilter(year: year, unitPath: caller.scopePath, keyTasksOnly: true, scope: caller.taskReadScope)
            bars.append(LightBar(id: "lights-unit", title: .dashLightsUnit,
                                 counts: try await store.taskTally(filter, dueFrom: today, dueThrough: week).lights,
                                 href: { Self.register(year: year, [("unitId", unit)], light: $0) }))
            // Work decomposed to the unit is mostly sub-tasks, which the register (key tasks) does not
            // list: their figure leads to the unit's own list, which is not cut to a year either (and
            // without the year, SQLite finds the unit's tasks by their index, not the year's 200,000).
            var everything = filter
            everything.keyTasksOnly = false
            everything.year = nil
            let all = try await store.taskTally(everything, dueFrom: today, dueThrough: week)
            bars.append(LightBar(id: "lights-unit-all", title: .dashLightsUnitAll, counts: all.lights,
                                 href: { _ in SitePath.myTasks.rawValue + "#unit-tasks" }))
            signOff = (try await store.reportCount(state: .awaitingSignOff, unitPath: caller.scopePath, taskScope: caller.taskReadScope),
                       try await store.reportListings(state: .awaitingSignOff, unitPath: caller.scopePath, taskScope: caller.taskReadScope,
                                                      limit: 10))
            due = TaskSample(items: all.due > 0 ? try await store.tasksDue(everything, from: today, through: week, limit: Self.listLimit) : [],
                             total: all.due)
            let reds = bars[0].counts[.red] ?? 0
            red = TaskSample(items: reds > 0 ? try await store.tasksLit(filter, light: .red, limit: Self.listLimit) : [], total: reds)
            redHref = register([("unitId", unit)], light: .red)
            notices = try await store.noticeTally(today: today, unitPath: caller.scopePath)
        }

        mutating func loadStaff(_ caller: Caller, _ store: Store) async throws {
            duties = try await store.reportDuties(personID: caller.personID, unitID: caller.scopeUnitID, today: today)
            if let personID = caller.personID {
                let mine = TaskFilter(assigneeID: personID, keyTasksOnly: false, scope: caller.taskReadScope)
                let tally = try await store.taskTally(mine, dueFrom: today, dueThrough: week)
                due = TaskSample(items: tally.due > 0 ? try await store.tasksDue(mine, from: today, through: week, limit: Self.listLimit) : [],
                                 total: tally.due)
            }
        }

        /// The indicators the caller reads whose parent they do not read (for the district: the top
        /// ones), the furthest behind the time elapsed first.
        func readableIndicators(_ caller: Caller, _ store: Store) async throws -> [IndicatorPace] {
            let units = self.units
            return try await store.indicatorPace(year: year, today: today, limit: 12) { unitID, personID in
                caller.canReadWork(ownerUnitPath: unitID.flatMap { units[$0]?.path }, personIDs: [personID].compactMap { $0 })
            }
        }
    }
}
