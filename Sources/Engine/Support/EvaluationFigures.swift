import Foundation

/// A share of cases, printed as `part/whole (percent)`.
public struct Fraction: Sendable, CustomStringConvertible {
    public var part: Int
    public var whole: Int
    public var ratio: Double { whole == 0 ? 1 : Double(part) / Double(whole) }
    public var description: String { String(format: "%d/%d (%.1f %%)", part, whole, ratio * 100) }

    public init(part: Int, whole: Int) {
        self.part = part
        self.whole = whole
    }
}

/// Time per question over an evaluation set.
struct Timings {
    let sorted: [Double]

    init(_ microseconds: [Double]) { sorted = microseconds.sorted() }

    var line: String {
        guard let last = sorted.last else { return "time per question: no cases" }
        let p50 = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        return String(format: "time per question: p50 %.1f µs, p99 %.1f µs, max %.1f µs", p50, p99, last)
    }
}
