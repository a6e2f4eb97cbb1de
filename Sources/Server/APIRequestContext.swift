import Hummingbird
import Synchronization

/// The request context of every API route: who is calling (the API key's fingerprint, when keys
/// are on) and what the request log should name once the handler has run.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's key fingerprint; nil when API keys are off (then every task is visible).
    public var owner: String?
    /// Shared with the middlewares that wrap the handler, which see their own copy of the context.
    let annotations = RequestAnnotations()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are read by `BodyReader` with its own 64 KiB limit; this one guards Hummingbird's helpers.
    public var maxUploadSize: Int { BodyReader.maxBodyBytes }
}

/// Facts a handler learns that the request log and metrics, running outside it, report.
/// A class so every copy of the context shares it; the mutex makes it safe across tasks.
final class RequestAnnotations: Sendable {
    private let state = Mutex<String?>(nil)

    /// The task this request created or touched.
    var taskID: String? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
