import Testing

@Suite struct ManifestsTestsPlaceholder {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
