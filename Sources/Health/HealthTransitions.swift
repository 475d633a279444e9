import KubernetesModel

/// A change of one object's health between two assessments.
public struct HealthTransition: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// It was current (or first seen) and now is failed, or it was current and no longer is.
        case degraded
        /// It was not current and now is.
        case recovered
        /// It became ready for the first time after being applied.
        case ready
    }

    public var kind: Kind
    public var object: ObjectHealth
    public var previous: HealthStatus?

    public init(kind: Kind, object: ObjectHealth, previous: HealthStatus?) {
        self.kind = kind
        self.object = object
        self.previous = previous
    }
}

/// Which health changes are worth telling people about, given the last assessment. Pure.
///
/// A rollout in progress is not news: an object applied just now is expected to be
/// `InProgress` for a while. News is an object that was `Current` and is not any more, an
/// object that turned `Failed`, and one of those recovering.
public enum HealthTransitions {
    public static func between(
        previous: [ObjectKey: HealthStatus], current: [ObjectHealth]
    ) -> [HealthTransition] {
        var transitions: [HealthTransition] = []
        for object in current {
            let now = object.result.status
            let before = previous[object.key]
            guard before != now else { continue }
            switch (before, now) {
            case (.current?, .failed), (.current?, .inProgress), (.current?, .unknown), (.current?, .notFound):
                transitions.append(HealthTransition(kind: .degraded, object: object, previous: before))
            case (_, .failed):
                transitions.append(HealthTransition(kind: .degraded, object: object, previous: before))
            case (.failed?, .current), (.unknown?, .current), (.notFound?, .current):
                transitions.append(HealthTransition(kind: .recovered, object: object, previous: before))
            case (.inProgress?, .current), (nil, .current):
                transitions.append(HealthTransition(kind: .ready, object: object, previous: before))
            default:
                continue
            }
        }
        return transitions
    }
}
