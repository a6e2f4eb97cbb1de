import Engine
import HTTPTypes
import Hummingbird

/// What the submit and sync routes share: body → request → `TaskManager.submit`.
enum SubmissionIntake {
    /// Longest `Idempotency-Key` accepted; keys are opaque client strings (usually UUIDs).
    static let maxIdempotencyKeyLength = 255

    static func submit(_ request: Request, context: APIRequestContext, manager: TaskManager) async throws -> Submission
    {
        let body = try await BodyReader.readJSON(request)
        let question = try QARequestDecoder.decode(body)
        let key = try idempotencyKey(request.headers)
        let submission = try await manager.submit(question, owner: context.owner, idempotencyKey: key)
        context.annotations.taskID = submission.snapshot.id
        return submission
    }

    static func idempotencyKey(_ headers: HTTPFields) throws -> String? {
        guard let key = headers[idempotencyKeyField] else { return nil }
        let printableASCII = key.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
        guard !key.isEmpty, key.utf8.count <= maxIdempotencyKeyLength, printableASCII else {
            throw APIError.badRequest("Idempotency-Key 必须是 1–\(maxIdempotencyKeyLength) 个可见 ASCII 字符")
        }
        return key
    }

    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!
    /// Tells a client its retry matched an earlier submission rather than creating a task.
    static let replayedField = HTTPField.Name("Idempotent-Replayed")!
}
