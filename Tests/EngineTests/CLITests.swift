import Foundation
import Testing

@Suite("The ask command with bad input")
struct CLITests {
    /// Refused settings and input exit 2 with `error: ` and the reason; a missing argument is the
    /// argument parser's usage error, 64.
    @Test(
        "bad input exits with its status and a message naming the problem",
        arguments: [
            (
                ["ask", "问题", "--maternal-id", "abc", "--user-type", "pregnant_mother"], 2,
                #"error: maternal_id 必须是正整数（收到 "abc"）"#
            ),
            (
                ["ask", "问题", "--maternal-id=-3", "--user-type", "pregnant_mother"], 2,
                #"error: maternal_id 必须是正整数（收到 "-3"）"#
            ),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "grandma"], 2,
                #"error: user_type 必须是 pregnant_mother, postpartum_mother, family_member, doctor 之一（收到 "grandma"）"#
            ),
            (["ask", "   ", "--maternal-id", "3", "--user-type", "doctor"], 2, "error: input 不能为空"),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--chat-id", "has space"], 2,
                "error: chat_id 只能包含字母、数字、_ 和 -，长度 1–128"
            ),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--max-workers", "zero"], 2,
                #"error: invalid max_workers "zero" from --max-workers: expected an integer from 1 to 1024"#
            ),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--task-timeout=-1"], 2,
                #"error: invalid task_timeout "-1" from --task-timeout: expected an integer from 1 to 86400"#
            ),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--backend", "gpt"], 2,
                #"error: invalid backend "gpt" from --backend: expected one of local, openai"#
            ),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--backend", "openai"], 2,
                "error: openai_base_url is required when backend is openai (--openai-base-url or MQA_OPENAI_BASE_URL)"
            ),
            (
                ["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--config", "/nonexistent.conf"], 2,
                "error: config file /nonexistent.conf cannot be read"
            ),
            (
                ["ask", "问题", "--user-type", "doctor"], 64,
                "Error: Missing expected argument '--maternal-id <maternal-id>'"
            ),
        ])
    func badInput(arguments: [String], status: Int32, message: String) async throws {
        let output = try await MaternalQABinary.run(arguments + ["--database", ":memory:"])
        #expect(output.status == status)
        #expect(output.stderr.split(separator: "\n").first.map(String.init) == message, "stderr was: \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("a good question prints the answer and exits 0")
    func goodQuestion() async throws {
        let output = try await MaternalQABinary.run(
            ["ask", "孕期可以喝咖啡吗", "--maternal-id", "12", "--user-type", "pregnant_mother", "--database", ":memory:"])
        #expect(output.status == 0, "stderr was: \(output.stderr)")
        #expect(output.stdout.contains("chat_id: chat_12_pregnant_mother_"))
        #expect(output.stderr.contains("100%"))
    }

    @Test("an emergency question gets its seek-care instruction on stderr before any progress")
    func emergencyInstructionFirst() async throws {
        let output = try await MaternalQABinary.run(
            ["ask", "孕32周，下面突然大出血", "--maternal-id", "12", "--user-type", "pregnant_mother", "--database", ":memory:"])
        #expect(output.status == 0, "stderr was: \(output.stderr)")
        let instruction = try #require(output.stderr.range(of: "【紧急】"))
        let progress = try #require(output.stderr.range(of: "100%"))
        #expect(instruction.lowerBound < progress.lowerBound)
        #expect(!output.stderr.contains("【请尽快就医】"))
    }
}
