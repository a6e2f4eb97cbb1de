import Dispatch
import Foundation

/// Wakes the main actor when stdin has bytes to read; there is no polling loop, so an idle UI
/// uses no CPU. `onHangUp` is called once if the terminal goes away (stdin closed), since a
/// closed descriptor would otherwise be "readable" forever.
@MainActor
final class KeyboardWatcher {
    private var source: DispatchSourceRead?

    init(onReadable: @escaping @MainActor () -> Void, onHangUp: @escaping @MainActor () -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        source.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                if Self.isHungUp() {
                    self?.stop()
                    onHangUp()
                } else {
                    onReadable()
                }
            }
        }
        source.resume()
        self.source = source
    }

    func stop() {
        source?.cancel()
        source = nil
    }

    private static func isHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return true }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}
