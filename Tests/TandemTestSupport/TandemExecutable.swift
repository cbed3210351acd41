import Foundation

/// The one place tests find the `tandem` executable: `$TANDEM_BINARY` when set, else `tandem`
/// beside the test bundle (SwiftPM builds both into one directory), else the checkout's
/// `.build/debug/tandem`.
public enum TandemExecutable {
    public struct NotFound: Error, CustomStringConvertible {
        public let tried: [String]
        public var description: String {
            "no tandem executable found (tried \(tried)); run `swift build` first or set TANDEM_BINARY"
        }
    }

    /// The executable; throws `NotFound`, naming every place looked at, when there is none.
    public static func url() throws -> URL {
        let candidates = candidates()
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
        throw NotFound(tried: candidates.map(\.path))
    }

    /// The executable's path for code that hands it to `Process` itself; when there is none,
    /// the first candidate, so the run fails naming it.
    public static var path: String {
        (try? url().path) ?? candidates()[0].path
    }

    static func candidates() -> [URL] {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["TANDEM_BINARY"], !path.isEmpty {
            // An explicit choice is the only candidate: a stale binary elsewhere must not stand in for it.
            return [URL(fileURLWithPath: path)]
        }
        for bundle in [Bundle.main] + Bundle.allBundles {
            var directory = bundle.bundleURL.deletingLastPathComponent()
            if bundle.bundleURL.pathExtension != "xctest" { directory = bundle.bundleURL }
            candidates.append(directory.appendingPathComponent("tandem"))
        }
        let arguments0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(arguments0.deletingLastPathComponent().appendingPathComponent("tandem"))
        candidates.append(arguments0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tandem"))
        candidates.append(PackageRoot.url.appendingPathComponent(".build/debug/tandem"))
        return candidates
    }
}
