import Foundation

extension TaskManager {
    /// Resumes what a previous run left unfinished, oldest first, before anything new is accepted.
    func recover(unfinished: Bool) async throws -> RecoveryReport {
        var report = RecoveryReport()
        finishedCounts = try await store.countByStatus()
        finishedCounts[.pending] = nil
        finishedCounts[.running] = nil
        guard unfinished else { return report }
        for var task in try await store.unfinishedTasks() {
            if task.status == .running {
                if task.attempts >= configuration.maxAttempts {
                    try await store.save(task.failed(.interrupted, FailureMessage.interrupted, at: clock.now()))
                    finishedCounts[.failed, default: 0] += 1
                    report.failedInterrupted += 1
                    logger.warning("task interrupted too often, failed", metadata: ["task_id": "\(task.id)"])
                    continue
                }
                task = task.requeued()
                try await store.save(task)
                report.requeuedRunning += 1
            } else {
                report.resumedPending += 1
            }
            enqueueRecovered(task)
        }
        return report
    }

    /// Deletes finished tasks older than `maxAge`; returns how many went.
    @discardableResult
    public func pruneExpired() async -> Int {
        let cutoff = clock.now().addingTimeInterval(-Self.seconds(configuration.maxAge))
        do {
            let deleted = try await store.deleteFinished(before: cutoff)
            for (status, count) in deleted { finishedCounts[status, default: 0] -= count }
            let total = deleted.values.reduce(0, +)
            if total > 0 { logger.info("pruned expired tasks", metadata: ["count": "\(total)"]) }
            return total
        } catch {
            logger.error("pruning expired tasks failed", metadata: ["error": "\(error)"])
            return 0
        }
    }

    nonisolated func retentionLoop() async {
        while true {
            do {
                try await clock.sleep(for: configuration.cleanupInterval)
            } catch {
                return
            }
            await pruneExpired()
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
