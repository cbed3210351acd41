/// Why a pairing operation cannot go on; each message says what was wrong and what to do.
public struct PairingError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
