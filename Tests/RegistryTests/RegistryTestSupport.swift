import Foundation
import KubernetesModel
import Logging
import Registry
import TestSupport

/// Starts a registry for one test and always stops it.
func withRegistry<T>(
    auth: RegistryServer.Auth = .none, _ body: (RegistryServer) async throws -> T
) async throws -> T {
    let server = try await RegistryServer.start(auth: auth)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Pushes single-platform images (tag → created time) to `host/repository`.
func push(_ images: [(tag: String, created: String)], to host: String, repository: String, credentials: String? = nil) async throws {
    let directory = try TemporaryDirectory(prefix: "oci")
    defer { directory.remove() }
    let layout = try OCIImageLayout(path: directory.path + "/layout")
    for image in images {
        try await layout.add(OCITestImage(created: image.created, content: image.tag), tag: image.tag)
        try await layout.push(tag: image.tag, to: "\(host)/\(repository):\(image.tag)", credentials: credentials)
    }
}

func options(insecure hosts: String...) -> RegistryOptions {
    var options = RegistryOptions()
    options.insecureHosts = Set(hosts)
    options.requestTimeout = .seconds(10)
    options.connectTimeout = .seconds(2)
    return options
}

func image(_ text: String) throws -> ImageReference { try ImageReference(parsing: text) }

func date(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
}

let testLogger: Logger = {
    var logger = Logger(label: "registry-tests")
    logger.logLevel = .warning
    return logger
}()
