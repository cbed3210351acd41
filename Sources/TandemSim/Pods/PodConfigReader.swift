import TandemKubeModel

/// What a container reads when it starts (captured once, like environment variables): literal
/// `env[].value`, `env[].valueFrom.configMapKeyRef`, `envFrom[].configMapRef` (with `prefix`),
/// and configMap volumes mounted by the container (each key becomes a file `<mountPath>/<path>`).
/// Only the pod's first container is read. Secrets and fieldRefs are not emulated.
enum PodConfigReader {
    /// Why a container cannot start: the pod stays not Ready with this waiting reason.
    struct StartFailure: Error, Equatable {
        var reason: String
        var message: String
    }

    /// The configuration as `name → value`, or why the container cannot start.
    static func read(podSpec: JSON, namespace: String, store: ObjectStore) async -> Result<[String: String], StartFailure> {
        guard let container = podSpec["containers"].arrayValue?.first else { return .success([:]) }
        var config: [String: String] = [:]
        var cache: [String: JSON?] = [:]
        func configMap(_ name: String) async -> JSON? {
            if let cached = cache[name] { return cached }
            let found = try? await store.get(.configMaps, namespace: namespace, name: name)
            cache[name] = found
            return found
        }
        for source in container["envFrom"].arrayValue ?? [] {
            guard let name = source[path: ["configMapRef", "name"]].stringValue else { continue }
            guard let cm = await configMap(name) else {
                if source[path: ["configMapRef", "optional"]].boolValue == true { continue }
                return .failure(StartFailure(reason: "CreateContainerConfigError", message: "configmap \"\(name)\" not found"))
            }
            let prefix = source["prefix"].stringValue ?? ""
            for (key, value) in cm["data"].stringMap { config[prefix + key] = value }
        }
        for entry in container["env"].arrayValue ?? [] {
            guard let name = entry["name"].stringValue else { continue }
            if let value = entry["value"].stringValue {
                config[name] = value
                continue
            }
            let ref = entry[path: ["valueFrom", "configMapKeyRef"]]
            guard let cmName = ref["name"].stringValue, let key = ref["key"].stringValue else {
                if entry["valueFrom"].isNull { config[name] = "" }
                continue
            }
            let optional = ref["optional"].boolValue == true
            guard let cm = await configMap(cmName) else {
                if optional { continue }
                return .failure(StartFailure(reason: "CreateContainerConfigError", message: "configmap \"\(cmName)\" not found"))
            }
            guard let value = cm["data"][key].stringValue else {
                if optional { continue }
                return .failure(StartFailure(reason: "CreateContainerConfigError",
                                             message: "couldn't find key \(key) in ConfigMap \(namespace)/\(cmName)"))
            }
            config[name] = value
        }
        let volumes = podSpec["volumes"].arrayValue ?? []
        for mount in container["volumeMounts"].arrayValue ?? [] {
            guard let volumeName = mount["name"].stringValue, let mountPath = mount["mountPath"].stringValue,
                  let volume = volumes.first(where: { $0["name"].stringValue == volumeName }),
                  let cmName = volume[path: ["configMap", "name"]].stringValue else { continue }
            guard let cm = await configMap(cmName) else {
                if volume[path: ["configMap", "optional"]].boolValue == true { continue }
                return .failure(StartFailure(reason: "ContainerCreating",
                                             message: "MountVolume.SetUp failed for volume \"\(volumeName)\" : configmap \"\(cmName)\" not found"))
            }
            let data = cm["data"].stringMap
            let base = mountPath.hasSuffix("/") ? String(mountPath.dropLast()) : mountPath
            if let items = volume[path: ["configMap", "items"]].arrayValue {
                for item in items {
                    guard let key = item["key"].stringValue, let value = data[key] else { continue }
                    config["\(base)/\(item["path"].stringValue ?? key)"] = value
                }
            } else {
                for (key, value) in data { config["\(base)/\(key)"] = value }
            }
        }
        return .success(config)
    }
}
