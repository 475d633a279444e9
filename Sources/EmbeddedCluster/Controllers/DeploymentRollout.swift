import Foundation
import KubernetesModel

/// One rollout of one Deployment generation, as the deployment controller and the kubelet
/// play it out: progress reported at once, then available after `delay`, or, when an image
/// cannot be pulled, `ImagePullBackOff` pods and, after `progressDeadlineSeconds`,
/// `ProgressDeadlineExceeded`. A newer generation ends this rollout at its next step.
struct DeploymentRollout: Sendable {
    let store: ClusterStore
    let kubelet: SimulatedKubelet
    let namespace: String
    let name: String
    let generation: Int64
    let delay: Duration

    func run() async {
        guard let started = await store.simulateRolloutStart(namespace: namespace, name: name, generation: generation, kubelet: kubelet)
        else { return }
        do {
            try await Task.sleep(for: delay)
        } catch {
            return
        }
        guard started.pullFailures.isEmpty else {
            let live = await store.simulateImagePullBackOff(
                namespace: namespace, name: name, generation: generation, replicaSet: started.replicaSet,
                failures: started.pullFailures)
            guard live else { return }
            let remaining = Duration.seconds(started.progressDeadlineSeconds) - delay
            do {
                if remaining > .zero { try await Task.sleep(for: remaining) }
            } catch {
                return
            }
            await store.simulateProgressDeadlineExceeded(
                namespace: namespace, name: name, generation: generation, replicaSet: started.replicaSet)
            return
        }
        await store.simulateRolloutComplete(
            namespace: namespace, name: name, generation: generation, replicaSet: started.replicaSet)
    }
}

/// What the start of a rollout set up.
struct RolloutStart: Sendable {
    var replicaSet: String
    var pullFailures: [PullFailure]
    var progressDeadlineSeconds: Int64
}

struct PullFailure: Sendable {
    var container: String
    var image: String
    var reason: String
}

/// kube-controller-manager's names: a pod-template hash in the "safe" alphabet
/// (`rand.SafeEncodeString` of an FNV-32a hash), pod names with five random letters.
enum ControllerNames {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func templateHash(_ template: JSONValue) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in template.serializedBytes() {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        var digits = String(hash)
        digits = String(digits.map { alphabet[Int($0.wholeNumberValue ?? 0) % alphabet.count] })
        return digits
    }

    static func podSuffix() -> String {
        String((0..<5).map { _ in alphabet.randomElement() ?? "x" })
    }
}
