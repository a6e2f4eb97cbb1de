import Engine
import Foundation
import Testing

@testable import TUI

/// Whole frames against golden text files: layout, CJK widths, progress bars, banners, dialogs.
@Suite struct RenderGoldenTests {
    private let reducer = Reducer(environment: Fixtures.environment())

    private func busyState(width: Int, height: Int, selected: Int) -> AppState {
        var state = Fixtures.state(width: width, height: height)
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        state.select(Fixtures.busyTasks[selected].id)
        state.focus = .tasks
        return state
    }

    @Test func busyScreenWithEmergencyAt80x24() throws {
        let state = busyState(width: 80, height: 24, selected: 1)
        try Golden.check(Renderer.render(state).grid, "busy_emergency_80x24")
    }

    @Test func busyScreenWithEmergencyAt120x40() throws {
        let state = busyState(width: 120, height: 40, selected: 1)
        try Golden.check(Renderer.render(state).grid, "busy_emergency_120x40")
    }

    @Test func runningTaskWithChineseInputAt80x24() throws {
        var state = busyState(width: 80, height: 24, selected: 6)
        state.focus = .input
        _ = reducer.reduce(&state, .paste("孕36周突然头很痛，眼睛看东西模糊，需要马上去医院吗？"))
        _ = reducer.reduce(&state, .key(.home))
        _ = reducer.reduce(&state, .key(.right))
        state.flash = Flash("已提交 12 个示例问题（最多 5 个同时运行）")
        let frame = Renderer.render(state)
        try Golden.check(frame.grid, "running_input_80x24")
        // After "孕" (2 columns) behind the 4-column prompt "问› ".
        #expect(frame.cursor == CursorPosition(x: 6, y: 22))
    }

    @Test func urgentRunningTaskAt120x40() throws {
        let state = busyState(width: 120, height: 40, selected: 5)
        try Golden.check(Renderer.render(state).grid, "urgent_running_120x40")
    }

    /// A question just submitted, no answer yet: intake's triage already gives the row its mark
    /// and the conversation its banner and the seek-care instruction.
    @Test func justSubmittedEmergencyAt80x24() throws {
        var state = Fixtures.state(width: 80, height: 24)
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        let question = "怀孕32周，突然抽搐了一下，现在头很痛"
        let triage = TriageEngine().assess(question, userType: .pregnant_mother)
        var submitted = Fixtures.task(
            20, question, status: .pending, stage: .queued, progress: 0, secondsAgo: 0, triage: triage.level,
            queuePosition: 1, signs: triage.signs)
        submitted.priority = triage.level.queuePriority
        _ = reducer.reduce(&state, .submitted(submitted))
        let grid = Renderer.render(state).grid
        try Golden.check(grid, "just_submitted_emergency_80x24")
        let screen = grid.lines.joined(separator: "\n")
        let row = try #require(grid.lines.first { $0.contains("排队") && $0.contains("怀孕32周，突然抽搐") })
        #expect(row.hasPrefix("!!"))
        #expect(screen.contains("紧急情况"))
        let instruction = try #require(triage.instruction)
        // The instruction's opening words, wrapped in the pane but all there.
        let shown = grid.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(shown.contains(String(instruction.prefix(20))))
        #expect(triage.level == .emergency)
    }

    @Test func firstStartAsksForIdentity() throws {
        var state = Fixtures.state(identity: nil)
        state.stats = EngineStats(running: 0, pending: 0, completed: 0, failed: 0, maxWorkers: 5, backend: "local")
        state.modal = .identity(IdentityForm(maternalID: nil, userType: nil))
        _ = reducer.reduce(&state, .key(.character("x")))
        try Golden.check(Renderer.render(state).grid, "identity_dialog_80x24")
    }

    @Test func helpAt120x40() throws {
        var state = busyState(width: 120, height: 40, selected: 0)
        state.modal = .help
        try Golden.check(Renderer.render(state).grid, "help_120x40")
    }

    @Test(arguments: [(59, 24), (80, 15), (30, 6)])
    func tooSmallNotice(width: Int, height: Int) throws {
        let state = busyState(width: width, height: height, selected: 0)
        let frame = Renderer.render(state)
        try Golden.check(frame.grid, "too_small_\(width)x\(height)")
        #expect(frame.cursor == nil)
    }

    @Test func emergencyBannerSpansThePaneInAlarmColours() throws {
        let state = busyState(width: 80, height: 24, selected: 1)
        let grid = Renderer.render(state).grid
        let bannerRow = try #require((0..<grid.height).first { grid.lines[$0].contains("紧急情况") })
        for x in 0..<grid.width {
            #expect(grid[x, bannerRow].style == Theme.emergencyBanner, "column \(x)")
        }
    }

    @Test func selectedTaskRowIsReversed() throws {
        let state = busyState(width: 80, height: 24, selected: 8)
        let grid = Renderer.render(state).grid
        let row = try #require((0..<grid.height).first { grid.lines[$0].contains("孕期每天要补充多少叶酸") })
        #expect((0..<grid.width).allSatisfy { grid[$0, row].style.attributes.contains(.reverse) })
    }
}

@Suite struct ClusterRowTests {
    @Test("a task another node runs shows that node before its question; this node's own do not")
    func otherNodesAreMarked() {
        var state = Fixtures.state(width: 100, height: 24)
        state.node = "this-node"
        var remote = Fixtures.task(1, "别的节点在回答的问题")
        remote.node = "node-b-4242"
        var local = Fixtures.task(2, "本节点在回答的问题")
        local.node = "this-node"
        _ = Reducer(environment: Fixtures.environment()).reduce(&state, .historyLoaded([remote, local]))
        let lines = Renderer.render(state).grid.lines
        let remoteRow = lines.first { $0.contains("别的节点在回答的问题") }
        let localRow = lines.first { $0.contains("本节点在回答的问题") }
        #expect(remoteRow?.contains("@node-b-4242 别的节点在回答的问题") == true, "\(remoteRow ?? "no row")")
        #expect(localRow?.contains("@") == false, "\(localRow ?? "no row")")
    }
}
