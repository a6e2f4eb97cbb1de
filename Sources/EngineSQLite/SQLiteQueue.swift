import Engine
import Foundation
import GRDB

/// The queue's statements: claims, leases, rescue and cancel. Lease times come from SQLite's own
/// clock (the machine's), so every process on the machine judges a lease the same way.
enum SQLiteQueue {
    /// Milliseconds since 1970 on the database's clock, rounded: julianday is a double, and truncating it
    /// would stamp a claim a millisecond before the completion that freed its place.
    static let now = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)"

    static func claim(_ db: Database, node: String, limit: Int, lease: Duration) throws -> TaskWriteResult {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = 'running', attempts = attempts + 1, node = ?, lease_until = \(now) + ?,
                        started_at = \(now), cancel_requested = 0, partial_answer = NULL, partial_seq = 0
                    WHERE seq IN (SELECT seq FROM tasks WHERE status = 'pending' ORDER BY priority DESC, seq LIMIT ?)
                    RETURNING \(SQLiteRows.taskColumns)
                    """),
            arguments: [node, lease.milliseconds, limit])
        // RETURNING gives no order: sort back into claim order.
        let claimed = try rows.sorted { left, right in
            let (leftPriority, rightPriority): (Int, Int) = (
                left[TaskColumn.priority.rawValue], right[TaskColumn.priority.rawValue]
            )
            if leftPriority != rightPriority { return leftPriority > rightPriority }
            return (left[TaskColumn.seq.rawValue] as Int64) < (right[TaskColumn.seq.rawValue] as Int64)
        }.map(SQLiteRows.snapshot)
        return .claimed(claimed)
    }

    static func pendingCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM tasks WHERE status = 'pending'")) ?? 0
    }

    /// 1 = claimed next.
    static func position(_ db: Database, seq: Int64, priority: Int) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(*) FROM tasks WHERE status = 'pending' AND (priority > ? OR (priority = ? AND seq <= ?))
                    """),
            arguments: [priority, priority, seq]) ?? 1
    }

    static func renewLeases(_ db: Database, node: String, taskIDs: [String], lease: Duration) throws -> Set<String> {
        // The ids go in as one JSON array, so the statement stays the same (and cached) for any count.
        Set(
            try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE tasks SET lease_until = \(now) + ?
                        WHERE status = 'running' AND node = ? AND id IN (SELECT value FROM json_each(?)) RETURNING id
                        """),
                arguments: [lease.milliseconds, node, JSONColumns.text(taskIDs)]))
    }

    /// Three guarded updates in one transaction: cancelled first, then those out of attempts, then
    /// the rest back to pending.
    static func rescue(_ db: Database, _ scope: RescueScope, maxAttempts: Int) throws -> RescueReport {
        let guardClause: String
        let scopeArguments: StatementArguments
        switch scope {
        case .expiredLeases:
            guardClause = "status = 'running' AND ifnull(lease_until, 0) < \(now)"
            scopeArguments = []
        case .node(let node):
            guardClause = "status = 'running' AND node = ?"
            scopeArguments = [node]
        }
        var report = RescueReport()
        report.cancelled = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = 'failed', error_code = 'cancelled', error = ?, completed_at = \(now),
                        lease_until = NULL
                    WHERE \(guardClause) AND cancel_requested = 1 RETURNING id
                    """),
            arguments: [FailureMessage.cancelled] + scopeArguments)
        report.interrupted = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = 'failed', error_code = 'interrupted', error = ?, completed_at = \(now),
                        lease_until = NULL
                    WHERE \(guardClause) AND attempts >= ? RETURNING id
                    """),
            arguments: [FailureMessage.interrupted] + scopeArguments + [maxAttempts])
        report.requeued = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = 'pending', stage = 'queued', started_at = NULL, node = NULL, lease_until = NULL
                    WHERE \(guardClause) RETURNING id
                    """),
            arguments: scopeArguments)
        return report
    }

    static func requestCancel(_ db: Database, taskID: String) throws -> CancelRequest {
        if let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = 'failed', error_code = 'cancelled', error = ?, completed_at = \(now)
                    WHERE id = ? AND status = 'pending' RETURNING \(SQLiteRows.taskColumns)
                    """),
            arguments: [FailureMessage.cancelled, taskID])
        {
            return .cancelledPending(try SQLiteRows.snapshot(row))
        }
        if let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET cancel_requested = 1 WHERE id = ? AND status = 'running' RETURNING \(SQLiteRows.taskColumns)
                    """),
            arguments: [taskID])
        {
            return .flagged(try SQLiteRows.snapshot(row))
        }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: SQLiteTaskStore.selectTaskByID), arguments: [taskID])
        else { return .notFound }
        return .finished(try SQLiteRows.snapshot(row))
    }
}
