import Foundation
import Yams
#if canImport(Glibc)
import Glibc
#endif

/// Merges one simulator's kubeconfig entries into a kubeconfig file that others may share
/// (two `tandem sim serve --context …` processes writing the same file, issue #15 item 4).
/// Entries with our cluster, context and user names replace older ones; every other entry is
/// kept; `current-context` is kept while it names an existing context, else it becomes ours.
/// Writers take an exclusive `flock` on `<file>.lock` and replace the file by rename, so two
/// simulators starting at once both end up in it and a reader never sees a half-written file.
enum KubeconfigMerge {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func merge(_ ours: String, into path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try withExclusiveLock(path + ".lock") {
            let existing = FileManager.default.fileExists(atPath: path) ? try String(contentsOfFile: path, encoding: .utf8) : ""
            let merged = try mergedYAML(ours: ours, existing: existing, file: path)
            let temporary = path + ".tmp-\(getpid())"
            try Data(merged.utf8).write(to: URL(fileURLWithPath: temporary))
            chmod(temporary, 0o600)
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw Failure(description: "cannot replace kubeconfig \(path): \(reason)")
            }
        }
    }

    /// The existing file's YAML with our entries merged in (ours alone when the file is empty).
    static func mergedYAML(ours: String, existing: String, file: String) throws -> String {
        guard case .mapping(let mine)? = try Yams.compose(yaml: ours) else {
            throw Failure(description: "internal: the simulator's kubeconfig is not a mapping")
        }
        guard !existing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return ours }
        let parsed: Node?
        do { parsed = try Yams.compose(yaml: existing) } catch {
            throw Failure(description: "\(file) is not valid YAML (\(error)); remove it or pass another --kubeconfig-out")
        }
        guard case .mapping(var theirs)? = parsed, theirs["kind"]?.string ?? "Config" == "Config" else {
            throw Failure(description: "\(file) is not a kubeconfig (kind: Config); remove it or pass another --kubeconfig-out")
        }
        for key in ["clusters", "contexts", "users"] {
            let replaced = names(mine[key])
            let kept = (theirs[key]?.sequence.map(Array.init) ?? []).filter { !replaced.contains($0["name"]?.string ?? "") }
            theirs[key] = .sequence(Node.Sequence(kept + (mine[key]?.sequence.map(Array.init) ?? [])))
        }
        if let current = theirs["current-context"]?.string, names(theirs["contexts"]).contains(current) {
            // Another simulator's (or the user's) choice stays.
        } else {
            theirs["current-context"] = mine["current-context"]
        }
        for key in ["apiVersion", "kind"] where theirs[key] == nil { theirs[key] = mine[key] }
        return try Yams.serialize(node: .mapping(theirs))
    }

    private static func names(_ list: Node?) -> Set<String> {
        Set((list?.sequence.map(Array.init) ?? []).compactMap { $0["name"]?.string })
    }

    private static func withExclusiveLock(_ lockPath: String, _ body: () throws -> Void) throws {
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot open lock file \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        try body()
    }
}
