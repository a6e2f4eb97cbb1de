import Engine

/// How the chat UI starts.
public struct ChatOptions: Sendable {
    /// Preset identity (from flags); when either is missing the identity dialog opens first.
    public var maternalID: Int64?
    public var userType: UserType?
    /// Shown in the header when the same process serves the HTTP API.
    public var listenAddress: String?
    /// Questions submitted by the burst key.
    public var burstSize: Int
    /// Earlier tasks of the maternal id loaded into the tasks pane.
    public var historyLimit: Int
    /// A problem found at start (the model server's), shown until another message replaces it.
    public var notice: String?

    public init(
        maternalID: Int64? = nil, userType: UserType? = nil, listenAddress: String? = nil,
        burstSize: Int = 12, historyLimit: Int = 200
    ) {
        self.maternalID = maternalID
        self.userType = userType
        self.listenAddress = listenAddress
        self.burstSize = burstSize
        self.historyLimit = historyLimit
    }
}
