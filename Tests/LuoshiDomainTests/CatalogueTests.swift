// Every string a user sees exists in both languages, and messages keep their placeholders.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct CatalogueTests {
    @Test func everyKeyIsInBothLanguages() {
        for language in Language.allCases {
            let missing = L10nKey.allCases.filter { !Catalogue.for(language).has($0) }
            #expect(missing.isEmpty, "missing in \(language.rawValue): \(missing)")
        }
    }

    @Test func everyRuleHasAMessageWithTheSamePlaceholdersInBothLanguages() {
        for rule in Rule.allCases {
            let chinese = Catalogue.for(.zhHans)[rule.messageKey]
            let english = Catalogue.for(.en)[rule.messageKey]
            for placeholder in ["{field}", "{limit}"] {
                #expect(chinese.contains(placeholder) == english.contains(placeholder), "\(rule) \(placeholder)")
            }
        }
    }

    @Test func ruleCodesAreUniqueAndStable() {
        #expect(Set(Rule.allCases.map(\.rawValue)).count == Rule.allCases.count)
        #expect(Rule.outsideScope.rawValue == "access.outside_scope")
    }

    @Test func messagesFillTheirPlaceholders() {
        let violation = RuleViolation(.fieldTooLong, field: .fieldName, limit: 50)
        #expect(violation.message(in: .zhHans) == "“名称/姓名”不能超过 50 个字符。")
        #expect(violation.message(in: .en) == "“Name” must be at most 50 characters.")
    }

    @Test(arguments: [
        (nil, Language.zhHans), ("", .zhHans), ("en-US,en;q=0.9", .en), ("zh-CN,zh;q=0.9,en;q=0.8", .zhHans),
        ("en;q=0.5,zh-TW;q=0.8", .zhHans), ("fr-FR,en;q=0.3", .en), ("fr-FR", .zhHans), ("en;q=0,zh;q=0.1", .zhHans),
    ] as [(String?, Language)])
    func negotiatesTheLanguage(header: String?, expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }
}
