import ArgumentParser
import Engine
import Foundation

/// `maternal-qa ask "问题" --maternal-id 123 --user-type pregnant_mother`: one question through the
/// same engine, progress on stderr, the answer on stdout as it is written (`--json`: the whole
/// result at the end).
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask one question and print the answer (progress goes to stderr).")

    @Argument(help: "The question.") var question: String
    @Option(help: "The mother's id (a positive integer).") var maternalId: String
    @Option(help: "pregnant_mother, postpartum_mother, family_member or doctor.") var userType: String
    @Option(help: "Continue this chat.") var chatId: String?
    @Flag(help: "Print the full result as JSON (the synchronous API body).") var json = false
    @OptionGroup var engine: EngineOptions

    func run() async throws {
        try await runReportingFailures {
            let request = try QuestionArguments.request(
                input: question, maternalID: maternalId, userType: userType, chatID: chatId)
            let settings = try engine.settings()
            LoggingSetup.bootstrap(level: settings.logLevel == "info" ? "warning" : settings.logLevel)
            let manager = try await EngineRunner.open(settings)
            try await EngineRunner.withRunningEngine(manager) {
                let submission: Submission
                do {
                    submission = try await manager.submit(request)
                } catch let error as TaskManagerError {
                    if case .invalidInput(let message) = error { throw CLIFailure.badInput(message) }
                    throw CLIFailure.failed(error.description)
                }
                let progress = ProgressLine()
                // Triage ran at intake: an urgent or emergency question gets its instruction now,
                // before the answer (which may take a while) is written.
                if let advice = submission.snapshot.triage?.instruction {
                    FileHandle.standardError.write(Data((advice + "\n").utf8))
                }
                var final = submission.snapshot
                let answer = StreamedAnswer()
                for await snapshot in try await manager.updates(of: submission.snapshot.id) {
                    if !json { answer.show(snapshot, progress: progress) }
                    if !answer.started || !progress.interactive { progress.show(snapshot) }
                    final = snapshot
                }
                progress.end()
                try AnswerPrinter.print(final, json: json, streamed: answer.started)
            }
        }
    }
}

/// Turns CLI text into a request, refusing bad values with the API's own messages.
enum QuestionArguments {
    static func request(input: String, maternalID: String, userType: String, chatID: String?) throws -> QARequest {
        guard let id = Int64(maternalID.trimmingCharacters(in: .whitespaces)), id > 0 else {
            throw CLIFailure.badInput("maternal_id 必须是正整数（收到 \"\(maternalID)\"）")
        }
        guard let type = UserType(rawValue: userType) else {
            let choices = UserType.allCases.map(\.rawValue).joined(separator: ", ")
            throw CLIFailure.badInput("user_type 必须是 \(choices) 之一（收到 \"\(userType)\"）")
        }
        let request = QARequest(input: input, maternalID: id, userType: type, chatID: chatID)
        do {
            return try RequestValidation.validated(request)
        } catch let error as TaskManagerError {
            throw CLIFailure.badInput(error.description)
        }
    }
}
