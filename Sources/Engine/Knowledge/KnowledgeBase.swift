import Foundation

/// Why the knowledge base could not be loaded; the message names the resource and the reason
/// so a broken build or a hand-edited JSON file is diagnosed at start-up, not at the first question.
public enum KnowledgeBaseError: Error, Sendable, Equatable, CustomStringConvertible {
    case resourceMissing(String)
    case unreadable(String)
    case malformed(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .resourceMissing(let name): "knowledge base resource \(name) is missing from the Engine bundle"
        case .unreadable(let why): "knowledge base could not be read: \(why)"
        case .malformed(let why): "knowledge base JSON is malformed: \(why)"
        case .invalid(let why): "knowledge base is invalid: \(why)"
        }
    }
}

/// The bundled, read-only maternal-health knowledge base the local backend answers from.
/// Immutable after loading, so one instance is shared by every worker without locking.
public struct KnowledgeBase: Sendable {
    public let entries: [KnowledgeEntry]

    public init(entries: [KnowledgeEntry]) {
        self.entries = entries
    }

    /// Decodes and validates a knowledge base from JSON (an array of entries).
    /// Validation keeps a bad edit (duplicate id, empty answer or source) from shipping silently.
    public init(jsonData: Data) throws(KnowledgeBaseError) {
        let decoded: [KnowledgeEntry]
        do {
            decoded = try JSONDecoder().decode([KnowledgeEntry].self, from: jsonData)
        } catch {
            throw .malformed(DecodingErrorText.describe(error))
        }
        try Self.validate(decoded)
        self.init(entries: decoded)
    }

    /// The knowledge base shipped in the Engine bundle. Decoded once per process and cached,
    /// because every task of the local backend needs it and decoding is not free.
    public static func bundled() throws -> KnowledgeBase {
        try cachedBundled.get()
    }

    /// Looks an entry up by its stable id (used by tests and by references).
    public func entry(id: String) -> KnowledgeEntry? {
        entries.first { $0.id == id }
    }

    static let resourceName = "knowledge_base"

    /// Lazily initialised exactly once (Swift guarantees thread-safe `static let` initialisation).
    private static let cachedBundled: Result<KnowledgeBase, KnowledgeBaseError> = {
        guard let url = Bundle.module.url(forResource: resourceName, withExtension: "json") else {
            return .failure(.resourceMissing("\(resourceName).json"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return .failure(.unreadable("\(url.path): \(error.localizedDescription)"))
        }
        return Result { () throws(KnowledgeBaseError) in try KnowledgeBase(jsonData: data) }
    }()

    private static func validate(_ entries: [KnowledgeEntry]) throws(KnowledgeBaseError) {
        guard !entries.isEmpty else { throw .invalid("it has no entries") }
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            let label = entry.id.isEmpty ? "entry #\(index)" : "entry \(entry.id)"
            if entry.id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw .invalid("\(label) has an empty id")
            }
            guard seen.insert(entry.id).inserted else { throw .invalid("duplicate id \(entry.id)") }
            if entry.title.isEmpty { throw .invalid("\(label) has an empty title") }
            if entry.answer.isEmpty { throw .invalid("\(label) has an empty answer") }
            if entry.source.name.isEmpty { throw .invalid("\(label) has no source name") }
        }
    }
}
