import Foundation
import TandemTestSupport
import TandemServer
import Testing

@Suite("Users file and add-user")
struct UsersTests {
    @Test("tokens are matched by SHA-256; groups become the policy's group map")
    func users() throws {
        let (file, token) = try UsersFile().adding(name: "alice", groups: ["qa"])
        #expect(token.count == 64)
        #expect(file.users.first?.tokenSHA256 == UsersFile.hash(token))
        #expect(file.user(token: token)?.name == "alice")
        #expect(file.user(token: token + "x") == nil)
        #expect(file.groupMap == ["qa": ["alice"]])
        #expect(throws: ServerError.self) { try file.adding(name: "Alice", groups: []) }
        let parsed = try UsersFile.parse(try file.yaml(), path: "users.yaml")
        #expect(parsed == file)
        #expect(throws: ServerError.self) { try UsersFile.parse("users: 3", path: "users.yaml") }
    }

    @Test("the server's users come from the file as it is now: a user added while it runs is known at the next request")
    func reloadedWhenChanged() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-users-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let users = ServerEnvironment.usersFile(at: path)
        #expect(try users().users.isEmpty)  // no file yet: nobody
        let (one, alice) = try UsersFile().adding(name: "alice", groups: ["qa"])
        try one.save(path: path)
        #expect(try users().user(token: alice)?.name == "alice")
        #expect(try users() == one)
        let (two, bob) = try one.adding(name: "bob", groups: ["release"])
        try two.save(path: path)
        #expect(try users().user(token: bob)?.name == "bob")
        try FileManager.default.removeItem(atPath: path)
        #expect(try users().users.isEmpty)
    }

    @Test("tandem serve add-user appends a user and prints the token alone on the last line")
    func addUserCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-users-\(UUID().uuidString)").path
        let users = dir + "/users.yaml"
        func run(_ args: [String]) throws -> (Int32, String) {
            let result = try ProcessRunner.tandem(args, directory: nil)
            return (result.status, result.stdout)
        }
        let (status, output) = try run(["serve", "add-user", "alice", "--groups", "qa,ops", "--users", users])
        #expect(status == 0)
        let lines = output.split(separator: "\n")
        let token = String(try #require(lines.last))
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        let file = try UsersFile.load(path: users)
        #expect(file.user(token: token)?.groups == ["qa", "ops"])
        #expect(!(try String(contentsOfFile: users, encoding: .utf8)).contains(token))
        let (second, _) = try run(["serve", "add-user", "bob", "--users", users])
        #expect(second == 0)
        #expect(try UsersFile.load(path: users).users.map(\.name) == ["alice", "bob"])
        let (duplicate, _) = try run(["serve", "add-user", "alice", "--users", users])
        #expect(duplicate == 2)
    }
}
