import Foundation

/// A `coordination.k8s.io/v1` Lease, used by tandem as a release lock.
public struct Lease: KubeObject {
    public static let resourceType = ResourceType.leases
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public var holderIdentity: String? { raw[path: ["spec", "holderIdentity"]].stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    public var leaseDurationSeconds: Int? { raw[path: ["spec", "leaseDurationSeconds"]].intValue }
    public var acquireTime: Date? { raw[path: ["spec", "acquireTime"]].stringValue.flatMap(MicroTime.parse) }
    public var renewTime: Date? { raw[path: ["spec", "renewTime"]].stringValue.flatMap(MicroTime.parse) }
    public var leaseTransitions: Int { raw[path: ["spec", "leaseTransitions"]].intValue ?? 0 }

    /// When the lease runs out: renewTime (or acquireTime) + leaseDurationSeconds. nil = never held.
    public var expiry: Date? {
        guard let since = renewTime ?? acquireTime else { return nil }
        return since.addingTimeInterval(TimeInterval(leaseDurationSeconds ?? 0))
    }

    /// Free at `now`: no holder, or the holder's lease has expired.
    public func isFree(at now: Date) -> Bool {
        guard holderIdentity != nil, let expiry else { return true }
        return expiry <= now
    }
}

/// Kubernetes `MicroTime`: RFC 3339 with exactly six fractional digits, `2006-01-02T15:04:05.000000Z`.
public enum MicroTime {
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = seconds.rounded(.down)
        var micros = Int(((seconds - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 { whole += 1; micros -= 1_000_000 }
        let base = KubeTime.format(Date(timeIntervalSince1970: whole))  // ...Z
        return String(base.dropLast()) + "." + String(format: "%06d", micros) + "Z"
    }

    public static func parse(_ text: String) -> Date? {
        guard let dot = text.firstIndex(of: "."), text.hasSuffix("Z") else { return KubeTime.parse(text) }
        let fraction = text[text.index(after: dot)..<text.index(before: text.endIndex)]
        guard !fraction.isEmpty, fraction.allSatisfy(\.isNumber),
              let base = KubeTime.parse(String(text[..<dot]) + "Z") else { return nil }
        let value = Double("0." + fraction) ?? 0
        return base.addingTimeInterval(value)
    }
}
