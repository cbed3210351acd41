import Foundation
import Testing
import TandemGitOps
import TandemTestSupport

/// The real git binary in temporary repositories: a bare remote and two clones (tandem's work
/// tree and a colleague's), so pushes meet a remote that moved.
@Suite("git repository (real git)")
struct GitRepositoryTests {
    struct World {
        let base: URL
        var remote: String { base.appendingPathComponent("remote.git").path }
        var work: String { base.appendingPathComponent("work").path }
        var colleague: String { base.appendingPathComponent("colleague").path }

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-git-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try sh("git init --quiet --bare --initial-branch=main remote.git")
            try sh("git clone --quiet remote.git work 2>/dev/null")
            try write("work/manifests/backend/kustomization.yaml", "images:\n- name: repo/interest\n  newTag: \"1.0\"\n")
            try write("work/manifests/frontend/kustomization.yaml", "images:\n- name: repo/loan\n  newTag: \"1.0\"\n")
            try sh("cd work && git add -A && git commit --quiet -m initial && git push --quiet origin HEAD:main 2>/dev/null && git branch --quiet -u origin/main")
            try sh("git clone --quiet remote.git colleague 2>/dev/null")
        }

        func write(_ path: String, _ text: String) throws {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        @discardableResult
        func sh(_ command: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = base
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                                 "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"] { environment[key] = value }
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw GitError.failed(command: command, status: process.terminationStatus, stderr: "") }
            return String(decoding: data, as: UTF8.self)
        }

        func remoteLog() throws -> [String] {
            try sh("git --git-dir=remote.git log --format=%s main").split(separator: "\n").map(String.init)
        }

        func cleanup() { try? FileManager.default.removeItem(at: base) }
    }

    /// The commit identity comes from the environment in CI; set it for the work tree here.
    static func repository(_ world: World) throws -> GitRepository {
        try world.sh("cd work && git config user.name tandem && git config user.email tandem@example.com")
        return try GitRepository(containing: world.work + "/manifests/backend")
    }

    @Test("running git 100 times leaves no descriptor open (tandem serve runs git for every GitOps release)")
    func gitLeavesNoDescriptorOpen() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        let head = try repository.head()
        let opened = try OpenDescriptors.opened(over: 100) { let now = try repository.head(); #expect(now == head) }
        #expect(opened.count < 10, "\(opened.count) descriptors more after 100 git runs, first: \(opened.prefix(6))")
    }

    @Test("a commit of named files carries the trailer, is found by it, and is pushed")
    func commitAndPush() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        #expect(try repository.currentBranch() == "main")
        try world.write("work/manifests/backend/kustomization.yaml", "images:\n- name: repo/interest\n  newTag: \"2.0\"\n")
        #expect(try repository.uncommitted(among: ["manifests/backend", "manifests/frontend"]) == ["manifests/backend/kustomization.yaml"])
        let commit = try #require(try repository.commit(files: ["manifests/backend/kustomization.yaml"],
                                                        message: "loan-app r-1: backend 2.0",
                                                        trailers: [("Tandem-Release", "r-1")]))
        #expect(try repository.commits(trailer: "Tandem-Release", value: "r-1") == [commit])
        #expect(try repository.commits(trailer: "Tandem-Release", value: "r-2").isEmpty)
        #expect(try repository.push(remote: "origin", branch: "main") == commit)
        #expect(try world.remoteLog() == ["loan-app r-1: backend 2.0", "initial"])
        #expect(try repository.uncommitted(among: ["manifests"]).isEmpty)
        // Nothing to commit: no empty commit.
        #expect(try repository.commit(files: ["manifests/backend/kustomization.yaml"], message: "again", trailers: []) == nil)
    }

    @Test("a remote that moved with an unrelated commit is fetched, rebased onto and pushed")
    func rebaseOnUnrelatedChange() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        try world.write("colleague/README.md", "docs\n")
        try world.sh("cd colleague && git add -A && git commit --quiet -m 'colleague: docs' && git push --quiet origin main 2>/dev/null")
        try world.write("work/manifests/frontend/kustomization.yaml", "images:\n- name: repo/loan\n  newTag: \"2.0\"\n")
        try repository.commit(files: ["manifests/frontend/kustomization.yaml"], message: "loan-app r-1: frontend 2.0",
                              trailers: [("Tandem-Release", "r-1")])
        let pushed = try repository.push(remote: "origin", branch: "main")
        #expect(try world.remoteLog() == ["loan-app r-1: frontend 2.0", "colleague: docs", "initial"])
        #expect(try repository.commits(trailer: "Tandem-Release", value: "r-1") == [pushed])
    }

    @Test("a conflicting change on the remote is a clear error; nothing is pushed and the rebase is undone")
    func conflict() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        try world.write("colleague/manifests/backend/kustomization.yaml", "images:\n- name: repo/interest\n  newTag: \"1.5\"\n")
        try world.sh("cd colleague && git commit --quiet -am 'colleague: backend 1.5' && git push --quiet origin main 2>/dev/null")
        try world.write("work/manifests/backend/kustomization.yaml", "images:\n- name: repo/interest\n  newTag: \"2.0\"\n")
        try repository.commit(files: ["manifests/backend/kustomization.yaml"], message: "loan-app r-1: backend 2.0", trailers: [])
        let error = #expect(throws: GitError.self) { try repository.push(remote: "origin", branch: "main") }
        #expect(error == .conflict(remote: "origin", branch: "main", files: ["manifests/backend/kustomization.yaml"]))
        #expect("\(error!)".contains("nothing was pushed"))
        #expect(try world.remoteLog() == ["colleague: backend 1.5", "initial"])
        #expect(try world.sh("cd work && git status --porcelain").isEmpty)
        #expect(try world.sh("cd work && git log -1 --format=%s") == "loan-app r-1: backend 2.0\n")
    }

    @Test("a revert undoes a release's commits in one commit")
    func revert() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        for service in ["backend", "frontend"] {
            let image = service == "backend" ? "repo/interest" : "repo/loan"
            try world.write("work/manifests/\(service)/kustomization.yaml", "images:\n- name: \(image)\n  newTag: \"2.0\"\n")
            try repository.commit(files: ["manifests/\(service)/kustomization.yaml"], message: "\(service) 2.0",
                                  trailers: [("Tandem-Release", "r-1")])
        }
        let commits = try repository.commits(trailer: "Tandem-Release", value: "r-1")
        #expect(commits.count == 2)
        let revert = try #require(try repository.revert(commits.reversed(), message: "revert r-1", trailers: [("Tandem-Release", "r-1")]))
        #expect(try repository.show("manifests/backend/kustomization.yaml", at: revert) == "images:\n- name: repo/interest\n  newTag: \"1.0\"\n")
        #expect(try repository.show("manifests/frontend/kustomization.yaml", at: revert) == "images:\n- name: repo/loan\n  newTag: \"1.0\"\n")
    }

    @Test("a revert that conflicts with a later change of the same lines is undone: a clear error, the work tree as before")
    func revertConflict() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        try world.write("work/manifests/backend/kustomization.yaml", "images:\n- name: repo/interest\n  newTag: \"2.0\"\n")
        let ours = try #require(try repository.commit(files: ["manifests/backend/kustomization.yaml"], message: "backend 2.0",
                                                      trailers: [("Tandem-Release", "r-1")]))
        try world.write("work/manifests/backend/kustomization.yaml", "images:\n- name: repo/interest\n  newTag: \"2.5\"\n")
        try world.sh("cd work && git commit --quiet -am 'someone: backend 2.5'")
        let head = try repository.head()
        let error = #expect(throws: GitError.self) { try repository.revert([ours], message: "revert r-1", trailers: []) }
        #expect(error == .revertConflict(files: ["manifests/backend/kustomization.yaml"]))
        #expect("\(error!)".contains("the revert was undone"))
        #expect(try repository.head() == head)
        #expect(try world.sh("cd work && git status --porcelain").isEmpty)
    }

    @Test("the trailer values of one release's commits, and the commits of a range")
    func trailerValuesOfARelease() throws {
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        let start = try repository.head()
        var made: [String] = []
        for (release, wave, service) in [("r-1", "1", "backend"), ("r-2", "1", "backend"), ("r-1", "2", "frontend")] {
            try world.write("work/manifests/\(service)/kustomization.yaml", "images:\n- name: x\n  newTag: \"\(release)\"\n")
            made.append(try #require(try repository.commit(files: ["manifests/\(service)/kustomization.yaml"], message: "\(release) \(service)",
                                                           trailers: [("Tandem-Release", release), ("Tandem-Wave", wave)])))
        }
        #expect(try repository.trailerValues("Tandem-Wave", ofCommitsWith: ("Tandem-Release", "r-1"), on: "HEAD") == ["1", "2"])
        #expect(try repository.trailerValues("Tandem-Wave", ofCommitsWith: ("Tandem-Release", "r-3"), on: "HEAD") == [])
        #expect(try repository.commits(on: "\(start)..HEAD") == made)
    }

    @Test("errors name the problem: no repository, an unreachable remote, a missing remote")
    func errors() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-nogit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let error = #expect(throws: GitError.self) { try GitRepository(containing: outside.path) }
        #expect("\(error!)".contains("is not inside a git work tree"))
        let world = try World()
        defer { world.cleanup() }
        let repository = try Self.repository(world)
        try world.sh("cd work && git remote add gone /nonexistent/remote.git")
        #expect(throws: GitError.self) { try repository.checkReachable(remote: "gone") }
        try repository.checkReachable(remote: "origin")
        #expect(try repository.remoteURL("nope") == nil)
        #expect(try repository.remoteURL("origin") == world.remote)
    }
}
