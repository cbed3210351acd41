import Foundation
import NIOSSL
import TandemKubeModel

/// Options for `SimulatedCluster.start`.
public struct SimulatedClusterOptions: Sendable {
    /// 0 = any free port.
    public var port: Int
    /// SQLite file for the objects; nil keeps them in memory.
    public var statePath: String?
    /// Serve HTTPS with a generated CA and require a client certificate or bearer token.
    public var tls: Bool
    /// How long simulated pods take to become ready.
    public var readyDelay: Duration
    /// Enable `/tandem-sim/faults`.
    public var faultsEnabled: Bool
    /// Where to write the kubeconfig; nil writes none (the YAML is still available).
    public var kubeconfigOut: String?
    /// Full controller options (clock, resync); when nil they are built from `readyDelay`.
    public var controllerOptions: SimControllerOptions?
    /// The kubeconfig names: cluster and admin context NAME, contexts NAME-token and NAME-readonly.
    public var contextName: String
    /// The emulated Argo CD application controller (ArgoCD/); nil runs none.
    public var argoCD: ArgoCDOptions?

    public init(port: Int = 0, statePath: String? = nil, tls: Bool = false, readyDelay: Duration = .seconds(1),
                faultsEnabled: Bool = false, kubeconfigOut: String? = nil, controllerOptions: SimControllerOptions? = nil,
                contextName: String = "tandem-sim", argoCD: ArgoCDOptions? = ArgoCDOptions()) {
        self.contextName = contextName
        self.port = port
        self.statePath = statePath
        self.tls = tls
        self.readyDelay = readyDelay
        self.faultsEnabled = faultsEnabled
        self.kubeconfigOut = kubeconfigOut
        self.controllerOptions = controllerOptions
        self.argoCD = argoCD
    }
}

/// A running simulated cluster: object store, emulated controllers and the API server on 127.0.0.1.
public final class SimulatedCluster: Sendable {
    public let baseURL: URL
    public let port: Int
    public let kubeconfigPath: String?
    public let kubeconfigYAML: String
    public let adminToken: String
    public let readOnlyToken: String
    public let caCertificatePEM: String?
    public let clientCertificatePEM: String?
    public let clientKeyPEM: String?
    public let store: ObjectStore
    public let controllers: SimControllers
    public let argoCD: ArgoCDController?
    private let server: SimHTTPServer

    private init(baseURL: URL, port: Int, kubeconfigPath: String?, kubeconfigYAML: String, adminToken: String,
                 readOnlyToken: String, credentials: SimCertificates?, store: ObjectStore,
                 controllers: SimControllers, argoCD: ArgoCDController?, server: SimHTTPServer) {
        self.baseURL = baseURL
        self.port = port
        self.kubeconfigPath = kubeconfigPath
        self.kubeconfigYAML = kubeconfigYAML
        self.adminToken = adminToken
        self.readOnlyToken = readOnlyToken
        self.caCertificatePEM = credentials?.caCertificatePEM
        self.clientCertificatePEM = credentials?.clientCertificatePEM
        self.clientKeyPEM = credentials?.clientKeyPEM
        self.store = store
        self.controllers = controllers
        self.argoCD = argoCD
        self.server = server
    }

    public static func start(options: SimulatedClusterOptions = SimulatedClusterOptions()) async throws -> SimulatedCluster {
        let controllerOptions = options.controllerOptions ?? SimControllerOptions(readyDelay: options.readyDelay)
        let clock = controllerOptions.clock
        // creationTimestamps and the controllers' time (restartAt, deadlines) come from one clock.
        let store = try ObjectStore(statePath: options.statePath, now: { clock.now })
        let controllers = SimControllers(store: store, options: controllerOptions)
        let adminToken = Authenticator.randomToken(), readOnlyToken = Authenticator.randomToken()
        let credentials = options.tls ? try SimCertificates.generate() : nil
        let api = APIHandler(store: store, network: controllers.network)
        let responder = SimResponder(api: api, auth: Authenticator(adminToken: adminToken, readOnlyToken: readOnlyToken, tls: options.tls),
                                     faults: options.faultsEnabled ? FaultInjector() : nil, counter: RequestCounter())
        let server = try await SimHTTPServer.start(responder: responder, port: options.port,
                                                   tls: try credentials?.serverTLSConfiguration())
        await controllers.start()
        let argoCD = options.argoCD.map { ArgoCDController(store: store, options: $0, clock: controllerOptions.clock) }
        await argoCD?.start()
        let url = URL(string: "\(options.tls ? "https" : "http")://127.0.0.1:\(server.port)")!
        let writer = KubeconfigWriter(server: url.absoluteString, caPEM: credentials?.caCertificatePEM,
                                      clientCertificatePEM: credentials?.clientCertificatePEM,
                                      clientKeyPEM: credentials?.clientKeyPEM, adminToken: adminToken, readOnlyToken: readOnlyToken,
                                      name: options.contextName)
        if let path = options.kubeconfigOut { try writer.write(to: path) }
        return SimulatedCluster(baseURL: url, port: server.port, kubeconfigPath: options.kubeconfigOut, kubeconfigYAML: writer.yaml,
                                adminToken: adminToken, readOnlyToken: readOnlyToken, credentials: credentials,
                                store: store, controllers: controllers, argoCD: argoCD, server: server)
    }

    /// The cluster behind `--sim`: a free port, state in `<stateDirectory>/sim.db`, kubeconfig in
    /// `<stateDirectory>/sim.kubeconfig`.
    public static func startEmbedded(stateDirectory: String = ".tandem", tls: Bool = false,
                                     readyDelay: Duration = .seconds(1)) async throws -> SimulatedCluster {
        let dir = URL(fileURLWithPath: stateDirectory)
        return try await start(options: SimulatedClusterOptions(
            statePath: dir.appendingPathComponent("sim.db").path, tls: tls, readyDelay: readyDelay,
            kubeconfigOut: dir.appendingPathComponent("sim.kubeconfig").path))
    }

    /// Stops the controllers, ends open watches and closes the listener.
    public func stop() async {
        await argoCD?.stop()
        await controllers.stop()
        await store.finishAllWatches()
        await server.stop()
    }
}
