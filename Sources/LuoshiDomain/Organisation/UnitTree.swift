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

    /// How deep a unit (or task) sits (the district committee is 0). Paths are "/id/id/…/": the
    /// slashes are counted on the bytes (splitting the string showed in every page's profile).
    public static func depth(of path: String) -> Int {
        var slashes = 0
        for byte in path.utf8 where byte == UInt8(ascii: "/") { slashes += 1 }
        return max(0, slashes - 2)
    }
}

/// The order every tree is shown in (units, a task's decomposition): each parent directly followed
/// by its children, siblings by `before`. An item whose parent is not in the list (a list cut by
/// scope) stands as a root of its own, so nothing is hidden under the wrong parent.
public enum TreeOrder {
    public static func depthFirst<T>(_ items: [T], id: (T) -> UUID, parent: (T) -> UUID?,
                                     before: (T, T) -> Bool) -> [T] {
        let ids = Set(items.map(id))
        var children: [UUID: [T]] = [:]
        var roots: [T] = []
        for item in items {
            if let parentID = parent(item), ids.contains(parentID) { children[parentID, default: []].append(item) } else { roots.append(item) }
        }
        var ordered: [T] = []
        ordered.reserveCapacity(items.count)
        // An explicit stack: decomposition can be deep, and recursion depth should not depend on data.
        var stack: [T] = roots.sorted(by: before).reversed()
        while let item = stack.popLast() {
            ordered.append(item)
            stack.append(contentsOf: (children[id(item)] ?? []).sorted(by: before).reversed())
        }
        return ordered
    }
}
