/// Virtual time in CPU cycles, as peripherals see it during an access. The CPU keeps its own
/// count in registers while it runs and publishes it here before every access that leaves the
/// fast path, so a timer read in the middle of a run sees the exact cycle.
public final class VirtualClock {
    /// The count itself, behind a pointer so the CPU's memory path can publish it without
    /// reference counting or exclusivity checks (it does so before every slow-path access).
    public let storage: UnsafeMutablePointer<UInt64>
    public let hz: UInt64

    public var cycles: UInt64 {
        get { storage.pointee }
        set { storage.pointee = newValue }
    }

    public init(hz: UInt64) {
        self.hz = hz
        storage = .allocate(capacity: 1)
        storage.initialize(to: 0)
    }

    deinit {
        storage.deallocate()
    }
}
