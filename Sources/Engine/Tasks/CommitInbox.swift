import Synchronization

/// What the store reports back to the manager once a write it was handed is over.
enum CommitEvent: Sendable {
    /// A submission's insert; the submitter waits on `reply`.
    case inserted(TaskSnapshot, Result<InsertOutcome, StoreError>, reply: CheckedContinuation<AcceptedInsert, any Error>)
    /// A run's `running` transition.
    case started(TaskSnapshot, StoreError?)
    /// A completed turn: the task as it was saving, the turn, and the chat the turn left.
    case completed(TaskSnapshot, CompletedTurn, Result<ChatRecord, StoreError>)
    /// A failed task.
    case failed(TaskSnapshot, StoreError?)
    /// A task sent back to pending by a shutdown.
    case requeued(TaskSnapshot, StoreError?)
}

/// How a submission's insert ended, once the manager has queued the new task.
enum AcceptedInsert: Sendable {
    /// Queued; the snapshot carries its queue position.
    case queued(TaskSnapshot)
    case refused(InsertOutcome)
}

/// Commit reports on their way into the manager actor. The store's writer posts one per write;
/// the first post into an empty inbox starts one task that hands everything gathered so far to
/// the actor at once, so a batch of a hundred commits costs one actor hop, not a hundred.
final class CommitInbox: Sendable {
    private struct State {
        var events: [CommitEvent] = []
        var scheduled = false
    }

    private let state = Mutex(State())

    /// Adds `event`; returns true when the caller must schedule a `take()` (the inbox was idle).
    func post(_ event: CommitEvent) -> Bool {
        state.withLock { state in
            state.events.append(event)
            if state.scheduled { return false }
            state.scheduled = true
            return true
        }
    }

    /// Everything posted so far; an empty answer ends the scheduled delivery.
    func take() -> [CommitEvent] {
        state.withLock { state in
            var events: [CommitEvent] = []
            swap(&events, &state.events)
            if events.isEmpty { state.scheduled = false }
            return events
        }
    }
}
