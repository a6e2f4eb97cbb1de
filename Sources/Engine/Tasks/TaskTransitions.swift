import Foundation

/// The field changes of the manager's terminal and back-to-queue transitions, in one place.
extension TaskSnapshot {
    /// This task ended `failed` with `code` and `message` (and the technical `detail`, when there
    /// is one) at `time`; progress stays where it was.
    func failed(_ code: TaskErrorCode, _ message: String, detail: String? = nil, at time: Date) -> TaskSnapshot {
        var task = self
        task.status = .failed
        task.errorCode = code
        task.error = message
        task.errorDetail = detail
        task.completedAt = time
        task.answerSoFar = nil
        return task
    }

    /// This task waiting again after an interrupted run (restart or shutdown); progress keeps its floor.
    func requeued() -> TaskSnapshot {
        var task = self
        task.status = .pending
        task.stage = .queued
        task.startedAt = nil
        task.answerSoFar = nil
        return task
    }

    /// This running task completed with `turn`.
    func completed(by turn: CompletedTurn) -> TaskSnapshot {
        var task = self
        task.status = .completed
        task.stage = .done
        task.progress = StageProgress.done
        task.completedAt = turn.completedAt
        task.answerSoFar = nil
        task.triage = task.triage.map { $0.raised(by: turn.triage) } ?? turn.triage
        return task
    }
}
