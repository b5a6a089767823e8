extension MessageCatalog {
    /// Swedish templates: plain Swedish a caseworker understands.
    static let swedish: [TextKey: String] = [:]
}
