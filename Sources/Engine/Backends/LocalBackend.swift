/// The embedded, offline answer engine: composes the reply from the retrieved knowledge-base
/// passages, adapted to the asker. Deterministic; optionally spreads a simulated model latency
/// over the reply so demos and load tests show tasks running side by side.
public struct LocalBackend: InferenceBackend {
    public let name = "local"
    private let composer = LocalAnswerComposer()
    private let simulatedLatency: Duration

    /// The reply is streamed in this many pieces when a latency is simulated.
    private static let chunkCount = 20

    public init(simulatedLatency: Duration = .zero) {
        self.simulatedLatency = simulatedLatency
    }

    public func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws {
        let text = composer.compose(
            question: request.question, userType: request.userType,
            passages: request.passages, triage: request.triage)
        guard simulatedLatency > .zero else {
            await onChunk(GenerationChunk(text: text, fraction: 1))
            return
        }
        let characters = Array(text)
        let pieceLength = max(1, (characters.count + Self.chunkCount - 1) / Self.chunkCount)
        let pause = simulatedLatency / Self.chunkCount
        var start = 0
        while start < characters.count {
            try await Task.sleep(for: pause)
            let end = min(characters.count, start + pieceLength)
            await onChunk(GenerationChunk(text: String(characters[start..<end]), fraction: Double(end) / Double(characters.count)))
            start = end
        }
    }
}
