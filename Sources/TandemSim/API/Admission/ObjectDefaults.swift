import TandemKubeModel

/// The defaults the API server fills in for core kinds (k8s.io/kubernetes pkg/apis/core/v1/defaults.go
/// and the Service REST storage's ClusterIP allocator). Custom resources get none of these: the
/// Argo Rollouts CRD declares no defaults, so a Rollout's pod template is stored as written.
enum ObjectDefaults {
    /// Service: type ClusterIP, sessionAffinity None, an allocated clusterIP (kept across updates),
    /// ipFamilies/ipFamilyPolicy, internalTrafficPolicy Cluster; each port protocol TCP, targetPort = port.
    static func service(_ service: JSON, previous: JSON?, allocate: () -> String) -> JSON {
        var s = service
        var spec = s["spec"].objectValue ?? [:]
        if spec["type"] == nil { spec["type"] = "ClusterIP" }
        if spec["sessionAffinity"] == nil { spec["sessionAffinity"] = "None" }
        let headless = spec["clusterIP"]?.stringValue == "None"
        if spec["type"]?.stringValue != "ExternalName" {
            if spec["clusterIP"]?.stringValue?.isEmpty ?? true {
                spec["clusterIP"] = previous?["spec"]["clusterIP"].stringValue.map(JSON.string) ?? .string(allocate())
            }
            if spec["clusterIPs"] == nil, let ip = spec["clusterIP"] { spec["clusterIPs"] = [ip] }
            if spec["ipFamilies"] == nil, !headless { spec["ipFamilies"] = ["IPv4"] }
            if spec["ipFamilyPolicy"] == nil { spec["ipFamilyPolicy"] = "SingleStack" }
            if spec["internalTrafficPolicy"] == nil { spec["internalTrafficPolicy"] = "Cluster" }
        }
        if case .array(let ports)? = spec["ports"] {
            spec["ports"] = .array(ports.map { port in
                guard case .object(var p) = port else { return port }
                if p["protocol"] == nil { p["protocol"] = "TCP" }
                if p["targetPort"] == nil, let number = p["port"] { p["targetPort"] = number }
                return .object(p)
            })
        }
        s["spec"] = .object(spec)
        return s
    }

    /// A pod spec's defaults (SetDefaults_PodSpec, SetDefaults_Container, probe defaults).
    static func podSpec(_ spec: JSON) -> JSON {
        guard case .object(var s) = spec else { return spec }
        let fill: [(String, JSON)] = [
            ("restartPolicy", "Always"), ("terminationGracePeriodSeconds", 30), ("dnsPolicy", "ClusterFirst"),
            ("schedulerName", "default-scheduler"), ("securityContext", [:]),
        ]
        for (key, value) in fill where s[key] == nil { s[key] = value }
        for key in ["containers", "initContainers"] {
            if case .array(let containers)? = s[key] { s[key] = .array(containers.map(container)) }
        }
        return .object(s)
    }

    /// A pod template (ReplicaSet `spec.template`, or what Argo compares live templates with).
    static func podTemplate(_ template: JSON) -> JSON {
        guard template.objectValue != nil, !template["spec"].isNull else { return template }
        var t = template
        t["spec"] = podSpec(template["spec"])
        return t
    }

    private static func container(_ container: JSON) -> JSON {
        guard case .object(var c) = container else { return container }
        if c["terminationMessagePath"] == nil { c["terminationMessagePath"] = "/dev/termination-log" }
        if c["terminationMessagePolicy"] == nil { c["terminationMessagePolicy"] = "File" }
        if c["imagePullPolicy"] == nil { c["imagePullPolicy"] = .string(pullPolicy(c["image"]?.stringValue ?? "")) }
        if c["resources"] == nil { c["resources"] = [:] }
        if case .array(let ports)? = c["ports"] {
            c["ports"] = .array(ports.map { port in
                guard case .object(var p) = port else { return port }
                if p["protocol"] == nil { p["protocol"] = "TCP" }
                return .object(p)
            })
        }
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            guard case .object(var p)? = c[probe] else { continue }
            for (key, value) in [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)]
                where p[key] == nil { p[key] = .int(value) }
            c[probe] = .object(p)
        }
        return .object(c)
    }

    /// `Always` for `:latest` or an untagged image, otherwise `IfNotPresent` (digests count as tagged).
    static func pullPolicy(_ image: String) -> String {
        if image.contains("@") { return "IfNotPresent" }
        let lastPart = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastPart.lastIndex(of: ":") else { return "Always" }
        return lastPart[lastPart.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }
}
