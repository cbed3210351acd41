/// JSON merge patch (RFC 7386), `application/merge-patch+json`: objects merge recursively,
/// `null` deletes a key, anything else (lists included) replaces the target whole.
public enum MergePatch {
    public static func apply(_ patch: JSON, to target: JSON) -> JSON {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchObject {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// The two-way diff that turns `old` into `new` when applied as a merge patch
    /// (what the Argo Rollouts controller sends to `/status`). `nil` when nothing changed.
    public static func diff(from old: JSON, to new: JSON) -> JSON? {
        guard case .object(let oldObject) = old, case .object(let newObject) = new else {
            // Not `old == new ? nil : new`: the ternary would type `nil` as `JSON.null` (nil-literal expressible).
            if old == new { return nil }
            return new
        }
        var patch: [String: JSON] = [:]
        for key in oldObject.keys where newObject[key] == nil {
            patch[key] = .null
        }
        for (key, newValue) in newObject {
            if let oldValue = oldObject[key] {
                if let sub = diff(from: oldValue, to: newValue) { patch[key] = sub }
            } else {
                patch[key] = newValue
            }
        }
        return patch.isEmpty ? nil : .object(patch)
    }
}
