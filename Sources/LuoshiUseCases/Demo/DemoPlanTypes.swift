// The shapes of the demo plan (issue 3): the source's five work areas, 34 key tasks, 43 key
// projects, 8 investment regions, 30 key villages and the district indicators. The content is in
// DemoPlanData.swift; LoadDemoPlan.swift turns it into records through the use cases.
import LuoshiDomain

/// A district leader of the demo: the n-th person of the committee ("QW") or government ("QZF").
/// QW: 0 区委书记, 1 区委副书记, 2 组织部部长, 3 宣传部部长, 4 常务副区长. QZF: 0 区长, 1–3 副区长.
struct DemoLeader {
    var unitCode: String
    var index: Int
}

struct DemoArea {
    var code: String
    var name: String
}

struct DemoMilestone {
    var month: Int
    var day: Int
    var target: String
}

/// A sub-task for a unit, or for a person of that unit (`personIndex` into the unit's people, 0 = head).
struct DemoSubTask: Sendable {
    var unitCode: String
    var title: String
    var personIndex: Int?
    var progress: Int
    var children: [DemoSubTask] = []
}

struct DemoTask {
    /// Its number in the year: becomes the code 2026-ZD-NN.
    var number: Int
    var areaCode: String
    var tier: Tier
    var title: String
    var target: String
    var requirements: String
    var leader: DemoLeader
    var responsibleUnitCode: String
    var cooperatingUnitCodes: [String]
    var startMonth: Int
    var deadlineMonth: Int
    var deadlineDay: Int
    var milestones: [DemoMilestone]
    var progress: Int
    var status: TaskStatus
    var subTasks: [DemoSubTask]
}

struct DemoKeyObject {
    var kind: KeyObjectKind
    var code: String
    var name: String
    var leader: DemoLeader
    var responsibleUnitCode: String
    var delegatedPowers: String
    /// 万元; key projects only.
    var investmentTotal: Double?
    var plannedInvestment: Double?
    var startMonth: Int?
    var completionYear: Int?
    var completionMonth: Int?
    var location: String
    /// Numbers of demo tasks this object is linked to.
    var taskNumbers: [Int]
}

/// A district indicator decomposed to units; readings are monthly values (January first) of the
/// indicator's own parts, so the district figure rolls up from them.
struct DemoIndicator {
    var code: String
    var name: String
    var measure: MeasureUnit
    var direction: Direction
    var rollUp: RollUp
    var baseline: Double
    var target: Double
    var ownerUnitCode: String
    var parts: [DemoIndicatorPart]
}

struct DemoIndicatorPart {
    var unitCode: String
    var target: Double
    var monthlyReadings: [Double]
}
