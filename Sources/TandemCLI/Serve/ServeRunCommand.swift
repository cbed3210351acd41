import ArgumentParser
import Foundation
import TandemNotify
import TandemServer
import TandemStore

/// `tandem serve [--db PATH] [--port N] [--bind ADDR] [--tls-cert F --tls-key F] [--users FILE] [--notify-url URL]…`
struct ServeRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Serve the JSON API, the dashboard and webhook delivery (127.0.0.1 unless --bind says otherwise).",
        discussion: """
        Users and their tokens come from --users (default: users.yaml beside the database); create them with
        `tandem serve add-user`. The session secret is kept in server-secret beside the users file.
        With cluster access (--kubeconfig, --context, --sim, or --drive-releases for the default kubeconfig or \
        the in-cluster service account) the server also drives releases submitted with \
        `tandem release start --server URL`: an approval continues them, a rejection rolls them back. \
        --sim starts the embedded simulated cluster inside the server (state beside TANDEM_DB, else in .tandem).
        Example:
          tandem serve --db .tandem/state.db --port 8080 --notify-url slack:https://hooks.slack.com/services/T/B/X
          tandem serve --kubeconfig ~/.kube/config --context prod
        """)

    @Option(help: "State database (default: TANDEM_DB, else .tandem/state.db in the current directory).") var db: String?
    @Option(help: "TCP port.") var port: Int = 8080
    @Option(help: "Address to bind.") var bind: String = "127.0.0.1"
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain (serve HTTPS).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key.") var tlsKey: String?
    @Option(help: "Users file (YAML). Default: users.yaml beside the database.") var users: String?
    @Option(name: .customLong("notify-url"), help: "Webhook URL; repeat for several. Prefix slack: or json: to pick the body format.")
    var notifyURL: [String] = []
    @Option(name: .customLong("notify-events"), help: "Comma-separated events to send (default: all): \(NotificationComposer.allEvents.joined(separator: ","))")
    var notifyEvents: String?
    @Option(name: .customLong("public-url"), help: "Base URL of the dashboard used in notification links (default: http://BIND:PORT).")
    var publicURL: String?
    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may send no complete request part (headers included) before it is closed.")
    var idleTimeout: Int = 30
    @Flag(name: .customLong("drive-releases"), help: "Drive submitted releases with the default cluster (KUBECONFIG, ~/.kube/config or in-cluster).")
    var driveReleases = false
    @OptionGroup var cluster: ClusterOptions

    /// Whether this server hosts the release engine.
    var hostsEngine: Bool { driveReleases || cluster.sim || cluster.kubeconfig != nil || cluster.context != nil }

    func run() async throws {
        do {
            try await serve()
        } catch let error as ServerError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ReportedFailure(.invalidInput)
        }
    }

    private func serve() async throws {
        let dbPath = try StorePath.resolve(db: db)
        let usersPath = ServeAddUserCommand.usersPath(users, dbPath: dbPath)
        let secretPath = URL(fileURLWithPath: usersPath).deletingLastPathComponent().appendingPathComponent("server-secret").path
        let store = try ReleaseStore.open(path: dbPath)
        _ = try UsersFile.load(path: usersPath)  // fail early on a broken file
        let signer = SessionSigner(secret: try SessionSigner.loadOrCreateSecret(path: secretPath))
        var env = ServerEnvironment(store: store, users: ServerEnvironment.usersFile(at: usersPath), signer: signer,
                                    secureCookies: tlsCert != nil)
        var session: ClusterSession?
        if hostsEngine {
            do { session = try await cluster.connect() } catch {
                FileHandle.standardError.write(Data("error: cannot drive releases: \(error)\n".utf8))
                throw ReportedFailure(.otherError)
            }
            let memory = dbPath == ":memory:"
            env.host = ReleaseHost(client: session!.client, store: store,
                                   notifier: { memory ? nil : ReleaseNotifier.besideDatabase(of: store) },
                                   context: cluster.contextName())
        }
        do {
            try await run(env: env, store: store, dbPath: dbPath, usersPath: usersPath)
        } catch {
            await session?.close()
            throw error
        }
        await session?.close()
    }

    private func run(env: ServerEnvironment, store: ReleaseStore, dbPath: String, usersPath: String) async throws {
        let runner = ServerRunner(env: env, bind: bind, port: port, tlsCertificate: tlsCert, tlsKey: tlsKey,
                                  worker: NotificationWorker(store: store), idleTimeout: .seconds(max(1, idleTimeout)))
        let scheme = tlsCert == nil ? "http" : "https"
        let db = dbPath, usersFile = usersPath
        let settings = self
        try await runner.run { bound in
            if settings.db != ":memory:" { try? settings.composer(boundPort: bound).save(besideDatabase: db) }
            let engine = env.host == nil ? "no cluster: release start --server is refused" : "drives releases submitted with --server"
            let line = "tandem serve: \(scheme)://\(settings.bind):\(bound) (database \(db), users \(usersFile); \(engine))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// The composer the engine would use with these flags (documented in docs/api.md).
    func composer(boundPort: Int) -> NotificationComposer {
        let events = notifyEvents.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        return NotificationComposer(targets: notifyURL.map(WebhookTarget.init(spec:)), events: events,
                                    baseURL: publicURL ?? "\(tlsCert == nil ? "http" : "https")://\(bind):\(boundPort)")
    }
}
