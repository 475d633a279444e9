/// Why a kustomization could not be rendered. The message names the kustomization file and
/// the field (or the resource file and line) so the user can find the mistake.
public struct KustomizeError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case missingKustomization, missingFile, invalidYAML, unknownField, invalidField, cycle
        case remoteResource, patchTargetNotFound, duplicateResource, unsupported, invalidPatch
        /// A file outside the kustomization's directory (kustomize's load restrictor).
        case loadRestriction
    }

    public var code: Code
    /// The kustomization (or resource/patch) file the error is about.
    public var file: String
    /// The field of the kustomization, e.g. `resources`, `patches[1].path`.
    public var field: String?
    public var message: String
    public var line: Int?

    public init(_ code: Code, file: String, field: String? = nil, line: Int? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.line = line
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { location += " (field \(field))" }
        return "\(location): \(message)"
    }
}
