import Foundation
import TandemTestSupport
import Testing

/// `pairing: preview` and `coupling: independent` releases with the real binary against `tandem sim serve`.
@Suite("pairing modes end to end (real binary, simulated cluster)", .serialized)
struct PairingModesEndToEndTests {
    @Test("preview pairing: at the checkpoint the new frontend reads backend-preview; after repoint it reads backend-active, pairs clean")
    func previewPairing() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml(pairing: "preview")) { tandem in
            #expect(try tandem.frontendBackendHost() == "backend-active")
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            let id = try tandem.newestRelease()

            // During the checkpoint: the new consumer's ConfigMap names the dependency's previewService,
            // and the preview pod itself reaches the backend's new (preview) pods.
            #expect(try tandem.frontendBackendHost() == "backend-preview")
            let during = try tandem.run(["pairs", "plan.yaml"])
            #expect(during.status == 0 && during.output.contains("no mixed pairs"), "\(during.output)")
            let previewRow = during.output.split(separator: "\n").first { $0.hasPrefix("frontend  preview") }.map(String.init) ?? ""
            #expect(previewRow.contains("backend-preview") && previewRow.contains("2.0 → 2.0"), "\(during.output)")
            // Preview pairing pins nothing.
            #expect(!(try tandem.stepLabels(id)).contains { $0.hasPrefix("pin") })

            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 0, "\(resume.output)")

            // After the release the repoint step points the consumer at the activeService.
            let labels = try tandem.stepLabels(id)
            let repoint = try #require(labels.firstIndex(of: "repoint frontend"), "\(labels)")
            let lastPromote = try #require(labels.lastIndex { $0.hasPrefix("promote") })
            #expect(repoint > lastPromote, "\(labels)")
            let steps = try tandem.status(id)["steps"] as? [[String: Any]] ?? []
            #expect(steps.allSatisfy { $0["state"] as? String == "succeeded" }, "\(steps)")
            #expect(try tandem.frontendBackendHost() == "backend-active")
            #expect(try tandem.loanAppHealthy(on: "2.0"), "\((try? tandem.rollouts()) ?? [:])")
            let after = try tandem.run(["pairs", "plan.yaml"])
            #expect(after.status == 0 && after.output.contains("no mixed pairs"), "\(after.output)")
            let activeRow = after.output.split(separator: "\n").first { $0.hasPrefix("frontend  active") }.map(String.init) ?? ""
            #expect(activeRow.contains("backend-active") && activeRow.contains("2.0 → 2.0"), "\(after.output)")
        }
    }

    @Test("independent coupling: deploy, verify, promote per wave in plan order (backend, then frontend); the release succeeds")
    func independentCoupling() throws {
        try TandemBinary.withSeededWorld(plan: try ExamplePlans.text("loan-app-independent.yaml")) { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            let id = try tandem.newestRelease()
            #expect(try tandem.stepLabels(id) == [
                "deploy backend", "verify backend", "promote backend",
                "deploy frontend", "verify frontend", "checkpoint frontend-live", "promote frontend", "collect-garbage",
            ])
            // At the checkpoint (after deploy:frontend) backend is already live on 2.0; frontend waits as a preview.
            #expect(try tandem.rollouts() == ["my-backend": "Healthy docker.io/kostiscodefresh/interest:2.0",
                                              "my-frontend": "Paused docker.io/kostiscodefresh/loan:2.0"])

            #expect(try tandem.run(["approve", id, "--checkpoint", "frontend-live", "--by", "alice"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 0, "\(resume.output)")
            #expect(try tandem.loanAppHealthy(on: "2.0"), "\((try? tandem.rollouts()) ?? [:])")

            // The steps ran one after another in that order: each started after the previous one finished.
            let status = try tandem.status(id)
            #expect(status["state"] as? String == "succeeded")
            let steps = (status["steps"] as? [[String: Any]] ?? []).sorted { ($0["ordinal"] as? Int ?? 0) < ($1["ordinal"] as? Int ?? 0) }
            #expect(steps.count == 8 && steps.allSatisfy { $0["state"] as? String == "succeeded" }, "\(steps)")
            for (previous, next) in zip(steps, steps.dropFirst()) {
                let finished = previous["finishedAt"] as? String ?? "~"
                let started = next["startedAt"] as? String ?? ""
                #expect(finished <= started, "\(previous["kind"] ?? "?") \(previous["service"] ?? "") finished \(finished), \(next["kind"] ?? "?") \(next["service"] ?? "") started \(started)")
            }
            // Independent releases rewrite no configuration: the frontend still reads the plain ConfigMap.
            #expect(try tandem.kubectl(["get", "cm", "-n", "legacy", "-l", "app.kubernetes.io/managed-by=tandem", "-o", "name"])
                .trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }
}
