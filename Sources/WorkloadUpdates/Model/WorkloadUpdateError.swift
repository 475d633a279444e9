import YAMLEditing

/// Why a policy change or release could not be made; nothing was written when it is thrown.
public struct WorkloadUpdateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Not `namespace:kind/name`.
        case invalidWorkloadID
        /// No manifest under the sync paths defines the workload.
        case workloadNotInGit
        /// More than one manifest defines the workload.
        case ambiguousWorkload
        /// Bad image reference, policy name or value.
        case invalidRequest
        /// The YAML edit failed (see YAMLEditError).
        case editFailed
        /// Reading or writing a file failed.
        case fileSystem
    }

    public var code: Code
    public var workload: String?
    public var file: String?
    public var message: String

    public init(_ code: Code, workload: String? = nil, file: String? = nil, _ message: String) {
        self.code = code
        self.workload = workload
        self.file = file
        self.message = message
    }

    init(_ error: YAMLEditError, workload: String) {
        self.init(.editFailed, workload: workload, file: error.file, error.description)
    }

    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if let workload, !message.contains(workload) { text += "\(workload): " }
        return text + message
    }
}
