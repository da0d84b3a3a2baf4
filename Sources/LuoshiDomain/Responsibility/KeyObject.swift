// Key objects (重点对象): key projects, investment regions and key villages, each contracted to a
// leader (分包领导) with the powers delegated to them written down.
import Foundation

public enum KeyObjectKind: String, CaseIterable, Codable, Sendable {
    case keyProject, investmentRegion, keyVillage

    public var labelKey: L10nKey {
        switch self {
        case .keyProject: .keyObjectProject
        case .investmentRegion: .keyObjectRegion
        case .keyVillage: .keyObjectVillage
        }
    }
}

public struct KeyObject: Equatable, Codable, Sendable {
    public var id: UUID
    public var year: Int
    public var kind: KeyObjectKind
    public var code: String
    public var name: String
    public var contractedLeaderID: UUID?
    public var delegatedPowers: String
    public var responsibleUnitID: UUID
    /// Key projects: total investment and this year's planned investment, in 万元.
    public var investmentTotal: Double?
    public var plannedInvestment: Double?
    public var start: Day?
    public var completion: Day?
    public var location: String
    public var taskIDs: [UUID]
    public var indicatorIDs: [UUID]

    public init(id: UUID, year: Int, kind: KeyObjectKind, code: String, name: String, contractedLeaderID: UUID?,
                delegatedPowers: String, responsibleUnitID: UUID, investmentTotal: Double?, plannedInvestment: Double?,
                start: Day?, completion: Day?, location: String, taskIDs: [UUID], indicatorIDs: [UUID]) {
        self.id = id; self.year = year; self.kind = kind; self.code = code; self.name = name
        self.contractedLeaderID = contractedLeaderID; self.delegatedPowers = delegatedPowers
        self.responsibleUnitID = responsibleUnitID; self.investmentTotal = investmentTotal
        self.plannedInvestment = plannedInvestment; self.start = start; self.completion = completion; self.location = location
        self.taskIDs = taskIDs; self.indicatorIDs = indicatorIDs
    }
}
