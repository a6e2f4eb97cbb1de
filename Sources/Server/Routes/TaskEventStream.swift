import Engine
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// A task's snapshots as Server-Sent Events: each event's data is the status `data` JSON. A
/// comment line every 15 s keeps proxies from closing a stream while a task waits in the queue.
/// The stream ends after the terminal snapshot, when the client goes, or on graceful shutdown.
enum TaskEventStream {
    static let heartbeatInterval: Duration = .seconds(15)
    static let contentType = "text/event-stream; charset=utf-8"

    static func response(for updates: AsyncStream<TaskSnapshot>) -> Response {
        let headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "no-cache",
            // Stops nginx-style proxies from buffering the stream.
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (frames, sink) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .unbounded)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await produce(from: updates, into: sink) }
                for await frame in frames {
                    try await writer.write(frame)
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        })
    }

    /// Feeds events and heartbeats into `sink` until the task ends or the server shuts down.
    private static func produce(from updates: AsyncStream<TaskSnapshot>, into sink: AsyncStream<ByteBuffer>.Continuation) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var sequence = 0
                for await snapshot in updates {
                    sequence += 1
                    if let frame = try? eventFrame(snapshot, id: sequence) { sink.yield(frame) }
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

    /// `id: N` and one `data:` line (the JSON has no newlines), ended by a blank line.
    static func eventFrame(_ snapshot: TaskSnapshot, id: Int) throws -> ByteBuffer {
        var frame = ByteBuffer(string: "id: \(id)\ndata: ")
        var json = try JSONBody.encode(TaskStatusPayload(snapshot))
        frame.writeBuffer(&json)
        frame.writeString("\n\n")
        return frame
    }
}
