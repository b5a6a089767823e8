import Foundation
import SmapKit

// In progress: replaced by the real command in this session.
enum DiffCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        console.err("smap: not available yet\n")
        return 2
    }
}
