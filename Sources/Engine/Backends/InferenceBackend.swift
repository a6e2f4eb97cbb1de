/// What a backend is asked to write a reply for. Triage and retrieval have already run.
public struct GenerationRequest: Sendable {
    public var question: String
    public var userType: UserType
    /// Earlier messages of the chat, oldest first.
    public var history: [ChatMessage]
    public var passages: [RetrievedPassage]
    public var triage: TriageAssessment

    public init(
        question: String, userType: UserType, history: [ChatMessage],
        passages: [RetrievedPassage], triage: TriageAssessment
    ) {
        self.question = question
        self.userType = userType
        self.history = history
        self.passages = passages
        self.triage = triage
    }
}

/// A piece of the reply as it is produced, with how far along generation is (0…1) so progress can follow it.
public struct GenerationChunk: Sendable, Equatable {
    public var text: String
    public var fraction: Double
    /// Set by a backend that handed the request to another one (a fallback), naming the one that
    /// wrote this text, so `chat_meta.backend` tells what really answered; nil otherwise.
    public var answeredBy: String?
    /// The model's own triage level, on the chunk where the backend learned it (the OpenAI
    /// backend's `TRIAGE:` line); nil otherwise. The workflow keeps it only when it is higher than
    /// the rules' level.
    public var modelTriage: TriageLevel?

    public init(text: String, fraction: Double, answeredBy: String? = nil, modelTriage: TriageLevel? = nil) {
        self.text = text
        self.fraction = fraction
        self.answeredBy = answeredBy
        self.modelTriage = modelTriage
    }
}

/// A model that writes replies, streaming chunks as they come.
///
/// Implementations must stop promptly when the calling task is cancelled (a cancelled task
/// closes its HTTP request, a local one stops sleeping).
public protocol InferenceBackend: Sendable {
    /// Shown in `chat_meta.backend`.
    var name: String { get }
    func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws
}

/// A backend failure that ends the task with `error_code: backend_error`: `message` is what the
/// asker sees (Chinese, like the rest of the API), `detail` the technical cause for whoever runs
/// the server (`error_detail`, and the log). Neither carries a secret.
public struct BackendError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var detail: String?

    public init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    public var description: String { detail.map { "\(message) (\($0))" } ?? message }
}
