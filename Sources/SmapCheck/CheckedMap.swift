import Foundation
import SmapCore
import SmapModel

/// A map that the checker found without errors, with everything the later
/// stages read: the model, the numbers shown on its boxes, its views and each
/// party's own map, its rule proofs and its warnings.
///
/// Only ``Compiler`` makes one (its initializer is internal to this stage),
/// and only for a map without errors: layout and every emitter take a
/// `CheckedMap`, so "no output for a map with errors" is a fact of the types.
public struct CheckedMap: Sendable {
    public let sources: SourceSet
    public let model: Model
    /// The number shown for each step (by index): written, or given in flow
    /// order when its lane has none.
    public let numbers: [Int?]
    /// One projection per declared view, in declaration order.
    public let views: [ViewProjection]
    /// One projection per party with steps, in lane order: that party's own
    /// map. None when the map has a single lane. Projected by the checker
    /// once, when first asked for: `smap check` never needs them, and on a
    /// map of 10,000 steps they were 7 % of its instructions (callgrind).
    public var partyMaps: [ViewProjection] { parties.value }
    private let parties: Once<[ViewProjection]>
    public let ruleOutcomes: [RuleOutcome]
    /// The map's warnings (a checked map has no errors).
    public let warnings: [Diagnostic]

    init(sources: SourceSet, model: Model, numbers: [Int?], views: [ViewProjection],
         ruleOutcomes: [RuleOutcome], warnings: [Diagnostic]) {
        self.sources = sources
        self.model = model
        self.numbers = numbers
        self.views = views
        self.parties = Once { Checker.partyMaps(model) }
        self.ruleOutcomes = ruleOutcomes
        self.warnings = warnings
    }

    /// The number shown on step `step` (an index into `model.steps`).
    public func number(_ step: Int) -> Int? { numbers[step] }

    /// The projection of the declared view `index`.
    public func projection(view index: Int) -> ViewProjection? {
        views.indices.contains(index) && views[index].view == index ? views[index] : views.first { $0.view == index }
    }
}

/// The outcome of looking up `--view ID`.
public enum ViewLookup: Sendable {
    case found(Int)
    /// E123, listing the map's views.
    case unknown(Diagnostic)
}

extension Model {
    /// The index of the view called `id`, or the diagnostic (E123) that lists
    /// the map's views.
    public func view(named id: String) -> ViewLookup {
        if let index = viewIndex[id] ?? views.firstIndex(where: { $0.id == id }) { return .found(index) }
        let names = views.map(\.id)
        var notes: [Note] = []
        if let close = Suggestions.closest(to: id, in: names) { notes.append(Note(Text(.fixDidYouMean, close), at: nil)) }
        let fix = names.isEmpty ? Text(.fixNoViews) : Text(.fixKnownViews, names.joined(separator: ", "))
        return .unknown(Diagnostic(.unknownView, [id], at: nil, notes: notes, fix: fix))
    }
}

/// A value made on first use, once, whichever thread asks first.
final class Once<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let stored { return stored }
        let made = make()
        stored = made
        return made
    }
}
