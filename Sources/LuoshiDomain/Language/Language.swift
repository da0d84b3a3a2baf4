import Foundation

// The interface languages: Simplified Chinese first, English second.

public enum Language: String, CaseIterable, Codable, Sendable {
    case zhHans = "zh-Hans"
    case en

    public static let fallback: Language = .zhHans

    /// Picks from an Accept-Language header by quality; anything Chinese means zh-Hans.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header, !header.isEmpty else { return fallback }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality)
        }
        for (tag, quality) in ranked.sorted(by: { $0.1 > $1.1 }) where quality > 0 {
            if tag.hasPrefix("zh") { return .zhHans }
            if tag.hasPrefix("en") { return .en }
        }
        return fallback
    }

    public var labelKey: L10nKey { self == .zhHans ? .languageZhHans : .languageEn }
}

public struct Catalogue: Sendable {
    public let language: Language
    let entries: [L10nKey: String]

    public static func `for`(_ language: Language) -> Catalogue {
        switch language {
        case .zhHans: zhHans
        case .en: en
        }
    }

    static let zhHans = Catalogue(language: .zhHans, entries: zhHansEntries)
    static let en = Catalogue(language: .en, entries: enEntries)

    /// A missing key shows as itself; a test keeps every key present in both languages.
    public subscript(key: L10nKey) -> String { entries[key] ?? key.rawValue }

    public func has(_ key: L10nKey) -> Bool { entries[key] != nil }

    /// Replaces `{name}` placeholders, in one pass (a value that itself contains "{…}" is left as
    /// typed); a placeholder without a value stays as written.
    public func format(_ key: L10nKey, _ values: [String: String]) -> String {
        let template = self[key]
        var rest = template[...]
        guard rest.contains("{") else { return template }
        var text = ""
        text.reserveCapacity(template.utf8.count + 32)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { text += rest[open...]; rest = rest[rest.endIndex...]; break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] { text += value } else { text += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }
}
