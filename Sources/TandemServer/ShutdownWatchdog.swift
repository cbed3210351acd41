import Foundation

/// The last resort of a SIGTERM/SIGINT: if the orderly shutdown (stop accepting, finish or cancel requests,
/// stop the release host) has not ended the process `after` the signal, exit anyway. Runs on a Dispatch
/// queue, not the cooperative pool, so it fires even if every pool thread is stuck.
final class ShutdownWatchdog: @unchecked Sendable {
    // Only touched from `queue` after `arm` returns.
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "tandem.serve.shutdown-watchdog")

    static func arm(after limit: Duration) -> ShutdownWatchdog {
        let watchdog = ShutdownWatchdog()
        for number in [SIGTERM, SIGINT] {
            // The service group ignores the default action too and handles the signal itself; this is a second listener.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: watchdog.queue)
            source.setEventHandler { [queue = watchdog.queue] in
                queue.asyncAfter(deadline: .now() + PlanParseGate.seconds(limit)) {
                    FileHandle.standardError.write(Data(
                        "tandem serve: still running \(HostHeartbeat.format(limit)) after signal \(number); exiting without waiting further\n".utf8))
                    exit(1)
                }
            }
            source.resume()
            watchdog.sources.append(source)
        }
        return watchdog
    }

    func disarm() {
        queue.sync { for source in sources { source.cancel() }; sources = [] }
    }
}
