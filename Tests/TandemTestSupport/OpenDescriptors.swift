import Foundation

/// The file descriptors this process has open: the entries of /proc/self/fd (Linux).
/// The test process runs hundreds of child processes; a descriptor left open per child piles
/// up until Foundation's Process.run() crashes (see ProcessRunner), so leaks are tested for.
public enum OpenDescriptors {
    /// What each open descriptor points at, by number.
    public static func current() throws -> [String: String] {
        let fm = FileManager.default
        let numbers = try fm.contentsOfDirectory(atPath: "/proc/self/fd")
        return Dictionary(uniqueKeysWithValues: numbers.map { ($0, (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) ?? "?") })
    }

    /// The descriptors open after `times` runs of `body` that were not before. `body` runs once
    /// first: the first child process makes Foundation start its monitoring threads, which keep
    /// a few descriptors for good. Other tests' background work may open a few meanwhile, so
    /// callers compare with a slack far below `times`.
    public static func opened(over times: Int, _ body: () throws -> Void) throws -> [String] {
        try body()
        let before = try current()
        for _ in 0..<times { try body() }
        return try current().filter { before[$0.key] != $0.value }.map(\.value).sorted()
    }
}
