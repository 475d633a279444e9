import Testing

@Suite struct GitRepositoryTestsPlaceholder {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
