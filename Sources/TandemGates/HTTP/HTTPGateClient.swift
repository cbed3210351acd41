import Foundation

/// The `http` gate: POSTs the release as JSON; `200 {"allowed": true}` passes, `{"allowed": false,
/// "reason": …}` waits, with `"final": true` rejects. 429/5xx and unreachable endpoints are retried and
/// then wait (the next evaluation asks again).
public struct HTTPGateClient: Sendable {
    public var url: String
    var transport: any GateTransport
    var retry = RetryingExchange()

    public init(url: String, transport: any GateTransport) {
        self.url = url
        self.transport = transport
    }

    public func retrying(attempts: Int, firstPause: Duration) -> HTTPGateClient {
        var copy = self
        copy.retry.attempts = attempts
        copy.retry.firstPause = firstPause
        return copy
    }

    /// The JSON body sent: id, plan, environment, versions, checkpoint (and the linked changes).
    public static func body(_ release: GateRelease) throws -> [UInt8] {
        var object: [String: Any] = ["id": release.id, "plan": release.plan, "versions": release.versions,
                                     "checkpoint": release.checkpoint, "changes": release.changes]
        object["environment"] = release.environment ?? NSNull()
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    public func verdict(for release: GateRelease) async throws -> GateVerdict {
        let body = try Self.body(release)
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await retry.run {
                try await transport.send(method: "POST", url: url, headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: body)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .wait("gate \(url) is unreachable: \(error)")
        }
        guard answer.status == 200 else { return .wait("gate \(url) answered HTTP \(answer.status)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let allowed = object["allowed"] as? Bool else {
            return .wait("gate \(url) answered 200 without a boolean \"allowed\"")
        }
        if allowed { return .pass }
        let reason = (object["reason"] as? String).map { "gate \(url): \($0)" } ?? "gate \(url) does not allow the release yet"
        return (object["final"] as? Bool) == true ? .reject(reason) : .wait(reason)
    }
}
