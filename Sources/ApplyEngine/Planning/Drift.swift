import Crypto
import KubernetesModel

/// Decides, without a request, whether applying a manifest would change nothing: the live
/// object carries the checksum of exactly this manifest (so no field was removed from git
/// since it was applied) and every value the manifest sets is still in place (so nobody
/// edited a field git owns). Anything less certain is applied.
public enum Drift {
    /// Flux v1's annotation for the manifest an object was last synced from.
    public static let checksumAnnotation = "fluxcd.io/sync-checksum"

    /// The object as it is sent: the manifest with the sync mark and its own checksum.
    public static func prepared(_ manifest: JSONValue, mark: SyncMark) -> JSONValue {
        let marked = mark.marking(manifest)
        var annotations = marked[path: ["metadata", "annotations"]]?.objectValue ?? JSONObject()
        annotations[checksumAnnotation] = .string(checksum(of: marked))
        var prepared = marked
        prepared.set(path: ["metadata", "annotations"], to: .object(annotations))
        return prepared
    }

    /// sha256 of the manifest's serialisation (key order as written in git).
    public static func checksum(of object: JSONValue) -> String {
        SHA256.hash(data: object.serializedBytes()).hexEncoded
    }

    /// True when `prepared` (from `prepared(_:mark:)`) needs no write to `live`.
    public static func isInSync(prepared: JSONValue, live: JSONValue) -> Bool {
        guard let wanted = prepared.annotations[checksumAnnotation], live.annotations[checksumAnnotation] == wanted else {
            return false
        }
        return isSubset(prepared, of: live)
    }

    /// Every value in `subset` is present and equal in `superset`; objects may have extra
    /// keys (server defaults), arrays must match element by element.
    public static func isSubset(_ subset: JSONValue, of superset: JSONValue) -> Bool {
        switch (subset, superset) {
        case (.object(let small), .object(let large)):
            for (key, value) in small {
                guard let other = large[key] else {
                    // An explicit null or empty value the server drops is still in sync.
                    if value.isNull { continue }
                    if let object = value.objectValue, object.isEmpty { continue }
                    return false
                }
                guard isSubset(value, of: other) else { return false }
            }
            return true
        case (.array(let small), .array(let large)):
            guard small.count == large.count else { return false }
            return zip(small, large).allSatisfy { isSubset($0, of: $1) }
        case (.integer, .double), (.double, .integer), (.double, .double):
            return subset.doubleValue == superset.doubleValue
        default:
            return subset == superset
        }
    }
}
