// What a caller submits to create or change a record, and the rules each field must meet.
import Foundation

public struct UnitDraft: Equatable, Sendable {
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var assessmentGroup: AssessmentGroup?
    public var parentID: UUID?
    public var sortOrder: Int

    public init(code: String, name: String, kind: UnitKind, assessmentGroup: AssessmentGroup? = nil,
                parentID: UUID?, sortOrder: Int = 0) {
        self.code = code; self.name = name; self.kind = kind; self.assessmentGroup = assessmentGroup
        self.parentID = parentID; self.sortOrder = sortOrder
    }

    /// Trimmed copy that satisfies every field rule, or the first rule it breaks.
    public func validated() throws(RuleViolation) -> UnitDraft {
        var draft = self
        draft.code = code.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        try FieldRules.code(draft.code, field: .fieldCode)
        try FieldRules.text(draft.name, field: .fieldName, maxLength: 100)
        guard (-100_000...100_000).contains(sortOrder) else {
            throw RuleViolation(.fieldOutOfRange, field: .fieldSortOrder)
        }
        return draft
    }
}

public struct PersonDraft: Equatable, Sendable {
    public var name: String
    public var position: String
    public var rank: PersonRank
    public var unitID: UUID
    public var phone: String?

    public init(name: String, position: String, rank: PersonRank, unitID: UUID, phone: String? = nil) {
        self.name = name; self.position = position; self.rank = rank; self.unitID = unitID; self.phone = phone
    }

    public func validated() throws(RuleViolation) -> PersonDraft {
        var draft = self
        draft.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.position = position.trimmingCharacters(in: .whitespacesAndNewlines)
        let phone = phone?.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.phone = (phone?.isEmpty ?? true) ? nil : phone
        try FieldRules.text(draft.name, field: .fieldName, maxLength: 50)
        try FieldRules.text(draft.position, field: .fieldPosition, maxLength: 100)
        if let phone = draft.phone {
            let allowed = CharacterSet(charactersIn: "0123456789+- ()")
            guard phone.count <= 30, phone.unicodeScalars.allSatisfy(allowed.contains) else {
                throw RuleViolation(.fieldPhoneFormat, field: .fieldPhone)
            }
        }
        return draft
    }
}

public struct AccountDraft: Equatable, Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var scopeUnitID: UUID
    public var personID: UUID?
    public var password: String
    /// For the principal leaders (书记, 区长): read all work.
    public var readsEverything: Bool

    public init(username: String, displayName: String, role: Role, scopeUnitID: UUID, personID: UUID?, password: String,
                readsEverything: Bool = false) {
        self.username = username; self.displayName = displayName; self.role = role
        self.scopeUnitID = scopeUnitID; self.personID = personID; self.password = password; self.readsEverything = readsEverything
    }

    public func validated() throws(RuleViolation) -> AccountDraft {
        var draft = self
        draft.username = username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        draft.displayName = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        try FieldRules.username(draft.username)
        try FieldRules.text(draft.displayName, field: .fieldDisplayName, maxLength: 50)
        try PasswordPolicy.check(password)
        return draft
    }
}

public enum FieldRules {
    public static func text(_ value: String, field: L10nKey, maxLength: Int) throws(RuleViolation) {
        guard !value.isEmpty else { throw RuleViolation(.fieldRequired, field: field) }
        guard value.count <= maxLength else { throw RuleViolation(.fieldTooLong, field: field, limit: maxLength) }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isNoncharacterCodePoint }) else {
            throw RuleViolation(.fieldControlCharacters, field: field)
        }
        guard value.unicodeScalars.contains(where: isVisible) else { throw RuleViolation(.fieldNoVisibleCharacter, field: field) }
    }

    /// Text written in a text area (a report, an opinion, minutes): as `text`, but line breaks and
    /// tabs are allowed.
    public static func prose(_ value: String, field: L10nKey, maxLength: Int) throws(RuleViolation) {
        guard !value.isEmpty else { throw RuleViolation(.fieldRequired, field: field) }
        guard value.count <= maxLength else { throw RuleViolation(.fieldTooLong, field: field, limit: maxLength) }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        guard !value.unicodeScalars.contains(where: {
            !allowed.contains($0) && ($0.properties.generalCategory == .control || $0.properties.isNoncharacterCodePoint)
        }) else { throw RuleViolation(.fieldControlCharacters, field: field) }
        guard value.unicodeScalars.contains(where: isVisible) else { throw RuleViolation(.fieldNoVisibleCharacter, field: field) }
    }

    /// A character that leaves a mark: not a space, a format character (zero-width, byte-order mark,
    /// direction overrides), a control, a private-use or unassigned code point.
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .privateUse, .surrogate, .unassigned:
            false
        default:
            // Hangul fillers and braille blank are letters or symbols that show nothing.
            !["\u{115F}", "\u{1160}", "\u{3164}", "\u{FFA0}", "\u{2800}"].contains(scalar)
        }
    }

    /// Unit codes are short identifiers people type into spreadsheets: letters, digits, '-', '_', '.'.
    public static func code(_ value: String, field: L10nKey) throws(RuleViolation) {
        guard !value.isEmpty else { throw RuleViolation(.fieldRequired, field: field) }
        guard value.count <= 32 else { throw RuleViolation(.fieldTooLong, field: field, limit: 32) }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard value.unicodeScalars.allSatisfy(allowed.contains) else { throw RuleViolation(.fieldCodeFormat, field: field) }
    }

    public static func username(_ value: String) throws(RuleViolation) {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard (2...40).contains(value.count), value.unicodeScalars.allSatisfy(allowed.contains) else {
            throw RuleViolation(.fieldUsernameFormat, field: .fieldUsername)
        }
    }
}

public enum PasswordPolicy {
    public static let minimumLength = 10

    /// Long enough, not all one class of character; a pass phrase of Chinese characters counts too.
    public static func check(_ password: String) throws(RuleViolation) {
        guard password.count >= minimumLength else {
            throw RuleViolation(.passwordTooShort, field: .fieldPassword, limit: minimumLength)
        }
        guard password.count <= 128 else { throw RuleViolation(.fieldTooLong, field: .fieldPassword, limit: 128) }
        let classes = [
            password.contains(where: \.isLetter), password.contains(where: \.isNumber),
            password.contains(where: { !$0.isLetter && !$0.isNumber }),
        ].filter { $0 }.count
        guard classes >= 2 else { throw RuleViolation(.passwordTooSimple, field: .fieldPassword) }
    }
}
