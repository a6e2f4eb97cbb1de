/// A trie over normalised Unicode scalars that finds, at one position of a text, every pattern
/// starting there. Built once from the triage phrases (and the normalisation tables); lookups are a dictionary probe for
/// the first scalar and short linear scans below it, with no allocation and no regex.
struct PhraseTrie: Sendable {
    /// Children of the root, by first scalar (the only wide fan-out).
    private let rootChildren: [UInt32: Int32]
    /// Children of node `n` are `edgeScalar/edgeTarget[edgeStart[n] ..< edgeStart[n + 1]]`.
    private let edgeStart: [Int32]
    private let edgeScalar: [UInt32]
    private let edgeTarget: [Int32]
    /// The pattern ending at each node, or -1.
    private let terminal: [Int32]
    /// The longest pattern, in scalars: the most matches one position can yield.
    let maximumLength: Int
    private let lengths: [Int32]
    /// Indices of patterns that repeat an earlier one (and therefore can never match); expected empty.
    let duplicatePatterns: [Int]

    init(patterns: [[UInt32]]) {
        var children: [[UInt32: Int32]] = [[:]]
        var terminal: [Int32] = [-1]
        var duplicates: [Int] = []
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var node = 0
            for scalar in pattern {
                if let next = children[node][scalar] {
                    node = Int(next)
                } else {
                    children.append([:])
                    terminal.append(-1)
                    let next = children.count - 1
                    children[node][scalar] = Int32(next)
                    node = next
                }
            }
            if terminal[node] >= 0 { duplicates.append(index) } else { terminal[node] = Int32(index) }
        }

        var edgeStart: [Int32] = []
        var edgeScalar: [UInt32] = []
        var edgeTarget: [Int32] = []
        for node in children.indices {
            edgeStart.append(Int32(edgeScalar.count))
            if node == 0 { continue }
            for (scalar, target) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeScalar.append(scalar)
                edgeTarget.append(target)
            }
        }
        edgeStart.append(Int32(edgeScalar.count))

        self.rootChildren = children[0]
        self.edgeStart = edgeStart
        self.edgeScalar = edgeScalar
        self.edgeTarget = edgeTarget
        self.terminal = terminal
        self.maximumLength = patterns.map(\.count).max() ?? 0
        self.lengths = patterns.map { Int32($0.count) }
        self.duplicatePatterns = duplicates
    }

    /// The length of pattern `index`, in scalars.
    @inline(__always)
    func patternLength(_ index: Int) -> Int { Int(lengths[index]) }

    /// Writes the indices of all patterns that start at `start` into `found`, shortest first,
    /// and returns how many. `found` must hold at least `maximumLength` elements.
    @inline(__always)
    func matches(in text: UnsafeBufferPointer<UInt32>, at start: Int, into found: UnsafeMutableBufferPointer<Int32>)
        -> Int
    {
        guard let first = rootChildren[text[start]] else { return 0 }
        var count = 0
        var node = Int(first)
        var position = start + 1
        while true {
            let pattern = terminal[node]
            if pattern >= 0 {
                found[count] = pattern
                count += 1
            }
            guard position < text.count else { break }
            let scalar = text[position]
            var next = -1
            var edge = Int(edgeStart[node])
            let end = Int(edgeStart[node + 1])
            while edge < end {
                if edgeScalar[edge] == scalar {
                    next = Int(edgeTarget[edge])
                    break
                }
                edge += 1
            }
            guard next >= 0 else { break }
            node = next
            position += 1
        }
        return count
    }
}
