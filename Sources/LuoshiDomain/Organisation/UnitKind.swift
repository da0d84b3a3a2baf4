// What sort of body a unit is, and which assessment group it falls in by default.

public enum UnitKind: String, CaseIterable, Codable, Sendable {
    case committee
    case government
    case department
    case town
    case village
    case park
    case enterprise

    public var labelKey: L10nKey {
        switch self {
        case .committee: .unitKindCommittee
        case .government: .unitKindGovernment
        case .department: .unitKindDepartment
        case .town: .unitKindTown
        case .village: .unitKindVillage
        case .park: .unitKindPark
        case .enterprise: .unitKindEnterprise
        }
    }

    /// Towns and streets are ranked apart from departments (the source's "镇街、区直部门之间比位次").
    public var defaultAssessmentGroup: AssessmentGroup {
        switch self {
        case .town: .townsAndStreets
        case .department, .park: .departments
        case .committee, .government, .village, .enterprise: .notAssessed
        }
    }
}

public enum AssessmentGroup: String, CaseIterable, Codable, Sendable {
    case townsAndStreets
    case departments
    case notAssessed

    public var labelKey: L10nKey {
        switch self {
        case .townsAndStreets: .groupTownsAndStreets
        case .departments: .groupDepartments
        case .notAssessed: .groupNotAssessed
        }
    }
}

public enum PersonRank: String, CaseIterable, Codable, Sendable {
    case districtLeader
    case sectionLevel
    case staff

    public var labelKey: L10nKey {
        switch self {
        case .districtLeader: .rankDistrictLeader
        case .sectionLevel: .rankSectionLevel
        case .staff: .rankStaff
        }
    }
}
