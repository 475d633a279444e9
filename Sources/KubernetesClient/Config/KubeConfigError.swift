/// Why a kubeconfig or in-cluster configuration could not be loaded. Always names the file
/// (and the cluster/user/context entry) so the user can fix it.
public struct KubeConfigError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public static let fileUnreadable = Code(raw: "fileUnreadable")
        public static let invalidFormat = Code(raw: "invalidFormat")
        public static let noConfiguration = Code(raw: "noConfiguration")
        public static let contextNotFound = Code(raw: "contextNotFound")
        public static let clusterNotFound = Code(raw: "clusterNotFound")
        public static let userNotFound = Code(raw: "userNotFound")
        public static let invalidCertificate = Code(raw: "invalidCertificate")
        public static let unsupported = Code(raw: "unsupported")
        public static let notInCluster = Code(raw: "notInCluster")
        public var description: String { raw }
    }

    public var code: Code
    public var message: String
    /// The file involved, when there is one.
    public var file: String?
    public var underlying: (any Error & Sendable)?

    public init(code: Code, message: String, file: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let file { text = "\(file): \(text)" }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
