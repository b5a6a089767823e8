import Foundation
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// Every text smap prints exists in English and Swedish, with the same
/// arguments, and every diagnostic code has its message.
@Suite("Message catalog")
struct MessageCatalogTests {
    @Test("every text key has an English template")
    func englishComplete() {
        #expect(MessageCatalog.missing(in: .en).map(\.rawValue) == [])
    }

    @Test("every text key has a Swedish template")
    func swedishComplete() {
        #expect(MessageCatalog.missing(in: .sv).map(\.rawValue) == [])
    }

    @Test("every diagnostic code has a message key in both languages")
    func diagnosticCodesHaveMessages() {
        for code in DiagnosticCode.allCases {
            let key = TextKey(rawValue: "diag." + code.rawValue)
            #expect(key != nil, "DiagnosticCode \(code.rawValue) has no TextKey diag.\(code.rawValue)")
            guard let key else { continue }
            #expect(MessageCatalog.english[key] != nil, "\(code.rawValue) has no English message")
            #expect(MessageCatalog.swedish[key] != nil, "\(code.rawValue) has no Swedish message")
        }
    }

    @Test("no message key is left without a diagnostic code")
    func noOrphanDiagnosticKeys() {
        let codes = Set(DiagnosticCode.allCases.map { "diag." + $0.rawValue })
        let orphans = TextKey.allCases.map(\.rawValue).filter { $0.hasPrefix("diag.") && !codes.contains($0) }
        #expect(orphans == [])
    }

    @Test("English and Swedish templates use the same placeholders")
    func placeholdersMatch() {
        for key in TextKey.allCases {
            guard let en = MessageCatalog.english[key], let sv = MessageCatalog.swedish[key] else { continue }
            #expect(Self.placeholders(en) == Self.placeholders(sv),
                    "\(key.rawValue): English uses \(Self.placeholders(en).sorted()), Swedish \(Self.placeholders(sv).sorted())")
        }
    }

    @Test("Swedish templates are translated, not copied")
    func swedishIsTranslated() {
        for key in TextKey.allCases {
            guard let en = MessageCatalog.english[key], let sv = MessageCatalog.swedish[key] else { continue }
            // Templates that are only arguments, quoted code and punctuation ('->', "{0}. '{1}'") stay the same.
            guard Self.hasProse(en), !Self.sameInBothLanguages.contains(key) else { continue }
            #expect(en != sv, "\(key.rawValue): the Swedish template is the English one")
        }
    }

    @Test("a rendered Swedish diagnostic reads in Swedish")
    func renderedSwedish() {
        let d = Diagnostic(.unknownLane, ["soc"], at: nil, fix: Text(.fixDidYouMean, "soc2"))
        let sv = DiagnosticRenderer(format: .human, language: .sv).human(d, sources: SourceSet())
        #expect(sv == "fel[E106]: det finns ingen part som heter 'soc'\n  = så här: menade du 'soc2'?\n")
        let en = DiagnosticRenderer(format: .human, language: .en).human(d, sources: SourceSet())
        #expect(en == "error[E106]: there is no lane called 'soc'\n  = help: did you mean 'soc2'?\n")
    }

    @Test("catalog words inside arguments are rendered in the message's language")
    func wordsFollowLanguage() {
        let text = Text(.diagE020, Text.word(.wordName), "'}'")
        #expect(text.render(.sv) == "här ska det stå ett namn, men det står '}'")
        #expect(text.render(.en) == "expected a name, found '}'")
    }

    /// Words that are spelled the same in Swedish and English.
    static let sameInBothLanguages: Set<TextKey> = [.diffFieldVersion, .webVersion, .webKindStartShort]

    /// The `{n}` placeholders of a template.
    static func placeholders(_ template: String) -> Set<Int> {
        var result = Set<Int>()
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]) {
                result.insert(n)
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return result
    }

    /// True when a template has letters outside placeholders and single-quoted code.
    static func hasProse(_ template: String) -> Bool {
        var text = template.replacingOccurrences(of: #"\{\d+\}"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"'[^']*'"#, with: "", options: .regularExpression)
        return text.unicodeScalars.contains { CharacterSet.letters.contains($0) }
    }
}
