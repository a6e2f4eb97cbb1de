import Engine
import Foundation
import Synchronization

/// One benchmark run: `submitters` concurrent loops submit `tasks` questions, timing each submit,
/// then wait until every task has finished: by this node's counts, or, when other nodes claim
/// work too (`cluster`), by the store's.
struct BenchRun {
    let manager: TaskManager
    let tasks: Int
    let submitters: Int
    let printIDs: Bool
    let cluster: Bool

    /// Questions cycled through so retrieval and triage do real work.
    static let questions = [
        "孕妇最近出现头晕症状，需要什么建议？", "怀孕早期恶心呕吐很严重怎么办", "孕期每天要补充多少叶酸",
        "孕晚期睡觉应该采取什么姿势", "产后恶露一般持续多久", "母乳喂养宝宝多久喂一次",
        "孕期可以喝咖啡吗", "糖耐量检查什么时候做", "怀孕32周见红了", "产后情绪低落总想哭",
    ]

    struct Report {
        var submitLatencies: [Duration]
        var elapsed: Duration
        var finished: (completed: Int, failed: Int)
        /// Claim statements this node ran, and the tasks they claimed.
        var claims: ClaimCounts
        var peakRSSKiB: Int

        func summary(settings: AppSettings, nodes: Int) -> String {
            let sorted = submitLatencies.sorted()
            func percentile(_ p: Double) -> String {
                guard !sorted.isEmpty else { return "-" }
                let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
                return String(
                    format: "%.1f µs",
                    Double(value.components.attoseconds) / 1e12 + Double(value.components.seconds) * 1e6)
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let total = submitLatencies.count
            return """
                tasks: \(total) (completed \(finished.completed), failed \(finished.failed))
                settings: nodes=\(nodes) max_workers=\(settings.engine.maxWorkers) (per node) backend=\(settings.backend.rawValue) simulated_latency_ms=\(settings.simulatedLatencyMs) database=\(settings.database)
                submit latency: p50 \(percentile(0.5)), p99 \(percentile(0.99)), max \(percentile(1.0))
                end to end: \(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", Double(total) / seconds)) tasks/s
                claims (this node): \(String(format: "%.0f", Double(claims.statements) / seconds))/s, \(claims.tasks) tasks, \(String(format: "%.1f", Double(claims.tasks) / Double(max(1, claims.statements)))) per claim
                peak RSS: \(peakRSSKiB / 1024) MiB
                """
        }
    }

    func run() async throws -> Report {
        let initial = try await finishedCounts()
        let baseline = initial.completed + initial.failed
        let started = ContinuousClock.now
        let next = TicketCounter()
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<submitters {
                group.addTask {
                    var mine: [Duration] = []
                    while true {
                        let index = next.take()
                        if index >= tasks { return mine }
                        let request = QARequest(
                            input: Self.questions[index % Self.questions.count],
                            maternalID: Int64(index % 500 + 1), userType: UserType.allCases[index % 4])
                        let before = ContinuousClock.now
                        let submission = try await manager.submit(request)
                        mine.append(ContinuousClock.now - before)
                        if printIDs { StandardOutput.line(submission.snapshot.id) }
                    }
                }
            }
            var all: [Duration] = []
            all.reserveCapacity(tasks)
            for try await part in group { all += part }
            return all
        }
        var finished = try await finishedCounts()
        while finished.completed + finished.failed < tasks + baseline {
            // The store is asked less often: counting its rows costs more than reading two counters.
            try await Task.sleep(for: .milliseconds(cluster ? 50 : 5))
            finished = try await finishedCounts()
        }
        return Report(
            submitLatencies: latencies, elapsed: ContinuousClock.now - started,
            finished: (finished.completed - initial.completed, finished.failed - initial.failed),
            claims: manager.claimCounts, peakRSSKiB: PeakRSS.kibibytes())
    }

    private func finishedCounts() async throws -> (completed: Int, failed: Int) {
        guard cluster else {
            let stats = manager.stats()
            return (stats.completed, stats.failed)
        }
        let counts = try await manager.storedCounts()
        return (counts[.completed] ?? 0, counts[.failed] ?? 0)
    }
}

/// Line-buffered stdout writes from any task (the crash test reads ids as they are accepted).
enum StandardOutput {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// The process's peak resident set size, from /proc (Linux).
enum PeakRSS {
    static func kibibytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

/// Hands out 0, 1, 2, … to concurrent submitters.
final class TicketCounter: Sendable {
    private let value = Atomic<Int>(0)

    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
