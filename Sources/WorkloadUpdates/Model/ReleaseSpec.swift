import KubernetesModel

/// What a release asks for, parsed and checked: which workloads, which image (or the newest
/// each policy allows), which to leave alone, and whether locked ones are released too.
public struct ReleaseSpec: Sendable, Hashable {
    /// The workloads to consider.
    public enum Targets: Sendable, Hashable {
        /// Every workload defined once under the sync paths.
        case all
        /// These workloads, each of which must be defined in git.
        case workloads([WorkloadID])
    }

    /// What to release.
    public enum Images: Sendable, Hashable {
        /// This image (with a tag or digest) into every container running its repository.
        case image(ImageReference)
        /// The newest tag each container's policy allows, from image scan results.
        case newest
    }

    public var targets: Targets
    public var images: Images
    public var excluded: Set<WorkloadID>
    /// Release locked workloads too.
    public var force: Bool
    /// Release only these changes of the plan (`fluxctl release --interactive`, Flux v1's
    /// container specs): each must still be planned exactly so, else planning fails.
    /// `nil`: every planned change.
    public var chosen: Set<ChosenChange>?
    /// An image-automation pass rather than a user's release: `.newest` is chosen as Flux v1's
    /// automation chose (`TagChoice(automation:)`).
    public var automation = false

    public init(
        targets: Targets, images: Images, excluded: Set<WorkloadID> = [], force: Bool = false,
        chosen: Set<ChosenChange>? = nil
    ) {
        self.targets = targets
        self.images = images
        self.excluded = excluded
        self.force = force
        self.chosen = chosen
    }

    /// A release from the strings fluxctl sends: workload IDs or `all` (which wins over IDs), an image
    /// (`repository:tag`) or `updateAllImages`, workloads to exclude, the changes chosen.
    public init(
        workloads: [String], all: Bool, image: String?, updateAllImages: Bool = false, exclude: [String] = [],
        force: Bool = false, chosen: Set<ChosenChange>? = nil
    ) throws(WorkloadUpdateError) {
        self.chosen = chosen
        guard (image != nil) != updateAllImages else {
            throw WorkloadUpdateError(.invalidRequest, "give exactly one of an image (-i repository:tag) and --update-all-images")
        }
        // As in Flux v1 (`ResourceSpecAll` among the workload specs), --all overrides workloads.
        guard all || !workloads.isEmpty else {
            throw WorkloadUpdateError(.invalidRequest, "give workloads (--workload) or --all")
        }
        if let image {
            do {
                images = .image(try ImageReference(releasing: image))
            } catch {
                throw WorkloadUpdateError(.invalidRequest, error.description)
            }
        } else {
            images = .newest
        }
        targets = all ? .all : .workloads(try workloads.map(Self.id))
        excluded = Set(try exclude.map(Self.id))
        self.force = force
    }

    public static func id(_ text: String) throws(WorkloadUpdateError) -> WorkloadID {
        do {
            return try WorkloadID(validating: text)
        } catch {
            throw WorkloadUpdateError(.invalidWorkloadID, error.description)
        }
    }
}

/// One container change a user picked from a planned release: the workload, the container,
/// and the image it runs now and will run.
public struct ChosenChange: Sendable, Hashable, CustomStringConvertible {
    public var workload: WorkloadID
    public var container: String
    public var from: String
    public var to: String

    public init(workload: WorkloadID, container: String, from: String, to: String) {
        self.workload = workload
        self.container = container
        self.from = from
        self.to = to
    }

    /// Whether a planned edit is exactly this change.
    public func matches(_ edit: PlannedEdit) -> Bool {
        edit.workload == workload && edit.container == container && edit.from == from && edit.image == to
    }

    public var description: String { "\(workload) container \(container): \(from) -> \(to)" }
}
