import Foundation
import TandemKubeModel

/// Minimal OpenAPI documents: enough for kubectl to find them, with no schemas (so kubectl
/// does no client-side schema validation and uses merge patches for custom resources).
enum OpenAPI {
    static func document(_ path: String) -> JSON? {
        let segments = path.split(separator: "/").map(String.init)
        guard segments.count >= 2, segments[0] == "openapi" else { return nil }
        switch segments[1] {
        case "v2":
            return ["swagger": "2.0", "info": ["title": "Kubernetes", "version": "v1.32.0-tandem-sim"], "paths": [:], "definitions": [:]]
        case "v3":
            if segments.count == 2 {
                var paths: [String: JSON] = [:]
                for gv in ["api/v1"] + Discovery.knownGroups.map({ g in
                    "apis/\(g)/\(ResourceType.served.first { $0.group == g }?.version ?? "v1")"
                }) {
                    paths[gv] = ["serverRelativeURL": .string("/openapi/v3/\(gv)?hash=TANDEMSIM")]
                }
                return ["paths": .object(paths)]
            }
            let gv = segments.dropFirst(2).joined(separator: "/")
            return groupVersionDocument(gv)
        default:
            return nil
        }
    }

    /// `openapi_v2.Document{swagger: "2.0", info: {title, version}}` in protobuf wire format, for kubectl's
    /// fallback path (it asks for protobuf only). No definitions: kubectl then skips client-side validation.
    static var v2Protobuf: Data {
        func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] { [number << 3 | 2, UInt8(bytes.count)] + bytes }
        let info = field(1, Array("Kubernetes".utf8)) + field(2, Array("v1.32.0-tandem-sim".utf8))
        return Data(field(1, Array("2.0".utf8)) + field(2, info))
    }

    /// One path per object URL with a PATCH operation that names its kind and accepts
    /// `fieldValidation`, which is how kubectl decides to leave validation to the server.
    private static func groupVersionDocument(_ gv: String) -> JSON {
        var paths: [String: JSON] = [:]
        for type in ResourceType.served where type != .selfSubjectAccessReviews {
            let prefix = type.group.isEmpty ? "api/\(type.version)" : "apis/\(type.group)/\(type.version)"
            guard prefix == gv else { continue }
            let gvk: JSON = ["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)]
            let operation: JSON = [
                "x-kubernetes-group-version-kind": gvk,
                "parameters": [["name": "fieldValidation", "in": "query", "schema": ["type": "string"]],
                               ["name": "fieldManager", "in": "query", "schema": ["type": "string"]]],
                "responses": ["200": ["description": "OK"]],
            ]
            let path = type.objectPath(namespace: type.namespaced ? "{namespace}" : nil, name: "{name}")
            paths[path] = ["get": operation, "put": operation, "patch": operation, "delete": operation]
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0-tandem-sim"],
                "paths": .object(paths), "components": ["schemas": [:]]]
    }
}
