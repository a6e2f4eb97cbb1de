import Engine

/// The start-up check of the model server for the commands that keep running (`serve`, `chat`):
/// only with `backend = openai`, and not with `openai_skip_probe`.
enum ModelServerCheck {
    /// What is wrong with the model server, or nil when it is fine (or not checked).
    static func problem(_ settings: AppSettings) async -> BackendError? {
        guard settings.backend == .openai, !settings.openAI.skipProbe else { return nil }
        do {
            try await ModelServerProbe.check(settings.openAI)
            return nil
        } catch let error as BackendError {
            return error
        } catch {
            return BackendError("模型服务检查失败", detail: "\(error)")
        }
    }
}
