extension PlanValidator {
    mutating func checkServices(_ plan: ReleasePlan) {
        var firstPosition: [String: SourcePosition] = [:]
        for service in plan.services where !service.name.isEmpty {
            if firstPosition[service.name] == nil { firstPosition[service.name] = service.positions["name"] }
        }
        let names = plan.services.map(\.name)
        var seen = Set<String>()
        for service in plan.services {
            let positions = service.positions
            requireLabel(service.name, what: "service name", at: positions["name"])
            if !service.name.isEmpty, !seen.insert(service.name).inserted {
                report(.duplicateService, at: positions["name"],
                       "duplicate service name \"\(service.name)\" (first defined at \(firstPosition[service.name]!))",
                       hint: "service names must be unique; rename or remove one of them")
            }
            if positions.position(of: "rollout") != nil || positions.start == .unknown, !service.rollout.isEmpty,
               !NameRules.isDNSSubdomain(service.rollout) {
                report(.invalidName, at: positions["rollout"], "rollout name \"\(service.rollout)\" is not a valid Kubernetes name",
                       hint: "use lowercase letters, digits, '-' and '.', as in the Rollout's metadata.name")
            }
            if let namespace = service.namespace { requireLabel(namespace, what: "namespace", at: positions["namespace"]) }
            if let container = service.container { requireLabel(container, what: "container name", at: positions["container"]) }
            if !service.image.isEmpty, let problem = NameRules.imageProblem(service.image) {
                report(.invalidValue, at: positions["image"], "image \"\(service.image)\" \(problem)",
                       hint: "give the repository only, e.g. docker.io/org/app; the tag comes from the release (--version/--set)")
            }
            checkDependencies(of: service, names: names, known: firstPosition)
        }
    }

    private mutating func checkDependencies(of service: ServiceSpec, names: [String], known: [String: SourcePosition]) {
        struct Slot: Hashable { let configMap: String, key: String }
        var written: [Slot: SourcePosition] = [:]
        for dependency in service.dependsOn {
            let positions = dependency.positions
            if dependency.service == service.name, !service.name.isEmpty {
                report(.selfDependency, at: positions["service"], "service \"\(service.name)\" depends on itself",
                       hint: "remove this dependsOn entry")
            } else if !dependency.service.isEmpty, known[dependency.service] == nil {
                // Suggestions cost O(services) each: offer them for the first few only, so a
                // plan with thousands of bad references is still checked in linear time.
                suggestionsLeft -= 1
                let suggestion = suggestionsLeft >= 0 ? KeySuggester.suggestion(for: dependency.service, among: names) : nil
                report(.unknownDependency, at: positions["service"],
                       "service \"\(service.name)\" depends on unknown service \"\(dependency.service)\"",
                       hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "add a service named \"\(dependency.service)\" or fix the name")
            }
            switch (dependency.configMap, dependency.key) {
            case (let configMap?, nil):
                report(.configMapWithoutKey, at: positions["configMap"],
                       "configMap \"\(configMap)\" is given without key in the dependsOn entry for \"\(dependency.service)\"",
                       hint: "add \"key: <KEY>\" naming the ConfigMap key that holds the address, or remove configMap")
            case (nil, let key?):
                report(.keyWithoutConfigMap, at: positions["key"],
                       "key \"\(key)\" is given without configMap in the dependsOn entry for \"\(dependency.service)\"",
                       hint: "add \"configMap: <name>\" naming the consumer's ConfigMap, or remove key")
            case (let configMap?, let key?):
                if !NameRules.isDNSSubdomain(configMap) {
                    report(.invalidName, at: positions["configMap"], "configMap name \"\(configMap)\" is not a valid Kubernetes name",
                           hint: "use lowercase letters, digits, '-' and '.'")
                }
                if !NameRules.isConfigMapKey(key) {
                    report(.invalidName, at: positions["key"], "ConfigMap key \"\(key)\" is not valid",
                           hint: "use letters, digits, '-', '_' and '.'")
                }
                let slot = Slot(configMap: configMap, key: key)
                if let first = written[slot] {
                    report(.conflictingConfigKey, at: positions["key"],
                           "service \"\(service.name)\" writes key \(key) of ConfigMap \(configMap) twice (first at \(first))",
                           hint: "each ConfigMap key holds one address; use a different key for each dependency")
                } else {
                    written[slot] = positions["key"]
                }
            case (nil, nil):
                if positions.position(of: "value") != nil || (positions.start == .unknown && dependency.value != Dependency.defaultValue) {
                    report(.valueWithoutConfigMap, at: positions["value"],
                           "value is given without configMap and key in the dependsOn entry for \"\(dependency.service)\"",
                           hint: "add configMap and key to write the value, or remove value (an entry without them only orders the release)")
                }
            }
            if dependency.value != Dependency.defaultValue, let (message, hint) = ValueTemplate.problem(in: dependency.value) {
                report(.unknownPlaceholder, at: positions["value"], message, hint: hint)
            }
        }
    }
}
