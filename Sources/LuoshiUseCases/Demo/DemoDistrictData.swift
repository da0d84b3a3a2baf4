// The demo district, modelled on the source document's district (a committee and a government,
// six towns and streets, about forty departments). Names of people are generated, not real.
import LuoshiDomain

struct DemoUnit {
    var code: String
    var name: String
    var kind: UnitKind
    var parent: String?
    /// Head's position title, then the other positions in the unit.
    var headTitle: String
    var staff: [String]
}

enum DemoDistrictData {
    static let committee = "QW"
    static let government = "QZF"

    static let departmentStaff = ["副局长", "办公室主任", "科长", "科员", "科员"]
    static let townStaff = ["镇长", "党委副书记", "副镇长", "经济发展办主任", "科员", "科员"]
    static let villageStaff = ["村委会主任", "村会计"]

    static var units: [DemoUnit] {
        var all: [DemoUnit] = [
            DemoUnit(code: committee, name: "中共台儿庄区委", kind: .committee, parent: nil, headTitle: "区委书记",
                     staff: ["区委副书记", "区委常委、组织部部长", "区委常委、宣传部部长", "区委常委、常务副区长"]),
            DemoUnit(code: government, name: "台儿庄区人民政府", kind: .government, parent: nil, headTitle: "区长",
                     staff: ["副区长", "副区长", "副区长"]),
        ]
        let committeeDepartments: [(String, String, String)] = [
            ("QWB", "区委办公室", "主任"), ("DCS", "区委督查室", "主任"), ("ZZB", "区委组织部", "常务副部长"),
            ("XCB", "区委宣传部", "常务副部长"), ("TZB", "区委统战部", "常务副部长"), ("ZFW", "区委政法委", "常务副书记"),
            ("JW", "区纪委监委", "副书记"),
        ]
        let governmentDepartments: [(String, String, String)] = [
            ("ZFB", "区政府办公室", "主任"), ("FGJ", "区发展和改革局", "局长"), ("JTJ", "区教育和体育局", "局长"),
            ("KJJ", "区科学技术局", "局长"), ("GXJ", "区工业和信息化局", "局长"), ("GAJ", "区公安分局", "局长"),
            ("MZJ", "区民政局", "局长"), ("SFJ", "区司法局", "局长"), ("CZJ", "区财政局", "局长"),
            ("RSJ", "区人力资源和社会保障局", "局长"), ("ZRJ", "区自然资源局", "局长"), ("ZJJ", "区住房和城乡建设局", "局长"),
            ("JTYS", "区交通运输局", "局长"), ("SWJ", "区水务局", "局长"), ("NYJ", "区农业农村局", "局长"),
            ("SWUJ", "区商务局", "局长"), ("WLJ", "区文化和旅游局", "局长"), ("WJJ", "区卫生健康局", "局长"),
            ("TYJ", "区退役军人事务局", "局长"), ("YJJ", "区应急管理局", "局长"), ("SJJ", "区审计局", "局长"),
            ("SCJ", "区市场监督管理局", "局长"), ("TJJ", "区统计局", "局长"), ("YBJ", "区医疗保障局", "局长"),
            ("CGJ", "区城市管理局", "局长"), ("SPJ", "区行政审批服务局", "局长"), ("TCJ", "区投资促进局", "局长"),
            ("ZFJ", "区综合行政执法局", "局长"), ("XFJ", "区信访局", "局长"), ("DSJ", "区大数据中心", "主任"),
            ("SHUIJ", "区税务局", "局长"),
        ]
        for (code, name, title) in committeeDepartments {
            all.append(DemoUnit(code: code, name: name, kind: .department, parent: committee, headTitle: title, staff: departmentStaff))
        }
        for (code, name, title) in governmentDepartments {
            all.append(DemoUnit(code: code, name: name, kind: .department, parent: government, headTitle: title, staff: departmentStaff))
        }
        all.append(DemoUnit(code: "KFQ", name: "台儿庄经济开发区", kind: .park, parent: government, headTitle: "管委会主任",
                            staff: ["副主任", "招商部部长", "科员"]))
        all.append(DemoUnit(code: "GCGW", name: "台儿庄古城管委会", kind: .park, parent: government, headTitle: "管委会主任",
                            staff: ["副主任", "科员"]))
        let towns: [(String, String, [String])] = [
            ("YHJD", "运河街道", ["兴中社区", "顺河社区"]), ("PZZ", "邳庄镇", ["邳庄村", "官庄村"]),
            ("ZSZZ", "张山子镇", ["张山子村", "侯孟村"]), ("NGZ", "泥沟镇", ["泥沟村", "前泥沟村"]),
            ("JTJZ", "涧头集镇", ["涧头村", "杨楼村"]), ("MLTZ", "马兰屯镇", ["马兰村", "东顿庄村"]),
        ]
        for (code, name, villages) in towns {
            all.append(DemoUnit(code: code, name: name, kind: .town, parent: government,
                                headTitle: name.hasSuffix("街道") ? "党工委书记" : "党委书记", staff: townStaff))
            for (index, village) in villages.enumerated() {
                all.append(DemoUnit(code: "\(code)-C\(index + 1)", name: village, kind: .village, parent: code,
                                    headTitle: "党支部书记", staff: villageStaff))
            }
        }
        return all
    }

    struct DemoAccount {
        var username: String
        var role: Role
        var unitCode: String
        /// Which person of the unit the account belongs to: 0 is the head.
        var personIndex: Int?
        var displayName: String?
        /// The principal leaders read all work.
        var readsEverything = false
        /// A deputy leader's 分管 units, by code.
        var oversees: [String] = []
    }

    static let accounts: [DemoAccount] = [
        DemoAccount(username: "admin", role: .admin, unitCode: committee, personIndex: nil, displayName: "系统管理员"),
        DemoAccount(username: "duchashi", role: .supervisor, unitCode: "DCS", personIndex: 0),
        DemoAccount(username: "shuji", role: .leader, unitCode: committee, personIndex: 0, readsEverything: true),
        DemoAccount(username: "quzhang", role: .leader, unitCode: government, personIndex: 0, readsEverything: true),
        DemoAccount(username: "fuquzhang", role: .leader, unitCode: government, personIndex: 1, oversees: ["FGJ", "GXJ"]),
        DemoAccount(username: "fagaiju", role: .unitHead, unitCode: "FGJ", personIndex: 0),
        DemoAccount(username: "fagaiju-staff", role: .staff, unitCode: "FGJ", personIndex: 4),
        DemoAccount(username: "yunhe", role: .unitHead, unitCode: "YHJD", personIndex: 0),
        DemoAccount(username: "jijian", role: .auditor, unitCode: "JW", personIndex: 0),
    ]

    static let password = "Luoshi-2026"

    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段")
    static let givenCharacters = Array("伟芳娜秀敏静丽强磊军洋勇艳杰涛明超霞平刚桂英华玉兰萍红建文辉力斌宇鑫波宁丹晨浩凯鹏博志国庆海燕春雪梅立新东亮")

    /// A deterministic name for the n-th person, so every demo district is the same.
    static func name(_ n: Int) -> String {
        let surname = surnames[(n * 7 + 3) % surnames.count]
        let first = givenCharacters[(n * 13 + 5) % givenCharacters.count]
        let second = givenCharacters[(n * 29 + 11) % givenCharacters.count]
        return n % 3 == 0 ? "\(surname)\(first)" : "\(surname)\(first)\(second)"
    }
}
