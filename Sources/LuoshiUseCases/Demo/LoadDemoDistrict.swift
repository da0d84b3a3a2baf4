// Use case: fill an empty database with the demo district, through the same use cases as everyone
// (so the demo has a full audit trail from its first record).
import Foundation
import LuoshiDomain
import LuoshiStorage

public struct DemoSummary: Sendable {
    public var units: Int
    public var people: Int
    public var accounts: [(username: String, role: Role, displayName: String)]
    public var password: String
    public var plan: DemoPlanSummary
}

public enum DemoLoadOutcome: Sendable {
    case loaded(DemoSummary)
    case skippedNotEmpty
}

public func loadDemoDistrict(passwordHash: String, context: UseCaseContext) async throws -> DemoLoadOutcome {
    guard try await context.store.unitCount(scopePath: nil) == 0 else { return .skippedNotEmpty }
    var unitsByCode: [String: Unit] = [:]
    var peopleByUnit: [String: [Person]] = [:]
    var personNumber = 0
    for (order, demo) in DemoDistrictData.units.enumerated() {
        let unit = try await createUnit(UnitDraft(code: demo.code, name: demo.name, kind: demo.kind,
                                                  parentID: demo.parent.flatMap { unitsByCode[$0]?.id }, sortOrder: order * 10),
                                        context: context)
        unitsByCode[demo.code] = unit
        for (index, position) in ([demo.headTitle] + demo.staff).enumerated() {
            personNumber += 1
            let rank: PersonRank = demo.kind == .committee || demo.kind == .government ? .districtLeader
                : (index < 2 && demo.kind != .village ? .sectionLevel : .staff)
            let person = try await createPerson(PersonDraft(name: DemoDistrictData.name(personNumber), position: position,
                                                            rank: rank, unitID: unit.id,
                                                            phone: String(format: "0632-66%05d", personNumber)),
                                                context: context)
            peopleByUnit[demo.code, default: []].append(person)
        }
    }
    var accounts: [(String, Role, String)] = []
    for demo in DemoDistrictData.accounts {
        guard let unit = unitsByCode[demo.unitCode] else { continue }
        let person = demo.personIndex.flatMap { peopleByUnit[demo.unitCode]?[$0] }
        let displayName = demo.displayName ?? person.map { "\($0.name)（\(unit.name)\($0.position)）" } ?? demo.username
        let account = try await createAccount(
            AccountDraft(username: demo.username, displayName: displayName, role: demo.role, scopeUnitID: unit.id,
                         personID: person?.id, password: DemoDistrictData.password, readsEverything: demo.readsEverything),
            passwordHash: passwordHash, context: context)
        if let person, !demo.oversees.isEmpty {
            try await setOversight(personID: person.id, unitIDs: demo.oversees.compactMap { unitsByCode[$0]?.id }, context: context)
        }
        accounts.append((account.username, account.role, account.displayName))
    }
    let planSummary = try await DemoPlan.load(context: context)
    try await DemoDecisions.load(context: context, people: peopleByUnit)
    try await DemoSupervision.load(context: context, people: peopleByUnit, units: unitsByCode)
    try await DemoAssessment.load(context: context, units: unitsByCode)
    return .loaded(DemoSummary(units: unitsByCode.count, people: personNumber, accounts: accounts,
                               password: DemoDistrictData.password, plan: planSummary))
}

public var demoPassword: String { DemoDistrictData.password }
