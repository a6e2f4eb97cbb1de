/// Which pane keys go to; Tab cycles through them in this order.
public enum Focus: Int, Sendable, CaseIterable {
    case input, tasks, conversation

    var next: Focus { Focus(rawValue: (rawValue + 1) % Focus.allCases.count) ?? .input }
    var previous: Focus { Focus(rawValue: (rawValue + Focus.allCases.count - 1) % Focus.allCases.count) ?? .input }
}
