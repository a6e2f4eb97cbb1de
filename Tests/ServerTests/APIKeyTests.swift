import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// Optional API keys: 401 without one, and a task visible only to the key that created it.
@Suite struct APIKeyTests {
    static let keys = ["alpha-key", "beta-key"]

    static func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }

    @Test func missingOrWrongKeyIs401() async throws {
        try await APIHarness.run(apiKeys: Self.keys) { client, _ in
            for headers in [HTTPFields(), Self.bearer("nope"), [.authorization: "Basic YWxwaGEta2V5"]] {
                let response = try await client.postJSON(
                    "/api/v2/chat/qa/async", #"{"input":"a","maternal_id":1,"user_type":"doctor"}"#, headers: headers)
                let body = try EnvelopeBody(response)
                #expect(body.code == 401)
                #expect(body.msg.contains("Authorization"))
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let listStatus = try await client.get("/api/v2/chat/qa/tasks").status
            #expect(listStatus == .unauthorized)
        }
    }

    @Test func tasksAreVisibleOnlyToTheirKey() async throws {
        try await APIHarness.run(apiKeys: Self.keys) { client, _ in
            let alpha = Self.bearer("alpha-key")
            let beta = Self.bearer("beta-key")
            let taskID = try await client.submit(headers: alpha)
            let data = try await client.waitUntilTerminal(taskID, headers: alpha)
            #expect(data["status"] as? String == "completed")
            let chatID = try #require(
                ((data["result"] as? [String: Any])?["data"] as? [String: Any]).flatMap {
                    ($0["chat_meta"] as? [String: Any])?["chat_id"] as? String
                })
            for path in [
                "/api/v2/chat/qa/task/\(taskID)/status", "/api/v2/chat/qa/task/\(taskID)/events",
                "/api/v2/chat/\(chatID)/messages",
            ] {
                let other = try await client.get(path, headers: beta).status
                let own = try await client.get(path, headers: alpha).status
                #expect(other == .notFound, "\(path)")
                #expect(own == .ok, "\(path)")
            }
            let cancel = try await client.execute(
                uri: "/api/v2/chat/qa/task/\(taskID)/cancel", method: .post, headers: beta)
            #expect(cancel.status == .notFound)
            let betaList = try EnvelopeBody(try await client.get("/api/v2/chat/qa/tasks", headers: beta))
            #expect((betaList.data?["tasks"] as? [Any])?.isEmpty == true)
            let alphaList = try EnvelopeBody(try await client.get("/api/v2/chat/qa/tasks", headers: alpha))
            #expect((alphaList.data?["tasks"] as? [Any])?.count == 1)
        }
    }

    @Test func aChatIsContinuedOnlyWithTheKeyThatStartedIt() async throws {
        try await APIHarness.run(apiKeys: Self.keys) { client, _ in
            let alpha = Self.bearer("alpha-key")
            let beta = Self.bearer("beta-key")
            let body = #"{"input":"孕期可以喝咖啡吗","maternal_id":1,"user_type":"doctor","chat_id":"chat_alpha"}"#
            let first = try EnvelopeBody(try await client.postJSON("/api/v2/chat/qa/async", body, headers: alpha))
            #expect(first.code == 200)
            // Another key knowing the chat id (and the mother) can neither add to it nor read it.
            let intruder = try await client.postJSON("/api/v2/chat/qa/async", body, headers: beta)
            #expect(intruder.status == .conflict)
            #expect(try EnvelopeBody(intruder).msg.contains("chat_alpha"))
            #expect(try await client.get("/api/v2/chat/chat_alpha/messages", headers: beta).status == .notFound)
            let again = try EnvelopeBody(try await client.postJSON("/api/v2/chat/qa/async", body, headers: alpha))
            #expect(again.code == 200)
        }
    }

    @Test func opsRoutesStayOpen() async throws {
        try await APIHarness.run(apiKeys: Self.keys) { client, _ in
            for path in ["/healthz", "/metrics", "/openapi.json"] {
                let status = try await client.get(path).status
                #expect(status == .ok, "\(path)")
            }
        }
    }

    @Test func ownersAreFingerprintsNotKeys() {
        let keyring = APIKeyring(keys: ["alpha-key"])
        let owner = keyring.owner(forKey: "alpha-key")
        #expect(owner == APIKeyring.fingerprint("alpha-key"))
        #expect(owner?.contains("alpha") == false)
        #expect(owner?.hasPrefix("sha256:") == true)
        #expect(keyring.owner(forKey: "alpha-key ") == nil)
        #expect(APIKeyMiddleware.bearerToken("bearer  abc ") == "abc")
        #expect(APIKeyMiddleware.bearerToken("Bearer") == nil)
    }
}
