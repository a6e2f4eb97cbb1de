import Engine
import Foundation
import Synchronization

@testable import TUI

/// Deterministic tasks and states for reducer and golden tests.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_758_536_400)  // 2025-09-22T10:20:00Z
    static let stats = EngineStats(running: 3, pending: 1, completed: 12, failed: 2, maxWorkers: 5, backend: "local")
    static let identity = Identity(maternalID: 12, userType: .pregnant_mother)
    /// Chat ids `chat-1`, `chat-2`, … in order of request.
    static func environment() -> ReducerEnvironment {
        let counter = Counter()
        return ReducerEnvironment { _, _ in "chat-\(counter.next())" }
    }

    static func state(width: Int = 80, height: Int = 24, identity: Identity? = Fixtures.identity) -> AppState {
        AppState(width: width, height: height, now: now, identity: identity, stats: stats)
    }

    static func task(
        _ number: Int, _ question: String, status: TaskStatus = .running, stage: TaskStage = .generation,
        progress: Int = 50, secondsAgo: Double = 10, triage: TriageLevel? = nil, errorCode: TaskErrorCode? = nil,
        queuePosition: Int? = nil, answer: String? = nil, signs: [String] = [], references: [Reference] = [],
        answerSoFar: AnswerSoFar? = nil
    ) -> TaskSnapshot {
        let created = now.addingTimeInterval(-secondsAgo)
        let request = QARequest(input: question, maternalID: 12, userType: .pregnant_mother, chatID: "chat-\(number)")
        var result: QAResult?
        if let answer {
            let meta = ChatMeta(
                chatID: "chat-\(number)", maternalID: 12, userType: .pregnant_mother, createdAt: "", updatedAt: "",
                messageCount: 2, backend: "local", triage: triage ?? .routine)
            result = QAResult(
                chatMeta: meta, sessionTitle: "",
                messages: [
                    ChatMessage(role: .user, content: question, timestamp: ""),
                    ChatMessage(
                        role: .assistant, content: answer, timestamp: "",
                        triage: TriageSummary(level: triage ?? .routine, signs: signs), references: references),
                ])
        }
        return TaskSnapshot(
            id: String(format: "task_%08d-0000-0000-0000-000000000000", number), status: status, stage: stage,
            progress: progress, createdAt: created, startedAt: status == .pending ? nil : created.addingTimeInterval(1),
            completedAt: status.isTerminal ? created.addingTimeInterval(min(secondsAgo, 4)) : nil, request: request,
            chatID: "chat-\(number)", queuePosition: queuePosition, result: result,
            error: errorCode.map { _ in "任务已取消" }, errorCode: errorCode,
            triage: triage.map { TriageSummary(level: $0, signs: signs) }, answerSoFar: answerSoFar)
    }

    static let emergencyAnswer = """
        【紧急】你描述的情况可能是危险信号。请立即拨打120，或马上去最近的医院急诊或产科，不要在家等待观察。
        请记下出血开始的时间和大概的量，不要往阴道里放任何东西。

        本回答不能替代医生的诊断。
        """

    /// A busy screen: every state, several progress values, an emergency and an urgent task.
    static let busyTasks: [TaskSnapshot] = [
        task(
            1, "孕期可以喝咖啡吗？每天喝多少比较安全", status: .completed, stage: .done, progress: 100, secondsAgo: 300,
            answer: "孕期不必完全戒掉咖啡，但要控制总量：每天咖啡因不超过200毫克。\n\n本回答不能替代医生的诊断。"),
        task(
            2, "怀孕32周，阴道出血，肚子一阵一阵剧痛", status: .completed, stage: .done, progress: 100, secondsAgo: 240,
            triage: .emergency, answer: emergencyAnswer, signs: ["vaginal_bleeding", "severe_abdominal_pain"],
            references: [
                Reference(id: "bleeding", title: "孕期阴道出血", source: "WHO", url: "https://www.who.int/publications"),
                Reference(id: "labour", title: "早产的迹象", source: "国家卫健委", url: nil),
            ]),
        task(
            3, "Is it safe to fly at 30 weeks?", status: .failed, stage: .generation, progress: 40, secondsAgo: 200,
            errorCode: .cancelled),
        task(4, "产后恶露一般持续多久", status: .failed, stage: .generation, progress: 64, secondsAgo: 150, errorCode: .timeout),
        task(5, "孕晚期睡觉应该采取什么姿势", status: .running, stage: .loading_history, progress: 5, secondsAgo: 62),
        task(
            6, "这两天感觉胎动比平时少了很多", status: .running, stage: .retrieval, progress: 25, secondsAgo: 9, triage: .urgent,
            signs: ["reduced_fetal_movement"]),
        task(7, "糖耐量检查什么时候做，需要空腹吗", status: .running, stage: .generation, progress: 64, secondsAgo: 7),
        task(8, "母乳喂养宝宝多久喂一次", status: .running, stage: .saving, progress: 95, secondsAgo: 5),
        task(9, "孕期每天要补充多少叶酸", status: .pending, stage: .queued, progress: 0, secondsAgo: 1, queuePosition: 1),
    ]
}

/// Hands out 1, 2, 3, … (tests only; a lock keeps it honest if a test ever calls it concurrently).
final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
