import Foundation
import Synchronization
import TandemEngine

/// Turns a submitted plan into a release request (YAML parse and validation) on a dedicated thread,
/// bounded in size, time and number of parses at once. The parse is synchronous CPU work: run inside the
/// release host actor or on the cooperative pool, one runaway plan would hold the actor (every later
/// submission and every approved release waits behind it) and a pool thread (NIO handlers, timers and
/// signal handling starve). Here the request path always returns within `timeout`; a parse that never
/// ends keeps only its own thread busy, and `maxInFlight` caps how many such threads can exist.
public final class PlanParseGate: Sendable {
    public struct Bounds: Sendable {
        /// Largest plan text accepted, in bytes of UTF-8.
        public var maxBytes: Int
        /// Longest a parse may take before the request is answered 422.
        public var timeout: Duration
        /// Parses running at once (including ones that overran and still spin); more are answered 503.
        public var maxInFlight: Int

        public init(maxBytes: Int = 1 << 20, timeout: Duration = .seconds(5), maxInFlight: Int = 4) {
            self.maxBytes = maxBytes
            self.timeout = timeout
            self.maxInFlight = maxInFlight
        }
    }

    /// Why a plan was not parsed; `SubmitRoute` answers each with a JSON error.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int, limit: Int)
        case tookTooLong(limit: Duration)
        case busy(inFlight: Int)

        public var description: String {
            switch self {
            case let .tooLarge(bytes, limit):
                return "the plan is \(bytes) bytes, more than the \(limit) bytes the server parses"
            case let .tookTooLong(limit):
                return "the plan took longer than \(PlanParseGate.seconds(limit)) s to parse; the server stopped waiting for it"
            case let .busy(inFlight):
                return "the server is already parsing \(inFlight) plans (some may have overrun their time bound)"
            }
        }

        public var hint: String {
            switch self {
            case .tooLarge: return "split the plan or remove unused parts; `tandem plan validate FILE` checks it locally"
            case .tookTooLong: return "run `tandem plan validate FILE` locally to find what makes it slow, fix the plan and submit again"
            case .busy: return "retry in a few seconds; if it persists, restart `tandem serve`"
            }
        }
    }

    public typealias Prepare = @Sendable (ReleaseSubmission, _ startedBy: String, _ source: String) throws -> ReleaseRequest

    public let bounds: Bounds
    private let prepare: Prepare
    private let inFlight = Mutex(0)

    /// `prepare` is the real parse and validation unless a test injects a slow one.
    public init(bounds: Bounds = Bounds(), prepare: @escaping Prepare = { try $0.request(startedBy: $1, source: $2) }) {
        self.bounds = bounds
        self.prepare = prepare
    }

    /// Parses running now (overrun ones included).
    public var running: Int { inFlight.withLock { $0 } }

    /// The validated request, or throws `Refusal` or the `SubmissionError` of the plan.
    public func request(_ submission: ReleaseSubmission, startedBy: String, source: String) async throws -> ReleaseRequest {
        let size = submission.plan.utf8.count
        guard size <= bounds.maxBytes else { throw Refusal.tooLarge(bytes: size, limit: bounds.maxBytes) }
        let admitted = inFlight.withLock { count -> Int? in
            guard count < bounds.maxInFlight else { return nil }
            count += 1
            return count
        }
        guard admitted != nil else { throw Refusal.busy(inFlight: running) }
        let once = ResumeOnce<ReleaseRequest>()
        return try await withCheckedThrowingContinuation { continuation in
            once.set(continuation)
            let thread = Thread { [self] in
                let result = Result { try prepare(submission, startedBy, source) }
                inFlight.withLock { $0 -= 1 }
                once.resume(with: result)
            }
            thread.name = "tandem-plan-parse"
            thread.stackSize = 8 << 20
            thread.start()
            let limit = bounds.timeout
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.seconds(limit)) {
                once.resume(with: .failure(Refusal.tookTooLong(limit: limit)))
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A continuation resumed by whichever comes first, the parse or its deadline (`set` runs before either).
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(with result: Result<T, any Error>) {
        continuation.withLock { c -> CheckedContinuation<T, any Error>? in defer { c = nil }; return c }?.resume(with: result)
    }
}
