import Logging
import Synchronization

/// `openai_fallback_local`: answers with the local engine when the model backend fails, so a
/// clinic keeps getting (knowledge-base) answers while its model server is down or misconfigured.
///
/// The primary's text (and its triage level) is held back until it has finished: a stream that
/// breaks halfway must not leave half a model reply in front of the local answer. Progress still moves while it streams.
/// The chunks of a fallback answer are marked `answeredBy`, so `chat_meta.backend` tells which
/// engine really wrote the reply.
public struct FallbackBackend: InferenceBackend {
    private let primary: any InferenceBackend
    private let fallback: any InferenceBackend
    private let logger: Logger

    public var name: String { primary.name }
    /// What `chat_meta.backend` says when the fallback answered, e.g. `local (fallback)`.
    public var fallbackName: String { "\(fallback.name) (fallback)" }

    public init(primary: any InferenceBackend, fallback: any InferenceBackend, logger: Logger) {
        self.primary = primary
        self.fallback = fallback
        self.logger = logger
    }

    public func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws
    {
        let held = Mutex(GenerationChunk(text: "", fraction: 0))
        do {
            try await primary.generate(request) { chunk in
                held.withLock { reply in
                    reply.text += chunk.text
                    reply.answeredBy = chunk.answeredBy ?? reply.answeredBy
                    reply.modelTriage = [reply.modelTriage, chunk.modelTriage].compactMap { $0 }.max()
                }
                await onChunk(GenerationChunk(text: "", fraction: chunk.fraction))
            }
        } catch let error as BackendError {
            logger.warning(
                "model backend failed; answering with the local engine instead",
                metadata: [
                    "backend": "\(primary.name)", "fallback": "\(fallback.name)",
                    "reason": "\(error.detail ?? error.message)",
                ])
            let answeredBy = fallbackName
            try await fallback.generate(request) { chunk in
                await onChunk(GenerationChunk(text: chunk.text, fraction: chunk.fraction, answeredBy: answeredBy))
            }
            return
        }
        var whole = held.withLock { $0 }
        whole.fraction = 1
        await onChunk(whole)
    }
}
