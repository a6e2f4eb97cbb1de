import Engine
import Foundation
import Testing

@testable import TUI

/// An answer shown as it is written: the growing text with the writing mark, the pane following
/// it unless the reader scrolled up, the finished answer taking its place, the row's count.
@Suite struct WritingAnswerTests {
    private let reducer = Reducer(environment: Fixtures.environment())
    private let question = "孕期可以吃螃蟹吗"

    /// The first `count` characters of a long made-up answer (numbered sentences, so lines differ).
    private func answer(_ count: Int) -> String {
        let sentences = (1...600).map { "第\($0)句：螃蟹要彻底做熟，孕期适量吃没有问题。" }.joined()
        return String(sentences.prefix(count))
    }

    /// Task 10 running, `text` written so far (one piece a character).
    private func writing(_ text: String, triage: TriageLevel? = nil, signs: [String] = []) -> TaskSnapshot {
        Fixtures.task(
            10, question, status: .running, progress: 60, secondsAgo: 6, triage: triage, signs: signs,
            answerSoFar: AnswerSoFar(text: text, seq: text.count))
    }

    /// The conversation body lines in view, as text.
    private func shown(_ state: inout AppState) throws -> [String] {
        let laidOut = state.conversationView()
        let view = try #require(laidOut)
        let end = min(view.content.body.count, state.conversationScroll + view.visibleLines)
        return view.content.body[state.conversationScroll..<end].map { $0.spans.map(\.text).joined() }
    }

    private func atBottom(_ state: inout AppState) throws -> Bool {
        let laidOut = state.conversationView()
        let view = try #require(laidOut)
        return state.conversationScroll == max(0, view.content.body.count - view.visibleLines)
    }

    /// The busy screen with a task writing its answer, selected.
    private func screen(width: Int, height: Int, written: Int) -> AppState {
        var state = Fixtures.state(width: width, height: height)
        _ = reducer.reduce(&state, .historyLoaded(Fixtures.busyTasks + [writing(answer(written))]))
        state.select(writing("").id)
        return state
    }

    // MARK: - On screen

    @Test func theAnswerShowsAsItIsWrittenWithTheWritingMarkAndItsCountInTheRow() throws {
        let state = screen(width: 80, height: 24, written: 150)
        let grid = Renderer.render(state).grid
        try Golden.check(grid, "writing_answer_80x24")
        let row = try #require(grid.lines.first { $0.contains("运行") && $0.contains(question) })
        #expect(row.contains("150字"), "\(row)")
        #expect(grid.lines.contains { $0.hasPrefix(" 答：第1句") })
        #expect(grid.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasSuffix("▌") })
        #expect(!grid.lines.contains { $0.contains("生成中") })
    }

    @Test func theCountFitsTheRowOfTheNarrowestTerminal() throws {
        let state = screen(width: Layout.minimumWidth, height: Layout.minimumHeight, written: 12345)
        let grid = Renderer.render(state).grid
        try Golden.check(grid, "writing_answer_60x16")
        let row = try #require(grid.lines.first { $0.contains("运行") && $0.contains("12345字") })
        #expect(row.contains("孕期"), "the question still shows: \(row)")
    }

