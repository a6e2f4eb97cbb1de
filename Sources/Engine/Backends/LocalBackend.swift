/// The embedded, offline answer engine: composes the reply from the retrieved knowledge-base
/// passages, adapted to the asker. Deterministic; optionally spreads a simulated model latency
/// over the reply, streamed clause by clause, so demos and load tests show tasks running side by
/// side and answers growing as a model's would.
public struct LocalBackend: InferenceBackend {
    public let name = "local"
    private let composer = LocalAnswerComposer()
    private let simulatedLatency: Duration

    public init(simulatedLatency: Duration = .zero) {
        self.simulatedLatency = simulatedLatency
    }

    public func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws
    {
        let text = composer.compose(
            question: request.question, userType: request.userType,
            passages: request.passages, triage: request.triage)
        guard simulatedLatency > .zero else {
            await onChunk(GenerationChunk(text: text, fraction: 1))
            return
        }
        // Each clause takes its share of the latency by length, as a model's tokens would.
        let clauses = Self.clauses(of: text)
        let total = Double(text.count)
        var written = 0
        for clause in clauses {
            try await Task.sleep(for: simulatedLatency * (Double(clause.count) / total))
            written += clause.count
            await onChunk(GenerationChunk(text: clause, fraction: Double(written) / total))
        }
    }

    /// `text` cut after each clause's punctuation or line break; the pieces joined are `text`.
    static func clauses(of text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character.isNewline || Self.clauseEnds.contains(character) {
                clauses.append(current)
                current = ""
            }
        }
        if !current.isEmpty { clauses.append(current) }
        return clauses
    }

    private static let clauseEnds: Set<Character> = ["，", "。", "；", "：", "！", "？", "、", ",", ".", ";", ":", "!", "?"]
}
