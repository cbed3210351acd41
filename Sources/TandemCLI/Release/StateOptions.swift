import ArgumentParser
import Foundation
import TandemEngine
import TandemStore

/// `--db PATH` (else `TANDEM_DB`, else `.tandem/state.db`): where releases are recorded.
struct StateOptions: ParsableArguments {
    @Option(help: "State database (default: TANDEM_DB, else .tandem/state.db in the current directory).")
    var db: String?

    func open() throws -> ReleaseStore {
        do {
            return try ReleaseStore.open(path: try StorePath.resolve(db: db))
        } catch let error as StoreError {
            throw CLIFailure(error)
        }
    }

    /// For commands that only read: never waits for another process's write lock (see `openForReading`).
    func openForReading() throws -> ReleaseStore {
        do {
            return try ReleaseStore.openForReading(path: try StorePath.resolve(db: db))
        } catch let error as StoreError {
            throw CLIFailure(error)
        }
    }
}

/// An engine or store error with its documented exit code.
struct CLIFailure: Error, CustomStringConvertible, ExitCodeProviding {
    let description: String
    let exitStatus: ExitStatus

    init(_ message: String, _ status: ExitStatus) {
        description = message
        exitStatus = status
    }

    init(_ error: any Error) {
        description = "\(error)"
        exitStatus = ExitStatus(error)
    }
}
