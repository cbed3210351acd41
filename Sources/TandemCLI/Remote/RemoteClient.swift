import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TandemStore

/// The JSON API of `tandem serve` (docs/api.md) for `--server`: every failure becomes a `RemoteError`
/// that says what to do and carries the documented exit code.
struct RemoteClient: Sendable {
    let base: String
    let token: String
    var timeout: TimeInterval = 30

    struct Reply: Sendable {
        var status: Int
        var body: Data
    }

    func get(_ path: String) async throws -> Reply {
        try await send("GET", path, body: nil)
    }

    func post(_ path: String, json: [String: Any]) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
    }

    /// Decodes a 2xx reply with the shared JSON conventions; any other status throws its `RemoteError`.
    func decode<T: Decodable>(_ type: T.Type, _ reply: Reply, conflict: ExitStatus = .otherError) throws -> T {
        guard (200..<300).contains(reply.status) else { throw RemoteError(reply: reply, server: base, conflict: conflict) }
        do { return try TandemJSON.decoder().decode(type, from: reply.body) } catch {
            throw RemoteError(message: "the server at \(base) answered with unexpected JSON (\(error)); is it a tandem serve of the same version?",
                              exitStatus: .otherError)
        }
    }

    private func send(_ method: String, _ path: String, body: Data?) async throws -> Reply {
        guard let url = URL(string: base + path) else {
            throw RemoteError(message: "cannot build a URL from --server \(base) and \(path)", exitStatus: .invalidInput)
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch {
            throw RemoteError(message: "cannot reach the tandem server at \(base): \(error.localizedDescription); check --server and that `tandem serve` runs there",
                              exitStatus: .otherError)
        }
    }
}

/// A refused or failed API call, with the server's message and hint.
struct RemoteError: Error, CustomStringConvertible, ExitCodeProviding {
    let message: String
    let exitStatus: ExitStatus
    var description: String { message }

    init(message: String, exitStatus: ExitStatus) {
        self.message = message
        self.exitStatus = exitStatus
    }

    /// From an error reply `{"error", "hint", "diagnostics"?}`; `conflict` is the exit code of a 409.
    init(reply: RemoteClient.Reply, server: String, conflict: ExitStatus = .otherError) {
        let object = (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
        let error = object["error"] as? String ?? String(decoding: reply.body.prefix(300), as: UTF8.self)
        let hint = (object["hint"] as? String).map { $0.isEmpty ? "" : "\n  hint: \($0)" } ?? ""
        let diagnostics = (object["diagnostics"] as? [String] ?? []).map { "\n" + $0 }.joined()
        let status = ExitStatus(serverReply: reply.status, conflict: conflict)
        switch reply.status {
        case 401:
            self.init(message: "the server at \(server) refused the token (401 \(error)): pass a valid --token T or set TANDEM_TOKEN; an admin creates one with `tandem serve add-user NAME --groups G`",
                      exitStatus: status)
        case 403:
            self.init(message: "refused by the server (403): \(error)\(hint)", exitStatus: status)
        case 400, 422, 424:
            self.init(message: "\(error)\(diagnostics)\(hint)", exitStatus: status)
        case 404, 409:
            self.init(message: "\(error)\(hint)", exitStatus: status)
        default:
            self.init(message: "the server at \(server) answered HTTP \(reply.status): \(error)\(hint)", exitStatus: status)
        }
    }
}
