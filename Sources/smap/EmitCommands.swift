import Foundation
import SmapKit

// In progress: replaced by the real command in this session.
enum EmitCommands {
    static func run(_ command: String, _ arguments: [String], console: Console) -> Int32 {
        console.err("smap: not available yet\n")
        return 2
    }
}
