import TandemKubeModel

/// One API request before credentials and transport: path, verb, body and whether repeating it is safe.
public struct KubeRequest: Sendable {
    public var info: RequestInfo
    public var query: [(String, String)]
    public var body: [UInt8]?
    public var contentType: String?
    /// GET, LIST, WATCH and DELETE may be repeated after a transient failure; writes may not.
    public var idempotent: Bool
    /// Overrides the client's per-request timeout (watches use their own).
    public var timeout: Duration?

    public init(info: RequestInfo, query: [(String, String)] = [], body: [UInt8]? = nil, contentType: String? = nil,
                idempotent: Bool? = nil, timeout: Duration? = nil) {
        self.info = info
        self.query = query
        self.body = body
        self.contentType = contentType
        self.idempotent = idempotent ?? ["GET", "HEAD", "DELETE"].contains(info.method)
        self.timeout = timeout
    }

    /// Path plus percent-encoded query.
    public var pathAndQuery: String {
        guard !query.isEmpty else { return info.path }
        return info.path + "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Content types of the three patch flavours.
public enum PatchType: String, Sendable {
    case merge = "application/merge-patch+json"
    case json = "application/json-patch+json"
    case strategicMerge = "application/strategic-merge-patch+json"
}
