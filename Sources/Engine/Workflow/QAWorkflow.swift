import Foundation
import Synchronization

/// The answer of a turn before it is saved.
public struct DraftReply: Sendable, Equatable {
    public var text: String
    public var triage: TriageAssessment
    public var references: [Reference]
    /// The backend that wrote the reply when it was not the configured one (a fallback).
    public var answeredBy: String? = nil
}

/// A finished run's turn, ready to be saved.
public struct CompletedTurn: Sendable, Equatable {
    public var messages: [ChatMessage]
    /// The backend that wrote the reply.
    public var backend: String
    /// The reply's triage: the rules' (never below what intake stored), raised by the model's.
    public var triage: TriageSummary
    public var completedAt: Date
}

/// Where a running workflow reports: the manager publishes what it hears.
public protocol DraftObserver: Sendable {
    /// The run reached `stage`; `triage`, once known, is the run's triage so far (it only ever rises).
    func reached(_ stage: TaskStage, progress: Int, triage: TriageSummary?) async
    /// The next piece of the answer: the pieces, joined, are the reply's text.
    func wrote(_ piece: String) async
}

/// The QA steps: loading history → triage → retrieval → generation, then saving.
///
/// `draft` is the cancellable part (cancellation is checked between steps and stops the backend
/// mid-stream); `turn` shapes what the manager then saves, which timeouts no longer touch.
public struct QAWorkflow: Sendable {
    /// How many earlier messages a backend sees.
    static let historyLimit = 20

    private let store: any TaskStore
    private let backend: any InferenceBackend
    private let triage: TriageEngine
    private let retriever: Retriever

    public var backendName: String { backend.name }

    public init(store: any TaskStore, backend: any InferenceBackend, knowledgeBase: KnowledgeBase) {
        self.store = store
        self.backend = backend
        self.triage = TriageEngine()
        self.retriever = Retriever(knowledgeBase: knowledgeBase)
    }

    public func draft(_ task: TaskSnapshot, observer: some DraftObserver) async throws -> DraftReply {
        await observer.reached(.loading_history, progress: StageProgress.loadingHistory, triage: nil)
        // Every run reads it: a claimed task's request, read back from the store, always names its
        // chat, so "a chat made for this task" cannot be told apart here.
        let history = try await store.messages(chatID: task.chatID, limit: Self.historyLimit)
            .filter { $0.taskID != task.id }
        try Task.checkCancellation()

        await observer.reached(.triage, progress: StageProgress.triage, triage: nil)
        // The same scanner intake ran; what intake stored (or an earlier attempt raised) stands.
        let reading = triage.read(task.request.input, userType: task.request.userType)
        let assessment = Self.ruleTriage(stored: task.triage, assessed: reading.assessment)
        try Task.checkCancellation()

        await observer.reached(.retrieval, progress: StageProgress.retrieval, triage: TriageSummary(assessment))
        let previousQuestion = history.last { $0.role == .user }?.content
        let passages = retriever.search(task.request.input, stage: reading.stage, previous: previousQuestion)
        try Task.checkCancellation()

        await observer.reached(.generation, progress: StageProgress.generationStart, triage: TriageSummary(assessment))
        let body = try await generate(
            GenerationRequest(
                question: task.request.input, userType: task.request.userType, history: history,
                passages: passages, triage: assessment),
            observer: observer)
        try Task.checkCancellation()
        // The model may raise the level (its `TRIAGE:` line), never lower it.
        return DraftReply(
            text: body.text, triage: Self.raised(assessment, byModel: body.modelTriage),
            references: passages.map { Reference($0.entry) }, answeredBy: body.answeredBy)
    }

    /// The rules' triage of this run: the scanner's finding, never below what the task had stored.
    static func ruleTriage(stored: TriageSummary?, assessed: TriageAssessment) -> TriageAssessment {
        guard let stored else { return assessed }
        let merged = stored.raised(by: TriageSummary(assessed))
        return merged == TriageSummary(assessed) ? assessed : TriageAssessment(merged)
    }

    /// `rules` raised to the model's level when that is higher (with the sign `model_assessment`,
    /// and the instruction of the new level); a lower, equal or missing level changes nothing.
    static func raised(_ rules: TriageAssessment, byModel level: TriageLevel?) -> TriageAssessment {
        guard let summary = raisedSummary(TriageSummary(rules), byModel: level) else { return rules }
        return TriageAssessment(summary)
    }

