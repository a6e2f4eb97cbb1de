/// `{code, msg, data}`: the original API's envelope. A completed task's `result` is one of these
/// (the synchronous endpoint's body), so it belongs to the task model, not only to the server.
public struct Envelope<Payload: Encodable & Sendable>: Encodable, Sendable {
    public var code: Int
    public var msg: String
    public var data: Payload?

    public init(code: Int, msg: String, data: Payload?) {
        self.code = code
        self.msg = msg
        self.data = data
    }

    /// `data` is always present on the wire, `null` when empty.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(msg, forKey: .msg)
        try container.encode(data, forKey: .data)
    }

    enum CodingKeys: String, CodingKey { case code, msg, data }

    /// The synchronous endpoint's success body.
    public static func success(_ result: QAResult) -> Envelope<QAResult> {
        Envelope<QAResult>(code: 200, msg: "success", data: result)
    }
}
