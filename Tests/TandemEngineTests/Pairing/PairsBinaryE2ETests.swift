import Foundation
import TandemTestSupport
import Testing
import TandemKubeModel

/// `tandem pairs` as a user runs it: the real binary, over HTTP, with the simulator's
/// read-only credentials (the report never writes).
@Suite("tandem pairs binary", .serialized)
struct PairsBinaryE2ETests {
    static var binary: String {
        (try? TandemExecutable.url().path) ?? PackageRoot.url.appendingPathComponent(".build/debug/tandem").path
    }

    /// Runs `tandem pairs PLAN --kubeconfig K --context tandem-sim-readonly [extra]`.
    static func pairs(world: SimWorld, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the tandem binary first (swift build)")
        let result = try ProcessRunner.run(
            binary, ["pairs", ExamplePlans.path("loan-app.yaml"), "--kubeconfig", world.kubeconfig, "--context", "tandem-sim-readonly"] + extra)
        return (result.status, result.stdout, result.stderr)
    }

    @Test("exit 0 and 'no mixed pairs' after a revision-paired release; exit 1 naming the pair in the article's state")
    func exitStatus() async throws {
        try await LockstepPairingE2ETests.withLoanApp(mode: .preview) { world in
            let clean = try Self.pairs(world: world)
            #expect(clean.status == 0, "\(clean.out)\(clean.err)")
            #expect(clean.out.contains("no mixed pairs"))
            #expect(clean.out.contains("1.0 → 1.0"), "the pod's own answer is shown:\n\(clean.out)")

            try await LockstepPairingE2ETests.previewRelease("2.0", world: world, repoint: false)
            try await world.deployImage(service: "backend", tag: "3.0")
            try await world.waitPaused("backend")

            let mixed = try Self.pairs(world: world)
            #expect(mixed.status == 1, "\(mixed.out)\(mixed.err)")
            #expect(mixed.out.contains("MIXED: frontend active 2.0"), "\(mixed.out)")
            #expect(mixed.out.contains("→ Service backend-preview → backend 3.0"), "\(mixed.out)")

            let json = try Self.pairs(world: world, ["--json"])
            #expect(json.status == 1)
            let document = try JSON.parse(json.out)
            #expect(document["mixed"] == 1)
            #expect(document["rows"].arrayValue?.contains { $0["verdict"] == "MIXED" && $0["podReachedVersion"] == "3.0" } == true)
        }
    }

    @Test("an invalid plan exits 2")
    func invalidPlan() throws {
        let plan = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        try "kind: Nope\n".write(to: plan, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: plan) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["pairs", plan.path]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
    }
}
