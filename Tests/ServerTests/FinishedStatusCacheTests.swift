import Engine
import Foundation
import NIOCore
import Testing

@testable import Server

/// The cache of finished tasks' status bodies stays bounded: by the memory its buffers really
/// take, and by retention.
@Suite struct FinishedStatusCacheTests {
    @Test func expiredEntriesAreDroppedAsNewOnesArrive() {
        let cache = FinishedStatusCache(retention: .seconds(60))
        let start = Date(timeIntervalSince1970: 1_000_000)
        for index in 0..<10 {
            cache.store(Self.finished("task_\(index)", at: start), body: Self.body(100), now: start)
        }
        #expect(cache.count == 10)
        let later = start.addingTimeInterval(61)
        cache.store(Self.finished("task_new", at: later), body: Self.body(100), now: later)
        #expect(cache.count == 1)
        #expect(cache.body(of: "task_new", owner: nil, now: later) != nil)
    }

    @Test func theBoundCountsTheBuffersCapacity() {
        let cache = FinishedStatusCache(maxBytes: 64 << 10, retention: .seconds(3600))
        let now = Date()
        let body = Self.body(2100)  // held in a buffer of 4 KiB
        #expect(body.capacity == 4096)
        for index in 0..<40 {
            cache.store(Self.finished("task_\(index)", at: now), body: body, now: now)
        }
        #expect(cache.count == 16)
        #expect(cache.body(of: "task_39", owner: nil, now: now) != nil)
        #expect(cache.body(of: "task_23", owner: nil, now: now) == nil)
    }

    /// A body grown by writing, as the encoder grows it.
    private static func body(_ bytes: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(512)
        buffer.writeRepeatingByte(UInt8(ascii: "x"), count: bytes)
        return buffer
    }

    private static func finished(_ id: String, at completed: Date) -> TaskSnapshot {
        TaskSnapshot(
            id: id, status: .completed, stage: .done, progress: 100, createdAt: completed, startedAt: completed,
            completedAt: completed, request: QARequest(input: "q", maternalID: 1, userType: .doctor), chatID: "c")
    }
}
