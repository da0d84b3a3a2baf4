// The unit tree's rules: paths, no cycles, rebasing descendants after a move.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct UnitTreeTests {
    @Test func pathsNestUnderTheParent() {
        let root = UUID(), child = UUID()
        let rootPath = UnitTree.path(for: root, underParentPath: nil)
        let childPath = UnitTree.path(for: child, underParentPath: rootPath)
        #expect(rootPath == "/\(root.uuidString.lowercased())/")
        #expect(childPath == rootPath + child.uuidString.lowercased() + "/")
        #expect(UnitTree.depth(of: rootPath) == 0)
        #expect(UnitTree.depth(of: childPath) == 1)
    }

    @Test func aUnitCannotMoveUnderItselfOrItsDescendants() throws {
        #expect(throws: RuleViolation(.unitParentCycle, field: .fieldParent)) {
            try UnitTree.checkMove(unitPath: "/a/b/", toParentPath: "/a/b/")
        }
        #expect(throws: RuleViolation(.unitParentCycle, field: .fieldParent)) {
            try UnitTree.checkMove(unitPath: "/a/b/", toParentPath: "/a/b/c/")
        }
        try UnitTree.checkMove(unitPath: "/a/b/", toParentPath: "/a/")
        try UnitTree.checkMove(unitPath: "/a/b/", toParentPath: "/a/bb/")
    }

    @Test func rebaseMovesOnlyDescendants() {
        #expect(UnitTree.rebase("/a/b/c/", from: "/a/b/", to: "/x/b/") == "/x/b/c/")
        #expect(UnitTree.rebase("/a/bc/", from: "/a/b/", to: "/x/b/") == "/a/bc/")
    }
}
