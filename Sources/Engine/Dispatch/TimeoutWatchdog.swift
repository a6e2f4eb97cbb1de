import Foundation
import ServiceLifecycle
import Synchronization

/// One watchdog for all of this node's runs: it sleeps until the earliest deadline of a run still
/// going and stops the runs past theirs. (Three child tasks per run, a timer among them, cost more
/// than the whole workflow of the local engine.) Every run has the same timeout, so a run that
/// starts later never has an earlier deadline: the watchdog is only woken when a run starts while
/// it has no deadline to sleep to. When runs end it is left to wake at a deadline that no longer
/// matters and find nothing to stop.
final class TimeoutWatchdog: Service {
    private let registry: RunRegistry
    private let clock: any EngineClock
    /// Set while it has no deadline and waits for a run; a starting run fires it.
    private let idleWake = Mutex<OneShotSignal?>(nil)

    init(registry: RunRegistry, clock: any EngineClock) {
        self.registry = registry
        self.clock = clock
    }

    func runStarted() {
        let wake = idleWake.withLock { wake in
            defer { wake = nil }
            return wake
        }
        wake?.fire()
    }

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if let deadline = self.earliestDeadline() {
                    // Nothing wakes it early: no run can have an earlier deadline, and shutdown cancels the sleep.
                    let wait = deadline.timeIntervalSince(self.clock.now())
                    if wait > 0 { try? await self.clock.sleep(for: .seconds(wait)) }
                    self.expireOverdue()
                } else {
                    await self.waitForRun()
                }
            }
        }
    }

    private func earliestDeadline() -> Date? {
        registry.all.lazy.filter(\.awaitsDeadline).map(\.deadline).min()
    }

    private func waitForRun() async {
        let wake = OneShotSignal()
        idleWake.withLock { $0 = wake }
        // A run that started between the look at the deadlines and now has not fired it.
        if earliestDeadline() != nil { return }
        await wake.wait()
    }

    private func expireOverdue() {
        let now = clock.now()
        for run in registry.all where run.awaitsDeadline && run.deadline <= now { run.stop(.timedOut) }
    }
}
