import ArgumentParser
import Foundation
import TandemServer
import TandemStore

/// `tandem serve add-user NAME --groups G [--users FILE]`: appends a user and prints the new token once.
struct ServeAddUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-user",
        abstract: "Add an API user to the users file and print its new token (shown once, alone on the last line).",
        discussion: """
        Only the token's SHA-256 is stored. Example:
          tandem serve add-user alice --groups qa,release-managers --users .tandem/users.yaml
        """)

    @Argument(help: "The user's name (recorded as the approver).") var name: String
    @Option(help: "Comma-separated groups (match `group:<name>` approvers in plans).") var groups: String = ""
    @Option(help: "Users file (YAML). Default: users.yaml beside the database.") var users: String?
    @Option(help: "State database, to find the default users file.") var db: String?

    func run() async throws {
        let path = Self.usersPath(users, dbPath: try StorePath.resolve(db: db))
        let list = groups.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            let (file, token) = try UsersFile.load(path: path).adding(name: name, groups: list)
            try file.save(path: path)
            let joined = list.isEmpty ? "no groups" : "groups " + list.joined(separator: ", ")
            print("added user \(name) (\(joined)) to \(path)")
            print("this token is shown once; give it to \(name) (`Authorization: Bearer <token>`, or the dashboard's sign-in):")
            print(token)
        } catch let error as ServerError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ReportedFailure(.invalidInput)
        }
    }

    static func usersPath(_ explicit: String?, dbPath: String) -> String {
        if let explicit, !explicit.isEmpty {
            return URL(fileURLWithPath: (explicit as NSString).expandingTildeInPath).standardizedFileURL.path
        }
        let dir = dbPath == ":memory:" ? FileManager.default.currentDirectoryPath : URL(fileURLWithPath: dbPath).deletingLastPathComponent().path
        return URL(fileURLWithPath: dir).appendingPathComponent("users.yaml").path
    }
}
