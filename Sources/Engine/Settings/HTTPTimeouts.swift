/// How long the HTTP server waits on a client before it closes the connection, so that clients
/// that trickle their requests or sit idle cannot hold connections for ever.
public struct HTTPTimeouts: Sendable, Equatable {
    /// A connection with no request under way: just opened, or between keep-alive requests.
    public var idle: Duration
    /// From a request's first byte until its head (request line and headers) is complete.
    public var header: Duration
    /// From the end of a request's head until the end of its body.
    public var body: Duration

    public init(idle: Duration = .seconds(60), header: Duration = .seconds(15), body: Duration = .seconds(30)) {
        self.idle = idle
        self.header = header
        self.body = body
    }
}
