import SmapCore
import SmapModel
import SmapCheck

/// One output of smap: a file of the site `smap build` writes, and the
/// command that writes it alone (`smap json`, `smap dot`, `smap html`).
///
/// A new output is one type conforming to `Emitter` plus one line in
/// ``Outputs/all``: `build` writes whatever that list holds, all or nothing,
/// and the command line offers each emitter's command.
public protocol Emitter: Sendable {
    /// The file's name in the site folder: `index.html`, `map.json`.
    var fileName: String { get }
    /// The command that writes this output alone: `html`, `json`.
    var command: String { get }
    /// The work of making the output for the whole map (`view == nil`) or one
    /// of its views: pieces that may run on any core, then their assembly.
    func plan(_ map: CheckedMap, view: Int?) -> EmitPlan
}

/// An output made in two stages: independent pieces, run on any core
/// together with the pieces of the other outputs, then joined in order, so
/// the bytes are the same however they ran.
public struct EmitPlan: Sendable {
    package var pieces: [@Sendable () -> TextOutput]
    package var assemble: @Sendable ([TextOutput]) -> TextOutput

    package init(pieces: [@Sendable () -> TextOutput], assemble: @escaping @Sendable ([TextOutput]) -> TextOutput) {
        self.pieces = pieces
        self.assemble = assemble
    }

    /// An output made in one piece.
    package init(_ make: @escaping @Sendable () -> TextOutput) {
        self.init(pieces: [make], assemble: { $0[0] })
    }
}

extension Emitter {
    /// The output's bytes.
    public func bytes(_ map: CheckedMap, view: Int? = nil) -> [UInt8] {
        let plan = plan(map, view: view)
        return plan.assemble(inParallel(plan.pieces)).bytes
    }

    /// The output as text.
    public func render(_ map: CheckedMap, view: Int? = nil) -> String {
        String(decoding: bytes(map, view: view), as: UTF8.self)
    }
}

/// Every output smap makes, in the order `smap build` writes and lists them.
public enum Outputs {
    public static let all: [any Emitter] = [
        HTMLEmitter(),
        JSONModel(),
        DOTEmitter(),
    ]

    /// The emitter whose command is `command`.
    public static func emitter(command: String) -> (any Emitter)? {
        all.first { $0.command == command }
    }

    /// Every file of the site for the whole map or one view. All outputs'
    /// pieces run in one pool (a pool inside a pool would run one at a time).
    public static func files(_ map: CheckedMap, view: Int?) -> [PublishedFile] {
        let plans = all.map { $0.plan(map, view: view) }
        let done = inParallel(plans.flatMap(\.pieces))
        var files: [PublishedFile] = []
        var rest = done[...]
        for (emitter, plan) in zip(all, plans) {
            let mine = Array(rest.prefix(plan.pieces.count))
            rest = rest.dropFirst(plan.pieces.count)
            files.append(PublishedFile(name: emitter.fileName, bytes: plan.assemble(mine).bytes))
        }
        return files
    }
}
