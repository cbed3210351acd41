import Foundation
import TandemKubeModel

/// One event of a watch stream (`{"type":…,"object":…}` per line).
public struct WatchEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK" }
    public var kind: Kind
    public var object: JSON
    public init(kind: Kind, object: JSON) {
        self.kind = kind
        self.object = object
    }
}

/// Splits a byte stream into newline-delimited JSON documents.
struct LineSplitter {
    private var buffer: [UInt8] = []

    /// Complete lines found after appending `chunk` (empty lines dropped).
    mutating func append(_ chunk: [UInt8]) -> [[UInt8]] {
        buffer += chunk
        var lines: [[UInt8]] = []
        var start = 0
        for index in buffer.indices where buffer[index] == UInt8(ascii: "\n") {
            if index > start { lines.append(Array(buffer[start..<index])) }
            start = index + 1
        }
        if start > 0 { buffer.removeFirst(start) }
        return lines
    }

    /// Whatever is left when the stream ends (a final line without newline).
    var remainder: [UInt8]? { buffer.allSatisfy { $0 == 32 || $0 == 13 } ? nil : buffer }
}

extension KubeClient {
    /// Opens one watch connection (`?watch=1&resourceVersion=…&allowWatchBookmarks=true`) and streams
    /// its events as they arrive. The stream ends when the server closes it; an `ERROR` event
    /// throws its Status (410 Gone → `KubeError.isGone`). `timeout` bounds the whole connection.
    public func watchOnce(_ type: ResourceType, namespace: String? = nil, labelSelector: String? = nil,
                          fieldSelector: String? = nil, resourceVersion: String?,
                          timeout: Duration = .seconds(300)) async throws(KubeError) -> AsyncThrowingStream<WatchEvent, any Error> {
        var request = KubeRequest(info: info("GET", "watch", type, namespace: namespace, name: nil), idempotent: true,
                                  timeout: timeout + .seconds(5))
        request.query.append(("watch", "1"))
        if let resourceVersion, !resourceVersion.isEmpty { request.query.append(("resourceVersion", resourceVersion)) }
        request.query.append(("allowWatchBookmarks", "true"))
        let seconds = max(1, Int(timeout.components.seconds))
        request.query.append(("timeoutSeconds", String(seconds)))
        if let labelSelector, !labelSelector.isEmpty { request.query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { request.query.append(("fieldSelector", fieldSelector)) }
        let response = try await send(request)
        let info = request.info
        let requestTimeout = request.timeout ?? timeout
        let parser = WatchStreamParser(body: response.body, info: info)
        return AsyncThrowingStream { [self] () async throws -> WatchEvent? in
            do {
                return try await parser.next()
            } catch let error as KubeError {
                throw error
            } catch {
                throw self.map(error, request: info, timeout: requestTimeout)
            }
        }
    }
}

/// Pulls chunks from a watch body and turns complete lines into events (single consumer).
final class WatchStreamParser: @unchecked Sendable {
    private var iterator: ResponseBody.AsyncIterator
    private var splitter = LineSplitter()
    private var pending: [[UInt8]] = []
    private var finished = false
    private let info: RequestInfo

    init(body: ResponseBody, info: RequestInfo) {
        self.iterator = body.makeAsyncIterator()
        self.info = info
    }

    func next() async throws -> WatchEvent? {
        while true {
            if !pending.isEmpty { return try decode(pending.removeFirst()) }
            if finished { return nil }
            if let chunk = try await iterator.next() {
                pending = splitter.append(chunk)
            } else {
                finished = true
                if let rest = splitter.remainder { pending = [rest] }
            }
        }
    }

    private func decode(_ line: [UInt8]) throws -> WatchEvent {
        let json: JSON
        do { json = try JSON.parse(Data(line)) } catch {
            throw KubeError.invalidResponse(request: info, detail: "watch event is not JSON: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
        let type = json["type"].stringValue ?? ""
        if type == "ERROR" {
            let status = APIStatus(json: json["object"]) ?? APIStatus(code: 500, reason: "InternalError", message: json["object"].serializedString())
            throw KubeError.api(status, info)
        }
        guard let kind = WatchEvent.Kind(rawValue: type) else {
            throw KubeError.invalidResponse(request: info, detail: "unknown watch event type \"\(type)\"")
        }
        return WatchEvent(kind: kind, object: json["object"])
    }
}
