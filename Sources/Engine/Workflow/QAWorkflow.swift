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

/// How a running workflow reports where it is; the manager publishes it. `triage`, once known,
/// is the run's triage so far (it only ever rises).
public typealias StageReporter = @Sendable (_ stage: TaskStage, _ progress: Int, _ triage: TriageSummary?) async -> Void

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

    public func draft(_ task: TaskSnapshot, report: StageReporter) async throws -> DraftReply {
        await report(.loading_history, StageProgress.loadingHistory, nil)
        // A chat the engine just created for this task has no history to read.
        let isNewChat = task.request.chatID == nil && task.attempts <= 1
        let history = isNewChat ? [] : try await store.messages(chatID: task.chatID, limit: Self.historyLimit)
            .filter { $0.taskID != task.id }
        try Task.checkCancellation()

        await report(.triage, StageProgress.triage, nil)
        // The same scanner intake ran; what intake stored (or an earlier attempt raised) stands.
        let reading = triage.read(task.request.input, userType: task.request.userType)
        let assessment = Self.ruleTriage(stored: task.triage, assessed: reading.assessment)
        try Task.checkCancellation()

        await report(.retrieval, StageProgress.retrieval, TriageSummary(assessment))
        let previousQuestion = history.last { $0.role == .user }?.content
        let passages = retriever.search(task.request.input, stage: reading.stage, previous: previousQuestion)
        try Task.checkCancellation()

        await report(.generation, StageProgress.generationStart, TriageSummary(assessment))
        let body = try await generate(
            GenerationRequest(
                question: task.request.input, userType: task.request.userType, history: history,
                passages: passages, triage: assessment),
            report: report)
        try Task.checkCancellation()
        // The model may raise the level (its `TRIAGE:` line), never lower it.
        let final = Self.raised(assessment, byModel: body.modelTriage)
        return DraftReply(
            text: Self.finalText(body: body.text, triage: final), triage: final,
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
            role: .user, content: task.request.input, timestamp: task.request.timestamp ?? Timestamp.string(task.createdAt),
            fileIDs: task.request.fileIDs.isEmpty ? nil : task.request.fileIDs, taskID: task.id)
        let reply = ChatMessage(
            role: .assistant, content: draft.text, timestamp: Timestamp.string(now),
            triage: TriageSummary(draft.triage), references: draft.references, taskID: task.id)
        return CompletedTurn(
            messages: [question, reply], backend: draft.answeredBy ?? backend.name, triage: TriageSummary(draft.triage),
            completedAt: now)
    }

    private func generate(
        _ request: GenerationRequest, report: StageReporter
    ) async throws -> (text: String, answeredBy: String?, modelTriage: TriageLevel?) {
        let collected = ReplyAccumulator()
        let rules = TriageSummary(request.triage)
        do {
            try await backend.generate(request) { chunk in
                let progress = StageProgress.generation(fraction: chunk.fraction)
                collected.append(chunk)
                // A raise shows on the task from the chunk that carried it, before the answer is done.
                await report(.generation, progress, Self.raisedSummary(rules, byModel: collected.modelTriage) ?? rules)
            }
        } catch let error as BackendError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw BackendError("the model backend failed: \(error)")
        }
        let text = collected.text.trimmedWhitespace
        guard !text.isEmpty else { throw BackendError("the model backend returned an empty reply") }
        return (text, collected.answeredBy, collected.modelTriage)
    }

    /// Emergencies and urgent cases always open with the project's own instruction, whatever the
    /// backend wrote; every reply ends with the disclaimer.
    static func finalText(body: String, triage: TriageAssessment) -> String {
        var text = body
        if let instruction = triage.instruction, !text.hasPrefix(instruction) {
            text = instruction + "\n\n" + text
        }
        if !text.hasSuffix(SafetyText.disclaimer) {
            text += "\n\n" + SafetyText.disclaimer
        }
        return text
    }
}

/// Collects streamed text, who wrote it and the model's own triage level (the highest any chunk
/// carried); locked because chunks arrive from the backend's task.
final class ReplyAccumulator: Sendable {
    private struct Reply {
        var text = ""
        var answeredBy: String?
        var modelTriage: TriageLevel?
    }

    private let buffer = Mutex(Reply())

    var text: String { buffer.withLock { $0.text } }
    var answeredBy: String? { buffer.withLock { $0.answeredBy } }
    var modelTriage: TriageLevel? { buffer.withLock { $0.modelTriage } }

    func append(_ chunk: GenerationChunk) {
        buffer.withLock { reply in
            reply.text += chunk.text
            if let answeredBy = chunk.answeredBy { reply.answeredBy = answeredBy }
            if let level = chunk.modelTriage { reply.modelTriage = max(reply.modelTriage ?? level, level) }
        }
    }
}
