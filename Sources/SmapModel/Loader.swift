import SmapCore
import SmapSyntax

/// Reads the main file and every file it includes, in order, and returns the
/// declarations as one list (an included file's declarations stand where its
/// `include` was). Iterative: include depth never grows the call stack.
public struct LoadedSources: Sendable {
    public var sources: SourceSet
    public var syntax: [SourceFileSyntax]
    /// All declarations in reading order, with the file each came from.
    public var declarations: [(declaration: Declaration, file: FileID)]
    public var diagnostics: [Diagnostic]
    public var mainFile: FileID { FileID(0) }
}

public enum Loader {
    /// Loads `path` and its includes. Throws only when the main file cannot be read.
    public static func load(path: String, provider: SourceProvider) throws -> LoadedSources {
        let bytes = try provider.read(path)
        return load(path: path, bytes: bytes, provider: provider)
    }

    /// Loads a main file whose bytes are already read (standard input, tests).
    public static func load(path: String, bytes: [UInt8], provider: SourceProvider) -> LoadedSources {
        var sources = SourceSet()
        var syntax: [SourceFileSyntax] = []
        var diagnostics: [Diagnostic] = []
        var declarations: [(declaration: Declaration, file: FileID)] = []
        var canonicalOf: [FileID: String] = [:]
        var loaded: [String: FileID] = [:]

        let rootFolder = provider.canonical(PathText.directory(of: path))

        func parse(_ id: FileID) {
            let result = Parser.parse(sources[id])
            syntax.append(result.syntax)
            diagnostics += result.diagnostics
        }

        let main = sources.add(path: path, bytes: bytes)
        let mainCanonical = provider.canonical(path)
        canonicalOf[main] = mainCanonical
        loaded[mainCanonical] = main
        parse(main)

        struct Frame { var file: FileID; var index: Int }
        var stack = [Frame(file: main, index: 0)]
        while !stack.isEmpty {
            let top = stack.count - 1
            let file = stack[top].file
            let decls = syntax[file.index].declarations
            if stack[top].index >= decls.count {
                stack.removeLast()
                continue
            }
            let declaration = decls[stack[top].index]
            stack[top].index += 1
            guard case .include(let include) = declaration else {
                declarations.append((declaration, file))
                continue
            }
            let written = include.path.value
            let displayPath = PathText.join(PathText.directory(of: sources[file].path), written)
            let canonical = provider.canonical(displayPath)
            if written.isEmpty {
                diagnostics.append(Diagnostic(.includeNotFound, [written], at: include.path.range,
                                              fix: Text(.fixIncludePath)))
                continue
            }
            if !PathText.isInside(canonical, rootFolder) {
                diagnostics.append(Diagnostic(.includeOutsideRoot, [written], at: include.path.range,
                                              fix: Text(.fixIncludeInside)))
                continue
            }
            if let ancestor = stack.firstIndex(where: { canonicalOf[$0.file] == canonical }) {
                // Named relative to the main file's folder, so the message reads the
                // same wherever smap runs.
                let mainFolder = PathText.directory(of: path)
                func shown(_ p: String) -> String {
                    mainFolder != "." && p.hasPrefix(mainFolder + "/") ? String(p.dropFirst(mainFolder.count + 1)) : p
                }
                let chain = (stack[ancestor...].map { sources[$0.file].path } + [displayPath]).map(shown)
                diagnostics.append(Diagnostic(.includeCycle, [written, chain.joined(separator: " → ")],
                                              at: include.path.range, fix: Text(.fixIncludeCycle)))
                continue
            }
            if let already = loaded[canonical] {
                _ = already
                diagnostics.append(Diagnostic(.duplicateInclude, [written], at: include.path.range,
                                              fix: Text(.fixDuplicateInclude)))
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try provider.readIncluded(displayPath)
            } catch SourceError.notRegularFile {
                diagnostics.append(Diagnostic(.includeNotFound, [written], at: include.path.range,
                                              fix: Text(.fixIncludeRegularFile)))
                continue
            } catch {
                diagnostics.append(Diagnostic(.includeNotFound, [written], at: include.path.range,
                                              fix: Text(.fixIncludePath)))
                continue
            }
            let id = sources.add(path: displayPath, bytes: bytes)
            canonicalOf[id] = canonical
            loaded[canonical] = id
            parse(id)
            stack.append(Frame(file: id, index: 0))
        }
        return LoadedSources(sources: sources, syntax: syntax, declarations: declarations, diagnostics: diagnostics)
    }
}
