import Crypto
import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// The bearer token every API request must carry.
enum APIToken {
    static let secretName = "flux-api-token"
    static let secretKey = "token"

    /// `--api-token-file`'s content when given; else the token in the Secret `flux-api-token`
    /// of fluxd's namespace, generated (32 random bytes, hex) and stored on first start, so
    /// whoever may read that Secret may use fluxctl.
    static func load(file: String?, namespace: String, client: KubernetesClient, logger: Logger) async throws -> String {
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw DaemonError("--api-token-file \(file): cannot read: \(error.localizedDescription)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.count >= 16 else { throw DaemonError("--api-token-file \(file): the token must be at least 16 characters") }
            return token
        }
        do {
            let secret = try await client.get(Bootstrap.secretGVK, namespace: namespace, name: secretName)
            if let encoded = secret[path: ["data", secretKey]]?.stringValue, let bytes = Base64.decode(encoded) {
                let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if !token.isEmpty { return token }
            }
        } catch {
            guard error.isNotFound else { throw error }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexEncoded
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": .string(secretName), "namespace": .string(namespace)],
            "data": .object(JSONObject(dictionaryLiteral: (secretKey, .string(Base64.encode(Array(token.utf8)))))),
        ]
        _ = try await client.apply(secret, fieldManager: "flux", force: true)
        logger.info("generated the API token", metadata: ["secret": "\(namespace)/\(secretName)"])
        return token
    }

    /// Compares in time independent of where the strings differ (and of the token's length,
    /// by comparing digests).
    static func matches(_ presented: String, expected: String) -> Bool {
        let left = Array(SHA256.hash(data: Array(presented.utf8)))
        let right = Array(SHA256.hash(data: Array(expected.utf8)))
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
