import Foundation

/// Where the state database lives: `--db PATH`, else `TANDEM_DB`, else `.tandem/state.db` in the current directory.
public enum StorePath {
    public static let environmentVariable = "TANDEM_DB"
    public static let defaultRelativePath = ".tandem/state.db"

    /// Resolves the database path (absolute) and creates its directory. `:memory:` is returned unchanged.
    public static func resolve(
        db: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> String {
        let chosen: String
        if let db, !db.isEmpty {
            chosen = db
        } else if let fromEnv = environment[environmentVariable], !fromEnv.isEmpty {
            chosen = fromEnv
        } else {
            chosen = defaultRelativePath
        }
        if chosen == ":memory:" { return chosen }
        let expanded = (chosen as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/")
            ? expanded
            : URL(fileURLWithPath: currentDirectory).appendingPathComponent(expanded).path
        let path = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotCreateDirectory(directory, reason: "\(error.localizedDescription)")
        }
        return path
    }
}
