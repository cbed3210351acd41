import Foundation

/// `sqlite3 PATH` with `BEGIN IMMEDIATE` open: a separate process holding the state
/// database's write lock until `release()`.
public final class SQLiteLockHolder: @unchecked Sendable {
    public struct NotLocked: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "sqlite3 did not take the write lock on \(path) (is sqlite3 installed?)" }
    }

    private let process = Process()
    private let input = Pipe()
    public var pid: Int32 { process.processIdentifier }

    public init(path: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var seen = ""
        while !seen.contains("locked") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard seen.contains("locked") else {
            release()
            throw NotLocked(path: path)
        }
    }

    /// Ends the transaction and waits for sqlite3 to exit; a second call does nothing.
    public func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
