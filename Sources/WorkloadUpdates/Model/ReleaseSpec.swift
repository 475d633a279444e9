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

    public init(targets: Targets, images: Images, excluded: Set<WorkloadID> = [], force: Bool = false) {
        self.targets = targets
        self.images = images
        self.excluded = excluded
        self.force = force
    }

    /// A release from the strings fluxctl sends: workload IDs or `all`, an image
    /// (`repository:tag`) or `updateAllImages`, workloads to exclude.
    public init(
        workloads: [String], all: Bool, image: String?, updateAllImages: Bool = false, exclude: [String] = [],
        force: Bool = false
    ) throws(WorkloadUpdateError) {
        guard (image != nil) != updateAllImages else {
            throw WorkloadUpdateError(.invalidRequest, "give exactly one of an image (-i repository:tag) and --update-all-images")
        }
        guard all != !workloads.isEmpty else {
            throw WorkloadUpdateError(.invalidRequest, "give workloads (--workload) or --all, not both and not neither")
        }
        if let image {
            let reference: ImageReference
            do {
                reference = try ImageReference(parsing: image)
            } catch {
                throw WorkloadUpdateError(.invalidRequest, error.description)
            }
            guard reference.tag != nil || reference.digest != nil else {
                throw WorkloadUpdateError(.invalidRequest, "image \"\(image)\" names no tag: give repository:tag")
            }
            images = .image(reference)
        } else {
            images = .newest
        }
        targets = all ? .all : .workloads(try workloads.map(Self.id))
        excluded = Set(try exclude.map(Self.id))
        self.force = force
    }

    static func id(_ text: String) throws(WorkloadUpdateError) -> WorkloadID {
        do {
            return try WorkloadID(validating: text)
        } catch {
            throw WorkloadUpdateError(.invalidWorkloadID, error.description)
        }
    }
}
