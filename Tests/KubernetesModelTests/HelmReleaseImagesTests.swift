import KubernetesModel
import Testing

/// Flux v1's HelmRelease container tables (`pkg/cluster/kubernetes/resource/helmrelease_test.go`),
/// ported: which containers a HelmRelease's values hold, their images, and what a new image
/// writes where.
@Suite struct HelmReleaseImagesTests {
    func release(values: String, annotations: String = "", apiVersion: String = "helm.fluxcd.io/v1") throws -> JSONValue {
        let metadata = annotations.isEmpty ? "" : "\n  annotations:\n" + annotations
        return try JSONValue(
            yaml: """
                apiVersion: \(apiVersion)
                kind: HelmRelease
                metadata:
                  name: ghost
                  namespace: ghost\(metadata)
                spec:
                  chart:
                    git: git@github.com:fluxcd/flux-get-started
                    path: charts/ghost
                  values:
                \(values)
                """)
    }

    func images(_ object: JSONValue) -> [String] {
        HelmReleaseImages.containers(of: object).map { "\($0.name)=\($0.image)" }
    }

    /// Sets the new image the way Flux v1's setters do and reads the container back.
    func roundTrip(_ object: JSONValue, container: String, to image: String) throws -> String? {
        let target = try #require(HelmReleaseImages.containers(of: object).first { $0.name == container })
        var updated = object
        for (path, value) in target.assignments(for: try #require(FluxImageRef(parsing: image))) {
            #expect(object[path: path] != nil, "Flux v1 only writes fields that exist: \(path)")
            updated.set(path: path, to: .string(value))
        }
        return HelmReleaseImages.containers(of: updated).first { $0.name == container }?.image.description
    }

    @Test func imageOnly() throws {
        let object = try release(values: "    first: post\n    image: bitnami/ghost:1.21.5-r0\n    persistence:\n      enabled: false")
        #expect(images(object) == ["chart-image=bitnami/ghost:1.21.5-r0"])
        #expect(try roundTrip(object, container: "chart-image", to: "bitnami/ghost:2") == "bitnami/ghost:2")
    }

    @Test func imageAndTag() throws {
        let object = try release(values: "    image: bitnami/ghost\n    tag: 1.21.5-r0")
        #expect(images(object) == ["chart-image=bitnami/ghost:1.21.5-r0"])
        let target = try #require(HelmReleaseImages.containers(of: object).first)
        let assignments = target.assignments(for: try #require(FluxImageRef(parsing: "bitnami/ghost:x")))
        #expect(assignments.map(\.value) == ["bitnami/ghost", "x"])
    }

    @Test func registryImageAndTag() throws {
        let object = try release(values: "    registry: registry.com\n    image: bitnami/ghost\n    tag: 1.21.5-r0")
        #expect(images(object) == ["chart-image=registry.com/bitnami/ghost:1.21.5-r0"])
        #expect(
            try roundTrip(object, container: "chart-image", to: "someotherregistry.com/bitnami/ghost:t")
                == "someotherregistry.com/bitnami/ghost:t")
    }

    @Test func registryAndImageWithTag() throws {
        let object = try release(values: "    registry: registry.com\n    image: bitnami/ghost:1.21.5-r0")
        #expect(images(object) == ["chart-image=registry.com/bitnami/ghost:1.21.5-r0"])
        let target = try #require(HelmReleaseImages.containers(of: object).first)
        let assignments = target.assignments(for: try #require(FluxImageRef(parsing: "other.com/bitnami/ghost:2")))
        #expect(assignments.map(\.value) == ["other.com", "bitnami/ghost:2"])
    }

    @Test func namedContainers() throws {
        let object = try release(
            values: """
                    other:
                      not: "containing image"
                    db:
                      first: post
                      image: bitnami/ghost
                      tag: 1.21.5-r0
                      persistence:
                        enabled: false
                """)
        #expect(images(object) == ["db=bitnami/ghost:1.21.5-r0"])
        #expect(try roundTrip(object, container: "db", to: "bitnami/ghost:some-other-tag") == "bitnami/ghost:some-other-tag")
        let registry = try release(values: "    db:\n      registry: registry.com\n      image: bitnami/ghost:1.21.5-r0")
        #expect(images(registry) == ["db=registry.com/bitnami/ghost:1.21.5-r0"])
        #expect(
            try roundTrip(registry, container: "db", to: "someotherregistry.com/bitnami/ghost:some-other-tag")
                == "someotherregistry.com/bitnami/ghost:some-other-tag")
    }