    @Test func beforeTheFirstPieceTheProgressHintShows() throws {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .engine(Fixtures.task(10, question, status: .running, progress: 55), Fixtures.stats))
        #expect(try shown(&state).contains("答：（生成中… 55%）"))
    }

    /// The instruction leads the written answer, as it leads a finished one: it is not shown twice.
    @Test func anUrgentAnswerBeingWrittenOpensWithTheInstructionInsteadOfAboveTheQuestion() throws {
        var state = Fixtures.state(width: 120, height: 40)
        let signs = ["reduced_fetal_movement"]
        let running = Fixtures.task(10, question, status: .running, progress: 55, triage: .urgent, signs: signs)
        _ = reducer.reduce(&state, .engine(running, Fixtures.stats))
        #expect(try shown(&state).contains { $0.hasPrefix("就医：") })
        let instruction = try #require(TriageEngine.instruction(for: TriageSummary(level: .urgent, signs: signs)))
        _ = reducer.reduce(
            &state, .engine(writing(instruction + "\n\n", triage: .urgent, signs: signs), Fixtures.stats))
        let lines = try shown(&state)
        #expect(!lines.contains { $0.hasPrefix("就医：") })
        #expect(lines.first == "问：" + question)
        #expect(lines.contains { $0.hasPrefix("答：" + instruction.prefix(10)) })
        #expect(lines.last == "    ▌", "the mark waits where the text goes on: \(lines)")
    }

    /// The layout kept between frames is only used for the snapshot and width it was made for.
    @Test func aFrameNeverShowsALayoutKeptForAnotherSnapshotOrWidth() {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .engine(writing(answer(40)), Fixtures.stats))
        state.tasks.merge(writing(answer(80)))  // past the reducer: the kept layout is of 40 characters
        var fresh = state
        fresh.conversationCache = ConversationBodyCache()
        #expect(Renderer.render(state) == Renderer.render(fresh))
        state.width = 120
        fresh.width = 120
        #expect(Renderer.render(state) == Renderer.render(fresh))
    }

    // MARK: - Following

    @Test func atTheBottomTheGrowingAnswerIsFollowed() throws {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .engine(writing(answer(40)), Fixtures.stats))
        for length in stride(from: 65, through: 1_200, by: 25) {
            _ = reducer.reduce(&state, .engine(writing(answer(length)), Fixtures.stats))
            #expect(try shown(&state).last?.hasSuffix("▌") == true, "at \(length) characters")
        }
        #expect(state.conversationScroll > 20)
    }

    /// A piece longer than the pane shows from where it starts; the next ones carry the view on.
    @Test func aPieceLongerThanThePaneShowsFromItsStartAndFollowingGoesOn() throws {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .engine(writing(answer(40)), Fixtures.stats))
        _ = reducer.reduce(&state, .engine(writing(answer(800)), Fixtures.stats))
        #expect(try shown(&state).contains { $0.hasPrefix("答：第1句") })
        #expect(try !atBottom(&state))
        for length in stride(from: 825, through: 1_200, by: 25) {
            _ = reducer.reduce(&state, .engine(writing(answer(length)), Fixtures.stats))
        }
        #expect(try atBottom(&state))
        #expect(try shown(&state).last?.hasSuffix("▌") == true)
    }

    @Test func scrolledUpTheReaderKeepsTheirPlaceUntilTheyReturnToTheBottom() throws {
        var state = Fixtures.state()
        _ = reducer.reduce(&state, .engine(writing(answer(1_000)), Fixtures.stats))
        state.focus = .conversation
        _ = reducer.reduce(&state, .key(.end))
        _ = reducer.reduce(&state, .key(.up))
        let place = state.conversationScroll
        let read = try shown(&state)
        for length in stride(from: 1_025, through: 1_300, by: 25) {
            _ = reducer.reduce(&state, .engine(writing(answer(length)), Fixtures.stats))
        }
        #expect(state.conversationScroll == place)
        #expect(try shown(&state) == read)

        _ = reducer.reduce(&state, .key(.end))
        _ = reducer.reduce(&state, .engine(writing(answer(1_400)), Fixtures.stats))
        #expect(try atBottom(&state))
        #expect(try shown(&state).last?.hasSuffix("▌") == true)
    }

    @Test func theFinishedAnswerTakesThePlaceOfTheWrittenText() throws {
        var state = Fixtures.state()
        for length in [40, 500, 900, 1_010] {
            _ = reducer.reduce(&state, .engine(writing(answer(length)), Fixtures.stats))
        }
        let place = state.conversationScroll
        let whileWriting = try shown(&state)
        let last = try #require(whileWriting.last)
        #expect(last.hasSuffix("▌") && !last.hasSuffix(" ▌"), "the mark right after the text: \(whileWriting)")
        let done = Fixtures.task(
            10, question, status: .completed, stage: .done, progress: 100, secondsAgo: 6, answer: answer(1_010))
        _ = reducer.reduce(&state, .engine(done, Fixtures.stats))
        #expect(state.conversationScroll == place)
        #expect(try shown(&state) == whileWriting.map { $0.replacing("▌", with: "") })
    }
}
