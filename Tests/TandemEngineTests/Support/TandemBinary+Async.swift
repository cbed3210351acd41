import Foundation

extension TandemBinary {
    /// `run` on a thread of its own: for async tests whose loopback peers (the ServiceNow fake, a gate endpoint)
    /// must answer the binary while it runs, without a blocked thread of the cooperative pool.
    func runDetached(_ arguments: [String], extra: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try self.run(arguments, extra: extra) })
            }
        }
    }

    /// name → "generation image" of the loan-app Rollouts in `context`: changes only when a release writes them.
    func rolloutGenerations(context: String) throws -> String {
        try kubectl(["get", "rollouts", "-n", "legacy", "-o",
                     "jsonpath={range .items[*]}{.metadata.name}={.metadata.generation} {.spec.template.spec.containers[0].image};{end}"],
                    context: context)
    }
}
