import Dispatch
import Foundation

/// Delivers Unix signals to the main actor as ordinary calls. The signals' default actions are
/// turned off while watched (so SIGINT/SIGTERM do not kill the process before the terminal is
/// restored, and curses does not install its own SIGWINCH handler) and put back by `stop()`.
@MainActor
final class SignalWatcher {
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]

    init(_ signals: [Int32], handler: @escaping @MainActor (Int32) -> Void) {
        self.signals = signals
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            // The main queue is the main actor's executor.
            source.setEventHandler { MainActor.assumeIsolated { handler(number) } }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        for source in sources { source.cancel() }
        sources = []
        for number in signals { signal(number, SIG_DFL) }
    }
}
