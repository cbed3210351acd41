import Foundation
import TandemPlan

/// Evaluates the gates of one checkpoint with the real clients. ServiceNow credentials are read from
/// the environment only when a ServiceNow gate is asked.
public struct GateEvaluator: Sendable {
    var environment: [String: String]
    var transport: any GateTransport
    var now: @Sendable () -> Date

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                transport: any GateTransport, now: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        self.transport = transport
        self.now = now
    }

    /// The combined verdict of `gates` (a rejection wins, then the first wait).
    public func verdict(of gates: [Gate], for release: GateRelease) async throws -> GateVerdict {
        var verdicts: [GateVerdict] = []
        for gate in gates {
            switch gate {
            case .servicenow(let config):
                verdicts.append(try await serviceNow(config).verdict(for: release))
            case .http(let config):
                verdicts.append(try await HTTPGateClient(url: config.url, transport: transport).verdict(for: release))
            }
            if case .reject = verdicts.last { break }
        }
        return GateVerdict.combine(verdicts)
    }

    /// Adds the release's work note to each linked change of each ServiceNow gate.
    public func addWorkNotes(gates: [Gate], release: GateRelease, outcome: String) async throws {
        let note = ServiceNowGateClient.workNote(release: release, outcome: outcome)
        for case .servicenow(let config) in gates {
            let client = try serviceNow(config)
            for change in release.changes { try await client.addWorkNote(note, to: change) }
        }
    }

    func serviceNow(_ config: ServiceNowGate) throws -> ServiceNowGateClient {
        ServiceNowGateClient(instance: config.url, field: config.field,
                             credentials: try ServiceNowCredentials.from(environment: environment), transport: transport, now: now)
    }
}
