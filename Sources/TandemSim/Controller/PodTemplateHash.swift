import TandemKubeModel

/// The pod-template hash (reference §3.2): FNV-1a 32-bit over the normalised template JSON
/// (sorted keys, without the hash label), plus the collision count, as a decimal string mapped
/// through Kubernetes' SafeEncodeString — digits become `456789bcdf`.
enum PodTemplateHash {
    static func compute(template: JSON, collisionCount: Int?) -> String {
        var hash = fnv1a(Array(PodTemplate(template).withoutPodTemplateHash.raw.serialized()))
        if let collisionCount {
            var bytes = [UInt8](repeating: 0, count: 8)
            let value = UInt32(truncatingIfNeeded: collisionCount)
            for i in 0..<4 { bytes[i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
            hash = fnv1a(bytes, seed: hash)
        }
        return safeEncode(String(hash))
    }

    /// `status.currentStepHash`: the same function over the JSON of the canary steps.
    static func steps(_ steps: JSON) -> String {
        safeEncode(String(fnv1a(Array(steps.serialized()))))
    }

    static func fnv1a(_ bytes: [UInt8], seed: UInt32 = 2_166_136_261) -> UInt32 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    /// Each character becomes `"bcdfghjklmnpqrstvwxz2456789"[ord(c) % 27]`.
    static func safeEncode(_ text: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String(text.unicodeScalars.map { alphabet[Int($0.value) % alphabet.count] })
    }

    /// Semantic template equality ignoring the hash label (how undo finds an old ReplicaSet). Both
    /// sides get the API server's pod defaults first, since a stored ReplicaSet's template has them
    /// and a Rollout's has not (Argo's PodTemplateEqualIgnoreHash does the same, utils/replicaset).
    static func sameTemplate(_ a: JSON, _ b: JSON) -> Bool {
        let normal = { (t: JSON) in ObjectDefaults.podTemplate(PodTemplate(t).withoutPodTemplateHash.raw) }
        return normal(a) == normal(b)
    }
}
