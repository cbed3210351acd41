import Foundation
import Synchronization
@testable import TandemKube
import TandemKubeModel

/// A scripted transport: answers each request with the handler's reply and records it.
final class FakeTransport: KubeTransport {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var chunks: [[UInt8]]
        init(_ status: Int, _ body: String = "", headers: [String: String] = [:]) {
            self.status = status
            self.headers = headers
            self.chunks = body.isEmpty ? [] : [Array(body.utf8)]
        }
        init(_ status: Int, chunks: [String]) {
            self.status = status
            self.chunks = chunks.map { Array($0.utf8) }
        }
        static func status(_ s: APIStatus) -> Reply { Reply(s.code, s.json.serializedString()) }
    }

    private let handler: @Sendable (TransportRequest, Int) throws -> Reply
    private let log = Mutex<[TransportRequest]>([])

    init(_ handler: @escaping @Sendable (TransportRequest, Int) throws -> Reply) { self.handler = handler }

    var requests: [TransportRequest] { log.withLock { $0 } }

    func execute(_ request: TransportRequest) async throws -> TransportResponse {
        let index = log.withLock { log -> Int in
            log.append(request)
            return log.count - 1
        }
        let reply = try handler(request, index)
        let chunks = reply.chunks
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        return TransportResponse(status: reply.status, headers: reply.headers, body: ResponseBody(stream))
    }

    func shutdown() async {}
}

/// A credential source that counts how often it was invalidated.
final class CountingCredential: CredentialSource {
    private let state = Mutex<(tokens: [String], index: Int, invalidations: Int)>(([], 0, 0))
    init(tokens: [String]) { state.withLock { $0.tokens = tokens } }
    func credential() async throws -> Credential {
        state.withLock { .bearer($0.tokens[min($0.index, $0.tokens.count - 1)]) }
    }
    func invalidate() async { state.withLock { $0.index += 1; $0.invalidations += 1 } }
    var invalidations: Int { state.withLock { $0.invalidations } }
}

func makeClient(_ transport: FakeTransport, credentials: (any CredentialSource)? = nil,
                retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2),
                                                 maxRetryAfter: .milliseconds(5), outageLimit: .seconds(5)),
                rateLimit: RateLimit = .default,
                outageObserver: (@Sendable (OutageNotice) -> Void)? = nil) throws -> KubeClient {
    try KubeClient(connection: ClusterConnection(server: "https://kube.test:6443", namespace: "shop", source: "test"),
                   retryPolicy: retry, transport: transport, credentials: credentials ?? StaticCredential(.bearer("t0k")),
                   rateLimit: rateLimit, outageObserver: outageObserver)
}

/// A temporary directory removed at deinit.
final class TempDir: Sendable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "tandem-kube-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        if executable { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
}
