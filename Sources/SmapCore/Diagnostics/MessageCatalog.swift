/// The templates of every ``TextKey`` in every ``Language``.
public enum MessageCatalog {
    /// The template of `key` in `language`, falling back to English.
    public static func template(_ key: TextKey, _ language: Language) -> String {
        switch language {
        case .sv: return swedish[key] ?? english[key] ?? key.rawValue
        case .en: return english[key] ?? key.rawValue
        }
    }

    /// Keys that lack a template in a language (empty when the catalog is complete).
    public static func missing(in language: Language) -> [TextKey] {
        let table = language == .sv ? swedish : english
        return TextKey.allCases.filter { table[$0] == nil }
    }
}
