import Crypto
import KubernetesModel

/// kustomize's `hasher`: the content hash appended to generated ConfigMap and Secret names.
enum NameHasher {
    static func hash(_ object: JSONValue) -> String {
        let kind = object.kind ?? ""
        var fields: [(String, String)] = []
        // kustomize looks the name up with `Lookup("metadata/name")`, which finds nothing, so
        // the hashed name is always empty; a missing data map hashes as "".
        let data = object["data"]?.objectValue != nil ? encodeStringMap(object["data"]) : goJSONString("")
        let name = goJSONString("")
        if kind == "Secret" {
            fields = [
                ("data", data), ("kind", goJSONString("Secret")), ("name", name),
                ("type", goJSONString(object["type"]?.stringValue ?? "")),
            ]
            if object["stringData"]?.objectValue != nil {
                fields.insert(("stringData", encodeStringMap(object["stringData"])), at: 3)
            }
        } else {
            if let binary = object["binaryData"]?.objectValue, !binary.isEmpty {
                fields.append(("binaryData", encodeStringMap(object["binaryData"])))
            }
            fields += [("data", data), ("kind", goJSONString("ConfigMap")), ("name", name)]
        }
        let json = "{" + fields.map { goJSONString($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
        let digest = SHA256.hash(data: Array(json.utf8))
        let hex = digest.hexEncoded
        return encode(String(hex.prefix(10)))
    }

    /// kustomize's `encode`: avoids vowels and ambiguous characters in the suffix.
    static func encode(_ hex: String) -> String {
        String(
            hex.map { character -> Character in
                switch character {
                case "0": return "g"
                case "1": return "h"
                case "3": return "k"
                case "a": return "m"
                case "e": return "t"
                default: return character
                }
            })
    }

    /// Go's `json.Marshal` of a `map[string]string`: keys sorted bytewise.
    static func encodeStringMap(_ value: JSONValue?) -> String {
        let object = value?.objectValue ?? JSONObject()
        let keys = object.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return "{"
            + keys.map { goJSONString($0) + ":" + goJSONString(Kustomization.scalarString(object[$0] ?? .null)) }
            .joined(separator: ",") + "}"
    }

    /// Go's `encoding/json` string encoding, HTML escaping included.
    static func goJSONString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
