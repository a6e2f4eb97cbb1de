/// The `error` texts of failed tasks, in the original system's language.
package enum FailureMessage {
    package static let cancelled = "任务已取消"
    package static let interrupted = "服务重启导致任务中断，且已达到最大重试次数"
    package static func timeout(_ seconds: Int) -> String { "任务执行超时（超过 \(seconds) 秒）" }
    package static let storage = "数据库暂时无法访问，任务多次中断后已停止，请重新提问"
    package static let backend = "模型服务出错，未能生成回答，请稍后再试"
    package static let emptyReply = "模型返回了空回复，请稍后再试"
}
