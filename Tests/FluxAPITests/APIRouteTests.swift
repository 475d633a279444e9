import FluxAPI
import Foundation
import Testing

@Suite struct APIRouteTests {
    @Test func routesSplitIntoMethodAndPath() {
        #expect(APIRoute.sync.method == "POST")
        #expect(APIRoute.job.template == "/api/flux/v1/jobs/{id}")
        #expect(APIRoute.job.path(["id": "a b/c"]) == "/api/flux/v1/jobs/a%20b%2Fc")
        for route in APIRoute.allCases { #expect(route.template.hasPrefix(APIRoute.prefix)) }
    }

    @Test func queryIsEncoded() {
        let request = FluxRequest(method: "GET", path: "/x", query: [("workload", "default:deployment/web"), ("q", "a&b")])
        #expect(request.target == "/x?workload=default:deployment/web&q=a%26b")
    }

    /// docs/api/openapi.yaml documents exactly the routes fluxd serves.
    @Test func openAPIDocumentListsEveryRoute() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/api/openapi.yaml"), encoding: .utf8)
        var documented = Set<String>()
        var path: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("  /") && line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let current = path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method) { documented.insert("\(method) \(current)") }
            } else if !line.hasPrefix(" ") {
                path = nil
            }
        }
        #expect(documented == Set(APIRoute.allCases.map(\.rawValue)))
    }
}