    @Test func imageObjects() throws {
        let top = try release(values: "    image:\n      repository: bitnami/ghost\n      tag: 1.21.5-r0")
        #expect(images(top) == ["chart-image=bitnami/ghost:1.21.5-r0"])
        let named = try release(
            values:
                "    db:\n      image:\n        registry: registry.com\n        repository: public/bitnami/ghost\n        tag: 1.21.5-r0")
        #expect(images(named) == ["db=registry.com/public/bitnami/ghost:1.21.5-r0"])
        #expect(
            try roundTrip(named, container: "db", to: "someotherregistry.com/public/bitnami/ghost:t")
                == "someotherregistry.com/public/bitnami/ghost:t")
        let withoutTag = try release(
            values: "    db:\n      image:\n        registry: registry.com\n        repository: bitnami/ghost:1.21.5-r0")
        #expect(images(withoutTag) == ["db=registry.com/bitnami/ghost:1.21.5-r0"])
        #expect(
            try roundTrip(withoutTag, container: "db", to: "someotherregistry.com/bitnami/ghost:t")
                == "someotherregistry.com/bitnami/ghost:t")
    }

    @Test func mappedByAnnotations() throws {
        let only = try release(
            values: "    customRepository: bitnami/mariadb:10.1.30-r1",
            annotations: "    repository.fluxcd.io/mariadb: customRepository")
        #expect(images(only) == ["mariadb=bitnami/mariadb:10.1.30-r1"])
        #expect(try roundTrip(only, container: "mariadb", to: "bitnami/mariadb:t") == "bitnami/mariadb:t")
        let tagged = try release(
            values: "    customRepository: bitnami/mariadb\n    customTag: 10.1.30-r1",
            annotations: "    repository.fluxcd.io/mariadb: customRepository\n    tag.fluxcd.io/mariadb: customTag")
        #expect(images(tagged) == ["mariadb=bitnami/mariadb:10.1.30-r1"])
        #expect(try roundTrip(tagged, container: "mariadb", to: "bitnami/mariadb:t") == "bitnami/mariadb:t")
        let registry = try release(
            values: "    customRegistry: docker.io\n    customImage: bitnami/mariadb:10.1.30-r1",
            annotations: "    registry.fluxcd.io/mariadb: customRegistry\n    repository.fluxcd.io/mariadb: customImage")
        #expect(images(registry) == ["mariadb=docker.io/bitnami/mariadb:10.1.30-r1"])
        #expect(try roundTrip(registry, container: "mariadb", to: "docker.io/bitnami/mariadb:t") == "docker.io/bitnami/mariadb:t")
        let all = try release(
            values: "    customRegistry: index.docker.io\n    customRepository: bitnami/mariadb\n    customTag: 10.1.30-r1",
            annotations: """
                    registry.fluxcd.io/mariadb: customRegistry
                    repository.fluxcd.io/mariadb: customRepository
                    tag.fluxcd.io/mariadb: customTag
                """)
        #expect(images(all) == ["mariadb=index.docker.io/bitnami/mariadb:10.1.30-r1"])
        let tagOnly = try release(values: "    customTag: 10.1.30-r1", annotations: "    tag.fluxcd.io/mariadb: customTag")
        #expect(images(tagOnly).isEmpty, "a mapping without a repository path is no container")
    }

    @Test func mappedFormatsAtAnyDepth() throws {
        let object = try release(
            values: """
                    customRepository: repo/imageOne
                    customTag: tagOne
                    CCC:
                      customRepository: repo/imageTwo
                      customTag: tagTwo
                    NNN:
                      image:
                        customRepository: repo/imageThree:tagThree
                    ZZZ:
                      nested:
                        deep:
                          customRegistry: registry.com
                          customRepository: repo/imageFour
                          customTag: tagFour
                """,
            annotations: """
                    repository.fluxcd.io/AAA: customRepository
                    tag.fluxcd.io/AAA: customTag
                    repository.fluxcd.io/CCC: CCC.customRepository
                    tag.fluxcd.io/CCC: CCC.customTag
                    repository.fluxcd.io/NNN: NNN.image.customRepository
                    registry.fluxcd.io/ZZZ: ZZZ.nested.deep.customRegistry
                    repository.fluxcd.io/ZZZ: ZZZ.nested.deep.customRepository
                    tag.fluxcd.io/ZZZ: ZZZ.nested.deep.customTag
                """)
        #expect(
            images(object) == [
                "AAA=repo/imageOne:tagOne", "CCC=repo/imageTwo:tagTwo", "NNN=repo/imageThree:tagThree",
                "ZZZ=registry.com/repo/imageFour:tagFour",
            ])
    }

    @Test func allFormatsInOneAreSortedChartImageFirst() throws {
        let object = try release(
            values: """
                    image: repo/imageOne:tagOne
                    AAA:
                      image: repo/imageTwo
                      tag: tagTwo
                    DDD:
                      image:
                        repository: repo/imageThree
                        tag: tagThree
                      persistence:
                        enabled: false
                    HHH:
                      registry: registry.com
                      image: repo/imageFour
                      tag: tagFour
                    NNN:
                      image:
                        registry: registry.com
                        repository: repo/imageFive:tagFive
                    XXX:
                      image:
                        registry: registry.com
                        repository: repo/imageSix
                        tag: tagSix
                    ZZZ:
                      customRepository: repo/imageSeven
                      customTag: tagSeven
                """,
            annotations: "    repository.fluxcd.io/ZZZ: ZZZ.customRepository\n    tag.fluxcd.io/ZZZ: ZZZ.customTag")
        #expect(
            images(object) == [
                "chart-image=repo/imageOne:tagOne", "AAA=repo/imageTwo:tagTwo", "DDD=repo/imageThree:tagThree",
                "HHH=registry.com/repo/imageFour:tagFour", "NNN=registry.com/repo/imageFive:tagFive",
                "XXX=registry.com/repo/imageSix:tagSix", "ZZZ=repo/imageSeven:tagSeven",
            ])
    }

    @Test func onlyFluxV1APIGroupsAndStringValues() throws {
        let v1beta1 = try release(values: "    image: a/b:1", apiVersion: "flux.weave.works/v1beta1")
        #expect(images(v1beta1) == ["chart-image=a/b:1"])
        let fluxV2 = try release(values: "    image: a/b:1", apiVersion: "helm.toolkit.fluxcd.io/v2")
        #expect(images(fluxV2).isEmpty, "a Flux v2 HelmRelease is not a Flux v1 workload")
        let numericTag = try release(values: "    image: a/b\n    tag: 1.0")
        #expect(images(numericTag) == ["chart-image=a/b"], "a tag that reads as a number is not a tag (Flux v1 reads JSON)")
        #expect(WorkloadID.isWorkload(apiVersion: "helm.fluxcd.io/v1", kind: "HelmRelease"))
        #expect(!WorkloadID.isWorkload(apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease"))
        #expect(!WorkloadID.isWorkload(apiVersion: "batch/v1", kind: "Job"))
    }

    @Test func imageReferencesSplitAsFluxV1() {
        #expect(
            FluxImageRef(parsing: "localhost:5000/mariadb:10.1.33")
                == FluxImageRef(domain: "localhost:5000", image: "mariadb", tag: "10.1.33"))
        #expect(FluxImageRef(parsing: "weaveworks/scope") == FluxImageRef(domain: "", image: "weaveworks/scope", tag: ""))
        #expect(FluxImageRef(parsing: "quay.io/a/b:c") == FluxImageRef(domain: "quay.io", image: "a/b", tag: "c"))
        #expect(FluxImageRef(parsing: "a:b:c") == nil)
        #expect(FluxImageRef(parsing: "/a") == nil)
        #expect(FluxImageRef(parsing: "a:") == nil)
    }
}

@Suite struct WorkloadIDTests {
    @Test func parsingValidationAndQualifying() throws {
        #expect(try WorkloadID(validating: "deployment/web", defaultNamespace: "shop").description == "shop:deployment/web")
        #expect(try WorkloadID(validating: "apps:HelmRelease/shop").description == "apps:helmrelease/shop")
        #expect(throws: WorkloadIDError.self) { try WorkloadID(validating: "deployment/web") }
        #expect(throws: WorkloadIDError.self) { try WorkloadID(validating: "shop:service/web") }
        #expect(throws: WorkloadIDError.self) { try WorkloadID(validating: "shop:deployment") }
        #expect(WorkloadID.qualified("deployment/web", defaultNamespace: "default") == "default:deployment/web")
        #expect(WorkloadID.qualified("x:deployment/web", defaultNamespace: "default") == "x:deployment/web")
        let id = WorkloadID(namespace: "default", kind: "Deployment", name: "web")
        #expect(id.matches(kind: "Deployment", name: "web", namespace: nil, defaultNamespace: "default"))
        #expect(!id.matches(kind: "Deployment", name: "web", namespace: "other", defaultNamespace: "default"))
    }
}
