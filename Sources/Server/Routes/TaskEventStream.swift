import Engine
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// A task as Server-Sent Events. Unnamed events carry a snapshot (the status `data` JSON), one per
/// change other than the answer's text; `event: delta` carries the answer's next text and
/// `event: reset` says the text so far is void (the task runs again). Text comes before the
/// snapshot it arrived with, so a late client gets the text so far first, and a completed task's
/// last text before its terminal snapshot. Every event's id names the client's place in the
/// answer, so a reconnecting client (`Last-Event-ID`) gets the rest without gaps or repeats.
/// A comment line every 15 s keeps proxies from closing a stream while a task waits in the queue.
/// The stream ends after the terminal snapshot, when the client goes, or on graceful shutdown.
enum TaskEventStream {
    static let heartbeatInterval: Duration = .seconds(15)
    static let contentType = "text/event-stream; charset=utf-8"

    static func response(for updates: AsyncStream<TaskSnapshot>, resumingAt position: AnswerFollower.Position?)
        -> Response
    {
        let headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "no-cache",
            // Stops nginx-style proxies from buffering the stream.
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let (frames, sink) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .unbounded)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await produce(from: updates, resumingAt: position, into: sink) }
                    for await frame in frames {
                        try await writer.write(frame)
                    }
                    group.cancelAll()
                }
                try await writer.finish(nil)
            })
    }

    /// Feeds events and heartbeats into `sink` until the task ends or the server shuts down.
    private static func produce(
        from updates: AsyncStream<TaskSnapshot>, resumingAt position: AnswerFollower.Position?,
        into sink: AsyncStream<ByteBuffer>.Continuation
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var answer = AnswerFollower(from: position ?? .start)
                var shown: TaskSnapshot?
                for await snapshot in updates {
                    for frame in frames(for: snapshot, answer: &answer, shown: &shown) { sink.yield(frame) }
                }
            }
            group.addTask {
                while (try? await Task.sleep(for: heartbeatInterval)) != nil {
                    sink.yield(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
        sink.finish()
    }

    /// The events one snapshot makes: its text, then the snapshot itself unless only the text changed.
    static func frames(for snapshot: TaskSnapshot, answer: inout AnswerFollower, shown: inout TaskSnapshot?)
        -> [ByteBuffer]
    {
        var frames: [ByteBuffer?] = []
        // A snapshot gives at most a reset and one delta, which leaves the follower at its position.
        for step in answer.steps(for: snapshot) {
            switch step {
            case .reset:
                let start = eventID(AnswerFollower.Position(attempt: snapshot.attempts, offset: 0, seq: 0))
                frames.append(
                    frame(
                        event: "reset", id: start, AnswerResetPayload(taskID: snapshot.id, attempt: snapshot.attempts)))
            case .delta(let seq, let text):
                let id = eventID(answer.position)
                frames.append(
                    frame(event: "delta", id: id, AnswerDeltaPayload(taskID: snapshot.id, seq: seq, text: text)))
            }
        }
        var status = snapshot
        status.answerSoFar = nil
        if status != shown {
            shown = status
            frames.append(frame(event: nil, id: eventID(answer.position), TaskStatusPayload(snapshot)))
        }
        return frames.compactMap { $0 }
    }

    /// `event:` when named, `id:`, and one `data:` line (the JSON has no newlines), ended by a
    /// blank line. Nil when the payload does not encode, which our plain values only do through a bug.
    static func frame(event: String?, id: String, _ payload: some Encodable) -> ByteBuffer? {
        guard var json = try? JSONBody.encode(payload) else { return nil }
        var frame = ByteBuffer(string: event.map { "event: \($0)\n" } ?? "")
        frame.writeString("id: \(id)\ndata: ")
        frame.writeBuffer(&json)
        frame.writeString("\n\n")
        return frame
    }

    /// `attempt-offset-seq`: what `Last-Event-ID` gives back on a reconnect.
    static func eventID(_ position: AnswerFollower.Position) -> String {
        "\(position.attempt)-\(position.offset)-\(position.seq)"
    }

    /// The place an event id names; nil for anything else (an id from another server version, or
    /// made up), which starts the answer from its beginning.
    static func position(fromEventID id: String) -> AnswerFollower.Position? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let attempt = Int(parts[0]), let offset = Int(parts[1]), let seq = Int(parts[2]),
            attempt >= 0, offset >= 0, seq >= 0
        else { return nil }
        return AnswerFollower.Position(attempt: attempt, offset: offset, seq: seq)
    }
}
