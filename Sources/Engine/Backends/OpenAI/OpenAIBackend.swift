import Foundation
import Logging

/// Answers with a model on any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, hosted
/// APIs), streamed: the prompt carries the retrieved passages, the triage result and the recent
/// history, built to fit `openai_context_tokens`; progress follows tokens received against
/// `max_tokens`. A server that still finds the prompt too long gets one smaller retry.
///
/// Connect errors, 429 and 5xx are retried with backoff (honouring `Retry-After`); everything else
/// ends the task with a `BackendError` whose message says what went wrong. The API key goes only in
/// the `Authorization` header and is blanked out of every message and log line.
public struct OpenAIBackend: InferenceBackend {
    public let name = "openai"
    private let client: ChatCompletionsClient
    private let model: String
    private let temperature: Double
    private let maxTokens: Int
    private let retryPolicy: RetryPolicy
    private let promptBuilder: PromptBuilder
    private let redact: SecretRedactor
    private let logger: Logger

    /// - Parameters:
    ///   - maxConnections: connections kept to the server; one per worker lets every running task stream at once.
    ///   - retryPolicy: defaults to `openai_retries` with the standard backoff.
    public init(
        settings: OpenAISettings, maxConnections: Int = 8, retryPolicy: RetryPolicy? = nil,
        logger: Logger = Logger(label: "maternal-qa.openai")
    ) throws {
        guard let base = settings.baseURL else {
            throw SettingsError("openai_base_url is required when backend is openai")
        }
        guard let model = settings.model, !model.isEmpty else {
            throw SettingsError("openai_model is required when backend is openai")
        }
        guard settings.maxTokens > 0 else { throw SettingsError("openai_max_tokens must be positive") }
        // A key read from a file may end in a newline, which must not reach the header.
        let trimmedKey = settings.apiKey?.trimmingCharacters(in: .whitespacesAndNewlines)
        let key = trimmedKey?.isEmpty == false ? trimmedKey : nil
        client = ChatCompletionsClient(
            url: try OpenAIEndpoint.chatCompletionsURL(base: base), apiKey: key,
            connectTimeout: settings.connectTimeout, readTimeout: settings.readTimeout, maxConnections: maxConnections)
        self.model = model
        temperature = settings.temperature
        maxTokens = settings.maxTokens
        self.retryPolicy = retryPolicy ?? RetryPolicy(retries: settings.retries)
        promptBuilder = PromptBuilder(contextTokens: settings.contextTokens, replyTokens: settings.maxTokens)
        redact = SecretRedactor(secret: key)
        self.logger = logger
    }

    public func generate(_ request: GenerationRequest, onChunk: @Sendable (GenerationChunk) async -> Void) async throws
    {
        let full = promptBuilder.prompt(for: request)
        do {
            try await stream(full, onChunk: onChunk)
        } catch let failure as OpenAIFailure where failure.mayMeanPromptTooLong {
            // The server's tokenizer spends more than the estimate (or its window is smaller than
            // openai_context_tokens): once more with half the passages and history.
            let half = promptBuilder.prompt(for: request, limit: full.halved)
            logger.notice(
                "the model server found the prompt too long; retrying with half the history and passages",
                metadata: [
                    "reason": "\(redact(failure.message))", "prompt_tokens_estimate": "\(full.estimatedTokens)",
                    "retry_prompt_tokens_estimate": "\(half.estimatedTokens)",
                ])
            do {
                try await stream(half, onChunk: onChunk)
            } catch let again as OpenAIFailure where again.mayMeanPromptTooLong {
                let window = promptBuilder.contextTokens
                throw BackendError(
                    "问题和对话内容超出了模型的上下文窗口（openai_context_tokens \(window)）：提示约 \(half.estimatedTokens) 个 token，"
                        + "另留 \(maxTokens) 个给回答（openai_max_tokens）。请把 openai_context_tokens 设为模型服务的实际上下文大小，或调小 openai_max_tokens",
                    detail:
                        "the prompt does not fit the model's context window: about \(half.estimatedTokens) tokens of prompt "
                        + "(\(full.estimatedTokens) before halving the history and passages) plus \(maxTokens) for the reply "
                        + "(openai_max_tokens), against openai_context_tokens \(window); the server said: "
                        + "\(redact(again.message))")
            }
        }
    }

