import Testing
@testable import SmapCore
@testable import SmapModel
@testable import SmapCheck

/// The built-in law register holds the facts checked against public sources
/// (see `docs/sources.md`), and citing a repealed law raises W003.
@Suite("LawRegister")
struct LawRegisterTests {
    struct Fact: Sendable, CustomStringConvertible {
        var sfs: String
        var title: String
        var hasChapters: Bool?
        var inForce: String?
        var repealed: String?
        var replacedBy: String?
        var description: String { sfs }
    }

    static let facts: [Fact] = [
        Fact(sfs: "2001:453", title: "Socialtjänstlag", hasChapters: true, inForce: "2002-01-01",
             repealed: "2025-07-01", replacedBy: "2025:400"),
        Fact(sfs: "2025:400", title: "Socialtjänstlag", hasChapters: true, inForce: "2025-07-01"),
        Fact(sfs: "2010:110", title: "Socialförsäkringsbalk", hasChapters: true, inForce: "2011-01-01"),
        Fact(sfs: "2003:1210", title: "Lag om finansiell samordning av rehabiliteringsinsatser",
             hasChapters: false, inForce: "2004-01-01"),
        Fact(sfs: "2017:30", title: "Hälso- och sjukvårdslag", hasChapters: true, inForce: "2017-04-01"),
        Fact(sfs: "2017:900", title: "Förvaltningslag", hasChapters: false, inForce: "2018-07-01"),
        Fact(sfs: "2009:400", title: "Offentlighets- och sekretesslag", hasChapters: true, inForce: "2009-06-30"),
        Fact(sfs: "2019:1297", title: "Lag om koordineringsinsatser för sjukskrivna patienter",
             hasChapters: false, inForce: "2020-02-01"),
        Fact(sfs: "2000:625", title: "Lag om den arbetsmarknadspolitiska verksamheten", hasChapters: false),
        Fact(sfs: "2018:1937", title: "Lag om tillgänglighet till digital offentlig service",
             hasChapters: false, inForce: "2019-01-01"),
        Fact(sfs: "2018:218", title: "Lag med kompletterande bestämmelser till EU:s dataskyddsförordning",
             hasChapters: true, inForce: "2018-05-25"),
        Fact(sfs: "2008:355", title: "Patientdatalag", hasChapters: true, inForce: "2008-07-01"),
        Fact(sfs: "2010:659", title: "Patientsäkerhetslag", hasChapters: true, inForce: "2011-01-01"),
        Fact(sfs: "1980:620", title: "Socialtjänstlag", hasChapters: false,
             repealed: "2002-01-01", replacedBy: "2001:453"),
        Fact(sfs: "1980:100", title: "Sekretesslag", hasChapters: true,
             repealed: "2009-06-30", replacedBy: "2009:400"),
        Fact(sfs: "1982:763", title: "Hälso- och sjukvårdslag", hasChapters: false, inForce: "1983-01-01",
             repealed: "2017-04-01", replacedBy: "2017:30"),
        Fact(sfs: "1986:223", title: "Förvaltningslag", hasChapters: false, inForce: "1987-01-01",
             repealed: "2018-07-01", replacedBy: "2017:900"),
        Fact(sfs: "1998:204", title: "Personuppgiftslag", hasChapters: false,
             repealed: "2018-05-25", replacedBy: "2018:218"),
    ]

    @Test("the register holds the verified facts", arguments: facts)
    func holdsFact(_ fact: Fact) throws {
        let law = try #require(LawRegister.law(sfs: fact.sfs))
        #expect(law.title == fact.title)
        #expect(law.hasChapters == fact.hasChapters)
        #expect(law.inForce == fact.inForce)
        #expect(law.repealed == fact.repealed)
        #expect(law.replacedBy == fact.replacedBy)
    }

    @Test("every entry is checked here, SFS numbers are unique and dates are ordered")
    func registerIsConsistent() throws {
        #expect(Set(LawRegister.laws.map(\.sfs)) == Set(Self.facts.map(\.sfs)))
        #expect(Set(LawRegister.laws.map(\.sfs)).count == LawRegister.laws.count)
        let iso = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/
        for law in LawRegister.laws {
            #expect(SFSNumber.isValid(law.sfs), "\(law.sfs)")
            for date in [law.inForce, law.repealed].compactMap({ $0 }) {
                #expect(date.wholeMatch(of: iso) != nil, "\(law.sfs): \(date)")
            }
            if let inForce = law.inForce, let repealed = law.repealed { #expect(inForce < repealed, "\(law.sfs)") }
            // A repealed law names a successor the register knows, in force from the repeal.
            if let successor = law.replacedBy {
                let next = try #require(LawRegister.law(sfs: successor), "\(law.sfs) → \(successor)")
                #expect(law.repealed != nil)
                if let inForce = next.inForce, let repealed = law.repealed {
                    #expect(inForce <= repealed, "\(successor) in force \(inForce), \(law.sfs) repealed \(repealed)")
                }
            }
        }
    }

    static let repealed = ["1980:620", "1980:100", "1982:763", "1986:223", "1998:204", "2001:453"]

    @Test("citing a repealed law is W003, once, with the successor", arguments: repealed)
    func repealedLawWarns(_ sfs: String) throws {
        let known = try #require(LawRegister.law(sfs: sfs))
        let citation = known.hasChapters == true ? "1 kap. 1 §" : "1 §"
        let c = Compiler.compile(source: """
            map "M" { version "1" }
            law Gammal "\(sfs)" "\(known.title)"
            lane a "A"
            step s "S" in a { start actualise info "i" law Gammal "\(citation)" }
            step e "E" in a { end info "i" }
            s -> e
            """)
        #expect(!c.hasErrors, "\(c.diagnostics)")
        let warnings = c.diagnostics.filter { $0.code == .repealedLaw }
        #expect(warnings.count == 1)
        let w = try #require(warnings.first)
        #expect(w.arguments.contains(sfs))
        #expect(w.arguments.contains(Text.date(try #require(known.repealed))))
        let successor = try #require(known.replacedBy)
        let next = try #require(LawRegister.law(sfs: successor))
        #expect(w.fix?.arguments == [LawRegister.definiteTitle(next.title) + " (\(successor))"])
        #expect(!c.diagnostics.contains { $0.code == .lawTitleMismatch })
    }

    @Test("a law in force gives no W003, and a wrong title for a new entry is W004")
    func lawsInForceDoNotWarn() {
        let c = Compiler.compile(source: """
            map "M" { version "1" }
            law PSL "2010:659" "Patientsäkerhetslagen"
            law PDL "2008:355" "Patientdatalag"
            law DSL "2018:218" "Dataskyddslagen"
            lane a "A"
            step s "S" in a { start actualise info "i" law PSL "6 kap. 12 §" law PDL "4 kap. 6 §" law DSL "1 kap. 1 §" }
            step e "E" in a { end info "i" }
            s -> e
            """)
        #expect(!c.hasErrors, "\(c.diagnostics)")
        #expect(!c.diagnostics.contains { $0.code == .repealedLaw })
        #expect(!c.diagnostics.contains { $0.code == .citationChapters })
        let mismatches = c.diagnostics.filter { $0.code == .lawTitleMismatch }
        #expect(mismatches.map { $0.arguments.first } == ["2018:218"])
    }
}
