/// A test world that holds a simulated cluster and a client until it is stopped.
protocol StoppableWorld: Sendable {
    func stop() async
}

extension StoppableWorld {
    /// Runs `body` against `world` and stops it afterwards, also when `body` throws.
    static func running(_ world: Self, _ body: (Self) async throws -> Void) async throws {
        do {
            try await body(world)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
