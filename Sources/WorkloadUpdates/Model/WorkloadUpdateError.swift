import ImagePolicy
import KubernetesModel
import Manifests
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
        /// A `.flux.yaml` is invalid, or one of its generators or updaters failed (see
        /// ManifestGenerationError).
        case generationFailed
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

    /// A workload ID that does not parse.
    public init(_ error: WorkloadIDError) {
        self.init(.invalidWorkloadID, error.description)
    }

    /// A policy change that cannot be made (unknown name, invalid pattern, missing container).
    public init(_ error: PolicyError) {
        self.init(.invalidRequest, workload: error.workload?.description, error.description)
    }

    init(_ error: YAMLEditError, workload: String) {
        self.init(.editFailed, workload: workload, file: error.file, error.description)
    }

    /// Keeps the `.flux.yaml` (or patch file), line, command and stderr of a generation error.
    init(_ error: ManifestGenerationError, workload: String? = nil) {
        var message = error.line.map { "line \($0): " } ?? ""
        message += error.message
        if let command = error.command { message += " (command: \(command))" }
        if let standardError = error.standardError, !standardError.isEmpty { message += "\nstderr:\n\(standardError)" }
        let code: Code = error.code == .invalidValue ? .invalidRequest : .generationFailed
        self.init(code, workload: workload, file: error.file, message)
    }

    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if let workload, !message.contains(workload) { text += "\(workload): " }
        return text + message
    }
}
