import Testing
@testable import SmapCore
@testable import SmapSyntax

@Suite("Seen fields")
struct SeenFieldsTests {
    @Test("every kind of field is remembered, past the eight kept inline")
    func remembersEveryKind() {
        var seen = SeenFields()
        let kinds = Array(Keyword.allCases.prefix(12))
        for (i, keyword) in kinds.enumerated() {
            #expect(seen[keyword] == nil)
            seen[keyword] = SourceRange(file: FileID(0), start: i * 10, end: i * 10 + 3)
        }
        for (i, keyword) in kinds.enumerated() {
            #expect(seen[keyword]?.start == i * 10, "\(keyword) (the \(i + 1). kind) was forgotten")
        }
    }
}
