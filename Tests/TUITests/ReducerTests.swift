import Engine
import Foundation
import Testing

@testable import TUI

@Suite struct ReducerTests {
    private let reducer = Reducer(environment: Fixtures.environment())

    private func type(_ text: String, into state: inout AppState) {
        for character in text { _ = reducer.reduce(&state, .key(.character(character))) }
    }

    // MARK: - Asking

    @Test func enterSubmitsTheTrimmedQuestionInTheCurrentChat() {
        var state = Fixtures.state()
        type("  孕期可以喝咖啡吗 ", into: &state)
        let effects = reducer.reduce(&state, .key(.enter))
        #expect(
            effects == [
                .submit(QARequest(input: "孕期可以喝咖啡吗", maternalID: 12, userType: .pregnant_mother, chatID: "chat-1"))
            ])
        #expect(state.input.isEmpty)
        type("再问一个", into: &state)
        #expect(
            reducer.reduce(&state, .key(.enter)).first
                == .submit(
                    QARequest(input: "再问一个", maternalID: 12, userType: .pregnant_mother, chatID: "chat-1")))
    }

    @Test func emptyInputIsRefusedQuietly() {
        var state = Fixtures.state()
        type("   ", into: &state)
        #expect(reducer.reduce(&state, .key(.enter)).isEmpty)
        #expect(state.flash == nil && state.modal == nil)
    }

    @Test func newChatKeyStartsAFreshChat() {
        var state = Fixtures.state()
        type("一", into: &state)
        _ = reducer.reduce(&state, .key(.enter))
        _ = reducer.reduce(&state, .key(.control("n")))
        #expect(state.chatID == nil)
        type("二", into: &state)
        guard case .submit(let request) = reducer.reduce(&state, .key(.enter)).first else {
            Issue.record("no submit")
            return
        }
        #expect(request.chatID == "chat-2")
    }

    @Test func askingWithoutIdentityOpensTheDialogAndKeepsTheText() {
        var state = Fixtures.state(identity: nil)
        type("问题", into: &state)
        #expect(reducer.reduce(&state, .key(.enter)).isEmpty)
        guard case .identity(let form) = state.modal else {
            Issue.record("identity dialog not open")
            return
        }
        #expect(form.error != nil)
        #expect(state.input.text == "问题")
    }

    @Test func theOwnSubmittedTaskGetsSelected() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        let mine = Fixtures.task(20, "新问题", status: .pending, stage: .queued, progress: 0, secondsAgo: 0)
        _ = reducer.reduce(&state, .submitted(mine))
        #expect(state.selectedID == mine.id)
        #expect(state.tasks.position(of: mine.id) == 0)
    }

    @Test func aSubmittedUrgentQuestionShowsItsMarkBannerAndInstructionBeforeAnyAnswer() throws {
        var state = Fixtures.state(width: 120, height: 40)
        let triage = TriageSummary(level: .urgent, signs: ["fever"])
        var mine = Fixtures.task(21, "发烧38.5度，浑身没劲", status: .pending, stage: .queued, progress: 0, secondsAgo: 0)
        mine.triage = triage
        _ = reducer.reduce(&state, .submitted(mine))
        let lines = Renderer.render(state).grid.lines
        let row = try #require(lines.first { $0.contains("发烧38.5度") && $0.contains("排队") })
        #expect(row.hasPrefix("! "))
        #expect(lines.contains { $0.contains("需尽快就医") })
        #expect(lines.contains { $0.contains("危险征象：发热") })
        let instruction = try #require(TriageEngine.instruction(for: triage))
        #expect(lines.contains { $0.contains("就医：" + instruction.prefix(8)) })
        // Once answered, the answer opens with the instruction itself: it is not shown twice.
        var answered = Fixtures.task(
            21, "发烧38.5度，浑身没劲", status: .completed, stage: .done, progress: 100, secondsAgo: 0, triage: .urgent,
            answer: instruction + "\n\n多喝水。", signs: ["fever"])
        answered.triage = triage
        _ = reducer.reduce(&state, .engine(answered, Fixtures.stats))
        let after = Renderer.render(state).grid.lines
        #expect(!after.contains { $0.contains("就医：【") })
        #expect(after.contains { $0.contains("答：" + instruction.prefix(8)) })
    }

    @Test func aRefusedQuestionComesBackIntoTheInput() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .submitFailed(input: "问题", message: "任务队列已满，请稍后重试"))
        #expect(state.input.text == "问题")
        #expect(state.flash?.kind == .error)
    }

    @Test func questionMarkOpensHelpOnlyWhenInputIsEmpty() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .key(.character("?")))
        #expect(state.modal == .help)
        _ = reducer.reduce(&state, .key(.escape))
        #expect(state.modal == nil)
        type("能吃吗?", into: &state)
        #expect(state.input.text == "能吃吗?")
        #expect(state.modal == nil)
    }

    // MARK: - Identity

    @Test func identityDialogAcceptsOnlyDigitsWithAClearMessage() {
        var state = Fixtures.state(identity: nil)
        _ = reducer.reduce(&state, .key(.control("e")))
        type("4a", into: &state)
        guard case .identity(let form) = state.modal else {
            Issue.record("dialog closed")
            return
        }
        #expect(form.maternalID.text == "4")
        #expect(form.error == "maternal_id 必须是正整数（只能输入数字）")
    }

    @Test func zeroIsRefusedOnConfirm() {
        var state = Fixtures.state(identity: nil)
        _ = reducer.reduce(&state, .key(.control("e")))
        type("0", into: &state)
        #expect(reducer.reduce(&state, .key(.enter)).isEmpty)
        guard case .identity(let form) = state.modal else {
            Issue.record("dialog closed")
            return
        }
        #expect(form.error == "maternal_id 必须是正整数")
        #expect(state.identity == nil)
    }

    @Test func confirmingANewIdentityLoadsItsHistoryAndStartsANewChat() {
        var state = Fixtures.state()
        state.chatID = "chat-old"
        _ = reducer.reduce(&state, .key(.function(2)))
        _ = reducer.reduce(&state, .key(.tab))  // to the id field
        _ = reducer.reduce(&state, .key(.backspace))
        _ = reducer.reduce(&state, .key(.backspace))
        type("77", into: &state)
        _ = reducer.reduce(&state, .key(.tab))
        _ = reducer.reduce(&state, .key(.character("4")))
        let effects = reducer.reduce(&state, .key(.enter))
        #expect(state.identity == Identity(maternalID: 77, userType: .doctor))
        #expect(effects == [.loadHistory(maternalID: 77)])
        #expect(state.chatID == nil)
        #expect(state.modal == nil)
    }

    @Test func escapeCannotSkipTheFirstIdentity() {
        var state = Fixtures.state(identity: nil)
        state.modal = .identity(IdentityForm(maternalID: nil, userType: nil))
        _ = reducer.reduce(&state, .key(.escape))
        #expect(state.modal != nil)
        #expect(reducer.reduce(&state, .key(.control("c"))) == [.quit])
    }

    @Test func pastedNonDigitsAreRefusedInTheIdField() {
        var state = Fixtures.state(identity: nil)
        state.modal = .identity(IdentityForm(maternalID: nil, userType: nil))
        _ = reducer.reduce(&state, .paste("12ab"))
        _ = reducer.reduce(&state, .paste(" 345 "))
        guard case .identity(let form) = state.modal else {
            Issue.record("dialog closed")
            return
        }
        #expect(form.maternalID.text == "345")
    }

    // MARK: - Tasks

    @Test func burstSubmitsSampleQuestionsEachInItsOwnChat() {
        var state = Fixtures.state()
        state.burstSize = 12
        guard case .submitBurst(let requests) = reducer.reduce(&state, .key(.control("b"))).first else {
            Issue.record("no burst")
            return
        }
        #expect(requests.count == 12)
        #expect(Set(requests.compactMap(\.chatID)).count == 12)
        #expect(requests.allSatisfy { $0.maternalID == 12 && $0.userType == .pregnant_mother })
    }

    @Test func cancelTargetsTheSelectedLiveTask() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        state.select(Fixtures.busyTasks[6].id)
        #expect(reducer.reduce(&state, .key(.control("x"))) == [.cancel(taskID: Fixtures.busyTasks[6].id)])
        state.select(Fixtures.busyTasks[0].id)
        #expect(reducer.reduce(&state, .key(.control("x"))).isEmpty)
        #expect(state.flash?.kind == .error)
    }

    @Test func tasksAreNewestFirstAndNeverGoBackwards() {
        var state = Fixtures.state()
        let running = Fixtures.task(1, "问", status: .running, progress: 60, secondsAgo: 5)
        let older = Fixtures.task(2, "更早", status: .pending, stage: .queued, progress: 0, secondsAgo: 50)
        _ = reducer.reduce(&state, .engine(running, Fixtures.stats))
        _ = reducer.reduce(&state, .engine(older, Fixtures.stats))
        #expect(state.tasks.order == [running.id, older.id])
        var stale = running
        stale.progress = 35
        _ = reducer.reduce(&state, .historyLoaded([stale]))
        #expect(state.tasks[running.id]?.progress == 60)
        var done = running
        done.status = .completed
        done.progress = 100
        _ = reducer.reduce(&state, .engine(done, Fixtures.stats))
        #expect(state.tasks[running.id]?.status == .completed)
        #expect(state.tasks.liveCount == 1)
    }

    /// A copy read from the store before the latest pieces arrives after them: the text stays.
    @Test func theAnswerSoFarNeverGoesBackwards() {
        var state = Fixtures.state()
        let writing = { (text: String, seq: Int) in
            Fixtures.task(
                1, "问", status: .running, progress: 60, secondsAgo: 5, answerSoFar: AnswerSoFar(text: text, seq: seq))
        }
        _ = reducer.reduce(&state, .engine(writing("螃蟹要彻底做熟", 4), Fixtures.stats))
        _ = reducer.reduce(&state, .historyLoaded([writing("螃蟹", 1)]))
        #expect(state.selectedTask?.answerSoFar?.text == "螃蟹要彻底做熟")
        var retried = writing("孕期", 1)
        retried.attempts = 2
        _ = reducer.reduce(&state, .engine(retried, Fixtures.stats))
        #expect(state.selectedTask?.answerSoFar?.text == "孕期", "another attempt starts again")
    }

    @Test func firstTaskSeenIsSelectedAndHistorySelectsTheNewest() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        #expect(state.selectedID == Fixtures.busyTasks[8].id)
    }

    @Test func arrowsMoveTheSelectionAndTheListScrollsToIt() {
        var state = Fixtures.state(height: 16)
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        for _ in 0..<6 { _ = reducer.reduce(&state, .key(.down)) }
        #expect(state.selectedID == Fixtures.busyTasks[2].id)
        #expect(state.layout?.taskRows == 3)
        #expect(state.taskScroll == 4)  // row 6 is the last of three shown
        _ = reducer.reduce(&state, .key(.up))
        #expect(state.selectedID == Fixtures.busyTasks[3].id)
    }

    @Test func newTasksAppearOnTopWithoutMovingAScrolledList() {
        var state = Fixtures.state(height: 16)
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        let newest = Fixtures.task(30, "新", status: .pending, stage: .queued, progress: 0, secondsAgo: 0)
        _ = reducer.reduce(&state, .engine(newest, Fixtures.stats))
        #expect(state.taskScroll == 0)
        for _ in 0..<8 { _ = reducer.reduce(&state, .key(.down)) }
        let scrolled = state.taskScroll
        _ = reducer.reduce(
            &state,
            .engine(
                Fixtures.task(31, "更新", status: .pending, stage: .queued, progress: 0, secondsAgo: 0), Fixtures.stats))
        #expect(state.taskScroll == scrolled + 1)
    }

    @Test func tabCyclesFocusAndLettersAreCommandsOutsideTheInput() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .key(.tab))
        #expect(state.focus == .tasks)
        #expect(reducer.reduce(&state, .key(.character("q"))) == [.quit])
        _ = reducer.reduce(&state, .key(.character("孕")))
        #expect(state.focus == .input)
        #expect(state.input.text == "孕")
        _ = reducer.reduce(&state, .key(.backTab))
        #expect(state.focus == .conversation)
    }

    // MARK: - Conversation scrolling

    /// A running task on screen (its short view fits, so the reader is at the bottom) and its
    /// completed snapshot with a 40-line answer.
    private func runningThenLongAnswer() -> (AppState, TaskSnapshot) {
        var state = Fixtures.state()
        _ = reducer.reduce(
            &state, .engine(Fixtures.task(1, "问题", status: .running, progress: 40, secondsAgo: 3), Fixtures.stats))
        let done = Fixtures.task(
            1, "问题", status: .completed, stage: .done, progress: 100, secondsAgo: 3,
            answer: (1...40).map { "第\($0)行" }.joined(separator: "\n"))
        return (state, done)
    }

    @Test func pageKeysScrollWithinTheAnswer() throws {
        let (initial, done) = runningThenLongAnswer()
        var state = initial
        _ = reducer.reduce(&state, .engine(done, Fixtures.stats))
        _ = reducer.reduce(&state, .key(.pageDown))
        #expect(state.conversationScroll > 0)
        for _ in 0..<10 { _ = reducer.reduce(&state, .key(.pageDown)) }
        let bottom = state.conversationScroll
        let laidOut = state.conversationView()
        let view = try #require(laidOut)
        #expect(bottom == view.content.body.count - view.visibleLines)
        _ = reducer.reduce(&state, .key(.pageUp))
        #expect(state.conversationScroll < bottom)
    }

    @Test func atTheBottomANewAnswerShowsFromItsStartUnderItsQuestion() throws {
        let (initial, done) = runningThenLongAnswer()
        var state = initial
        #expect(state.conversationScroll == 0)  // the short running view fits: at the bottom
        _ = reducer.reduce(&state, .engine(done, Fixtures.stats))
        let laidOut = state.conversationView()
        let view = try #require(laidOut)
        let shown = view.content.body[state.conversationScroll..<(state.conversationScroll + view.visibleLines)]
            .map { $0.spans.map(\.text).joined() }
        #expect(shown.first == "问：问题")
        #expect(shown.contains("答：第1行"))
    }

    @Test func atTheBottomGrowthBelowTheViewFollowsIt() {
        var state = Fixtures.state()
        let long = (1...30).map { "第\($0)行" }.joined(separator: "\n")
        let first = Fixtures.task(1, long, status: .running, progress: 40, secondsAgo: 3)
        _ = reducer.reduce(&state, .engine(first, Fixtures.stats))
        state.scrollConversation(toTop: false)
        let bottom = state.conversationScroll
        #expect(bottom > 0)
        let done = Fixtures.task(
            1, long, status: .completed, stage: .done, progress: 100, secondsAgo: 3, answer: "很长的回答\n第二行\n第三行")
        _ = reducer.reduce(&state, .engine(done, Fixtures.stats))
        #expect(state.conversationScroll > bottom)
    }

    @Test func scrolledUpTheReaderKeepsTheirPlace() {
        var state = Fixtures.state()
        let long = (1...30).map { "第\($0)行" }.joined(separator: "\n")
        _ = reducer.reduce(
            &state, .engine(Fixtures.task(1, long, status: .running, progress: 40, secondsAgo: 3), Fixtures.stats))
        state.conversationScroll = 2
        let done = Fixtures.task(1, long, status: .completed, stage: .done, progress: 100, secondsAgo: 3, answer: "回答")
        _ = reducer.reduce(&state, .engine(done, Fixtures.stats))
        #expect(state.conversationScroll == 2)
    }

    // MARK: - Clock and size

    @Test func flashesFadeAfterTheirLifetime() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .key(.control("n")))
        #expect(state.needsClockTicks)
        _ = reducer.reduce(&state, .tick(Fixtures.now))
        _ = reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(Flash.lifetime - 1)))
        #expect(state.flash != nil)
        _ = reducer.reduce(&state, .tick(Fixtures.now.addingTimeInterval(Flash.lifetime)))
        #expect(state.flash == nil)
        #expect(!state.needsClockTicks)
    }

    @Test func resizingKeepsSelectionAndScrollInRange() {
        var state = Fixtures.state(height: 40)
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks))
        state.selectPosition(8)
        _ = reducer.reduce(&state, .resize(width: 60, height: 16))
        #expect(state.taskScroll + state.layout!.taskRows > 8)
        _ = reducer.reduce(&state, .resize(width: 20, height: 5))
        #expect(state.layout == nil)
    }
}
