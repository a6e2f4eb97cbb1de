import Engine
import NIOCore

/// The status response of a task that carries no result (pending, running or failed), written
/// straight into bytes. A poller of a waiting task gets this body every time it asks, thousands of
/// times a second under load, and a finished task's body is cached instead; through the `Encoder`
/// protocol it was about an eighth of the server's CPU under a polling load, as much as the rest
/// of the route. `TaskStatusPayload` stays the definition of the fields (names are taken from its
/// coding keys) and a test checks that both give the same bytes for every state.
enum LiveStatusBody {
    /// The envelope with `code` 200, or nil for a completed task (its result goes through `TaskStatusPayload`).
    static func bytes(_ snapshot: TaskSnapshot, msg: String, showsPartialAnswer: Bool = false) -> ByteBuffer? {
        guard snapshot.status != .completed else { return nil }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(320 + (showsPartialAnswer ? snapshot.answerSoFar?.text.utf8.count ?? 0 : 0))
        buffer.writeStaticString(#"{"code":200,"msg":"#)
        StreamingJSONEncoder.writeString(msg, into: &buffer)
        buffer.writeStaticString(#","data":{"#)
        var fields = Fields(buffer: buffer)
        fields.string(.taskID, snapshot.id)
        fields.string(.status, snapshot.status.rawValue)
        fields.string(.createdAt, Timestamp.string(snapshot.createdAt))
        fields.string(.startedAt, snapshot.startedAt.map(Timestamp.string))
        fields.string(.completedAt, snapshot.completedAt.map(Timestamp.string))
        fields.integer(.progress, snapshot.progress)
        fields.string(.stage, snapshot.stage.rawValue)
        fields.string(.node, snapshot.node)
        fields.triage(snapshot.triageSummary)
        if snapshot.status == .pending { fields.integer(.queuePosition, snapshot.queuePosition) }
        if snapshot.status == .running && showsPartialAnswer {
            fields.string(.partialAnswer, snapshot.answerSoFar?.text ?? "")
        }
        if snapshot.status == .failed {
            fields.string(.error, snapshot.error)
            fields.string(.errorCode, snapshot.errorCode?.rawValue)
            fields.string(.errorDetail, snapshot.errorDetail)
        }
        buffer = fields.buffer
        buffer.writeStaticString("}}")
        return buffer
    }

    /// Writes `"key":value` pairs with the commas between them; absent values are left out.
    private struct Fields {
        var buffer: ByteBuffer
        private var first = true

        init(buffer: ByteBuffer) {
            self.buffer = buffer
        }

        mutating func string(_ key: TaskStatusPayload.CodingKeys, _ value: String?) {
            guard let value else { return }
            self.key(key)
            StreamingJSONEncoder.writeString(value, into: &buffer)
        }

        /// `"triage":{"level":…,"signs":[…]}`, as `TriageSummary`'s `Codable` conformance writes it.
        mutating func triage(_ triage: TriageSummary) {
            key(.triage)
            buffer.writeStaticString(#"{"level":"#)
            StreamingJSONEncoder.writeString(triage.level.rawValue, into: &buffer)
            buffer.writeStaticString(#","signs":["#)
            for (index, sign) in triage.signs.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                StreamingJSONEncoder.writeString(sign, into: &buffer)
            }
            buffer.writeStaticString("]}")
        }

        mutating func integer(_ key: TaskStatusPayload.CodingKeys, _ value: Int?) {
            guard let value else { return }
            self.key(key)
            buffer.writeString(String(value))
        }

        private mutating func key(_ key: TaskStatusPayload.CodingKeys) {
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            first = false
            StreamingJSONEncoder.writeString(key.rawValue, into: &buffer)
            buffer.writeInteger(UInt8(ascii: ":"))
        }
    }
}
