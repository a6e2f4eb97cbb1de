import Engine
import Foundation

/// The running chat UI: owns the state, feeds it actions (keys, signals, engine updates), runs
/// the resulting effects, and draws coalesced frames. Everything happens on the main actor, which
/// is also where every curses call is made.
@MainActor
public final class ChatApp {
    private let manager: TaskManager
    private let options: ChatOptions
    private let terminal: CursesTerminal
    private let reducer = Reducer()
    private var state: AppState
    private var effects: EffectRunner?
    private var redraw: RedrawScheduler?
    private var ticker: Task<Void, Never>?
    private var quitting = false
    private var quit: CheckedContinuation<Void, Never>?

    /// Throws `TerminalError` when stdin or stdout is not a terminal (check before opening the engine).
    public nonisolated static func requireTerminal() throws {
        try CursesTerminal.requireInteractive()
    }

    /// Takes over the terminal, runs until the operator quits (or SIGINT/SIGTERM/SIGHUP), and
    /// gives the terminal back on every way out. Does not stop the manager.
    public static func run(
        manager: TaskManager, options: ChatOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws {
        let stats = await manager.stats()
        let terminal = try CursesTerminal(environment: environment)
        defer { terminal.stop() }
        let app = ChatApp(manager: manager, options: options, terminal: terminal, stats: stats)
        await app.runUntilQuit()
    }

    private init(manager: TaskManager, options: ChatOptions, terminal: CursesTerminal, stats: EngineStats) {
        self.manager = manager
        self.options = options
        self.terminal = terminal
        let identity = options.maternalID.flatMap { id in
            options.userType.map { Identity(maternalID: id, userType: $0) }
        }
        state = AppState(
            width: terminal.width, height: terminal.height, now: Date(), identity: identity, stats: stats,
            listenAddress: options.listenAddress, burstSize: options.burstSize, node: manager.configuration.node)
        if identity == nil {
            state.modal = .identity(IdentityForm(maternalID: options.maternalID, userType: options.userType))
        }
        if let notice = options.notice { state.flash = Flash(notice, kind: .error, lasting: true) }
    }

    private func runUntilQuit() async {
        let send: @MainActor (Action) -> Void = { [weak self] in self?.send($0) }
        effects = EffectRunner(manager: manager, historyLimit: options.historyLimit, send: send)
        redraw = RedrawScheduler { [weak self] in self?.drawFrame() }

        // Subscribe before reading what exists, so no change falls between the two.
        let updates = manager.allUpdates()
        let engineFeed = Task { @MainActor in
            for await update in updates { send(.engine(update.snapshot, update.stats)) }
        }
        // Without the store there is nothing to show yet; the feed brings each task as it moves.
        send(.historyLoaded((try? await manager.liveTasks()) ?? []))
        if let identity = state.identity { effects?.perform(.loadHistory(maternalID: identity.maternalID)) }

        let signals = SignalWatcher([SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT]) { [weak self] number in
            self?.handleSignal(number)
        }
        let keyboard = KeyboardWatcher(
            onReadable: { [weak self] in self?.readKeyboard() },
            onHangUp: { [weak self] in self?.finish() })
        drawFrame()

        await withCheckedContinuation { continuation in
            if quitting { continuation.resume() } else { quit = continuation }
        }

        keyboard.stop()
        signals.stop()
        engineFeed.cancel()
        ticker?.cancel()
        redraw?.cancel()
        effects?.stop()
    }

    private func send(_ action: Action) {
        guard !quitting else { return }  // late results must not draw over the restored terminal
        for effect in reducer.reduce(&state, action) {
            if effect == .quit { finish() } else { effects?.perform(effect) }
        }
        redraw?.request()
        updateTicker()
    }

    private func readKeyboard() {
        for event in terminal.readEvents() {
            switch event {
            case .key(let key): send(.key(key))
            case .paste(let text): send(.paste(text))
            }
        }
    }

    private func handleSignal(_ number: Int32) {
        switch number {
        case SIGWINCH, SIGCONT:
            terminal.refreshSize()
            send(.resize(width: terminal.width, height: terminal.height))
        default:
            finish()  // SIGINT, SIGTERM, SIGHUP: the normal way out, terminal restored first
        }
    }

    private func drawFrame() {
        guard !quitting else { return }
        _ = reducer.reduce(&state, .tick(Date()))
        terminal.draw(Renderer.render(state))
        updateTicker()
    }

    /// Elapsed times and fading messages need a frame each second; nothing else does, so with
    /// no task running the UI sleeps until a key or an engine event arrives.
    private func updateTicker() {
        guard state.needsClockTicks, ticker == nil else { return }
        ticker = Task { @MainActor [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard let self, !Task.isCancelled else { return }
                guard self.state.needsClockTicks else {
                    self.ticker = nil
                    return
                }
                self.redraw?.request()
            }
        }
    }

    private func finish() {
        guard !quitting else { return }
        quitting = true
        quit?.resume()
        quit = nil
    }
}
