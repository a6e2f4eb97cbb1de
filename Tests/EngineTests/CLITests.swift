import Foundation
import Testing

@Suite("The ask command with bad input")
struct CLITests {
    @Test("bad input exits non-zero with a message naming the problem", arguments: [
        (["ask", "问题", "--maternal-id", "abc", "--user-type", "pregnant_mother"], "maternal_id"),
        (["ask", "问题", "--maternal-id=-3", "--user-type", "pregnant_mother"], "maternal_id"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "grandma"], "user_type"),
        (["ask", "   ", "--maternal-id", "3", "--user-type", "doctor"], "input"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--chat-id", "has space"], "chat_id"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--max-workers", "zero"], "max_workers"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--task-timeout=-1"], "task_timeout"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--backend", "gpt"], "backend"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--backend", "openai"], "openai_base_url"),
        (["ask", "问题", "--maternal-id", "3", "--user-type", "doctor", "--config", "/nonexistent.conf"], "/nonexistent.conf"),
        (["ask", "问题", "--user-type", "doctor"], "maternal-id"),
    ])
    func badInput(arguments: [String], mentions: String) throws {
        let output = try MaternalQABinary.run(arguments + ["--database", ":memory:"])
        #expect(output.status != 0)
        #expect(output.stderr.contains(mentions), "stderr was: \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("a good question prints the answer and exits 0")
    func goodQuestion() throws {
        let output = try MaternalQABinary.run(
            ["ask", "孕期可以喝咖啡吗", "--maternal-id", "12", "--user-type", "pregnant_mother", "--database", ":memory:"])
        #expect(output.status == 0, "stderr was: \(output.stderr)")
        #expect(output.stdout.contains("chat_id: chat_12_pregnant_mother_"))
        #expect(output.stderr.contains("100%"))
    }

    @Test("an emergency question gets its seek-care instruction on stderr before any progress")
    func emergencyInstructionFirst() throws {
        let output = try MaternalQABinary.run(
            ["ask", "孕32周，下面突然大出血", "--maternal-id", "12", "--user-type", "pregnant_mother", "--database", ":memory:"])
        #expect(output.status == 0, "stderr was: \(output.stderr)")
        let instruction = try #require(output.stderr.range(of: "【紧急】"))
        let progress = try #require(output.stderr.range(of: "100%"))
        #expect(instruction.lowerBound < progress.lowerBound)
        #expect(!output.stderr.contains("【请尽快就医】"))
    }
}
