/// Events due at a virtual time, counted in CPU cycles: timer compares, SysTick wrap, later
/// UART byte done and sensor samples. The CPU runs until the earliest deadline (as mGBA's
/// `nextEvent`), then the due events fire.
public final class EventScheduler {
    public typealias Handler = (_ now: UInt64) -> Void

    private struct Event {
        var deadline: UInt64
        /// Breaks ties in scheduling order, so equal deadlines fire deterministically.
        var sequence: UInt64
        var id: Int
    }

    private var heap: [Event] = []
    private var handlers: [Int: Handler] = [:]
    private var deadlines: [Int: UInt64] = [:]
    private var nextID = 0
    private var nextSequence: UInt64 = 0
    /// Counts schedule calls, so a CPU slice can tell a peripheral scheduled something new and
    /// end early: the machine then budgets the next slice up to the new deadline.
    public private(set) var generation: UInt64 = 0
    /// Called when something is scheduled, so a CPU in the middle of a slice can end it after
    /// the current instruction (a peripheral register write that starts a timer, say).
    public var onSchedule: (() -> Void)?

    public init() {}

    /// Registers a client; the handler runs each time its event falls due.
    public func register(_ handler: @escaping Handler) -> Int {
        defer { nextID += 1 }
        handlers[nextID] = handler
        return nextID
    }

    /// (Re)schedules client `id` at `deadline`, replacing its previous deadline.
    public func schedule(_ id: Int, at deadline: UInt64) {
        deadlines[id] = deadline
        generation &+= 1
        heap.append(Event(deadline: deadline, sequence: nextSequence, id: id))
        nextSequence += 1
        siftUp(heap.count - 1)
        onSchedule?()
    }

    public func cancel(_ id: Int) {
        deadlines[id] = nil
    }

    /// The earliest pending deadline, if any.
    public var nextDeadline: UInt64? {
        dropStale()
        return heap.first?.deadline
    }

    /// Fires every event due at or before `now`, in deadline order.
    public func fireDue(now: UInt64) {
        while let first = nextDeadlineEvent(), first.deadline <= now {
            popFirst()
            deadlines[first.id] = nil
            handlers[first.id]?(now)
        }
    }

    private func nextDeadlineEvent() -> Event? {
        dropStale()
        return heap.first
    }

    /// Entries whose client was rescheduled, cancelled or already fired are dropped lazily.
    private func dropStale() {
        while let first = heap.first, deadlines[first.id] != first.deadline {
            popFirst()
        }
    }

    private func popFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private func less(_ a: Event, _ b: Event) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence
    }

    private func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
