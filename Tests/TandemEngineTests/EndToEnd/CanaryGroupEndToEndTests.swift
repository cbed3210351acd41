import Foundation
import TandemTestSupport
import Testing

/// Lockstep canary groups (issue #14) with the real binary against `tandem sim serve`: three canary
/// Rollouts in a chain (frontend → backend → rates), steps 20 → pause → 50 → pause → 100.
@Suite("lockstep canary group end to end (real binary, simulated cluster)", .serialized)
struct CanaryGroupEndToEndTests {
    @Test("the group steps together: spread of currentStepIndex never above one, no poll MIXED, all on 2.0 and paired after")
    func groupStepsTogether() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan()) { tandem in
            let poller = CanaryPoller()
            poller.start(tandem)
            let release = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            let seen = poller.stop()
            #expect(release.status == 0, "\(release.output)")
            let id = try tandem.newestRelease()
            #expect(try tandem.stepLabels(id) == [
                "deploy rates", "verify rates", "pin rates",
                "deploy backend", "verify backend", "pin backend",
                "deploy frontend", "verify frontend",
                "canary-step", "verify rates", "verify backend", "verify frontend",
                "promote frontend", "promote backend", "promote rates", "collect-garbage",
            ])
            // The poller really watched the group at both pauses, many times.
            #expect(seen.spreads.count >= 10 && seen.pairsRuns >= 3, "\(seen.spreads.count) polls, \(seen.pairsRuns) pairs runs")
            #expect(seen.indices.isSuperset(of: [1, 3]), "indices seen: \(seen.indices.sorted())")
            #expect((seen.spreads.max() ?? 0) <= 1, "spreads: \(seen.spreads)")
            #expect(seen.mixed.isEmpty, "\(seen.mixed.first ?? "")")
            #expect(try tandem.canaryHealthy(on: "2.0"), "\((try? tandem.canaryRollouts()) ?? [:])")
            let pairs = try tandem.run(["pairs", "plan.yaml"])
            #expect(pairs.status == 0 && pairs.output.contains("no mixed pairs"), "\(pairs.output)")
            // The canary-step promoted every member from the first pause and saw each paused at the second.
            let steps = try tandem.status(id)["steps"] as? [[String: Any]] ?? []
            let canaryStep = try #require(steps.first { $0["kind"] as? String == "canary-step" })
            let detail = "\(canaryStep["detail"] ?? "")"
            for member in TandemBinary.canaryMembers { #expect(detail.contains(member), "\(detail)") }
        }
    }

    @Test("a checkpoint at weight 50: exit 3 while every member is paused at 50 % on 2.0; approve; resume finishes, pairs clean")
    func checkpointAtWeight() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan(checkpoints: "    - {name: half, after: weight:50}")) { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            #expect(start.output.contains("stopped at checkpoint \"half\""), "\(start.output)")
            let id = try tandem.newestRelease()
            let states = try tandem.canaryRollouts()
            for member in TandemBinary.canaryMembers {
                let state = try #require(states[member])
                #expect(state.stepIndex == 3 && state.phase == "Paused" && state.inCanary && state.image.hasSuffix(":2.0"), "\(member): \(state)")
            }
            // 50 % of 4 replicas: two canary pods and two stable pods for each member.
            let pods = try tandem.kubectl(["get", "pods", "-n", "loan-canary", "-l", "app=backend", "-o", "jsonpath={.items[*].spec.containers[0].image}"])
            #expect(pods.split(separator: " ").filter { $0.hasSuffix(":2.0") }.count == 2, "\(pods)")
            #expect(pods.split(separator: " ").filter { $0.hasSuffix(":1.0") }.count == 2, "\(pods)")
            let during = try tandem.run(["pairs", "plan.yaml"])
            #expect(during.status == 0, "\(during.output)")
            for row in ["backend   canary  2.0", "backend   stable  1.0", "frontend  canary  2.0", "frontend  stable  1.0"] {
                #expect(during.output.contains(row), "missing row \(row): \(during.output)")
            }
            let stableRow = during.output.split(separator: "\n").first { $0.hasPrefix("frontend  stable") }.map(String.init) ?? ""
            #expect(stableRow.contains("backend-stable") && stableRow.contains("1.0 → 1.0"), "\(during.output)")
            let canaryRow = during.output.split(separator: "\n").first { $0.hasPrefix("frontend  canary") }.map(String.init) ?? ""
            #expect(canaryRow.contains("2.0 → 2.0") && !canaryRow.contains("backend-stable"), "\(during.output)")

            #expect(try tandem.run(["approve", id, "--checkpoint", "half", "--by", "alice"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 0, "\(resume.output)")
            #expect(try tandem.canaryHealthy(on: "2.0"), "\((try? tandem.canaryRollouts()) ?? [:])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).output.contains("no mixed pairs"))
        }
    }

    @Test("a member failing its verify at the second pause aborts the whole group consumers first: exit 4, all Healthy on 1.0, nothing left")
    func failureAtSecondStage() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan(checkpoints: "    - {name: low, after: weight:20}", deadline: "6s")) { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            let id = try tandem.newestRelease()
            // From now on backend's canary answers 500: its verify at the 50 % pause fails.
            try tandem.addFault(#"{"pathContains": "services/backend-canary", "method": "GET", "count": 100000, "status": 500}"#)
            #expect(try tandem.run(["approve", id, "--checkpoint", "low", "--by", "alice"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 4, "\(resume.output)")
            #expect(resume.output.contains("verify"), "\(resume.output)")
            // The group reached the second pause before the failure.
            let steps = try tandem.status(id)["steps"] as? [[String: Any]] ?? []
            #expect(steps.first { $0["kind"] as? String == "canary-step" }?["state"] as? String == "succeeded", "\(steps)")
            // Aborted consumers first.
            let lines = resume.output.split(separator: "\n").map(String.init)
            let aborts = TandemBinary.canaryMembers.reversed().map { member in
                lines.firstIndex { $0.contains("abort") && $0.contains(member) } ?? -1
            }
            #expect(aborts.allSatisfy { $0 >= 0 } && aborts == aborts.sorted(), "abort lines \(aborts): \(resume.output)")
            try tandem.clearFaults()
            try tandem.waitFor("every member Healthy on 1.0") { try tandem.canaryHealthy(on: "1.0") }
            #expect(try tandem.canaryLeftovers().isEmpty, "\((try? tandem.canaryLeftovers()) ?? [])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).output.contains("no mixed pairs"))
        }
    }

    @Test("backend's new pods crashloop from the second step on: the group is aborted consumers first, exit 4, all Healthy on 1.0, nothing left")
    func crashloopAtSecondStep() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan(checkpoints: "    - {name: low, after: weight:20}", deadline: "6s")) { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            let id = try tandem.newestRelease()
            // At 20 % backend's one canary pod is Ready. Every pod its canary ReplicaSet starts from now on
            // crashloops (the simulator's -crashloop tag), so the step to 50 % never gets its pods available.
            let canaryHash = try #require(try tandem.canaryRollouts()["backend"]?.currentPodHash)
            _ = try tandem.kubectl(["patch", "rs", "backend-\(canaryHash)", "-n", "loan-canary", "--type", "json", "-p",
                                    #"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"docker.io/kostiscodefresh/interest:2.0-crashloop"}]"#])
            #expect(try tandem.run(["approve", id, "--checkpoint", "low", "--by", "alice"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 4, "\(resume.output)")
            #expect(resume.output.contains("canary-step of backend"), "\(resume.output)")
            let lines = resume.output.split(separator: "\n").map(String.init)
            let aborts = TandemBinary.canaryMembers.reversed().map { member in
                lines.firstIndex { $0.contains("abort") && $0.contains(member) } ?? -1
            }
            #expect(aborts.allSatisfy { $0 >= 0 } && aborts == aborts.sorted(), "abort lines \(aborts): \(resume.output)")
            try tandem.waitFor("every member Healthy on 1.0") { try tandem.canaryHealthy(on: "1.0") }
            #expect(try tandem.canaryLeftovers().isEmpty, "\((try? tandem.canaryLeftovers()) ?? [])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).output.contains("no mixed pairs"))
        }
    }

    @Test("preflight refuses, before anything changes, different setWeights, a timed pause, a missing canaryService and stable pods calling a canaryService")
    func preflightRefusals() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan()) { tandem in
            _ = try tandem.kubectl(["patch", "rollout", "backend", "-n", "loan-canary", "--type", "merge", "-p",
                                    #"{"spec":{"strategy":{"canary":{"steps":[{"setWeight":30},{"pause":{}},{"setWeight":100}]}}}}"#])
            _ = try tandem.kubectl(["patch", "rollout", "rates", "-n", "loan-canary", "--type", "merge", "-p",
                                    #"{"spec":{"strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{"duration":"30s"}},{"setWeight":50},{"pause":{}},{"setWeight":100}]}}}}"#])
            _ = try tandem.kubectl(["patch", "rollout", "frontend", "-n", "loan-canary", "--type", "json", "-p",
                                    #"[{"op":"remove","path":"/spec/strategy/canary/canaryService"}]"#])
            _ = try tandem.kubectl(["patch", "configmap", "frontend-settings", "-n", "loan-canary", "--type", "merge", "-p",
                                    #"{"data":{"BACKEND_HOST":"backend-canary"}}"#])
            let before = try tandem.canaryRollouts()
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 2, "\(start.output)")
            for expected in [
                "plan cannot be released as a lockstep canary group (nothing was changed)",
                "the setWeight/pause steps of Rollout backend [setWeight 30, pause, setWeight 100] differ from those of Rollout rates",
                "Rollout loan-canary/rates (service rates) step 1 is a timed pause",
                "write `- pause: {}` and let tandem promote the group",
                "Rollout loan-canary/frontend (service frontend) has no spec.strategy.canary.canaryService",
                "stable pods of frontend would reach canary pods of backend: ConfigMap frontend-settings has BACKEND_HOST=backend-canary",
                "set BACKEND_HOST to backend-stable",
            ] {
                #expect(start.output.contains(expected), "missing \"\(expected)\" in: \(start.output)")
            }
            #expect(try tandem.releases().isEmpty, "a refused start records nothing")
            #expect(try tandem.canaryRollouts() == before)
            // The Leases taken for the start are given back (no holder).
            #expect(try tandem.kubectl(["get", "leases", "-n", "loan-canary", "-o", "jsonpath={.items[*].spec.holderIdentity}"])
                .trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            // plan steps (given the cluster) refuses the same way.
            let steps = try tandem.run(["plan", "steps", "plan.yaml", "--version", "2.0", "--kubeconfig", tandem.directory + "/sim.kubeconfig"])
            #expect(steps.status == 2 && steps.output.contains("has no spec.strategy.canary.canaryService"), "\(steps.output)")
        }
    }

    @Test("preflight refuses mixed strategies in one lockstep plan")
    func preflightMixedStrategies() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan()) { tandem in
            _ = try tandem.kubectl(["patch", "rollout", "backend", "-n", "loan-canary", "--type", "json", "-p",
                                    #"[{"op":"replace","path":"/spec/strategy","value":{"blueGreen":{"activeService":"backend-stable","previewService":"backend-canary","autoPromotionEnabled":false}}}]"#])
            try tandem.waitFor("backend on blue/green and Healthy") {
                try tandem.kubectl(["get", "rollout", "backend", "-n", "loan-canary", "-o", "jsonpath={.status.phase}"]) == "Healthy"
            }
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 2, "\(start.output)")
            #expect(start.output.contains("mixed strategies in one lockstep plan: rates, frontend use canary, backend use blueGreen"), "\(start.output)")
            #expect(start.output.contains("move them to one strategy, or release them in separate plans"), "\(start.output)")
            #expect(try tandem.releases().isEmpty)
        }
    }

    @Test("plan steps given the cluster shows the group's steps with their weights")
    func planSteps() throws {
        try TandemBinary.withCanaryWorld(plan: try ExamplePlans.text("loan-app-canary.yaml")) { tandem in
            let steps = try tandem.run(["plan", "steps", "plan.yaml", "--version", "2.0", "--kubeconfig", tandem.directory + "/sim.kubeconfig"])
            #expect(steps.status == 0, "\(steps.output)")
            #expect(steps.output.contains("canary-step (stage 2) — promote every member one step, wait until all pause at canary step 3 (weight 50)"), "\(steps.output)")
            #expect(steps.output.contains("checkpoint \"half\""), "\(steps.output)")
            let lines = steps.output.split(separator: "\n").map(String.init)
            let step = try #require(lines.firstIndex { $0.contains("canary-step") })
            let half = try #require(lines.firstIndex { $0.contains("checkpoint \"half\"") })
            let promote = try #require(lines.firstIndex { $0.contains("promote frontend") })
            #expect(step < half && half < promote, "\(steps.output)")
        }
    }

    @Test("SIGKILL after every step boundary in turn, each time resumed: the same end state as an uninterrupted run")
    func crashAtEveryBoundary() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan()) { tandem in
            var result = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"],
                                        extra: ["TANDEM_TEST_CRASH_AFTER_STEP": "0"])
            #expect(result.status == 137 || result.status == 9, "\(result.output)")
            let id = try tandem.newestRelease()
            for step in 1..<15 {
                result = try tandem.run(["release", "resume", id], extra: ["TANDEM_TEST_CRASH_AFTER_STEP": "\(step)"])
                #expect(result.status == 137 || result.status == 9, "step \(step): \(result.output)")
            }
            result = try tandem.run(["release", "resume", id])
            #expect(result.status == 0, "\(result.output)")
            let steps = try tandem.status(id)["steps"] as? [[String: Any]] ?? []
            #expect(steps.count == 16 && steps.allSatisfy { $0["state"] as? String == "succeeded" }, "\(steps)")
            #expect(try tandem.canaryHealthy(on: "2.0"), "\((try? tandem.canaryRollouts()) ?? [:])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).output.contains("no mixed pairs"))
            // The same objects as an uninterrupted run: one pinned Service per dependency (its stable revision
            // now) and one versioned ConfigMap per consumer.
            let states = try tandem.canaryRollouts()
            let leftovers = try tandem.canaryLeftovers()
            #expect(leftovers.filter { $0.hasPrefix("service/") }
                == ["service/backend-\(states["backend"]?.stableRS ?? "?")", "service/rates-\(states["rates"]?.stableRS ?? "?")"], "\(leftovers)")
            #expect(leftovers.filter { $0.hasPrefix("configmap/") }.count == 2, "\(leftovers)")
        }
    }

    @Test("SIGKILL in the middle of the canary-step (members promoted, not yet paused again) + resume: the group still moves as one")
    func crashInsideCanaryStep() throws {
        try TandemBinary.withCanaryWorld(plan: try TandemBinary.canaryPlan(checkpoints: "    - {name: half, after: weight:50}")) { tandem in
            let spawned = try tandem.spawn(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            defer { spawned.stopIfRunning() }
            try tandem.waitFor("the first member promoted past the first pause", limit: .seconds(60)) {
                try tandem.canaryRollouts().values.contains { $0.inCanary && ($0.stepIndex ?? 0) >= 2 }
            }
            kill(spawned.process.processIdentifier, SIGKILL)
            _ = try spawned.wait()
            let id = try tandem.newestRelease()
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 3, "\(resume.output)")
            for (member, state) in try tandem.canaryRollouts() {
                #expect(state.stepIndex == 3 && state.phase == "Paused", "\(member): \(state)")
            }
            #expect(try tandem.run(["approve", id, "--checkpoint", "half", "--by", "alice"]).status == 0)
            #expect(try tandem.run(["release", "resume", id]).status == 0)
            #expect(try tandem.canaryHealthy(on: "2.0"), "\((try? tandem.canaryRollouts()) ?? [:])")
        }
    }
}
