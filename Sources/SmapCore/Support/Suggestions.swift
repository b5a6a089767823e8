/// "Did you mean …?": the closest candidate within a small edit distance.
public enum Suggestions {
    /// The candidate nearest to `name` (case-insensitive edit distance at most
    /// max(1, length/3), capped at 3); ties go to the first in sorted order.
    public static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let target = Array(name.lowercased().unicodeScalars)
        let limit = min(3, max(1, target.count / 3))
        var best: (distance: Int, name: String)?
        for candidate in candidates {
            let c = Array(candidate.lowercased().unicodeScalars)
            if abs(c.count - target.count) > limit { continue }
            guard let d = distance(target, c, limit: limit) else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (d, candidate)
            }
        }
        return best?.name
    }

    /// Levenshtein distance, or nil as soon as it must exceed `limit`.
    package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if a == b { return 0 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return nil }
            swap(&previous, &current)
        }
        let d = a.isEmpty ? b.count : previous[b.count]
        return d <= limit ? d : nil
    }
}

/// Candidates prepared once — lower-cased, grouped by length — for many
/// look-ups in one large map: only names of a near length are compared, and
/// none is lower-cased again. Gives what ``Suggestions/closest(to:in:)``
/// gives over the same candidates (its ties do not depend on their order).
package struct SuggestionIndex {
    private struct Candidate {
        var name: String
        var scalars: [Unicode.Scalar]
        var histogram: [UInt8]
    }

    private var byLength: [Int: [Candidate]] = [:]

    package init<S: Sequence>(_ candidates: S) where S.Element == String {
        for name in candidates {
            let scalars = Array(name.lowercased().unicodeScalars)
            byLength[scalars.count, default: []].append(
                Candidate(name: name, scalars: scalars, histogram: SuggestionIndex.histogram(scalars)))
        }
    }

    /// Scalars counted in 32 buckets. Each edit changes the counts by at most
    /// two, so half the difference of two histograms never exceeds the edit
    /// distance: a cheap test that rules out most candidates.
    private static func histogram(_ scalars: [Unicode.Scalar]) -> [UInt8] {
        var counts = [UInt8](repeating: 0, count: 32)
        for s in scalars {
            let bucket = Int(s.value & 31)
            counts[bucket] = counts[bucket] &+ (counts[bucket] == 255 ? 0 : 1)
        }
        return counts
    }

    /// The closest candidate; `work` grows by the number of candidates looked at.
    package func closest(to name: String, work: inout Int) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        let targetHistogram = SuggestionIndex.histogram(target)
        let limit = min(3, max(1, target.count / 3))
        var best: (distance: Int, name: String)?
        for length in max(0, target.count - limit)...(target.count + limit) {
            guard let bucket = byLength[length] else { continue }
            work += bucket.count
            for candidate in bucket {
                var difference = 0
                for k in 0..<32 { difference += abs(Int(candidate.histogram[k]) - Int(targetHistogram[k])) }
                if (difference + 1) / 2 > limit { continue }
                // The distance is the same without a common beginning and end
                // (names of one map often share a long prefix: "steg_1", "steg_2", …).
                let c = candidate.scalars
                var low = 0
                while low < target.count && low < c.count && target[low] == c[low] { low += 1 }
                var highTarget = target.count, highCandidate = c.count
                while highTarget > low && highCandidate > low && target[highTarget - 1] == c[highCandidate - 1] {
                    highTarget -= 1
                    highCandidate -= 1
                }
                guard let d = Suggestions.distance(Array(target[low..<highTarget]), Array(c[low..<highCandidate]),
                                                   limit: limit) else { continue }
                if best == nil || d < best!.distance || (d == best!.distance && candidate.name < best!.name) {
                    best = (d, candidate.name)
                }
            }
        }
        return best?.name
    }

    /// How many candidates a look-up of `name` would look at.
    package func work(for name: String) -> Int {
        let length = name.lowercased().unicodeScalars.count
        let limit = min(3, max(1, length / 3))
        return (max(0, length - limit)...(length + limit)).reduce(0) { $0 + (byLength[$1]?.count ?? 0) }
    }
}
