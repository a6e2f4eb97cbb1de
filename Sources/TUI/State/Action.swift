import Engine
import Foundation

/// Something that happened: a key, a resize, the clock, or news from the engine.
public enum Action: Sendable, Equatable {
    case key(Key)
    /// Text pasted at once (bracketed paste): inserted as text, never submitted.
    case paste(String)
    case resize(width: Int, height: Int)
    case tick(Date)
    /// One task changed; the engine's counts right after.
    case engine(TaskSnapshot, EngineStats)
    /// Earlier tasks read from the store (history of the maternal id, tasks still live).
    case historyLoaded([TaskSnapshot])
    /// The operator's own question was accepted as this task.
    case submitted(TaskSnapshot)
    /// The operator's question was refused; the text goes back into the input if it is empty.
    case submitFailed(input: String, message: String)
    case burstSubmitted(accepted: Int, failures: [String])
    /// Something the operator asked for did not work; the message says what.
    case failed(String)
}

/// Work the reducer asks the runtime to do; its outcome comes back as an `Action`.
public enum Effect: Sendable, Equatable {
    case submit(QARequest)
    case submitBurst([QARequest])
    case cancel(taskID: String)
    case loadHistory(maternalID: Int64)
    case quit
}
