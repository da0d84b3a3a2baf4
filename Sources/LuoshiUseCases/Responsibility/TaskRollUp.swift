// Keeps each task's rolled-up progress (stored so the register can sort by it) in step with its
// sub-tasks: after a change, every ancestor is recomputed inside the same transaction.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum TaskRollUp {
    /// Recomputes `taskID` and then each of its ancestors. A task not yet started whose sub-tasks
    /// have made progress is in progress now; that move is recorded like any other.
    static func refresh(from taskID: UUID, in tx: WriteTransaction, context: UseCaseContext) async throws {
        var current: UUID? = taskID
        var steps = 0
        while let id = current, steps < 64 {
            guard let task = try await tx.task(id: id) else { return }
            let node = Decomposition.Node(weight: task.weight, progress: Double(task.progress), status: task.status,
                                          children: try await tx.childNodes(of: id))
            let rolled = Decomposition.rolledUpProgress(node)
            try await tx.setRolledProgress(rolled, taskID: id, risingOn: context.today)
            if task.status == .notStarted && rolled > 0 {
                var started = task
                started.status = .inProgress
                try await tx.update(started, rolledProgress: rolled)
                try await tx.record(.update, kind: .task, id: id.uuidString, before: task, after: started, in: context)
            }
            current = task.parentID
            steps += 1
        }
    }
}
