// Rules of the unit tree: paths, and moves that would make a unit its own ancestor.
import Foundation

public enum UnitTree {
    public static func path(for id: UUID, underParentPath parentPath: String?) -> String {
        (parentPath ?? "/") + id.uuidString.lowercased() + "/"
    }

    /// A unit may not move under itself or under one of its descendants.
    public static func checkMove(unitPath: String, toParentPath parentPath: String) throws(RuleViolation) {
        guard !parentPath.hasPrefix(unitPath) else { throw RuleViolation(.unitParentCycle, field: .fieldParent) }
    }

    /// The path of a descendant once its ancestor's path changed from `old` to `new`.
    public static func rebase(_ descendantPath: String, from old: String, to new: String) -> String {
        guard descendantPath.hasPrefix(old) else { return descendantPath }
        return new + descendantPath.dropFirst(old.count)
    }

    /// How deep a unit sits (the district committee is 0).
    public static func depth(of path: String) -> Int {
        max(0, path.split(separator: "/").count - 1)
    }
}
