import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map`, with the work shared out over the machine's cores when the
    /// array is large. Each element is transformed on its own and the result
    /// is in the array's order, so it is the same as `map` gives, every time.
    func concurrentMap<T: Sendable>(minimumCount: Int = 4_096, _ transform: @Sendable (Element) -> T) -> [T] {
        let cores = Swift.min(8, ProcessInfo.processInfo.activeProcessorCount)
        guard count >= minimumCount, cores > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = SendableBuffer(pointer: buffer)
            let chunks = cores * 4
            let chunkSize = (count + chunks - 1) / chunks
            self.withUnsafeBufferPointer { input in
                let source = SendableInput(pointer: input)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = chunk * chunkSize
                    let end = Swift.min(start + chunkSize, source.pointer.count)
                    guard start < end else { return }
                    for i in start..<end {
                        (output.pointer.baseAddress! + i).initialize(to: transform(source.pointer[i]))
                    }
                }
            }
            initialized = count
        }
    }
}

/// Runs independent pieces of work on every core; the results in the pieces' order.
/// Each piece is taken by the next free core, in the order given (so put
/// the large ones first).
func inParallel<T: Sendable>(_ work: [@Sendable () -> T]) -> [T] {
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
final class Pending<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let group = DispatchGroup()

    /// Starts `work` on a global queue at once.
    init(_ work: @escaping @Sendable () -> T) {
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    /// The result, waiting for the work to end (the group orders the write before this read).
    var value: T {
        group.wait()
        return result!
    }
}
