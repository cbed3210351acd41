import TandemKube
import TandemKubeModel
import TandemPlan
import TandemRelease

/// `verify`: the Rollout reached the expected state within its deadline, Argo's pre-promotion
/// analysis (if any) passed, and the plan's HTTP check through the API server's Service proxy to
/// the preview Service (if any) answered as expected. Read-only, so trivially idempotent.
struct Verifier: StepRunner {
    static let kind = StepKind.verify

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let (name, service, deadline) = try context.serviceStep(step)
        let ready = RolloutCondition("preview ready and pre-promotion analysis passed",
                                     failure: RolloutWaits.degradedOrAnalysisFailed) { rollout in
            guard RolloutWaits.previewReady.isSatisfied(rollout) else { return false }
            let analysis = RolloutWaits.analysisStatus(rollout)
            return analysis == nil || analysis == "Successful"
        }
        let rollout = try await RolloutWaits.wait(service, ready, deadline: deadline, reads: context.reads,
                                                  what: "verify of \(name) failed", purpose: "the preview and its analysis")
        var detail: JSON = ["revision": .string(rollout.status.currentPodHash ?? "")]
        if let analysis = RolloutWaits.analysisStatus(rollout) { detail["prePromotionAnalysis"] = .string(analysis) }
        guard let check = context.plan.service(named: name)?.verify else { return detail }
        let target = rollout.status.currentPodHash == rollout.status.stableRS
            ? rollout.blueGreen?.activeService ?? rollout.canary?.stableService
            : rollout.blueGreen?.previewService ?? rollout.canary?.canaryService
        guard let target else {
            throw StepError.terminal("verify of \(name): Rollout \(service.rollout) has no previewService to check through; add one or remove `verify:` from the plan")
        }
        let answer = try await httpCheck(check, service: target, namespace: service.namespace, deadline: deadline, client: context.client)
        detail["http"] = ["service": .string(target), "path": .string(check.path), "status": .int(answer.status)]
        return detail
    }

    /// Asks until the answer matches or the deadline passes (pods may take a moment behind the Service).
    func httpCheck(_ check: VerifyCheck, service: String, namespace: String, deadline: ContinuousClock.Instant,
                   client: KubeClient) async throws -> ServiceProxyCheck.Answer {
        var last = "no answer"
        while true {
            do {
                let answer = try await ServiceProxyCheck.get(service: service, path: check.path, namespace: namespace, client: client)
                if answer.status == check.expectStatus, check.expectBodyContains.map({ answer.text.contains($0) }) ?? true {
                    return answer
                }
                last = "HTTP \(answer.status): \(answer.text.prefix(200))"
            } catch {
                last = "\(error)"
            }
            if ContinuousClock.now >= deadline {
                let want = "HTTP \(check.expectStatus)" + (check.expectBodyContains.map { " with a body containing \"\($0)\"" } ?? "")
                throw StepError.terminal("verify: GET \(check.path) through Service \(namespace)/\(service) expected \(want), last answer: \(last)")
            }
            try await Task.sleep(for: .seconds(1))
        }
    }
}
