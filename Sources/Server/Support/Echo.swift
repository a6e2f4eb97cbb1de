/// Quotes a client's value inside an error message, cut short so a message stays readable and a
/// huge or hostile value is not reflected back whole.
enum Echo {
    static let maxCharacters = 40

    static func quoted(_ value: String) -> String {
        let visible = value.unicodeScalars.map { $0.properties.generalCategory == .control ? "\u{FFFD}" : String($0) }
            .joined()
        let cut = visible.count > maxCharacters ? String(visible.prefix(maxCharacters)) + "…" : visible
        return "\"\(cut)\""
    }
}