    /// Streams one prompt's reply; connect errors, 429 and 5xx are retried per `retryPolicy`.
    private func stream(_ prompt: PromptBuilder.Prompt, onChunk: @Sendable (GenerationChunk) async -> Void) async throws
    {
        if prompt.passagesLeftOut + prompt.historyLeftOut > 0 {
            logger.notice(
                "prompt trimmed to fit the model's context window",
                metadata: [
                    "history_kept": "\(prompt.historyKept)", "history_left_out": "\(prompt.historyLeftOut)",
                    "passages_kept": "\(prompt.passagesKept)", "passages_left_out": "\(prompt.passagesLeftOut)",
                    "prompt_tokens_estimate": "\(prompt.estimatedTokens)",
                    "context_tokens": "\(promptBuilder.contextTokens)",
                ])
        }
        let body = ChatCompletionRequest(
            model: model, messages: prompt.messages, temperature: temperature, maxTokens: maxTokens)
        let maxTokens = Double(self.maxTokens)
        var retry = 0
        while true {
            var metadata: Logger.Metadata = [
                "url": "\(client.url)", "model": "\(model)", "attempt": "\(retry + 1)",
                "prompt_tokens_estimate": "\(prompt.estimatedTokens)",
            ]
            logger.debug("model request", metadata: metadata)
            do {
                // A reasoning model's thinking, then the model's `TRIAGE:` first line, are taken
                // out here, before any text is handed on; thinking still moves progress.
                var thinking = ThinkBlockFilter()
                var triageLine = TriageLineFilter()
                var modelTriage: TriageLevel?
                let summary = try await client.stream(body) { delta in
                    let (text, level) = triageLine.feed(thinking.feed(delta.text))
                    if let level { modelTriage = level }
                    await onChunk(
                        GenerationChunk(
                            text: text, fraction: min(1, Double(delta.tokens) / maxTokens), modelTriage: level))
                }
                let (held, heldLevel) = triageLine.feed(thinking.finish())
                let (last, lastLevel) = triageLine.finish()
                let (rest, level) = (held + last, lastLevel ?? heldLevel)
                if let level { modelTriage = level }
                await onChunk(GenerationChunk(text: rest, fraction: 1, modelTriage: level))
                metadata["tokens"] = "\(summary.tokens)"
                metadata["model_triage"] = "\(modelTriage?.rawValue ?? "-")"
                metadata["finish_reason"] = "\(summary.finishReason ?? "-")"
                if summary.finishReason == "length" {
                    logger.warning("model reply hit openai_max_tokens and may be cut short", metadata: metadata)
                } else {
                    logger.debug("model reply complete", metadata: metadata)
                }
                return
            } catch let failure as OpenAIFailure {
                metadata["reason"] = "\(redact(failure.message))"
                if failure.mayMeanPromptTooLong { throw failure }
                guard failure.isRetryable, retry < retryPolicy.retries else {
                    logger.warning("model request failed", metadata: metadata)
                    let attempts = retry == 0 ? "" : " (after \(retry + 1) attempts)"
                    throw BackendError(failure.userMessage, detail: redact(failure.message) + attempts)
                }
                let delay = retryPolicy.delay(beforeRetry: retry, retryAfter: failure.retryAfter)
                metadata["retry_in_ms"] = "\(Int(delay / .milliseconds(1)))"
                logger.notice("model request failed; retrying", metadata: metadata)
                try await Task.sleep(for: delay)
                retry += 1
            }
        }
    }
}
