/// Why a patch could not be applied. `message` reads like the real tools' errors
/// (kube-apiserver's `jsonpatch`/`strategicpatch`, kustomize's patch transformers).
public struct PatchError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
