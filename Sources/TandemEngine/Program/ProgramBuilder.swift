import TandemPlan

/// Computes a release's program once, at start: deploy waves, checkpoints, promote waves,
/// finalize. Pure: the same plan and scope always give the same steps.
///
/// Lockstep: every deploy wave is deployed and verified (and pinned, for revision pairing)
/// before the next; checkpoints stop it; then promote waves run consumers first; finalize
/// re-points consumers (preview pairing) and collects garbage.
/// Lockstep canary (`canary` given): the deploy leaves every member paused at the group's first
/// stage; then one `canary-step` per later stage moves the whole group to it, followed by a verify
/// of each member there; `after: weight:<W>` checkpoints stop at the first stage with weight W.
/// Independent: each wave is deployed, verified and promoted before the next wave starts, in
/// the plan's order. A checkpoint `after: deploy` stops before the first promotion.
/// GitOps mode (`spec.gitops`): each deploy wave starts with one `gitops-commit` step (the wave's
/// image tags, ConfigMap literals and pinned Services committed, pushed and synced); its `deploy`
/// steps then only wait for the Rollouts, there are no `pin` steps (the pins are in the commit), and
/// `collect-garbage` first waits for Argo CD to settle on the last commit (GitOpsGarbageCollector).
public enum ProgramBuilder {
    public static func build(plan: ReleasePlan, scope: Set<String>, canary: CanaryGroup? = nil) -> [ProgramStep] {
        let order = PlanOrder.compute(plan)
        // Checkpoints match against the full waves, so a checkpoint on a service that is not
        // in this release still stops it where that service would have been.
        let fullWaves = order.deployWaves
        var steps: [ProgramStep] = []
        var emitted = Set<String>()

        func checkpoints(where matches: (CheckpointPosition) -> Bool) {
            for checkpoint in plan.checkpoints where matches(checkpoint.after) && !emitted.contains(checkpoint.name) {
                emitted.insert(checkpoint.name)
                steps.append(ProgramStep(.checkpoint, checkpoint: checkpoint.name))
            }
        }
        let gitops = plan.gitops != nil
        func deployAndVerify(_ wave: [String], _ number: Int) {
            if gitops, !wave.isEmpty { steps.append(ProgramStep(.gitopsCommit, wave: number)) }
            steps += wave.map { ProgramStep(.deploy, service: $0, wave: number) }
            steps += wave.map { ProgramStep(.verify, service: $0, wave: number) }
        }

        switch plan.coupling {
        case .lockstep:
            for (index, full) in fullWaves.enumerated() {
                let wave = full.filter(scope.contains)
                deployAndVerify(wave, index + 1)
                if plan.pairing == .revision, !gitops {
                    steps += wave.filter { hasConfigConsumer($0, in: plan, scope: scope) }
                        .map { ProgramStep(.pin, service: $0, wave: index + 1) }
                }
                checkpoints { position in full.contains { position == .deployOf($0) } }
            }
            checkpoints { $0 == .deploy }
            if let canary, !canary.stages.isEmpty {
                let members = fullWaves.joined().filter(scope.contains)
                checkpoints { $0 == .weight(canary.stages[0].weight) }
                for (index, stage) in canary.stages.enumerated().dropFirst() where !members.isEmpty {
                    steps.append(ProgramStep(.canaryStep, wave: index + 1))
                    steps += members.map { ProgramStep(.verify, service: $0) }
                    checkpoints { $0 == .weight(stage.weight) }
                }
            }
            for (index, full) in order.promoteWaves.enumerated() {
                steps += full.filter(scope.contains).map { ProgramStep(.promote, service: $0, wave: index + 1) }
                checkpoints { position in full.contains { position == .promoteOf($0) } }
            }
            if plan.pairing == .preview, !gitops {
                steps += order.deployWaves.joined().filter { consumesConfig($0, in: plan) && scope.contains($0) }
                    .map { ProgramStep(.repoint, service: $0) }
            }
        case .independent:
            for (index, full) in fullWaves.enumerated() {
                let wave = full.filter(scope.contains)
                deployAndVerify(wave, index + 1)
                checkpoints { position in full.contains { position == .deployOf($0) } }
                if !wave.isEmpty { checkpoints { $0 == .deploy } }
                steps += wave.map { ProgramStep(.promote, service: $0, wave: index + 1) }
                checkpoints { position in full.contains { position == .promoteOf($0) } }
            }
        }
        guard steps.contains(where: { $0.kind != .checkpoint }) else { return [] }
        steps.append(ProgramStep(.collectGarbage))
        return steps
    }

    /// A service in scope that some in-scope consumer reaches through a ConfigMap key.
    static func hasConfigConsumer(_ service: String, in plan: ReleasePlan, scope: Set<String>) -> Bool {
        plan.services.contains { consumer in
            scope.contains(consumer.name) && consumer.dependsOn.contains { $0.writesConfig && $0.service == service }
        }
    }

    static func consumesConfig(_ service: String, in plan: ReleasePlan) -> Bool {
        plan.service(named: service)?.dependsOn.contains(where: \.writesConfig) ?? false
    }
}
