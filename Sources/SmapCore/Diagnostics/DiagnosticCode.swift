/// Every diagnostic smap can report. The raw value is the stable code that
/// users, docs (`docs/diagnostics.md`) and tests refer to; never reuse one.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    // Source and lexical structure
    case invalidUTF8 = "E001"
    case nulByte = "E002"
    case unterminatedString = "E003"
    case invalidEscape = "E004"
    case unexpectedCharacter = "E005"
    case unterminatedMultilineString = "E006"
    case multilineIndentation = "E007"
    case invalidDurationUnit = "E008"
    case numberTooLarge = "E009"
    case multilineStringOpening = "E010"
    case tooManyTokens = "E011"

    // Syntax
    case expected = "E020"
    case unknownField = "E021"
    case duplicateField = "E022"
    case reservedWord = "E023"
    case branchOutsideDecision = "E024"
    case unknownCheck = "E026"
    case invalidLanguage = "E028"
    case tooManyErrors = "E029"

    // Names and structure of the map
    case missingMap = "E100"
    case duplicateMap = "E101"
    case mapInIncludedFile = "E102"
    case noSteps = "E103"
    case duplicateIdentifier = "E104"
    case unknownStep = "E105"
    case unknownLane = "E106"
    case unknownLaw = "E107"
    case unknownPhase = "E108"
    case stepWithoutLane = "E109"
    case decisionTooFewBranches = "E110"
    case flowFromDecision = "E111"
    case duplicateNumber = "E112"
    case partialNumbering = "E113"
    case endWithFlowsOut = "E114"
    case deadEnd = "E115"
    case unreachableStep = "E116"
    case noStart = "E117"
    case unmarkedCycle = "E118"
    case includeNotFound = "E119"
    case includeOutsideRoot = "E120"
    case includeCycle = "E121"
    case duplicateBranchLabel = "E122"
    case unknownView = "E123"
    case loopClosesNoCycle = "E124"

    // Values
    case invalidSFS = "E130"
    case invalidCitation = "E131"
    case unsafeURL = "E132"
    case invalidColor = "E133"
    case numberZero = "E135"

    // Rules
    case ruleBeforeViolated = "E140"
    case ruleParallelViolated = "E141"
    case ruleWithinViolated = "E142"
    case ruleSameStep = "E143"

    // Opt-in checks
    case handoverWithoutBasis = "E150"

    // Warnings
    case laneWithoutActualisation = "W001"
    case stepWithoutInfo = "W002"
    case repealedLaw = "W003"
    case lawTitleMismatch = "W004"
    case ruleUnprovable = "W005"
    case laneColorContrast = "W006"
    case unusedLaw = "W007"
    case citationChapters = "W008"
    case viewSelectsNothing = "W009"
    case ruleVacuous = "W010"
    case duplicateInclude = "W011"
    case duplicateFlow = "W012"
    case participantIsOwnLane = "W013"
    case unknownTag = "W014"

    public var severity: Severity {
        rawValue.hasPrefix("W") ? .warning : .error
    }

    /// Warnings about something the map lacks. While a file has syntax
    /// errors the parser may have lost the very part they miss, so they are
    /// reported only once the syntax is fixed.
    public var reportsAbsence: Bool {
        switch self {
        case .laneWithoutActualisation, .stepWithoutInfo, .unusedLaw, .viewSelectsNothing, .unknownTag: return true
        default: return false
        }
    }

    /// A name that is not declared (step, lane, law, phase).
    public var isUnknownName: Bool {
        switch self {
        case .unknownStep, .unknownLane, .unknownLaw, .unknownPhase: return true
        default: return false
        }
    }

    /// A lexical or syntax error (E0…): found while reading the text.
    public var isSyntax: Bool { rawValue.hasPrefix("E0") }

    /// Errors the checks derive about one step from its declaration (at the
    /// step's name): while the declaration has a syntax error they may only
    /// echo it, so they wait.
    public var isAboutOneStep: Bool {
        switch self {
        case .stepWithoutLane, .decisionTooFewBranches, .duplicateNumber, .partialNumbering, .duplicateBranchLabel:
            return true
        default: return false
        }
    }

    /// The catalog key of this code's message.
    public var messageKey: TextKey {
        TextKey(rawValue: "diag." + rawValue)!
    }
}
