import Foundation
import TandemKubeModel
import Yams

/// YAML documents (kubeconfig files, manifests) as `JSON` values, scalars typed by the
/// YAML 1.1 core schema resolver exactly as kubectl's YAML-to-JSON step does.
public enum YAMLToJSON {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The first document (`.null` for an empty file).
    public static func parse(_ text: String) throws(Failure) -> JSON {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .null }
            return try convert(node)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "invalid YAML: \(error)")
        }
    }

    /// Every document of a multi-document stream (`---` separated); empty documents are skipped.
    public static func parseAll(_ text: String) throws(Failure) -> [JSON] {
        do {
            var result: [JSON] = []
            for node in try Yams.compose_all(yaml: text) {
                let value = try convert(node)
                if !value.isNull { result.append(value) }
            }
            return result
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "invalid YAML: \(error)")
        }
    }

    static func convert(_ node: Node) throws -> JSON {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case Tag.Name.null: return .null
            case Tag.Name.bool: return node.bool.map(JSON.bool) ?? .string(scalar.string)
            case Tag.Name.int: return node.int.map(JSON.int) ?? .string(scalar.string)
            case Tag.Name.float: return node.float.map(JSON.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSON] = [:]
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw Failure(description: "mapping key at line \((key.mark?.line ?? 0)) is not a string")
                }
                object[name] = try convert(value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(try sequence.map(convert))
        case .alias:
            throw Failure(description: "YAML aliases are not supported")
        }
    }
}
