import Foundation
import TandemTestSupport
import Synchronization
import TandemStore
import TandemRelease
import TandemReleaseFixtures

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_300_000)) { time = Mutex(start) }  // 2026-11-22T…Z
    var now: Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { [self] in self.now } }
}

enum Fixture {
    /// plans/loan-app.yaml with a second checkpoint, `promote`, after the deploys.
    static let planEdits = [(#"      approvers: [alice, "group:qa"]"# + "\n",
                             #"      approvers: [alice, "group:qa"]"# + "\n    - name: promote\n      after: deploy\n")]

    /// What `release start` records for that plan (the engine's program); the tests below change only its identity,
    /// policies and locks.
    static let loanApp: NewRelease = {
        do { return try ExampleReleases.newRelease(plan: "loan-app.yaml", replacing: planEdits) } catch { fatalError("\(error)") }
    }()

    /// The stored plan text: plans/loan-app.yaml (with the `promote` checkpoint) as a user would submit it.
    static var planContent: String { loanApp.plan.content }

    /// The lockstep release of the two-service plan, waves deploy backend → frontend, checkpoints qa and promote:
    /// deploy, verify and pin backend; deploy and verify frontend; qa; promote; promote frontend, then backend;
    /// collect garbage.
    static func release(startedBy: String = "ci-bot", hash: String = "sha256:aaaa1111", name: String = "loan-app",
                        qa: ApprovalPolicy = ApprovalPolicy(),
                        promote: ApprovalPolicy = ApprovalPolicy(requiredApprovals: 2, approvers: ["alice", "group:qa"]),
                        lockKeys: [String] = ["rollout/legacy/my-backend", "rollout/legacy/my-frontend"])
        -> NewRelease
    {
        var release = loanApp
        release.plan.name = name
        release.plan.hash = hash
        release.plan.commit = "0123abcd"
        release.startedBy = startedBy
        release.checkpoints = [PlannedCheckpoint(name: "qa", policy: qa), PlannedCheckpoint(name: "promote", policy: promote)]
        release.lockKeys = lockKeys
        return release
    }

    static let groups = ["qa": ["carol", "dave"]]

    static func tempPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("state.db").path
    }
}

/// The StoreError a throwing call produced (nil when it did not throw one).
func storeError(_ body: () async throws -> Void) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}
