import Hummingbird
import KubernetesModel

/// `GET /api/flux/v6/identity.pub`, the path Flux v1's Helm chart and `deploy/` manifests
/// use for the liveness and readiness probes: answered without a token (a probe has none)
/// with the deploy key's public half, as Flux v1 did (`{"key": …}`), so a Flux v1 Deployment
/// that only changes its image stays live. The public key is not a secret: it is the line
/// users add to their git host.
enum FluxV1Probe {
    static let path = "/api/flux/v6/identity.pub"

    static func register(on router: Router<BasicRequestContext>, identity: IdentityHolder) {
        router.get(RouterPath(path)) { _, _ -> Response in
            let key = await identity.key.publicKey
            let body: JSONValue = ["key": .string(key + "\n")]
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized())))
        }
    }
}
