import Foundation
import Testing
import TandemStore

@Suite("StorePath")
struct StorePathTests {
    let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-path-\(UUID().uuidString)").path

    @Test("--db wins over TANDEM_DB, relative paths resolve against the current directory, the directory is created")
    func flagWins() throws {
        let path = try StorePath.resolve(db: "state/x.db", environment: ["TANDEM_DB": "/nope/y.db"], currentDirectory: cwd)
        #expect(path == cwd + "/state/x.db")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: cwd + "/state", isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test("TANDEM_DB is used when --db is absent")
    func environment() throws {
        let path = try StorePath.resolve(db: nil, environment: ["TANDEM_DB": cwd + "/env/s.db"], currentDirectory: "/")
        #expect(path == cwd + "/env/s.db")
    }

    @Test("the default is .tandem/state.db in the current directory")
    func defaultPath() throws {
        let path = try StorePath.resolve(db: nil, environment: ["TANDEM_DB": ""], currentDirectory: cwd)
        #expect(path == cwd + "/.tandem/state.db")
        #expect(FileManager.default.fileExists(atPath: cwd + "/.tandem"))
    }

    @Test("a directory that cannot be created is an error naming --db and TANDEM_DB")
    func unwritable() async throws {
        let file = cwd + "/plain-file"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data())
        let error = await storeError { _ = try StorePath.resolve(db: file + "/sub/state.db", environment: [:], currentDirectory: "/") }
        #expect(error?.description.contains("pass --db PATH or set TANDEM_DB") == true)
    }
}
