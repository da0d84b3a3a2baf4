// The field rules of drafts: trimming, required, length, control characters, formats, passwords.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct FieldRuleTests {
    let unitID = UUID()

    @Test func personDraftIsTrimmedAndEmptyPhoneBecomesNil() throws {
        let draft = try PersonDraft(name: "  张伟 ", position: " 科员", rank: .staff, unitID: unitID, phone: "  ").validated()
        #expect(draft.name == "张伟")
        #expect(draft.position == "科员")
        #expect(draft.phone == nil)
    }

    @Test func requiredFieldsRefuseBlank() {
        #expect(throws: RuleViolation(.fieldRequired, field: .fieldName)) {
            try PersonDraft(name: "   ", position: "科员", rank: .staff, unitID: unitID).validated()
        }
        #expect(throws: RuleViolation(.fieldRequired, field: .fieldPosition)) {
            try PersonDraft(name: "张伟", position: "", rank: .staff, unitID: unitID).validated()
        }
    }

    @Test func lengthsAreCountedInCharactersNotBytes() throws {
        _ = try PersonDraft(name: String(repeating: "张", count: 50), position: "科员", rank: .staff, unitID: unitID).validated()
        #expect(throws: RuleViolation(.fieldTooLong, field: .fieldName, limit: 50)) {
            try PersonDraft(name: String(repeating: "张", count: 51), position: "科员", rank: .staff, unitID: unitID).validated()
        }
    }

    @Test func controlCharactersAreRefused() {
        #expect(throws: RuleViolation(.fieldControlCharacters, field: .fieldName)) {
            try PersonDraft(name: "张\u{0007}伟", position: "科员", rank: .staff, unitID: unitID).validated()
        }
    }

    @Test func phoneFormat() throws {
        _ = try PersonDraft(name: "张伟", position: "科员", rank: .staff, unitID: unitID, phone: "+86 (0632) 666-1234").validated()
        #expect(throws: RuleViolation(.fieldPhoneFormat, field: .fieldPhone)) {
            try PersonDraft(name: "张伟", position: "科员", rank: .staff, unitID: unitID, phone: "call me").validated()
        }
    }

    @Test func unitCodesAreShortIdentifiers() throws {
        _ = try UnitDraft(code: "FGJ-01.a_b", name: "区发展和改革局", kind: .department, parentID: nil).validated()
        #expect(throws: RuleViolation(.fieldCodeFormat, field: .fieldCode)) {
            try UnitDraft(code: "发改局", name: "区发展和改革局", kind: .department, parentID: nil).validated()
        }
        #expect(throws: RuleViolation(.fieldTooLong, field: .fieldCode, limit: 32)) {
            try UnitDraft(code: String(repeating: "A", count: 33), name: "x", kind: .department, parentID: nil).validated()
        }
        #expect(throws: RuleViolation(.fieldOutOfRange, field: .fieldSortOrder)) {
            try UnitDraft(code: "A", name: "x", kind: .department, parentID: nil, sortOrder: 1_000_000).validated()
        }
    }

    @Test func usernamesAreLowerCasedAndChecked() throws {
        let draft = try AccountDraft(username: " FaGaiJu ", displayName: "发改局", role: .unitHead, scopeUnitID: unitID,
                                     personID: nil, password: "Luoshi-2026").validated()
        #expect(draft.username == "fagaiju")
        #expect(throws: RuleViolation(.fieldUsernameFormat, field: .fieldUsername)) {
            try AccountDraft(username: "发改局", displayName: "x", role: .staff, scopeUnitID: unitID, personID: nil,
                             password: "Luoshi-2026").validated()
        }
    }

    @Test func passwordPolicy() throws {
        try PasswordPolicy.check("Luoshi-2026")
        try PasswordPolicy.check("落实落实落实落实2026")
        #expect(throws: RuleViolation(.passwordTooShort, field: .fieldPassword, limit: 10)) { try PasswordPolicy.check("short1") }
        #expect(throws: RuleViolation(.passwordTooSimple, field: .fieldPassword)) { try PasswordPolicy.check("abcdefghijkl") }
        #expect(throws: RuleViolation(.passwordTooSimple, field: .fieldPassword)) { try PasswordPolicy.check("123456789012") }
    }

    @Test func assessmentGroupsFollowTheKind() {
        #expect(UnitKind.town.defaultAssessmentGroup == .townsAndStreets)
        #expect(UnitKind.department.defaultAssessmentGroup == .departments)
        #expect(UnitKind.committee.defaultAssessmentGroup == .notAssessed)
    }

    @Test func aNameNeedsAVisibleCharacter() throws {
        for invisible in ["\u{FEFF}", "\u{202E}\u{202D}", "\u{200B}\u{3000} ", "\u{2800}", "\u{E000}"] {
            #expect(throws: RuleViolation(.fieldNoVisibleCharacter, field: .fieldName)) {
                try FieldRules.text(invisible, field: .fieldName, maxLength: 100)
            }
        }
        #expect(throws: RuleViolation(.fieldControlCharacters, field: .fieldName)) {
            try FieldRules.text("名\u{FFFF}", field: .fieldName, maxLength: 100)
        }
        try FieldRules.text("\u{202B}区发改局\u{202C}", field: .fieldName, maxLength: 100)
        try FieldRules.text("R&D", field: .fieldName, maxLength: 100)
    }
}