    /// The raised triage, or nil when the model's level is not above the rules'.
    static func raisedSummary(_ rules: TriageSummary, byModel level: TriageLevel?) -> TriageSummary? {
        guard let level, level > rules.level else { return nil }
        let sign = TriageSummary.modelAssessmentSign
        return TriageSummary(level: level, signs: rules.signs.contains(sign) ? rules.signs : rules.signs + [sign])
    }

    /// The turn a completed run saves: the question and the reply as chat messages.
    public func turn(for task: TaskSnapshot, draft: DraftReply, at now: Date) -> CompletedTurn {
        let question = ChatMessage(
            role: .user, content: task.request.input,
            timestamp: task.request.timestamp ?? Timestamp.string(task.createdAt),
            fileIDs: task.request.fileIDs.isEmpty ? nil : task.request.fileIDs, taskID: task.id)
        let reply = ChatMessage(
            role: .assistant, content: draft.text, timestamp: Timestamp.string(now),
            triage: TriageSummary(draft.triage), references: draft.references, taskID: task.id)
        return CompletedTurn(
            messages: [question, reply], backend: draft.answeredBy ?? backend.name, triage: TriageSummary(draft.triage),
            completedAt: now)
    }

    /// Streams the reply to `observer` as the backend writes it (see `AnswerAssembler`).
    private func generate(
        _ request: GenerationRequest, observer: some DraftObserver
    ) async throws -> (text: String, answeredBy: String?, modelTriage: TriageLevel?) {
        let reply = ReplyAccumulator()
        let rules = TriageSummary(request.triage)
        // The seek-care instruction goes out before the backend is even asked.
        if let instruction = reply.instruct(request.triage) { await observer.wrote(instruction) }
        do {
            try await backend.generate(request) { chunk in
                for piece in reply.append(chunk, rules: request.triage) { await observer.wrote(piece) }
                // A raise shows on the task from the chunk that carried it, before the answer is done.
                let triage = Self.raisedSummary(rules, byModel: reply.modelTriage) ?? rules
                await observer.reached(
                    .generation, progress: StageProgress.generation(fraction: chunk.fraction), triage: triage)
            }
        } catch let error as BackendError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw BackendError(FailureMessage.backend, detail: "the model backend failed: \(error)")
        }
        guard reply.hasBody else {
            throw BackendError(FailureMessage.emptyReply, detail: "the model backend returned an empty reply")
        }
        if let closing = reply.finish() { await observer.wrote(closing) }
        return (reply.text, reply.answeredBy, reply.modelTriage)
    }
}

/// Collects the streamed reply (through an `AnswerAssembler`), who wrote it and the model's own
/// triage level (the highest any chunk carried); locked because chunks arrive from the backend's task.
final class ReplyAccumulator: Sendable {
    private struct Reply {
        var answer = AnswerAssembler()
        var answeredBy: String?
        var modelTriage: TriageLevel?
    }

    private let buffer = Mutex(Reply())

    var text: String { buffer.withLock { $0.answer.text } }
    var hasBody: Bool { buffer.withLock { $0.answer.hasBody } }
    var answeredBy: String? { buffer.withLock { $0.answeredBy } }
    var modelTriage: TriageLevel? { buffer.withLock { $0.modelTriage } }

    func instruct(_ triage: TriageAssessment) -> String? {
        buffer.withLock { $0.answer.instruct(triage) }
    }

    /// Takes `chunk` in and returns the pieces that can go out: the instruction of a level the
    /// model raised to (while the body has not started), then the chunk's text.
    func append(_ chunk: GenerationChunk, rules: TriageAssessment) -> [String] {
        buffer.withLock { reply in
            if let answeredBy = chunk.answeredBy { reply.answeredBy = answeredBy }
            if let level = chunk.modelTriage { reply.modelTriage = max(reply.modelTriage ?? level, level) }
            var pieces: [String] = []
            if let instruction = reply.answer.instruct(QAWorkflow.raised(rules, byModel: reply.modelTriage)) {
                pieces.append(instruction)
            }
            if let text = reply.answer.body(chunk.text) { pieces.append(text) }
            return pieces
        }
    }

    func finish() -> String? {
        buffer.withLock { $0.answer.finish() }
    }
}
