import Foundation
import TandemKubeModel

/// `limit` / `continue` paging of a list (API concepts, "Retrieving large results sets in chunks"):
/// at most `limit` items, then `metadata.continue` — an opaque token — and `remainingItemCount`.
/// The token names the list's resourceVersion and the last (namespace, name) returned — the store's sort order; the next page starts after
/// that key. Unlike etcd the simulator keeps no old snapshots, so a later page shows the current
/// objects after that key (docs/simulator.md).
struct ListPage {
    let items: [JSON]
    let resourceVersion: String
    let continueToken: String?
    let remaining: Int?

    init(_ items: [JSON], resourceVersion: String, query: [String: String]) throws(APIStatus) {
        var rest = items
        var rv = resourceVersion
        if let token = query["continue"], !token.isEmpty {
            guard let data = Data(base64Encoded: token), let decoded = try? JSON.parse(data),
                  let startNamespace = decoded["namespace"].stringValue, let startName = decoded["name"].stringValue,
                  let tokenRV = decoded["rv"].stringValue else {
                throw APIStatus.badRequest("continue key is not valid: the token \"\(token)\" was not returned by this server; start a new list without continue")
            }
            rv = tokenRV
            rest = items.filter { ($0.namespace ?? "", $0.name) > (startNamespace, startName) }
        }
        guard let text = query["limit"], let limit = Int(text), limit > 0, rest.count > limit else {
            self.items = rest
            self.resourceVersion = rv
            continueToken = nil
            remaining = nil
            return
        }
        let page = Array(rest.prefix(limit))
        self.items = page
        self.resourceVersion = rv
        let last = page[page.count - 1]
        let token: JSON = ["rv": .string(rv), "namespace": .string(last.namespace ?? ""), "name": .string(last.name)]
        continueToken = token.serialized().base64EncodedString()
        remaining = rest.count - limit
    }

    var metadata: JSON {
        var m: JSON = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { m["continue"] = .string(continueToken) }
        if let remaining { m["remainingItemCount"] = .int(remaining) }
        return m
    }
}
