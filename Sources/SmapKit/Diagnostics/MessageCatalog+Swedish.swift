extension MessageCatalog {
    /// Swedish templates: plain Swedish a caseworker understands.
    ///
    /// Terms used throughout: a lane is a *part* (the party whose process it
    /// is), a flow is a *flöde* (an arrow in the map), a decision is a
    /// *beslutspunkt* with *alternativ* (its branches), a phase is a *fas*,
    /// a view is a *vy*, a rule is a *regel*.
    static let swedish: [TextKey: String] = [
        .diagE001: "filen är inte sparad som UTF-8-text (byte 0x{0} kan inte ingå i ett tecken)",
        .diagE002: "filen innehåller ett NUL-tecken (byte 0)",
        .diagE003: "texten har inget avslutande citattecken på samma rad",
        .diagE004: "'\\{0}' är inte en teckenkombination som smap känner till",
        .diagE005: "'{0}' får inte stå här",
        .diagE006: "texten som börjar med \"\"\" avslutas aldrig",
        .diagE007: "raden är mindre indragen än det avslutande \"\"\"",
        .diagE008: "'{0}' är ingen tidsenhet",
        .diagE009: "talet {0} är för stort",
        .diagE010: "text får inte stå efter \"\"\" på samma rad",
        .diagE020: "här väntades {0}, men det står {1}",
        .diagE021: "'{0}' är inget fält som {1} kan ha",
        .diagE022: "'{0}' står två gånger",
        .diagE023: "'{0}' är ett reserverat ord och kan inte användas som namn",
        .diagE024: "bara en beslutspunkt kan ha alternativ (\"Etikett\" -> steg)",
        .diagE026: "'{0}' är ingen kontroll som smap känner till",
        .diagE028: "'{0}' är inget språk som smap stöder",
        .diagE100: "kartan saknar ett 'map'-block",
        .diagE101: "det får bara finnas ett 'map'-block",
        .diagE102: "'map'-blocket ska stå i huvudfilen, inte i en inkluderad fil",
        .diagE103: "kartan har inga steg",
        .diagE104: "'{0}' finns redan",
        .diagE105: "det finns inget steg som heter '{0}'",
        .diagE106: "det finns ingen part som heter '{0}'",
        .diagE107: "det finns ingen lag med förkortningen '{0}'",
        .diagE108: "det finns ingen fas som heter '{0}'",
        .diagE109: "steget '{0}' hör inte till någon part",
        .diagE110: "beslutspunkten '{0}' har {1} alternativ; en beslutspunkt behöver minst två",
        .diagE111: "ett flöde går ut från beslutspunkten '{0}' utanför dess alternativ",
        .diagE112: "nummer {0} används två gånger hos parten '{1}'",
        .diagE113: "steget '{0}' saknar nummer, men andra steg hos parten '{1}' har nummer",
        .diagE114: "'{0}' är ett slutsteg, men det går flöden ut från det",
        .diagE115: "steget '{0}' leder ingenstans: det är inget slutsteg och inget flöde går ut från det",
        .diagE116: "det går inte att komma till steget '{0}' från något startsteg",
        .diagE117: "inget steg är markerat som 'start'",
        .diagE118: "flödena går runt i en cirkel: {0}",
        .diagE119: "det går inte att läsa den inkluderade filen '{0}'",
        .diagE120: "'{0}' ligger utanför kartans mapp",
        .diagE121: "inkluderingarna går runt i en cirkel: {1}",
        .diagE122: "två alternativ i beslutspunkten '{0}' heter '{1}'",
        .diagE123: "det finns ingen vy som heter '{0}'",
        .diagE130: "'{0}' är inget SFS-nummer",
        .diagE131: "'{0}' är ingen lagrumshänvisning som smap förstår",
        .diagE132: "'{0}' är ingen tillåten länk",
        .diagE133: "'{0}' är ingen färg",
        .diagE135: "rutornas nummer börjar på 1",
        .diagE140: "regeln håller inte: det går att komma till '{1}' utan att passera '{0}'",
        .diagE141: "regeln håller inte: det går att komma från '{0}' till '{1}', så de sker inte parallellt",
        .diagE142: "regeln håller inte: '{0}' kan ta upp till {2} efter '{1}', mer än de {3} som regeln tillåter",
        .diagE143: "regeln jämför '{0}' med sig själv",
        .diagE150: "överlämningen från '{0}' ({1}) till '{2}' ({3}) anger inget stöd för att dela uppgifter",
        .diagW001: "inget steg hos parten '{0}' är en aktualiseringspunkt",
        .diagW002: "steget '{0}' saknar infotext",
        .diagW003: "{0} ({1}) upphävdes {2}",
        .diagW004: "SFS {0} heter '{1}', inte '{2}'",
        .diagW005: "regeln går inte att bevisa: steget '{0}' på vägen har ingen tid ('within')",
        .diagW006: "vit text på partens färg {0} har kontrasten {1}:1; minst 4,5:1 behövs",
        .diagW007: "lagen '{0}' är deklarerad men hänvisas aldrig till",
        .diagW008: "{0} ({1}) {2}",
        .diagW009: "vyn '{0}' innehåller inga steg",
        .diagW010: "det går inte att komma till '{0}' från '{1}', så regeln säger ingenting",
        .diagW011: "'{0}' är redan inkluderad",
        .diagW012: "flödet från '{0}' till '{1}' står två gånger",
        .diagW013: "'{0}' är redan den part som steget '{1}' hör till",
        .diagW014: "inget steg har taggen '{0}'",

        .fixSaveAsUTF8: "spara filen som UTF-8 (de flesta program erbjuder \"UTF-8\" när man sparar)",
        .fixRemoveNul: "ta bort NUL-tecknet; filen kan ha sparats i ett binärt format",
        .fixCloseString: "avsluta texten med \" på samma rad, eller använd \"\"\" för text på flera rader",
        .fixEscapes: "skriv \\\\ för ett omvänt snedstreck; de kombinationer som finns är \\\" \\\\ \\n \\t och \\u{…}",
        .fixRemoveCharacter: "ta bort det; text ska stå inom citattecken och kommentarer börjar med #",
        .fixCloseMultiline: "avsluta texten med \"\"\" på en egen rad",
        .fixIndentMultiline: "dra in varje rad i texten minst lika långt som det avslutande \"\"\"",
        .fixMultilineOpening: "börja texten på raden efter \"\"\"",
        .fixDurationUnits: "använd h (timmar), d (dagar) eller w (veckor), till exempel 5d",
        .fixSmallerNumber: "använd ett tal under 1000000",
        .fixStepFields: "ett steg kan ha: number, start, end, actualise, within, tags, phase, law, link, info",
        .fixFlowFields: "ett flöde kan ha: loop, exception, consent, law",
        .fixMapFields: "kartan kan ha: version, owner, summary, language, checks",
        .fixLaneFields: "en part eller fas kan ha: color",
        .fixLawFields: "en lag kan ha: url",
        .fixViewItems: "en vy har rader som: include tag vanlig, exclude lane vard, include step mottagning",
        .fixRemoveDuplicateField: "behåll en av dem",
        .fixRenameReserved: "välj ett annat namn, till exempel '{0}_steg'",
        .fixUseDecision: "skriv 'decision' i stället för 'step', eller skriv flödet utanför blocket: {0} -> MÅL",
        .fixKnownChecks: "de kontroller som smap känner till är: handover_basis",
        .fixLanguage: "skriv language \"sv\" eller language \"en\"",
        .fixAddMap: "börja filen med: map \"Kartans titel\" { }",
        .fixRemoveMap: "ta bort det här 'map'-blocket eller slå ihop det med det första",
        .fixMoveMap: "flytta 'map'-blocket till filen som anges på kommandoraden",
        .fixAddStep: "lägg till ett steg: step id \"Titel\" in PART { start }",
        .fixRename: "ge en av dem ett annat namn",
        .fixDidYouMean: "menade du '{0}'?",
        .fixDeclareStep: "lägg till steget: step {0} \"Titel\" in PART { }",
        .fixDeclareLane: "lägg till parten: lane {0} \"Part\"",
        .fixDeclareLaw: "lägg till lagen: law {0} \"ÅÅÅÅ:N\" \"Lagens titel\"",
        .fixDeclarePhase: "lägg till fasen: phase {0} \"Titel\"",
        .fixAddLane: "skriv parten efter titeln: step {0} \"…\" in PART",
        .fixAddBranches: "lägg till alternativ i beslutspunkten: \"Ja\" -> steg_a och \"Nej\" -> steg_b",
        .fixFlowAsBranch: "skriv det som ett alternativ i beslutspunkten: \"Etikett\" -> {0}",
        .fixUniqueNumber: "ge varje steg hos en part ett eget nummer",
        .fixNumberAll: "numrera alla steg hos parten, eller ta bort alla nummer så numrerar smap dem",
        .fixEndFlows: "ta bort 'end' från steget, eller ta bort flödena ut från det",
        .fixDeadEnd: "lägg till ett flöde från det (\"{0} -> nästa_steg\") eller markera det med 'end'",
        .fixUnreachable: "lägg till ett flöde in till det från ett steg man kommer till, eller markera det med 'start'",
        .fixAddStart: "markera processens första steg med 'start'",
        .fixMarkLoop: "om cirkeln är avsiktlig, markera ett av dess flöden: a -> b { loop }",
        .fixIncludePath: "kontrollera sökvägen; den utgår från filen som inkluderar den",
        .fixIncludeInside: "lägg inkluderade filer i kartans mapp eller dess undermappar",
        .fixIncludeCycle: "ta bort en av inkluderingarna",
        .fixBranchLabels: "ge varje alternativ en egen etikett",
        .fixKnownViews: "kartans vyer är: {0}",
        .fixNoViews: "kartan har inga vyer; lägg till en, till exempel: view latt \"Lättvariant\" { include tag vanlig }",
        .fixSFS: "skriv SFS-numret som år:nummer, till exempel \"2010:110\"",
        .fixCitation: "skriv till exempel \"4 kap. 1 §\", \"4 kap. 1 a §\", \"7 kap. 1–6 §§\", \"4 kap.\" eller \"5 §\", gärna följt av \"2 st.\" och \"3 p.\"",
        .fixURL: "länkar måste börja med https:, http: eller mailto:",
        .fixColor: "skriv en färg som #rrggbb, till exempel \"#b71c1c\"",
        .fixNumberFromOne: "använd 1 eller mer",
        .fixRuleBefore: "lägg till ett flöde så att alla vägar till '{1}' går via '{0}', eller ändra regeln",
        .fixRuleParallel: "ta bort flödena som förbinder dem, eller ändra regeln",
        .fixRuleWithin: "korta tiderna på vägen, eller ge mer tid i regeln",
        .fixRuleSameStep: "ange två olika steg",
        .fixHandoverBasis: "lägg till 'consent' (samtycke) eller en lag på flödet: {0} -> {1} { consent }",
        .fixActualise: "markera ett steg hos parten med 'actualise' där parten kan aktualisera individen för samverkan",
        .fixAddInfo: "lägg till info \"…\" som berättar för handläggaren vad som händer här",
        .fixRepealed: "hänvisa till {0} i stället, efter att ha kontrollerat var bestämmelsen finns nu",
        .fixRepealedNoSuccessor: "kontrollera vilken lag som gäller nu",
        .fixLawTitle: "skriv titeln \"{0}\", eller kontrollera SFS-numret",
        .fixAddWithin: "ge '{0}' en tid, till exempel: within 5d",
        .fixDarkerColor: "välj en mörkare färg",
        .fixUnusedLaw: "hänvisa till den i ett steg (law {0} \"4 kap. 1 §\") eller ta bort den",
        .fixNoChapters: "hänvisa utan kapitel, till exempel \"5 §\"",
        .fixHasChapters: "lägg till kapitlet, till exempel \"4 kap. 1 §\"",
        .fixViewSelection: "kontrollera vyns include- och exclude-rader",
        .fixRuleVacuous: "kontrollera ordningen i regeln: '{0}' måste komma efter '{1}'",
        .fixDuplicateInclude: "ta bort den andra inkluderingen",
        .fixDuplicateFlow: "ta bort ett av dem",
        .fixParticipant: "ta bort den från 'with'",
        .fixArrow: "skriv pilen som -> (ett bindestreck och ett större än-tecken)",
        .fixWriteExpected: "skriv {0} här",
        .fixExtraBrace: "ta bort '}': inget block är öppet här",
        .fixCloseBlock: "lägg till den '}' som avslutar blocket före det här stället",

        .noteFirstDeclared: "första gången här",
        .noteFirstGiven: "första gången här",
        .notePathStep: "{0}. '{1}'",
        .notePathStepTimed: "{0}. '{1}' ({2}, {3} totalt)",
        .notePathStepAnswer: "{0}. '{1}', svaret \"{2}\"",
        .noteCycleStep: "'{0}' leder vidare till '{1}'",
        .noteIncludedFrom: "inkluderad härifrån",
        .noteOtherNumber: "har också nummer {0}",
        .noteNumberedStep: "det här steget har ett nummer",
        .noteCitedHere: "hänvisningen står här",
        .noteRuleStated: "regeln: \"{0}\"",
        .noteLawDeclared: "lagen står här",
        .noteBlockOpened: "blocket börjar här",
        .noteStepWithoutTime: "'{0}' har ingen tid",

        .wordStep: "ett steg",
        .wordDecision: "en beslutspunkt",
        .wordFlow: "ett flöde",
        .wordMap: "kartan",
        .wordLane: "en part",
        .wordPhase: "en fas",
        .wordLaw: "en lag",
        .wordView: "en vy",
        .wordEndOfFile: "filens slut",
        .wordName: "ett namn",
        .wordText: "en text inom citattecken",
        .wordNumber: "ett tal",
        .wordDuration: "en tid som 5d, 36h eller 2w",
        .wordDeclaration: "en deklaration (map, law, lane, phase, step, decision, rule, view, include) eller ett flöde (a -> b)",
        .wordRuleClause: "en regel som 'a before b', 'a parallel b' eller 'a within 5d after b'",
        .wordRuleRelation: "'before', 'after', 'parallel' eller 'within'",
        .wordField: "ett fält",
        .wordViewItem: "'include' eller 'exclude'",
        .wordSelector: "'tag', 'lane' eller 'step'",
        .wordArrowOrEnd: "'->'",
        .wordClosingBrace: "'}'",
        .wordEndOfLine: "radens slut",
        .wordLawHasNoChapters: "har inga kapitel, så en hänvisning anger inget kapitel",
        .wordLawHasChapters: "är indelad i kapitel, så en hänvisning anger kapitlet",

        .cliUsage: """
            smap — processkartor för samverkan mellan myndigheter, skrivna som text

            Användning:
              smap check FIL…               granska kartor; slutkod 0 om allt är rätt, 1 vid problem, 2 vid fel kommando eller fil
              smap build FIL [-o MAPP]      skriv MAPP/index.html, MAPP/map.dot, MAPP/map.json (MAPP är 'site' om inget anges)
              smap html|dot|json FIL        ett resultat till skärmen (eller -o FIL)
              smap schema                   skriv ut JSON-schemat för modellen
              smap fmt FIL… [--check|-w]    städa upp kartans layout, kommentarer behålls
              smap diff GAMMAL NY           vad som har ändrats mellan två versioner av en karta

            Val:
              --view ID                     build, html, dot, json: bara stegen i en vy
              --format human|json|github    check: hur problemen skrivs ut
              --strict                      check: varningar räknas som problem
              --lang sv|en                  meddelandenas språk
              -h, --help                    den här hjälpen; 'smap KOMMANDO --help' för ett kommando
              --version                     vilken version av smap det är
            """,
        .cliCheckUsage: """
            Användning: smap check FIL… [--strict] [--format human|json|github] [--lang sv|en]

            Granskar varje karta: att alla namn finns, att varje steg går att nå och
            leder vidare, att reglerna håller (med ett exempel när de inte gör det)
            och att lagrummen är rätt skrivna.
            Slutkod 0 när allt är rätt, 1 vid fel (eller varningar med --strict),
            2 vid fel kommando eller fil som inte går att läsa.
            """,
        .cliBuildUsage: """
            Användning: smap build FIL [-o MAPP] [--view ID]

            Granskar kartan och skriver MAPP/index.html, MAPP/map.dot och MAPP/map.json
            (MAPP är 'site' om inget anges). Allt eller inget: har kartan fel
            lämnas MAPP orörd.
            """,
        .cliEmitUsage: """
            Användning: smap html|dot|json FIL [-o UT] [--view ID]

            Granskar kartan och skriver ett resultat till skärmen, eller till filen UT.
            """,
        .cliFmtUsage: """
            Användning: smap fmt FIL… [--check | -w]

            Skriver ut kartan med enhetlig layout, kommentarerna behålls. --check
            ger slutkod 1 och listar filerna som skulle ändras; -w skriver om dem.
            """,
        .cliDiffUsage: """
            Användning: smap diff GAMMAL NY [--format human|json|markdown]

            Visar vad som har ändrats mellan två versioner av en karta ('-' läser
            från standard in). Slutkod 0 när de är lika, 1 när de skiljer sig, 2 vid fel.
            """,
        .cliUnknownCommand: "'{0}' är inget kommando; skriv 'smap --help' för att se kommandona",
        .cliUnknownOption: "'{0}' är inget val för det här kommandot",
        .cliMissingValue: "'{0}' behöver ett värde",
        .cliMissingFile: "ange kartfilen som ska läsas, till exempel: smap {0} maps/stockholmsmodellen.smap",
        .cliBadValue: "'{1}' är inget giltigt värde för {0}; använd {2}",
        .cliCannotRead: "det går inte att läsa '{0}': {1}",
        .cliCannotWrite: "det går inte att skriva '{0}': {1}",
        .cliSummary: "{0}: {1} fel, {2} varningar",
        .cliMore: "… och {0} till som inte visas",
        .cliClean: "{0}: inga problem",
        .cliNotBuilt: "inget skrevs eftersom kartan har fel",
        .cliBuilt: "skrev {0}",
        .cliWouldReformat: "{0} har inte enhetlig layout",
        .cliNotFormattedBecauseErrors: "{0} ändrades inte eftersom filen innehåller fel",
        .cliSchemaUsage: """
            Användning: smap schema [-o UT]

            Skriver ut JSON-schemat (draft 2020-12) som utdata från 'smap json'
            och MAPP/map.json följer, eller skriver det till filen UT.
            """,
        .cliOneFile: "'smap {0}' läser en kartfil, men {1} angavs",
        .cliOutputNotFolder: "'{0}' är en fil; ange en mapp att bygga till, till exempel -o site",
        .cliOutputHoldsSources: "bygger inte till '{0}': mappen innehåller kartans egna filer eller den aktuella mappen, och bygget ersätter mappen; ange en egen mapp, till exempel -o site",
        .cliFormatted: "{0} har fått enhetlig layout",
        .cliCheckOrWrite: "använd antingen --check eller -w, inte båda",
        .cliNoWriteToStdin: "-w kan inte skriva om standard in; ange kartans filnamn",
        .cliDiffTwoFiles: "ange två versioner av kartan, till exempel: smap diff gammal.smap ny.smap ({0} angavs)",
        .cliDiffBothStdin: "bara en av de två versionerna kan läsas från standard in ('-')",
        .cliDiffSyntaxErrors: "{0} kan inte jämföras eftersom filen innehåller fel",
    ]
}
