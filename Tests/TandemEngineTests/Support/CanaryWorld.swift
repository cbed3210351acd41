import Foundation
import TandemTestSupport
import Testing

/// The world of plans/loan-app-canary.yaml (three canary Rollouts in a chain, namespace loan-canary)
/// and what the lockstep canary tests read back from it.
extension TandemBinary {
    static let canaryMembers = ["rates", "backend", "frontend"]

    /// A fresh simulator with `plan` as plan.yaml and plans/loan-app-canary/ applied, every Rollout
    /// Healthy on 1.0. Pods take 300 ms to become ready, so each setWeight takes a moment.
    static func withCanaryWorld(plan: String, _ body: (TandemBinary) throws -> Void) throws {
        let tandem = try TandemBinary(plan: plan, readyDelay: "300ms")
        defer { tandem.stop() }
        let applied = try tandem.run(["sim", "apply", "-f", ExamplePlans.path("loan-app-canary")])
        try #require(applied.status == 0, "applying the canary world failed: \(applied.output)")
        try tandem.waitFor("the canary world Healthy on 1.0") { try tandem.canaryHealthy(on: "1.0") }
        try body(tandem)
    }

    /// plans/loan-app-canary.yaml with other checkpoints (YAML lines under `checkpoints:`, or `[]`).
    static func canaryPlan(checkpoints: String = "[]", deadline: String = "30s") throws -> String {
        var text = try ExamplePlans.text("loan-app-canary.yaml")
        let start = try #require(text.range(of: "  checkpoints:"))
        text = String(text[..<start.lowerBound]) + "  checkpoints:" + (checkpoints == "[]" ? " []\n" : "\n" + checkpoints + "\n")
        return text.replacingOccurrences(of: "      image: docker.io/kostiscodefresh/",
                                         with: "      deadline: \(deadline)\n      image: docker.io/kostiscodefresh/")
    }

    struct CanaryState: Equatable {
        var stepIndex: Int?
        var stableRS: String
        var currentPodHash: String
        var phase: String
        var image: String
        var inCanary: Bool { !currentPodHash.isEmpty && currentPodHash != stableRS }
    }

    /// name → state of each Rollout in namespace loan-canary, read by kubectl.
    func canaryRollouts() throws -> [String: CanaryState] {
        let text = try kubectl(["get", "rollouts", "-n", "loan-canary", "-o", "json"])
        let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        var result: [String: CanaryState] = [:]
        for item in list?["items"] as? [[String: Any]] ?? [] {
            let name = (item["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            let status = item["status"] as? [String: Any] ?? [:]
            let template = ((item["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
            let image = (template?["containers"] as? [[String: Any]])?.first?["image"] as? String ?? "?"
            result[name] = CanaryState(stepIndex: status["currentStepIndex"] as? Int, stableRS: status["stableRS"] as? String ?? "",
                                       currentPodHash: status["currentPodHash"] as? String ?? "",
                                       phase: status["phase"] as? String ?? "?", image: image)
        }
        return result
    }

    /// Every member Healthy, fully promoted, on `version`.
    func canaryHealthy(on version: String) throws -> Bool {
        let states = try canaryRollouts()
        return Self.canaryMembers.allSatisfy { name in
            guard let state = states[name] else { return false }
            return state.phase == "Healthy" && !state.inCanary && state.image.hasSuffix(":\(version)") && state.stepIndex == 5
        }
    }

    /// Objects tandem created still in namespace loan-canary.
    func canaryLeftovers() throws -> [String] {
        try kubectl(["get", "svc,cm", "-n", "loan-canary", "-l", "app.kubernetes.io/managed-by=tandem", "-o", "name"])
            .split(separator: "\n").map(String.init).sorted()
    }
}

/// Polls every member's status.currentStepIndex and `tandem pairs` while a release runs.
final class CanaryPoller: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var spreads: [Int] = []
    private var mixed: [String] = []
    private var pairsRuns = 0
    private var seenIndices = Set<Int>()
    private var threads: [Thread] = []

    /// Starts polling `tandem` on two threads of its own: one reads the Rollouts, one runs `tandem pairs`,
    /// so a slow `pairs` run on a loaded machine does not thin out the Rollout samples.
    func start(_ tandem: TandemBinary) {
        let rollouts = Thread { [self] in
            while isRunning {
                if let states = try? tandem.canaryRollouts() {
                    // Members on their new revision (a canary not yet promoted): the group being stepped.
                    let indices = states.values.filter(\.inCanary).compactMap(\.stepIndex)
                    record(spread: indices.isEmpty ? 0 : indices.max()! - indices.min()!, indices: indices)
                }
            }
        }
        let pairs = Thread { [self] in
            while isRunning {
                if let pairs = try? tandem.run(["pairs", "plan.yaml", "--no-pods"]) {
                    record(pairs: pairs)
                }
            }
        }
        threads = [rollouts, pairs]
        for thread in threads { thread.start() }
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }
    private func record(spread: Int, indices: [Int]) {
        lock.lock(); spreads.append(spread); seenIndices.formUnion(indices); lock.unlock()
    }
    private func record(pairs: TandemBinary.Result) {
        lock.lock()
        pairsRuns += 1
        if pairs.output.contains("MIXED") || pairs.status == 1 { mixed.append(pairs.output) }
        lock.unlock()
    }

    /// Stops polling; returns what was observed.
    func stop() -> (spreads: [Int], mixed: [String], pairsRuns: Int, indices: Set<Int>) {
        lock.lock(); running = false; lock.unlock()
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.05) }
        lock.lock(); defer { lock.unlock() }
        return (spreads, mixed, pairsRuns, seenIndices)
    }
}
