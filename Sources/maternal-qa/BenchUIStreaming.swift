import Engine
import Foundation
import TUI

/// The streaming part of `bench-ui`: frames while `streaming` of the tasks write their answers.
/// Between two frames (1/30 s, the UI's fastest) every writing task adds the pieces it writes in
/// that time, each arriving through the reducer as the engine publishes it; the operator reads
/// the longest of them at the bottom of the conversation pane, so the pane follows its text.
/// A frame's time is all of its updates plus the render.
extension BenchUICommand {
    static let framesPerSecond = 30

    func measureStreaming(_ snapshots: [TaskSnapshot], stats: EngineStats, now: Date) {
        // Pieces of two characters: a model's token of Chinese text is one or two.
        let sentence = Array("孕期不必完全戒掉咖啡，但要控制总量：多数指南建议每天咖啡因不超过200毫克。\n")
        let pieces = stride(from: 0, to: sentence.count, by: 2).map {
            String(sentence[$0..<min(sentence.count, $0 + 2)])
        }
        let piece = { (number: Int) in pieces[number % pieces.count] }
        // The newest tasks write, so their rows are on screen; the newest, read, has the most text
        // (2,500 characters at the start, about 50 lines).
        var tasks = snapshots
        for index in 0..<streaming {
            let written = (streaming - index) * 25
            tasks[index] = Self.writing(
                snapshots[index], AnswerSoFar(text: (0..<written).map(piece).joined(), seq: written))
        }
        var state = AppState(
            width: width, height: height, now: now, identity: Identity(maternalID: 1, userType: .pregnant_mother),
            stats: stats)
        let reducer = Reducer()
        _ = reducer.reduce(&state, .historyLoaded(tasks))  // selects the newest
        for key in [Key.tab, .tab, .end] { _ = reducer.reduce(&state, .key(key)) }  // to the end of its text

        let piecesPerFrame = Double(streaming * piecesPerSecond) / Double(Self.framesPerSecond)
        var frameTimes: [Duration] = []
        var frameCPUTimes: [Duration] = []
        var readUpdateTimes: [Duration] = []
        var otherUpdateTimes: [Duration] = []
        var owed = 0.0
        var next = 0
        var checksum = 0
        for frame in 0..<frames {
            owed += piecesPerFrame
            var updates: [TaskSnapshot] = []
            while owed >= 1 {
                if let soFar = tasks[next].answerSoFar {
                    tasks[next].answerSoFar = AnswerSoFar(text: soFar.text + piece(soFar.seq), seq: soFar.seq + 1)
                }
                updates.append(tasks[next])
                next = (next + 1) % streaming
                owed -= 1
            }
            let started = ContinuousClock.now
            let cpuStarted = Self.threadCPUTime()
            for update in updates {
                let updateStarted = ContinuousClock.now
                _ = reducer.reduce(&state, .engine(update, stats))
                let time = ContinuousClock.now - updateStarted
                if update.id == state.selectedID { readUpdateTimes.append(time) } else { otherUpdateTimes.append(time) }
            }
            _ = reducer.reduce(&state, .tick(now.addingTimeInterval(Double(frame) / Double(Self.framesPerSecond))))
            checksum &+= Renderer.render(state).grid.cells.count
            frameCPUTimes.append(Self.threadCPUTime() - cpuStarted)
            frameTimes.append(ContinuousClock.now - started)
        }
        let shape = "\(width)×\(height), \(tasks.count) tasks, \(streaming) writing \(piecesPerSecond) pieces/s"
        let perFrame = String(format: "%.1f", piecesPerFrame)
        print("streaming \(shape) (\(perFrame) updates a frame), frame wall: \(Self.summary(frameTimes))")
        print("streaming \(shape), frame CPU:  \(Self.summary(frameCPUTimes))")
        print("reduce one piece of the task read: \(Self.summary(readUpdateTimes))")
        print("reduce one piece of another task:  \(Self.summary(otherUpdateTimes))")
        if checksum == 0 { print("(nothing rendered)") }
    }

    /// `task` running, in the middle of writing its answer.
    private static func writing(_ task: TaskSnapshot, _ answer: AnswerSoFar) -> TaskSnapshot {
        var task = task
        task.status = .running
        task.stage = .generation
        task.progress = 60
        task.startedAt = task.createdAt
        task.completedAt = nil
        task.result = nil
        task.error = nil
        task.errorCode = nil
        task.queuePosition = nil
        task.answerSoFar = answer
        return task
    }
}
