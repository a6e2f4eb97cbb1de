import ArgumentParser
import Engine
import Foundation
import TUI

/// `maternal-qa bench-ui` (hidden): how long the pure renderer takes for one frame of a busy
/// screen, how long the reducer takes to absorb one engine update, and what a frame costs while
/// many tasks write their answers at once (`BenchUIStreaming`), without a terminal.
struct BenchUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ui", abstract: "Benchmark rendering of the chat UI (see BENCHMARKS.md).",
        shouldDisplay: false)

    @Option(help: "Tasks on screen.") var tasks = 1000
    @Option(help: "Terminal width.") var width = 200
    @Option(help: "Terminal height.") var height = 60
    @Option(help: "Frames to render.") var frames = 500
    @Option(help: "Tasks writing their answers at once (the streaming measurement).") var streaming = 50
    @Option(help: "Pieces of text each writing task adds per second.") var piecesPerSecond = 20

    func run() throws {
        guard tasks > 0, width > 0, height > 0, frames > 0, piecesPerSecond > 0 else {
            throw ValidationError("all values must be positive")
        }
        guard (1...tasks).contains(streaming) else {
            throw ValidationError("--streaming must be between 1 and --tasks")
        }
        let now = Date()
        let stats = EngineStats(
            running: 5, pending: tasks / 2, completed: tasks / 3, failed: 10, maxWorkers: 5, backend: "local")
        var state = AppState(
            width: width, height: height, now: now, identity: Identity(maternalID: 1, userType: .pregnant_mother),
            stats: stats)
        let reducer = Reducer()
        let snapshots = (0..<tasks).map { Self.snapshot($0, now: now) }
        // Selects the newest task: a finished one with a long answer, as an operator would read.
        _ = reducer.reduce(&state, .historyLoaded(snapshots))

        // Wall time includes being preempted on a busy machine; the thread's CPU time does not.
        var renderTimes: [Duration] = []
        var renderCPUTimes: [Duration] = []
        var checksum = 0
        for frame in 0..<frames {
            _ = reducer.reduce(&state, .tick(now.addingTimeInterval(Double(frame) / 30)))
            let started = ContinuousClock.now
            let cpuStarted = Self.threadCPUTime()
            let rendered = Renderer.render(state)
            renderCPUTimes.append(Self.threadCPUTime() - cpuStarted)
            renderTimes.append(ContinuousClock.now - started)
            checksum &+= rendered.grid.cells.count
        }

        var updateTimes: [Duration] = []
        for index in 0..<frames {
            var update = snapshots[index % snapshots.count]
            update.progress = min(99, update.progress + 1)
            let started = ContinuousClock.now
            _ = reducer.reduce(&state, .engine(update, stats))
            updateTimes.append(ContinuousClock.now - started)
        }
        print("render \(width)×\(height), \(tasks) tasks, \(frames) frames, wall: \(Self.summary(renderTimes))")
        print("render \(width)×\(height), \(tasks) tasks, \(frames) frames, CPU:  \(Self.summary(renderCPUTimes))")
        print("reduce one engine update (\(tasks) tasks): \(Self.summary(updateTimes))")
        if checksum == 0 { print("(nothing rendered)") }
        measureStreaming(snapshots, stats: stats, now: now)
    }

    static func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }

    static func summary(_ times: [Duration]) -> String {
        let sorted = times.map { Double($0.components.seconds) * 1e3 + Double($0.components.attoseconds) / 1e15 }
            .sorted()
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        func at(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return String(
            format: "mean %.3f ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms", mean, at(0.5), at(0.99), sorted.last ?? 0)
    }

    /// A mix of every state, with Chinese questions and long answers.
    static func snapshot(_ index: Int, now: Date) -> TaskSnapshot {
        let statuses: [TaskStatus] = [.completed, .running, .pending, .completed, .failed]
        let status = statuses[index % statuses.count]
        let question = "第\(index)个问题：孕期可以喝咖啡吗？每天喝多少比较安全，会不会影响宝宝发育"
        let created = now.addingTimeInterval(-Double(index))
        var result: QAResult?
        if status == .completed {
            let answer = String(repeating: "孕期不必完全戒掉咖啡，但要控制总量：多数指南建议每天咖啡因不超过200毫克。\n", count: 12)
            let meta = ChatMeta(
                chatID: "chat_\(index)", maternalID: 1, userType: .pregnant_mother, createdAt: "", updatedAt: "",
                messageCount: 2, backend: "local", triage: .routine)
            result = QAResult(
                chatMeta: meta, sessionTitle: "",
                messages: [
                    ChatMessage(role: .user, content: question, timestamp: ""),
                    ChatMessage(
                        role: .assistant, content: answer, timestamp: "",
                        triage: TriageSummary(level: .routine, signs: []),
                        references: [
                            Reference(id: "caffeine", title: "孕期咖啡因", source: "WHO", url: "https://www.who.int")
                        ]),
                ])
        }
        return TaskSnapshot(
            id: "task_bench_\(index)", status: status,
            stage: status == .running ? .generation : (status == .pending ? .queued : .done),
            progress: status == .completed ? 100 : (status == .running ? 35 + index % 60 : 0), createdAt: created,
            startedAt: status == .pending ? nil : created,
            completedAt: status.isTerminal ? created.addingTimeInterval(3) : nil,
            request: QARequest(input: question, maternalID: 1, userType: .pregnant_mother, chatID: "chat_\(index)"),
            chatID: "chat_\(index)", queuePosition: status == .pending ? index / 5 + 1 : nil, result: result,
            error: status == .failed ? "任务已取消" : nil, errorCode: status == .failed ? .cancelled : nil,
            triage: index % 7 == 0 ? TriageSummary(level: .emergency, signs: ["vaginal_bleeding"]) : .routine)
    }
}
