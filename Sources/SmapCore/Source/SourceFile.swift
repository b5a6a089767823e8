import Foundation

/// Identifies one source file inside a ``SourceSet``.
public struct FileID: Hashable, Comparable, Sendable {
    /// Four bytes: a map has far fewer files, and every range holds a file.
    private let storage: Int32
    public var index: Int { Int(storage) }
    public init(_ index: Int) { storage = Int32(clamping: index) }
    public static func < (a: FileID, b: FileID) -> Bool { a.storage < b.storage }
}

/// A half-open byte range in one source file. The one location type of smap:
/// line and column are computed only when a diagnostic is printed.
///
/// Offsets are stored in four bytes each (files over 256 MB are refused when
/// read), so a range takes 12 bytes instead of 24: every token and syntax
/// node holds ranges, and a 100,000-step map holds millions of them.
public struct SourceRange: Hashable, Sendable {
    public let file: FileID
    private let storedStart: UInt32
    private let storedEnd: UInt32
    public var start: Int { Int(storedStart) }
    public var end: Int { Int(storedEnd) }
    public init(file: FileID, start: Int, end: Int) {
        self.file = file
        self.storedStart = UInt32(clamping: start)
        self.storedEnd = UInt32(clamping: max(start, end))
    }
    /// The smallest range that covers both.
    public func union(_ other: SourceRange) -> SourceRange {
        guard other.file == file else { return self }
        return SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}

/// A 1-based line and column; the column counts Unicode scalars, which is
/// what an editor shows for Swedish text.
public struct LineColumn: Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public var description: String { "\(line):\(column)" }
}

/// One file's bytes, its display path and a table of line starts.
public struct SourceFile: Sendable {
    public let id: FileID
    /// The path as the user should see it (relative to the working folder when possible).
    public let path: String
    /// The bytes as read (a leading BOM included; the lexer skips it),
    /// except that a lone CR is an LF: CR, LF and CRLF each end a line.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line.
    public let lineStarts: [Int]

    public init(id: FileID, path: String, bytes: [UInt8]) {
        self.id = id
        self.path = path
        let bytes = SourceFile.lineFeedsForLoneCarriageReturns(bytes)
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        // memchr finds each line feed with the C library's vector search.
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                starts.append(index + 1)
                offset = index + 1
            }
        }
        self.lineStarts = starts
    }

    /// A CR that no LF follows (old Mac line endings, or a mix) becomes an
    /// LF, byte for byte, so every offset stays where it was and everything
    /// that computes lines — the line table, the lexer, the formatter — sees
    /// one kind of line break. A CR before an LF stays (CRLF is one break).
    static func lineFeedsForLoneCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        // Nearly every file has none: look first, copy only when there is one.
        let first: Int? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0D, buffer.count - offset) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index + 1 >= buffer.count || buffer[index + 1] != 0x0A { return index }
                offset = index + 1
            }
            return nil
        }
        guard let first else { return bytes }
        var result = bytes
        for i in first..<result.count where result[i] == 0x0D && (i + 1 >= result.count || result[i + 1] != 0x0A) {
            result[i] = 0x0A
        }
        return result
    }

    /// The line (0-based) holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    public func lineColumn(of offset: Int) -> LineColumn {
        let clamped = min(max(0, offset), bytes.count)
        let line = lineIndex(of: clamped)
        var column = 1
        var i = lineStarts[line]
        if line == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]), i == 0 { i = 3 }
        while i < clamped {
            // Count only bytes that start a scalar (not 10xxxxxx continuation bytes).
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return LineColumn(line: line + 1, column: column)
    }

    /// The text of the (0-based) line without its line break, decoded leniently.
    public func lineText(_ line: Int) -> String {
        guard line >= 0, line < lineStarts.count else { return "" }
        var start = lineStarts[line]
        if line == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        guard end > start else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The bytes of a range decoded as text.
    public func text(_ range: SourceRange) -> String {
        let s = min(max(0, range.start), bytes.count), e = min(max(s, range.end), bytes.count)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}

/// All files of one compilation, addressable by ``FileID``.
public struct SourceSet: Sendable {
    public private(set) var files: [SourceFile] = []
    public init() {}

    @discardableResult
    public mutating func add(path: String, bytes: [UInt8]) -> FileID {
        let id = FileID(files.count)
        files.append(SourceFile(id: id, path: path, bytes: bytes))
        return id
    }

    public subscript(id: FileID) -> SourceFile { files[id.index] }

    /// `path:line:col` for a range's start.
    public func location(_ range: SourceRange) -> (path: String, position: LineColumn) {
        let file = self[range.file]
        return (file.path, file.lineColumn(of: range.start))
    }
}
