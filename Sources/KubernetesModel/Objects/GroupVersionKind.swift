/// An API group and version, e.g. `apps/v1` or `v1` for the core group.
public struct GroupVersion: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String

    public init(group: String, version: String) {
        self.group = group
        self.version = version
    }

    /// Parses an `apiVersion` field: `v1`, `apps/v1`.
    public init(apiVersion: String) {
        if let slash = apiVersion.firstIndex(of: "/") {
            group = String(apiVersion[..<slash])
            version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            group = ""
            version = apiVersion
        }
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var description: String { apiVersion }
}

/// A kind within a group and version: what `apiVersion` + `kind` name.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    public init(apiVersion: String, kind: String) {
        let gv = GroupVersion(apiVersion: apiVersion)
        self.init(group: gv.group, version: gv.version, kind: kind)
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }
    public var apiVersion: String { groupVersion.apiVersion }
    public var groupKind: GroupKind { GroupKind(group: group, kind: kind) }
    public var description: String { "\(apiVersion), Kind=\(kind)" }
}

/// A kind independent of version: how objects are identified across API versions.
public struct GroupKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var group: String
    public var kind: String

    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
    }

    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }
    public static func < (lhs: GroupKind, rhs: GroupKind) -> Bool {
        (lhs.group, lhs.kind) < (rhs.group, rhs.kind)
    }
}

/// A resource (the plural URL segment) within a group and version.
public struct GroupVersionResource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var resource: String

    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    public var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }
    public var description: String { group.isEmpty ? "\(version)/\(resource)" : "\(group)/\(version)/\(resource)" }
}
