extension MessageCatalog {
    /// English templates; `{0}`, `{1}`, … are the text's arguments.
    static let english: [TextKey: String] = [
        .diagE001: "the file is not valid UTF-8 text (byte 0x{0} cannot start or continue a character)",
        .diagE002: "the file contains a NUL byte",
        .diagE003: "this text has no closing quote on its line",
        .diagE004: "'\\{0}' is not an escape smap knows",
        .diagE005: "'{0}' cannot appear here",
        .diagE006: "this \"\"\" text is never closed",
        .diagE007: "this line is indented less than the closing \"\"\"",
        .diagE008: "'{0}' is not a time unit",
        .diagE009: "the number {0} is too large",
        .diagE010: "text cannot follow the opening \"\"\" on the same line",
        .diagE020: "expected {0}, found {1}",
        .diagE021: "'{0}' is not a field of {1}",
        .diagE022: "'{0}' is given twice",
        .diagE023: "'{0}' is a reserved word and cannot be used as a name",
        .diagE024: "only a decision can have branches (\"Label\" -> step)",
        .diagE026: "'{0}' is not a check smap knows",
        .diagE028: "'{0}' is not a language smap supports",
        .diagE100: "the map has no 'map' block",
        .diagE101: "there can only be one 'map' block",
        .diagE102: "the 'map' block belongs in the main file, not in an included file",
        .diagE103: "the map has no steps",
        .diagE104: "'{0}' is declared twice",
        .diagE105: "there is no step called '{0}'",
        .diagE106: "there is no lane called '{0}'",
        .diagE107: "there is no law with the alias '{0}'",
        .diagE108: "there is no phase called '{0}'",
        .diagE109: "step '{0}' is in no lane",
        .diagE110: "decision '{0}' has {1} branch(es); a decision needs at least two",
        .diagE111: "a flow leaves decision '{0}' outside its branches",
        .diagE112: "number {0} is used twice in lane '{1}'",
        .diagE113: "step '{0}' has no number, but other steps in lane '{1}' have one",
        .diagE114: "'{0}' is an end step but flows lead out of it",
        .diagE115: "step '{0}' leads nowhere: it is not an end and no flow leaves it",
        .diagE116: "step '{0}' cannot be reached from any start step",
        .diagE117: "no step is marked 'start'",
        .diagE118: "the flows go round in a circle: {0}",
        .diagE119: "cannot read the included file '{0}'",
        .diagE120: "'{0}' is outside the folder of the map",
        .diagE121: "the includes go round in a circle: {1}",
        .diagE122: "two branches of decision '{0}' are labelled '{1}'",
        .diagE123: "there is no view called '{0}'",
        .diagE130: "'{0}' is not an SFS number",
        .diagE131: "'{0}' is not a citation smap understands",
        .diagE132: "'{0}' is not an allowed link",
        .diagE133: "'{0}' is not a color",
        .diagE135: "box numbers start at 1",
        .diagE140: "rule broken: '{1}' can be reached without passing '{0}'",
        .diagE141: "rule broken: '{1}' can be reached from '{0}', so they are not parallel",
        .diagE142: "rule broken: '{0}' can take up to {2} after '{1}', more than the {3} the rule allows",
        .diagE143: "the rule relates '{0}' to itself",
        .diagE150: "the handover from '{0}' ({1}) to '{2}' ({3}) states no basis for sharing information",
        .diagW001: "no step in lane '{0}' is an actualisation point",
        .diagW002: "step '{0}' has no info text",
        .diagW003: "{0} ({1}) was repealed on {2}",
        .diagW004: "SFS {0} is called '{1}', not '{2}'",
        .diagW005: "the rule cannot be proved: step '{0}' on the way has no time ('within')",
        .diagW006: "white text on lane color {0} has contrast {1}:1; at least 4.5:1 is needed",
        .diagW007: "law '{0}' is declared but never cited",
        .diagW008: "{0} ({1}) {2}",
        .diagW009: "view '{0}' keeps no steps",
        .diagW010: "'{0}' cannot be reached from '{1}', so the rule says nothing",
        .diagW011: "'{0}' is already included",
        .diagW012: "the flow from '{0}' to '{1}' is written twice",
        .diagW013: "'{0}' is already the lane of step '{1}'",
        .diagW014: "no step has the tag '{0}'",

        .fixSaveAsUTF8: "save the file as UTF-8 (most editors offer \"UTF-8\" when saving)",
        .fixRemoveNul: "remove the NUL byte; the file may have been saved in a binary format",
        .fixCloseString: "end the text with \" on the same line, or use \"\"\" for text over several lines",
        .fixEscapes: "write \\\\ for a backslash; the escapes are \\\" \\\\ \\n \\t and \\u{…}",
        .fixRemoveCharacter: "remove it; text must be inside quotes, and comments start with #",
        .fixCloseMultiline: "end the text with \"\"\" on a line of its own",
        .fixIndentMultiline: "indent every line of the text at least as far as the closing \"\"\"",
        .fixMultilineOpening: "start the text on the line after \"\"\"",
        .fixDurationUnits: "use h (hours), d (days) or w (weeks), for example 5d",
        .fixSmallerNumber: "use a number below 1000000",
        .fixStepFields: "a step can have: number, start, end, actualise, within, tags, phase, law, link, info",
        .fixFlowFields: "a flow can have: loop, exception, consent, law",
        .fixMapFields: "a map can have: version, owner, summary, language, checks",
        .fixLaneFields: "a lane or phase can have: color",
        .fixLawFields: "a law can have: url",
        .fixViewItems: "a view has lines like: include tag vanlig, exclude lane vard, include step mottagning",
        .fixRemoveDuplicateField: "keep one of them",
        .fixRenameReserved: "choose another name, for example '{0}_steg'",
        .fixUseDecision: "write 'decision' instead of 'step', or write the flow outside the block: {0} -> TARGET",
        .fixKnownChecks: "the checks smap knows are: handover_basis",
        .fixLanguage: "write language \"sv\" or language \"en\"",
        .fixAddMap: "start the file with: map \"The map's title\" { }",
        .fixRemoveMap: "remove this 'map' block or merge it with the first one",
        .fixMoveMap: "move the 'map' block to the file given on the command line",
        .fixAddStep: "add a step: step id \"Title\" in LANE { start }",
        .fixRename: "give one of them another name",
        .fixDidYouMean: "did you mean '{0}'?",
        .fixDeclareStep: "declare it: step {0} \"Title\" in LANE { }",
        .fixDeclareLane: "declare it: lane {0} \"Party\"",
        .fixDeclareLaw: "declare it: law {0} \"YYYY:N\" \"Title of the law\"",
        .fixDeclarePhase: "declare it: phase {0} \"Title\"",
        .fixAddLane: "write the party after the title: step {0} \"…\" in LANE",
        .fixAddBranches: "add branches inside the decision: \"Ja\" -> step_a and \"Nej\" -> step_b",
        .fixFlowAsBranch: "write it as a branch inside the decision: \"Label\" -> {0}",
        .fixUniqueNumber: "give each step in a lane its own number",
        .fixNumberAll: "number every step in the lane, or remove all numbers and let smap number them",
        .fixEndFlows: "remove 'end' from the step, or remove the flows out of it",
        .fixDeadEnd: "add a flow from it (\"{0} -> next_step\") or mark it 'end'",
        .fixUnreachable: "add a flow into it from a step that is reached, or mark it 'start'",
        .fixAddStart: "mark the first step of the process with 'start'",
        .fixMarkLoop: "if the circle is intended, mark one of its flows: a -> b { loop }",
        .fixIncludePath: "check the path; it is relative to the file that includes it",
        .fixIncludeInside: "keep included files in the map's folder or its subfolders",
        .fixIncludeCycle: "remove one of the includes",
        .fixBranchLabels: "give each branch its own label",
        .fixKnownViews: "the map's views are: {0}",
        .fixNoViews: "the map has no views; declare one, for example: view latt \"Lättvariant\" { include tag vanlig }",
        .fixSFS: "write the SFS number as year:number, for example \"2010:110\"",
        .fixCitation: "write for example \"4 kap. 1 §\", \"4 kap. 1 a §\", \"7 kap. 1–6 §§\", \"4 kap.\" or \"5 §\", optionally followed by \"2 st.\" and \"3 p.\"",
        .fixURL: "links must start with https:, http: or mailto:",
        .fixColor: "write a color as #rrggbb, for example \"#b71c1c\"",
        .fixNumberFromOne: "use 1 or more",
        .fixRuleBefore: "add a flow so that every way to '{1}' passes '{0}', or change the rule",
        .fixRuleParallel: "remove the flows that connect them, or change the rule",
        .fixRuleWithin: "shorten the times on the way, or allow more time in the rule",
        .fixRuleSameStep: "name two different steps",
        .fixHandoverBasis: "add 'consent' or a law to the flow: {0} -> {1} { consent }",
        .fixActualise: "mark a step of the lane with 'actualise' where the party can refer the individual to joint work",
        .fixAddInfo: "add info \"…\" that tells the caseworker what happens here",
        .fixRepealed: "cite {0} instead, after checking where the provision is now",
        .fixRepealedNoSuccessor: "check which law applies now",
        .fixLawTitle: "write the title \"{0}\", or check the SFS number",
        .fixAddWithin: "give '{0}' a time, for example: within 5d",
        .fixDarkerColor: "choose a darker color",
        .fixUnusedLaw: "cite it in a step (law {0} \"4 kap. 1 §\") or remove the declaration",
        .fixNoChapters: "cite it without chapter, for example \"5 §\"",
        .fixHasChapters: "add the chapter, for example \"4 kap. 1 §\"",
        .fixViewSelection: "check the view's include and exclude lines",
        .fixRuleVacuous: "check the rule's order: '{0}' must come after '{1}'",
        .fixDuplicateInclude: "remove the second include",
        .fixDuplicateFlow: "remove one of them",
        .fixParticipant: "remove it from 'with'",
        .fixArrow: "write the arrow as -> (a hyphen and a greater-than sign)",
        .fixWriteExpected: "write {0} here",
        .fixExtraBrace: "remove this '}': no block is open here",
        .fixCloseBlock: "add the '}' that closes the block before this point",

        .noteFirstDeclared: "first declared here",
        .noteFirstGiven: "first given here",
        .notePathStep: "{0}. '{1}'",
        .notePathStepTimed: "{0}. '{1}' ({2}, {3} in total)",
        .notePathStepAnswer: "{0}. '{1}', answer \"{2}\"",
        .noteCycleStep: "'{0}' leads on to '{1}'",
        .noteIncludedFrom: "included from here",
        .noteOtherNumber: "also number {0}",
        .noteNumberedStep: "this step has a number",
        .noteCitedHere: "cited here",
        .noteRuleStated: "the rule: \"{0}\"",
        .noteLawDeclared: "the law is declared here",
        .noteBlockOpened: "the block starts here",
        .noteStepWithoutTime: "'{0}' has no time",

        .wordStep: "a step",
        .wordDecision: "a decision",
        .wordFlow: "a flow",
        .wordMap: "the map",
        .wordLane: "a lane",
        .wordPhase: "a phase",
        .wordLaw: "a law",
        .wordView: "a view",
        .wordEndOfFile: "the end of the file",
        .wordName: "a name",
        .wordText: "a text in quotes",
        .wordNumber: "a number",
        .wordDuration: "a time such as 5d, 36h or 2w",
        .wordDeclaration: "a declaration (map, law, lane, phase, step, decision, rule, view, include) or a flow (a -> b)",
        .wordRuleClause: "a rule such as 'a before b', 'a parallel b' or 'a within 5d after b'",
        .wordRuleRelation: "'before', 'after', 'parallel' or 'within'",
        .wordField: "a field",
        .wordViewItem: "'include' or 'exclude'",
        .wordSelector: "'tag', 'lane' or 'step'",
        .wordArrowOrEnd: "'->'",
        .wordClosingBrace: "'}'",
        .wordEndOfLine: "the end of the line",
        .wordLawHasNoChapters: "has no chapters, so a citation names no chapter",
        .wordLawHasChapters: "is divided into chapters, so a citation names the chapter",

        .cliUsage: """
            smap — process maps for cross-agency work, kept as text

            Usage:
              smap check FILE…              check maps; exit 0 ok, 1 problems, 2 usage or I/O
              smap build FILE [-o DIR]      write DIR/index.html, DIR/map.dot, DIR/map.json (default DIR: site)
              smap html|dot|json FILE       one output to stdout (or -o FILE)
              smap schema                   print the JSON Schema of the model
              smap fmt FILE… [--check|-w]   canonical layout, comments kept
              smap diff OLD NEW             what changed between two versions of a map

            Options:
              --view ID                     build, html, dot, json: only the steps of a view
              --format human|json|github    check: how problems are printed
              --strict                      check: warnings count as problems
              --lang sv|en                  language of messages
              -h, --help                    this help; 'smap COMMAND --help' for a command
              --version                     the version of smap
            """,
        .cliCheckUsage: """
            Usage: smap check FILE… [--strict] [--format human|json|github] [--lang sv|en]

            Checks each map: names resolve, every step is reachable and leads on,
            rules hold (with a counterexample when not), laws are cited correctly.
            Exit 0 when clean, 1 when there are errors (or warnings with --strict),
            2 on a usage or I/O problem.
            """,
        .cliBuildUsage: """
            Usage: smap build FILE [-o DIR] [--view ID]

            Checks the map and writes DIR/index.html, DIR/map.dot and DIR/map.json
            (DIR is 'site' unless given). All or nothing: a map with errors leaves
            DIR untouched.
            """,
        .cliEmitUsage: """
            Usage: smap html|dot|json FILE [-o OUT] [--view ID]

            Checks the map and prints one output to standard output, or writes it to OUT.
            """,
        .cliFmtUsage: """
            Usage: smap fmt FILE… [--check | -w]

            Prints the map in canonical layout, comments kept. --check exits 1 and
            lists files that would change; -w rewrites them in place.
            """,
        .cliDiffUsage: """
            Usage: smap diff OLD NEW [--format human|json|markdown]

            Shows what changed between two versions of a map ('-' reads standard input).
            Exit 0 when equal, 1 when different, 2 on error.
            """,
        .cliUnknownCommand: "'{0}' is not a command; run 'smap --help' to see the commands",
        .cliUnknownOption: "'{0}' is not an option of this command",
        .cliMissingValue: "'{0}' needs a value",
        .cliMissingFile: "give the map file to read, for example: smap {0} maps/stockholmsmodellen.smap",
        .cliBadValue: "'{1}' is not a valid value for {0}; use {2}",
        .cliCannotRead: "cannot read '{0}': {1}",
        .cliCannotWrite: "cannot write '{0}': {1}",
        .cliSummary: "{0}: {1} error(s), {2} warning(s)",
        .cliMore: "… and {0} more not shown",
        .cliClean: "{0}: no problems",
        .cliNotBuilt: "nothing was written because the map has errors",
        .cliBuilt: "wrote {0}",
        .cliWouldReformat: "{0} is not formatted",
        .cliNotFormattedBecauseErrors: "{0} was not formatted because it does not parse",
        .cliSchemaUsage: """
            Usage: smap schema [-o OUT]

            Prints the JSON Schema (draft 2020-12) that the output of 'smap json'
            and DIR/map.json follow, or writes it to OUT.
            """,
        .cliOneFile: "'smap {0}' reads one map file, but {1} were given",
        .cliOutputNotFolder: "'{0}' is a file; give a folder to build into, for example -o site",
        .cliOutputHoldsSources: "will not build into '{0}': it holds the map's own files or the current folder, and the build replaces the folder; give a folder of its own, for example -o site",
        .cliFormatted: "formatted {0}",
        .cliCheckOrWrite: "use either --check or -w, not both",
        .cliNoWriteToStdin: "-w cannot rewrite standard input; give the map's file name",
        .cliDiffTwoFiles: "give two versions of the map, for example: smap diff old.smap new.smap (got {0})",
        .cliDiffBothStdin: "only one of the two versions can be read from standard input ('-')",
        .cliDiffSyntaxErrors: "{0} cannot be compared because it does not parse",
    ]
}
