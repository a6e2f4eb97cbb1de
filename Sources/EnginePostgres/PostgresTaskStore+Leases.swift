import Engine
import Foundation
import PostgresNIO

/// Leases, rescue, cancellation and retention: each one guarded statement, so two nodes doing
/// the same at once never both act on a task.
extension PostgresTaskStore {
    public func renewLeases(node: String, taskIDs: [String], lease: Duration) async throws -> Set<String> {
        if taskIDs.isEmpty { return [] }
        return Set(
            try await rows(
                """
                UPDATE tasks SET lease_until = now() + make_interval(secs => \(lease.inSeconds))
                WHERE status = 'running' AND node = \(node) AND id = ANY(\(taskIDs))
                RETURNING id
                """
            ).map { try $0.decode(String.self) })
    }

    public func rescue(_ scope: RescueScope, maxAttempts: Int) async throws -> RescueReport {
        let (node, expiredOnly): (String?, Bool) =
            switch scope {
            case .expiredLeases: (nil, true)
            case .node(let node): (node, false)
            }
        // The scope's guard sits in the UPDATE itself: a task that finished or renewed its lease
        // since anyone looked no longer matches it.
        let query: PostgresQuery = """
            UPDATE tasks SET
                status = CASE WHEN cancel_requested OR attempts >= \(maxAttempts) THEN 'failed' ELSE 'pending' END,
                error_code = CASE WHEN cancel_requested THEN \(TaskErrorCode.cancelled.rawValue)
                    WHEN attempts >= \(maxAttempts) THEN \(TaskErrorCode.interrupted.rawValue) END,
                error = CASE WHEN cancel_requested THEN \(FailureMessage.cancelled)
                    WHEN attempts >= \(maxAttempts) THEN \(FailureMessage.interrupted) END,
                completed_at = CASE WHEN cancel_requested OR attempts >= \(maxAttempts)
                    THEN \(unescaped: PostgresRows.nowMillis) END,
                stage = CASE WHEN cancel_requested OR attempts >= \(maxAttempts) THEN stage
                    ELSE \(TaskStage.queued.rawValue) END,
                started_at = CASE WHEN cancel_requested OR attempts >= \(maxAttempts) THEN started_at END,
                node = CASE WHEN cancel_requested OR attempts >= \(maxAttempts) THEN node END,
                lease_until = NULL
            WHERE status = 'running' AND CASE
                WHEN \(expiredOnly) THEN lease_until IS NULL OR lease_until < now()
                ELSE node = \(node) END
            RETURNING id, status, error_code
            """
        var report = RescueReport()
        for row in try await rows(query) {
            let (id, status, code) = try row.decode((String, String, String?).self)
            switch (status, code) {
            case ("pending", _): report.requeued.append(id)
            case (_, TaskErrorCode.cancelled.rawValue?): report.cancelled.append(id)
            default: report.interrupted.append(id)
            }
        }
        if !report.requeued.isEmpty {
            try await rows("SELECT pg_notify(\(PostgresListener.workChannel), '')")
        }
        return report
    }

    public func requestCancel(taskID: String) async throws -> CancelRequest {
        // Each step is guarded on the status it expects; a task that moved on between two steps
        // (claimed, finished) is looked at again.
        for _ in 0..<3 {
            if let task = try await rows(
                """
                UPDATE tasks SET status = 'failed', error_code = \(TaskErrorCode.cancelled.rawValue),
                    error = \(FailureMessage.cancelled), completed_at = \(unescaped: PostgresRows.nowMillis)
                WHERE id = \(taskID) AND status = 'pending'
                RETURNING \(unescaped: PostgresRows.taskColumns)
                """
            ).first {
                return .cancelledPending(try PostgresRows.snapshot(task.makeRandomAccess()))
            }
            // The notification goes out with the flag, in the same statement's transaction.
            if let task = try await rows(
                """
                WITH flagged AS (
                    UPDATE tasks SET cancel_requested = true WHERE id = \(taskID) AND status = 'running'
                    RETURNING \(unescaped: PostgresRows.taskColumns)
                )
                SELECT flagged.* FROM flagged
                CROSS JOIN LATERAL (SELECT pg_notify(\(PostgresListener.cancelChannel), flagged.id)) AS sent
                """
            ).first {
                return .flagged(try PostgresRows.snapshot(task.makeRandomAccess()))
            }
            guard
                let row = try await rows(
                    "SELECT \(unescaped: PostgresRows.taskColumns) FROM tasks WHERE id = \(taskID)"
                ).first
            else { return .notFound }
            let task = try PostgresRows.snapshot(row.makeRandomAccess())
            if task.status.isTerminal { return .finished(task) }
        }
        throw StoreError("task \(taskID) kept changing state while being cancelled")
    }

    public func deleteFinished(before cutoff: Date) async throws -> StatusCounts? {
        try await transaction { connection in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(\(Self.retentionLock))", logger: logger
            ).collect()
            guard try locked.first?.decode(Bool.self) == true else { return nil }
            return try PostgresRows.statusCounts(
                try await connection.query(
                    """
                    WITH gone AS (DELETE FROM tasks WHERE completed_at < \(cutoff.millis) RETURNING status)
                    SELECT status, count(*) FROM gone GROUP BY status
                    """, logger: logger
                ).collect())
        }
    }
}
