import Emulation

/// A model's next event in virtual time: planned for an exact cycle (or for none), and handled
/// with that cycle — the scheduler runs handlers at or just after their deadline, and a counter
/// read a few cycles late could already show the next value.
final class PlannedEvent {
    private let scheduler: EventScheduler
    private var id = 0
    private(set) var cycle: UInt64 = 0

    init(_ scheduler: EventScheduler, handler: @escaping (_ plannedCycle: UInt64) -> Void) {
        self.scheduler = scheduler
        id = scheduler.register { [unowned self] _ in handler(self.cycle) }
    }

    /// Plans the event at `cycle`, or cancels it when nil.
    func plan(_ cycle: UInt64?) {
        guard let cycle else {
            scheduler.cancel(id)
            return
        }
        self.cycle = cycle
        scheduler.schedule(id, at: cycle)
    }
}
