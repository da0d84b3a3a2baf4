// Turning submitted text (form fields, query items, API strings) into domain values, refusing with
// the rule that names the field.
import Foundation
import LuoshiDomain
import Vapor

enum Parse {
    static func uuid(_ text: String?, field: L10nKey) throws(RuleViolation) -> UUID? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw RuleViolation(.fieldInvalidChoice, field: field) }
        return id
    }

    static func requiredUUID(_ text: String?, field: L10nKey) throws(RuleViolation) -> UUID {
        guard let id = try uuid(text, field: field) else { throw RuleViolation(.fieldRequired, field: field) }
        return id
    }

    static func choice<E: RawRepresentable>(_ text: String?, as: E.Type, field: L10nKey) throws(RuleViolation) -> E?
        where E.RawValue == String {
        guard let text, !text.isEmpty else { return nil }
        guard let value = E(rawValue: text) else { throw RuleViolation(.fieldInvalidChoice, field: field) }
        return value
    }

    static func requiredChoice<E: RawRepresentable>(_ text: String?, as type: E.Type, field: L10nKey) throws(RuleViolation) -> E
        where E.RawValue == String {
        guard let value = try choice(text, as: type, field: field) else { throw RuleViolation(.fieldRequired, field: field) }
        return value
    }

    static func int(_ text: String?, field: L10nKey, default fallback: Int) throws(RuleViolation) -> Int {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return fallback }
        guard let value = Int(text) else { throw RuleViolation(.fieldOutOfRange, field: field) }
        return value
    }

    /// The id in a path like /people/:id; a malformed one is simply not found.
    static func pathID(_ request: Request) throws(RuleViolation) -> UUID {
        guard let text = request.parameters.get("id"), let id = UUID(uuidString: text) else { throw RuleViolation(.recordNotFound) }
        return id
    }

    /// Paging from ?offset=; negative or absurd offsets are clamped rather than refused on pages.
    static func offset(_ request: Request) -> Int {
        min(max((try? request.query.get(Int.self, at: "offset")) ?? 0, 0), 1_000_000)
    }

    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = try? request.query.get(String.self, at: name) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(100))
    }

    /// Only a same-site path may be a redirect target after sign-in: it starts with one "/", holds
    /// no control character, space or backslash (browsers drop tabs and newlines and read "\" as
    /// "/", so "/\t/evil.example" would become "//evil.example"), and is not the sign-in page.
    /// Anything else leads home.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count <= 2000, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\"
                  || ($0.value >= 0x80 && $0.properties.generalCategory == .control) }),
              !next.hasPrefix(SitePath.signIn.rawValue) else { return SitePath.home.rawValue }
        return next
    }
}

extension Parse {
    static func day(_ text: String?, field: L10nKey) throws(RuleViolation) -> Day? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let day = Day(text) else { throw RuleViolation(.fieldInvalidDay, field: field) }
        return day
    }

    static func number(_ text: String?, field: L10nKey) throws(RuleViolation) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ""), !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite else { throw RuleViolation(.fieldInvalidNumber, field: field) }
        return value
    }

    static func milestones(_ text: String?) throws(RuleViolation) -> [Milestone] { try Milestone.parse(text ?? "") }
}
