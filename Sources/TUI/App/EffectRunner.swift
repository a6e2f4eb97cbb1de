import Engine

/// Carries out the reducer's effects against the task manager and reports each outcome back as
/// an action. Nothing here blocks the UI: every call runs in its own task.
@MainActor
final class EffectRunner {
    private let manager: TaskManager
    private let historyLimit: Int
    private let send: @MainActor (Action) -> Void
    /// The operator's own questions go through one queue so they reach the chat in typing order.
    private let questions: AsyncStream<QARequest>.Continuation
    private let questionLoop: Task<Void, Never>

    init(manager: TaskManager, historyLimit: Int, send: @escaping @MainActor (Action) -> Void) {
        self.manager = manager
        self.historyLimit = historyLimit
        self.send = send
        let (stream, continuation) = AsyncStream<QARequest>.makeStream()
        questions = continuation
        questionLoop = Task { @MainActor in
            for await request in stream {
                do {
                    send(.submitted(try await manager.submit(request).snapshot))
                } catch {
                    send(.submitFailed(input: request.input, message: Self.describe(error)))
                }
            }
        }
    }

    func perform(_ effect: Effect) {
        switch effect {
        case .submit(let request):
            questions.yield(request)
        case .submitBurst(let requests):
            Task { @MainActor [manager, send] in
                let failures = await withTaskGroup(of: String?.self) { group in
                    for request in requests {
                        group.addTask {
                            do {
                                _ = try await manager.submit(request)
                                return nil
                            } catch {
                                return Self.describe(error)
                            }
                        }
                    }
                    var failures: [String] = []
                    for await failure in group { if let failure { failures.append(failure) } }
                    return failures
                }
                send(.burstSubmitted(accepted: requests.count - failures.count, failures: failures))
            }
        case .cancel(let id):
            Task { @MainActor [manager, send] in
                do {
                    _ = try await manager.cancel(id)
                } catch {
                    send(.failed("取消失败：" + Self.describe(error)))
                }
            }
        case .loadHistory(let maternalID):
            Task { @MainActor [manager, send, historyLimit] in
                do {
                    send(
                        .historyLoaded(
                            try await manager.list(TaskQuery(maternalID: maternalID, limit: historyLimit)).tasks))
                } catch {
                    send(.failed("读取历史失败：" + Self.describe(error)))
                }
            }
        case .quit:
            break  // the app ends its own loop
        }
    }

    func stop() {
        questions.finish()
        questionLoop.cancel()
    }

    nonisolated static func describe(_ error: any Error) -> String {
        (error as? TaskManagerError)?.description ?? "\(error)"
    }
}
