/// A Flux workload ID, `namespace:kind/name` with the kind in lower case
/// (`default:deployment/helloworld`): how fluxctl, the API, automation and git edits name a
/// workload. The one parser of workload IDs (`init(parsing:)`, `init(validating:)`).
public struct WorkloadID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    /// Lower case (`deployment`, `cronjob`).
    public var kind: String
    public var name: String

    /// The kinds Flux treats as workloads (HelmRelease only from Flux v1's API groups, see
    /// `isWorkload(apiVersion:kind:)`).
    public static let kinds: Set<String> = [
        "deployment", "statefulset", "daemonset", "cronjob", "helmrelease", "fluxhelmrelease",
    ]

    /// Whether an object is a workload: a Deployment, StatefulSet, DaemonSet or CronJob, or a
    /// Flux v1 HelmRelease (`helm.fluxcd.io/v1`, `flux.weave.works/v1beta1`), whose images
    /// `HelmReleaseImages` finds in its values.
    public static func isWorkload(apiVersion: String?, kind: String) -> Bool {
        if kind == "HelmRelease" || kind == "FluxHelmRelease" {
            return HelmReleaseImages.isHelmRelease(apiVersion: apiVersion, kind: kind)
        }
        return kind != "Job" && podSpecPaths[kind] != nil
    }

    /// The kinds whose pod templates hold containers (the workload kinds and Job), and the path
    /// to the pod spec in each.
    public static let podSpecPaths: [String: [String]] = [
        "Deployment": ["spec", "template", "spec"],
        "StatefulSet": ["spec", "template", "spec"],
        "DaemonSet": ["spec", "template", "spec"],
        "Job": ["spec", "template", "spec"],
        "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    ]

    public init(namespace: String, kind: String, name: String) {
        self.namespace = namespace
        self.kind = kind.lowercased()
        self.name = name
    }

    /// Parses `namespace:kind/name` with Flux v1's grammar (`resource.IDRegexp`): the namespace
    /// is `<cluster>` or letters, digits, `_` and `-`; the kind the same; the name may also hold
    /// `.` and `:`. `nil` when a part is missing or holds another character
    /// (`name.space:kind/name`, `namespace:kind:name`).
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let namespace = text[..<colon]
        let parts = text[text.index(after: colon)...].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, namespace == "<cluster>" || Self.isIDWord(namespace), Self.isIDWord(parts[0]),
            Self.isIDWord(parts[1], extra: [UInt8(ascii: "."), UInt8(ascii: ":")])
        else { return nil }
        self.init(namespace: String(namespace), kind: String(parts[0]), name: String(parts[1]))
    }

    /// Whether `text` is non-empty and only `[a-zA-Z0-9_-]` (plus `extra`).
    private static func isIDWord(_ text: Substring, extra: Set<UInt8> = []) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: extra.contains(byte)
                }
            }
    }

    /// Parses a workload ID from a user or a request, with errors that say what is wrong: a
    /// missing part, a kind that is not a workload kind. `defaultNamespace` fills in `kind/name`.
    public init(validating text: String, defaultNamespace: String? = nil) throws(WorkloadIDError) {
        let example = "expected namespace:kind/name, e.g. default:deployment/web"
        let qualified = defaultNamespace.map { Self.qualified(text, defaultNamespace: $0) } ?? text
        guard text.contains(":") || defaultNamespace != nil else {
            throw WorkloadIDError(id: text, reason: "no namespace: \(example)")
        }
        guard let id = WorkloadID(parsing: qualified) else { throw WorkloadIDError(id: text, reason: example) }
        guard Self.kinds.contains(id.kind) else {
            let kinds = Self.kinds.sorted().joined(separator: ", ")
            throw WorkloadIDError(id: text, reason: "kind \"\(id.kind)\" is not one of \(kinds)")
        }
        self = id
    }

    public var description: String { "\(namespace):\(kind)/\(name)" }

    /// A workload ID as a user typed it, with `defaultNamespace` filled in when it names none
    /// (`deployment/web` → `default:deployment/web`); anything else is returned as typed, for
    /// `init(validating:)` to judge.
    public static func qualified(_ text: String, defaultNamespace: String) -> String {
        text.contains(":") ? text : "\(defaultNamespace):\(text)"
    }

    /// Whether an object of `kind` named `name` in `namespace` (its manifest's, `nil` when it
    /// names none, then taken to be in `defaultNamespace`) is this workload. Kinds compare
    /// case-insensitively (`Deployment` is `deployment`).
    public func matches(kind: String, name: String, namespace: String?, defaultNamespace: String) -> Bool {
        kind.lowercased() == self.kind && name == self.name && (namespace ?? defaultNamespace) == self.namespace
    }

    public static func < (lhs: WorkloadID, rhs: WorkloadID) -> Bool {
        (lhs.namespace, lhs.kind, lhs.name) < (rhs.namespace, rhs.kind, rhs.name)
    }
}

/// Why a text is not a workload ID.
public struct WorkloadIDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public var id: String
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }

    public var description: String { "invalid workload ID \"\(id)\": \(reason)" }
}
