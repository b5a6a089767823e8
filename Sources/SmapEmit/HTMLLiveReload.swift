import SmapCore
import SmapCheck

/// Serve mode (`smap serve`): the page runs one more script, the live-reload
/// client, and may open a connection back to the server it came from.
///
/// This is the only difference between a served page and a built one, and
/// it exists only when a ``LiveReload`` is given: `smap build` gives none,
/// so its page allows no connection at all (`default-src 'none'`) and runs
/// nothing but its own script. With one, the page's Content-Security-Policy
/// gains exactly two sources — the client's SHA-256 in `script-src` and
/// `connect-src 'self'` — and the client comes last in `<body>`.
public struct LiveReload: Sendable, Hashable {
    /// The client's script (JavaScript; must not contain `</script`).
    public var script: String
    /// Which build the page shows, as the `data-build` attribute of the
    /// client's `<script>` element (outside the hashed text, so the hash
    /// stays the same from build to build).
    public var build: String

    public init(script: String, build: String) {
        precondition(!script.lowercased().contains("</script"), "a live-reload script cannot hold </script")
        self.script = script
        self.build = build
    }

    /// What `script-src` gains: the client's hash.
    package var scriptSource: String { " 'sha256-\(SHA256.base64(script))'" }
    /// What the policy gains at its end: connections to the page's own origin.
    package var connectSource: String { "; connect-src 'self'" }
    /// The client's element, placed last in `<body>`.
    package var element: String {
        "<script data-build=\"\(HTMLText.escape(build))\">\(script)</script>\n"
    }
}

extension Outputs {
    /// Every file of the site as `smap serve` serves it: the same as
    /// ``files(_:view:)``, with the page in serve mode.
    public static func files(_ map: CheckedMap, view: Int?, liveReload: LiveReload) -> [PublishedFile] {
        let emitters: [any Emitter] = all.map { emitter in
            guard var html = emitter as? HTMLEmitter else { return emitter }
            html.liveReload = liveReload
            return html
        }
        let plans = emitters.map { $0.plan(map, view: view) }
        let done = inParallel(plans.flatMap(\.pieces))
        var files: [PublishedFile] = []
        var rest = done[...]
        for (emitter, plan) in zip(emitters, plans) {
            let mine = Array(rest.prefix(plan.pieces.count))
            rest = rest.dropFirst(plan.pieces.count)
            files.append(PublishedFile(name: emitter.fileName, bytes: plan.assemble(mine).bytes))
        }
        return files
    }
}
