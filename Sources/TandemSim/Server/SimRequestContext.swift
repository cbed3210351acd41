import Hummingbird
import NIOCore

/// Request context that keeps the connection's channel, so the server can read the TLS peer certificate.
struct SimRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Kubernetes objects can be large; accept up to 16 MiB bodies.
    var maxUploadSize: Int { 16 * 1024 * 1024 }
}
