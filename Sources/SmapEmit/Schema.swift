// Generated from schema/smap-model.schema.json; do not edit by hand.
// SchemaTests fails when the two differ; `SMAP_RECORD=1 swift test` regenerates this file.

/// The JSON Schema (draft 2020-12) of the model ``JSONModel`` writes, as
/// `smap schema` prints it. The file `schema/smap-model.schema.json` is the
/// source of truth.
public enum ModelSchema {
    public static let text = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "smap model",
  "description": "The checked (validated) model of an smap process map, as written by 'smap json' and 'smap build' (DIR/map.json). Only maps without errors are emitted. Keys appear in the order listed here; the same map always gives the same bytes. See docs/json-model.md.",
  "type": "object",
  "additionalProperties": false,
  "required": ["formatVersion", "map", "view", "laws", "lanes", "phases", "steps", "flows", "rules", "views", "warnings"],
  "properties": {
    "formatVersion": {
      "description": "Version of this format. Changes when a field changes meaning or is removed.",
      "const": 1
    },
    "map": {
      "description": "The map block: title and metadata.",
      "type": "object",
      "additionalProperties": false,
      "required": ["title", "version", "owner", "summary", "language", "checks", "file"],
      "properties": {
        "title": { "description": "The map's title, as written after 'map'.", "type": "string" },
        "version": { "description": "The map's 'version' field, or null.", "type": ["string", "null"] },
        "owner": { "description": "The map's 'owner' field, or null.", "type": ["string", "null"] },
        "summary": { "description": "The map's 'summary' text as written (common indentation of a multi-line string removed), or null.", "type": ["string", "null"] },
        "language": { "description": "The map's language: 'sv' (the default) or 'en'.", "enum": ["sv", "en"] },
        "checks": {
          "description": "Opt-in checks named in 'checks { … }', in a fixed order.",
          "type": "array",
          "items": { "description": "The name of an opt-in check.", "enum": ["handover_basis"] },
          "uniqueItems": true
        },
        "file": { "description": "The file name of the main map file (the one given on the command line). Other source locations are relative to its folder.", "type": "string" }
      }
    },
    "view": {
      "description": "The view selected with --view, or null for the whole map. When set, 'steps' holds only the view's kept steps and 'flows' its projected flows.",
      "oneOf": [
        { "type": "null", "description": "The whole map: no view selected." },
        {
          "type": "object",
          "description": "The selected view.",
          "additionalProperties": false,
          "required": ["id", "title", "processLinks"],
          "properties": {
            "id": { "$ref": "#/$defs/identifier", "description": "The view's identifier." },
            "title": { "description": "The view's title.", "type": "string" },
            "processLinks": {
              "description": "Flows from a kept step into another party's process that the view does not show.",
              "type": "array",
              "items": { "$ref": "#/$defs/processLink" }
            }
          }
        }
      ]
    },
    "laws": {
      "description": "Declared laws, in declaration order.",
      "type": "array",
      "items": { "$ref": "#/$defs/law" }
    },
    "lanes": {
      "description": "Lanes (the parties), in declared order. With a view, still every lane of the map.",
      "type": "array",
      "items": { "$ref": "#/$defs/lane" }
    },
    "phases": {
      "description": "Phases (optional columns of the map), in declared order.",
      "type": "array",
      "items": { "$ref": "#/$defs/phase" }
    },
    "steps": {
      "description": "Steps and decisions in declaration order (included files' declarations stand where their 'include' was). With a view: only the kept steps.",
      "type": "array",
      "items": { "$ref": "#/$defs/step" }
    },
    "flows": {
      "description": "Flows in declaration order (a decision's branches where the decision is declared). With a view: the view's flows, direct ones and ones joined through steps it leaves out.",
      "type": "array",
      "items": { "$ref": "#/$defs/flow" }
    },
    "rules": {
      "description": "Rules in declaration order, each with the outcome of its proof on the whole map.",
      "type": "array",
      "items": { "$ref": "#/$defs/rule" }
    },
    "views": {
      "description": "Every view of the map, in declaration order, with the steps it keeps and its flows.",
      "type": "array",
      "items": { "$ref": "#/$defs/viewDefinition" }
    },
    "warnings": {
      "description": "Warnings of the check, ordered by file and position. A validated model has no errors.",
      "type": "array",
      "items": { "$ref": "#/$defs/diagnostic" }
    }
  },
  "$defs": {
    "identifier": {
      "description": "An smap identifier: a Unicode letter or '_', then letters, digits or '_'.",
      "type": "string",
      "minLength": 1
    },
    "color": {
      "description": "A color as '#rrggbb', lower-case.",
      "type": "string",
      "pattern": "^#[0-9a-f]{6}$"
    },
    "url": {
      "description": "An https:, http: or mailto: address (the scheme in any case).",
      "type": "string",
      "pattern": "^([hH][tT][tT][pP][sS]?:|[mM][aA][iI][lL][tT][oO]:)"
    },
    "source": {
      "description": "Where a declaration starts in the source.",
      "type": "object",
      "additionalProperties": false,
      "required": ["file", "line", "column"],
      "properties": {
        "file": { "description": "The source file, relative to the main file's folder.", "type": "string" },
        "line": { "description": "1-based line.", "type": "integer", "minimum": 1 },
        "column": { "description": "1-based column, counted in Unicode scalars.", "type": "integer", "minimum": 1 }
      }
    },
    "duration": {
      "description": "A time: as written and in hours (a day is 24 hours, a week 168).",
      "type": "object",
      "additionalProperties": false,
      "required": ["written", "hours"],
      "properties": {
        "written": { "description": "As written in the map: '36h', '5d', '2w'.", "type": "string", "pattern": "^[0-9]+[hdw]$" },
        "hours": { "description": "The same time in hours.", "type": "integer", "minimum": 0 }
      }
    },
    "law": {
      "description": "A declared law: law ALIAS \"SFS\" \"Title\" [{ url \"…\" }].",
      "type": "object",
      "additionalProperties": false,
      "required": ["alias", "sfs", "title", "url", "urlDeclared", "knownTitle", "repealed", "replacedBy", "source"],
      "properties": {
        "alias": { "$ref": "#/$defs/identifier", "description": "The alias steps and flows cite it by (SoL, SFB, …)." },
        "sfs": { "description": "The SFS number, YYYY:N.", "type": "string", "pattern": "^[0-9]{4}:[1-9][0-9]*$" },
        "title": { "description": "The title as declared.", "type": "string" },
        "url": { "$ref": "#/$defs/url", "description": "Where the whole law is read: the declared url, else its lagen.nu page." },
        "urlDeclared": { "description": "True when 'url' was declared in the map.", "type": "boolean" },
        "knownTitle": { "description": "The title in smap's register of laws, or null when the SFS number is not in it.", "type": ["string", "null"] },
        "repealed": { "description": "The day the law was repealed (ISO date), or null when it is in force or unknown.", "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
        "replacedBy": { "description": "The SFS number of the law that replaced it, or null.", "type": ["string", "null"] },
        "source": { "$ref": "#/$defs/source", "description": "Where the law is declared." }
      }
    },
    "lane": {
      "description": "A lane: one party of the process.",
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "title", "color", "source"],
      "properties": {
        "id": { "$ref": "#/$defs/identifier", "description": "The lane's identifier." },
        "title": { "description": "The party's name as shown.", "type": "string" },
        "color": { "description": "The declared color, or null (renderers choose one).", "oneOf": [{ "$ref": "#/$defs/color", "description": "A declared color." }, { "type": "null", "description": "No color declared." }] },
        "source": { "$ref": "#/$defs/source", "description": "Where the lane is declared." }
      }
    },
    "phase": {
      "description": "A phase: an optional column of the map.",
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "title", "color", "source"],
      "properties": {
        "id": { "$ref": "#/$defs/identifier", "description": "The phase's identifier." },
        "title": { "description": "The phase's title.", "type": "string" },
        "color": { "description": "The declared color, or null.", "oneOf": [{ "$ref": "#/$defs/color", "description": "A declared color." }, { "type": "null", "description": "No color declared." }] },
        "source": { "$ref": "#/$defs/source", "description": "Where the phase is declared." }
      }
    },
    "lawReference": {
      "description": "A provision cited in a step or a flow, with its lagen.nu link.",
      "type": "object",
      "additionalProperties": false,
      "required": ["law", "sfs", "citation", "chapter", "paragraph", "paragraphEnd", "stycke", "punkt", "url"],
      "properties": {
        "law": { "$ref": "#/$defs/identifier", "description": "The alias of the cited law." },
        "sfs": { "description": "The SFS number of the cited law.", "type": "string" },
        "citation": { "description": "The citation as written ('4 kap. 1 a § 2 st.'); empty for the whole law.", "type": "string" },
        "chapter": { "description": "Chapter with an optional letter ('4', '28 a'), or null.", "type": ["string", "null"] },
        "paragraph": { "description": "Paragraph (§) with an optional letter ('1', '1 a'), or null for a whole chapter or law.", "type": ["string", "null"] },
        "paragraphEnd": { "description": "Last paragraph of a range ('1–3 §§'), or null.", "type": ["string", "null"] },
        "stycke": { "description": "Stycke (st.), or null.", "type": ["integer", "null"], "minimum": 1 },
        "punkt": { "description": "Punkt (p.), or null.", "type": ["integer", "null"], "minimum": 1 },
        "url": { "$ref": "#/$defs/url", "description": "lagen.nu link anchored at the provision (#K4P1aS2), or the law's page for a whole-law reference." }
      }
    },
    "step": {
      "description": "A step or a decision.",
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "kind", "title", "lane", "participants", "number", "numberWritten", "start", "end", "actualisation", "within", "tags", "phase", "info", "laws", "links", "source"],
      "properties": {
        "id": { "$ref": "#/$defs/identifier", "description": "The step's identifier; the web map's anchor is 'steg-' + id." },
        "kind": { "description": "'step', or 'decision' (exactly one branch is taken).", "enum": ["step", "decision"] },
        "title": { "description": "The step's title.", "type": "string" },
        "lane": { "$ref": "#/$defs/identifier", "description": "The lane the step belongs to." },
        "participants": { "description": "Other lanes taking part ('with'), in written order.", "type": "array", "items": { "$ref": "#/$defs/identifier" } },
        "number": { "description": "The box number as displayed: written, or given in flow order when the lane has none; null when the step has none.", "type": ["integer", "null"], "minimum": 1 },
        "numberWritten": { "description": "True when the number was written in the map, false when smap numbered it.", "type": "boolean" },
        "start": { "description": "True at an entry point of the process.", "type": "boolean" },
        "end": { "description": "True at an end of the process.", "type": "boolean" },
        "actualisation": {
          "description": "The actualisation point at this step, or null.",
          "oneOf": [
            { "type": "null", "description": "Not an actualisation point." },
            {
              "type": "object",
              "description": "An actualisation point: here the parties can actualise the individual for joint work.",
              "additionalProperties": false,
              "required": ["note", "parties"],
              "properties": {
                "note": { "description": "The note after 'actualise', or null.", "type": ["string", "null"] },
                "parties": { "description": "Lanes that can actualise here: those after 'by', else the step's own lane.", "type": "array", "items": { "$ref": "#/$defs/identifier" }, "minItems": 1 }
              }
            }
          ]
        },
        "within": { "description": "The time indication ('within'), or null.", "oneOf": [{ "$ref": "#/$defs/duration", "description": "Done within this time." }, { "type": "null", "description": "No time indication." }] },
        "tags": { "description": "Free tags, as written.", "type": "array", "items": { "$ref": "#/$defs/identifier" } },
        "phase": { "description": "The phase's identifier, or null.", "oneOf": [{ "$ref": "#/$defs/identifier", "description": "A phase." }, { "type": "null", "description": "No phase." }] },
        "info": { "description": "The info text as written: the safe Markdown subset (paragraphs, lists, bold, italic, links); raw HTML in it is text. Null when the step has none.", "type": ["string", "null"] },
        "laws": { "description": "Provisions cited at this step.", "type": "array", "items": { "$ref": "#/$defs/lawReference" } },
        "links": {
          "description": "Links at this step.",
          "type": "array",
          "items": {
            "type": "object",
            "description": "A link: title and address.",
            "additionalProperties": false,
            "required": ["title", "url"],
            "properties": {
              "title": { "description": "The link's text.", "type": "string" },
              "url": { "$ref": "#/$defs/url", "description": "The address." }
            }
          }
        },
        "source": { "$ref": "#/$defs/source", "description": "Where the step is declared." }
      }
    },
    "flow": {
      "description": "A flow from one step to another.",
      "type": "object",
      "additionalProperties": false,
      "required": ["from", "to", "label", "branch", "exception", "loop", "handover", "consent", "laws", "joined", "source"],
      "properties": {
        "from": { "$ref": "#/$defs/identifier", "description": "The step the flow leaves." },
        "to": { "$ref": "#/$defs/identifier", "description": "The step the flow enters." },
        "label": { "description": "The flow's label; for a branch, the decision's answer. Null when it has none.", "type": ["string", "null"] },
        "branch": { "description": "True when the flow is a decision's branch.", "type": "boolean" },
        "exception": { "description": "True for an exceptional path (drawn dashed).", "type": "boolean" },
        "loop": { "description": "True for an intended cycle; left out when rules are proved.", "type": "boolean" },
        "handover": { "description": "True when the flow passes from one party (lane) to another.", "type": "boolean" },
        "consent": { "description": "True when the handover's basis includes the individual's consent.", "type": "boolean" },
        "laws": { "description": "Provisions that allow the handover.", "type": "array", "items": { "$ref": "#/$defs/lawReference" } },
        "joined": { "description": "True for a view's flow that joins steps the view leaves out (then it has no source, branch, consent or laws of its own).", "type": "boolean" },
        "source": { "description": "Where the flow is written, or null for a joined flow.", "oneOf": [{ "$ref": "#/$defs/source", "description": "A written flow." }, { "type": "null", "description": "A joined flow." }] }
      }
    },
    "processLink": {
      "description": "A kept step's flow into a party the view does not show: a link to that party's process.",
      "type": "object",
      "additionalProperties": false,
      "required": ["from", "to", "lane"],
      "properties": {
        "from": { "$ref": "#/$defs/identifier", "description": "The kept step." },
        "to": { "$ref": "#/$defs/identifier", "description": "The step it leads to in the other party's process." },
        "lane": { "$ref": "#/$defs/identifier", "description": "The other party's lane." }
      }
    },
    "rule": {
      "description": "A rule (ordering constraint) and the outcome of its proof.",
      "type": "object",
      "additionalProperties": false,
      "required": ["title", "kind", "first", "second", "limit", "writtenAsAfter", "status", "counterexample", "unprovableAt", "longestHours", "source"],
      "properties": {
        "title": { "description": "The rule's title, or null.", "type": ["string", "null"] },
        "kind": { "description": "'before' (every path from a start to 'second' passes 'first'), 'parallel' (neither reachable from the other) or 'within' ('second' within 'limit' after 'first').", "enum": ["before", "parallel", "within"] },
        "first": { "$ref": "#/$defs/identifier", "description": "before: the step that must come first; parallel: the first step named; within: the step the time counts from (after B)." },
        "second": { "$ref": "#/$defs/identifier", "description": "before: the later step; parallel: the second step named; within: the step that must be reached in time." },
        "limit": { "description": "within: the time limit; null for other kinds.", "oneOf": [{ "$ref": "#/$defs/duration", "description": "The limit." }, { "type": "null", "description": "Not a within rule." }] },
        "writtenAsAfter": { "description": "True when a before rule was written as 'B after A'.", "type": "boolean" },
        "status": { "description": "holds; violated (with a counterexample); unprovable (a step on the way has no time); vacuous (the target cannot be reached from the origin); notChecked (errors made the proof meaningless).", "enum": ["holds", "violated", "unprovable", "vacuous", "notChecked"] },
        "counterexample": { "description": "For a violated rule: one counterexample path of step identifiers; else null.", "oneOf": [{ "type": "array", "items": { "$ref": "#/$defs/identifier" }, "minItems": 1, "description": "The path, step by step." }, { "type": "null", "description": "No counterexample." }] },
        "unprovableAt": { "description": "For an unprovable within rule: the step with no time; else null.", "oneOf": [{ "$ref": "#/$defs/identifier", "description": "The step." }, { "type": "null", "description": "Not unprovable." }] },
        "longestHours": { "description": "For within rules: the longest time found along a path, in hours; else null.", "type": ["integer", "null"], "minimum": 0 },
        "source": { "$ref": "#/$defs/source", "description": "Where the rule is written." }
      },
      "allOf": [
        { "if": { "properties": { "status": { "const": "violated" } } }, "then": { "properties": { "counterexample": { "type": "array" } } }, "else": { "properties": { "counterexample": { "type": "null" } } } },
        { "if": { "properties": { "status": { "const": "unprovable" } } }, "then": { "properties": { "unprovableAt": { "type": "string" } } }, "else": { "properties": { "unprovableAt": { "type": "null" } } } },
        { "if": { "properties": { "kind": { "const": "within" } } }, "then": { "properties": { "limit": { "type": "object" } } }, "else": { "properties": { "limit": { "type": "null" } } } }
      ]
    },
    "viewDefinition": {
      "description": "A view: a selection of the map's steps.",
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "title", "items", "keptSteps", "flows", "processLinks", "source"],
      "properties": {
        "id": { "$ref": "#/$defs/identifier", "description": "The view's identifier (--view ID)." },
        "title": { "description": "The view's title.", "type": "string" },
        "items": {
          "description": "The view's include and exclude lines, in written order.",
          "type": "array",
          "items": {
            "type": "object",
            "description": "One include or exclude line.",
            "additionalProperties": false,
            "required": ["include", "selector", "names"],
            "properties": {
              "include": { "description": "True for 'include', false for 'exclude'.", "type": "boolean" },
              "selector": { "description": "What the names select by.", "enum": ["tag", "lane", "step"] },
              "names": { "description": "The names selected.", "type": "array", "items": { "$ref": "#/$defs/identifier" } }
            }
          }
        },
        "keptSteps": { "description": "Identifiers of the steps the view keeps, in declaration order.", "type": "array", "items": { "$ref": "#/$defs/identifier" } },
        "flows": { "description": "The view's flows: direct flows between kept steps and flows joined through left-out steps.", "type": "array", "items": { "$ref": "#/$defs/flow" } },
        "processLinks": { "description": "Flows from kept steps into parties the view does not show.", "type": "array", "items": { "$ref": "#/$defs/processLink" } },
        "source": { "$ref": "#/$defs/source", "description": "Where the view is declared." }
      }
    },
    "diagnostic": {
      "description": "A warning of the check (messages in English).",
      "type": "object",
      "additionalProperties": false,
      "required": ["code", "severity", "message", "fix", "file", "line", "column", "notes"],
      "properties": {
        "code": { "description": "The stable code, W001…", "type": "string", "pattern": "^[EW][0-9]{3}$" },
        "severity": { "description": "Always 'warning' in a validated model.", "const": "warning" },
        "message": { "description": "What is wrong, in English.", "type": "string" },
        "fix": { "description": "How to fix it, in English, or null.", "type": ["string", "null"] },
        "file": { "description": "The source file, relative to the main file's folder, or null.", "type": ["string", "null"] },
        "line": { "description": "1-based line, or null.", "type": ["integer", "null"], "minimum": 1 },
        "column": { "description": "1-based column in Unicode scalars, or null.", "type": ["integer", "null"], "minimum": 1 },
        "notes": {
          "description": "Secondary locations with an explanation.",
          "type": "array",
          "items": {
            "type": "object",
            "description": "A note.",
            "additionalProperties": false,
            "required": ["message", "file", "line", "column"],
            "properties": {
              "message": { "description": "The note, in English.", "type": "string" },
              "file": { "description": "The source file, relative to the main file's folder, or null.", "type": ["string", "null"] },
              "line": { "description": "1-based line, or null.", "type": ["integer", "null"], "minimum": 1 },
              "column": { "description": "1-based column in Unicode scalars, or null.", "type": ["integer", "null"], "minimum": 1 }
            }
          }
        }
      }
    }
  }
}

"""#
}
