import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven through the DevTools protocol over `--remote-debugging-pipe`: the browser reads
/// commands from its fd 3 and writes replies and events to its fd 4, each message one JSON object followed
/// by a NUL byte. Every command and reply (shortened) and every console message goes to `log`.
final class Chromium: @unchecked Sendable {
    struct ProtocolError: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    let log: DriverLog
    let profile: String
    private let commands: Int32  // our end of the browser's fd 3
    private let replies: Int32   // our end of the browser's fd 4
    private var buffer: [UInt8] = []
    private var nextID = 0
    private var exited = false

    /// `chromium` (or `chromium-browser`) on the PATH.
    static func find() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Starts the browser with a fresh profile in a temporary directory; its stderr goes to `stderrPath`.
    init(executable: String, stderrPath: String, log: DriverLog) throws {
        self.log = log
        profile = NSTemporaryDirectory() + "tandem-chromium-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let toBrowser = try Self.pipePair(), fromBrowser = try Self.pipePair()
        var arguments = [executable, "--headless", "--remote-debugging-pipe", "--disable-gpu", "--no-first-run",
                         "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                         "--window-size=1280,1000", "--user-data-dir=\(profile)"]
        if getuid() == 0 { arguments.append("--no-sandbox") }  // Chromium refuses to run as root with its sandbox
        arguments.append("about:blank")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, toBrowser.read, 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser.write, 4)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        close(toBrowser.read)
        close(fromBrowser.write)
        guard status == 0 else {
            close(toBrowser.write)
            close(fromBrowser.read)
            throw ProtocolError(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        commands = toBrowser.write
        replies = fromBrowser.read
        log.note("started \(arguments.joined(separator: " ")) (pid \(child))")
    }

    /// A pipe whose ends are close-on-exec and numbered 10 or above, so that the `dup2` onto 3 and 4 in the
    /// child can never overwrite the other end.
    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ProtocolError(description: "pipe: \(String(cString: strerror(errno)))") }
        let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10), write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        close(fds[0])
        close(fds[1])
        return (read, write)
    }

    /// Sends one command and waits for its reply (events that arrive meanwhile are logged).
    @discardableResult
    func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil,
              timeout: Duration = .seconds(30)) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var data = try JSONSerialization.data(withJSONObject: message)
        log.note("→ \(id) \(method) \(Self.short(params))")
        data.append(0)
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(commands, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw ProtocolError(description: "the browser closed its command pipe (\(method))") }
                offset += n
            }
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            let reply = try receive(until: deadline, waitingFor: method)
            guard let replyID = reply["id"] as? Int else {
                logEvent(reply)
                continue
            }
            guard replyID == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                log.note("← \(id) error \(Self.short(error))")
                throw ProtocolError(description: "\(method) failed: \(error["message"] ?? error)")
            }
            let result = reply["result"] as? [String: Any] ?? [:]
            log.note("← \(id) \(Self.short(result))")
            return result
        }
    }

    private func receive(until deadline: ContinuousClock.Instant, waitingFor method: String) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                return (try? JSONSerialization.jsonObject(with: message)) as? [String: Any] ?? [:]
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw ProtocolError(description: "no reply to \(method) within the time limit") }
            var ready = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let millis = Int32(min(1000, max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
            let n = poll(&ready, 1, millis)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(replies, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw ProtocolError(description: "the browser closed its reply pipe while waiting for \(method)") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private func logEvent(_ event: [String: Any]) {
        let method = event["method"] as? String ?? "?"
        let params = event["params"] as? [String: Any] ?? [:]
        switch method {
        case "Runtime.consoleAPICalled":
            let args = (params["args"] as? [[String: Any]] ?? []).map { "\($0["value"] ?? $0["description"] ?? "")" }
            log.note("console.\(params["type"] ?? "log"): \(args.joined(separator: " "))")
        case "Runtime.exceptionThrown":
            log.note("page exception: \(Self.short(params, limit: 600))")
        case "Page.frameNavigated":
            let frame = params["frame"] as? [String: Any] ?? [:]
            if frame["parentId"] == nil { log.note("navigated to \(frame["url"] ?? "?")") }
        case "Page.loadEventFired", "Target.targetCrashed", "Inspector.detached":
            log.note("event \(method)")
        default:
            break
        }
    }

    /// Asks the browser to close, then makes sure the process is gone and removes the profile.
    func shutdown() {
        if !exited {
            _ = try? call("Browser.close", timeout: .seconds(5))
            var status: Int32 = 0
            var reaped = false
            for _ in 0..<50 {
                if waitpid(pid, &status, WNOHANG) == pid { reaped = true; break }
                usleep(100_000)
            }
            if !reaped {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
            exited = true
            close(commands)
            close(replies)
            log.note("browser stopped")
        }
        try? FileManager.default.removeItem(atPath: profile)
    }

    static func short(_ value: [String: Any], limit: Int = 240) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "… (\(text.count) chars)" : text
    }
}

/// What the driver did, with times relative to its start; printed when the browser test fails.
final class DriverLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private let start = ContinuousClock.now

    func note(_ line: String) {
        let elapsed = ContinuousClock.now - start
        let stamp = String(format: "%7.2fs", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        lock.withLock { lines.append("\(stamp) \(line)") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
