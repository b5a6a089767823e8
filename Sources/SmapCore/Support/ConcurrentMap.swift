import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map`, with the work shared out over the machine's cores when the
    /// array is large. Each element is transformed on its own and the result
    /// is in the array's order, so it is the same as `map` gives, every time.
    package func concurrentMap<T: Sendable>(minimumCount: Int = 4_096, _ transform: @Sendable (Element) -> T) -> [T] {
        withUnsafeBufferPointer { buffer in
            let input = SendableInput(pointer: buffer)
            return concurrentIndexMap(count: count, minimumCount: minimumCount, state: {}) { i, _ in
                transform(input.pointer[i])
            }.results
        }
    }
}

/// `(0..<count).map(transform)`, with the indices shared out over the cores
/// in contiguous chunks when `count` is large. Each chunk has a `State` of
/// its own, made by `state` (caches, or what the chunk noticed), which
/// `transform` may change; the states come back in chunk order, so chunk
/// by chunk they describe the indices in order.
package func concurrentIndexMap<T: Sendable, State: Sendable>(count: Int, minimumCount: Int = 4_096,
                                                      state makeState: @Sendable () -> State,
                                                      _ transform: @Sendable (Int, inout State) -> T)
    -> (results: [T], states: [State]) {
    let cores = Swift.min(8, ProcessInfo.processInfo.activeProcessorCount)
    guard count >= minimumCount, cores > 1 else {
        var state = makeState()
        return ((0..<count).map { transform($0, &state) }, [state])
    }
    let chunks = cores * 4
    let chunkSize = (count + chunks - 1) / chunks
    var states: [State] = []
    let results = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let output = SendableBuffer(pointer: buffer)
        states = [State](unsafeUninitializedCapacity: chunks) { stateBuffer, statesInitialized in
            let stateOutput = SendableBuffer(pointer: stateBuffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var state = makeState()
                let start = chunk * chunkSize
                let end = Swift.min(start + chunkSize, count)
                if start < end {
                    for i in start..<end {
                        (output.pointer.baseAddress! + i).initialize(to: transform(i, &state))
                    }
                }
                (stateOutput.pointer.baseAddress! + chunk).initialize(to: state)
            }
            statesInitialized = chunks
        }
        initialized = count
    }
    return (results, states)
}

/// Runs independent pieces of work on every core; the results in the pieces' order.
/// Each piece is taken by the next free core, in the order given (so put
/// the large ones first).
package func inParallel<T: Sendable>(_ work: [@Sendable () -> T]) -> [T] {
    guard work.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return work.map { $0() } }
    return [T](unsafeUninitializedCapacity: work.count) { buffer, initialized in
        let output = SendableBuffer(pointer: buffer)
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            (output.pointer.baseAddress! + i).initialize(to: work[i]())
        }
        initialized = work.count
    }
}

/// Disjoint slices of one buffer are written from several threads.
private struct SendableBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<T>
}

private struct SendableInput<T>: @unchecked Sendable {
    let pointer: UnsafeBufferPointer<T>
}

/// Work started on another thread, whose result is waited for when needed.
package final class Pending<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let group = DispatchGroup()

    /// Starts `work` on a global queue at once.
    package init(_ work: @escaping @Sendable () -> T) {
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    /// The result, waiting for the work to end (the group orders the write before this read).
    package var value: T {
        group.wait()
        return result!
    }
}
