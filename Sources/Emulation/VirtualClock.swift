/// Virtual time in CPU cycles, as peripherals see it during an access. The CPU keeps its own
/// count in registers while it runs and publishes it here before every access that leaves the
/// fast path, so a timer read in the middle of a run sees the exact cycle.
public final class VirtualClock {
    public var cycles: UInt64 = 0
    public let hz: UInt64

    public init(hz: UInt64) {
        self.hz = hz
    }
}
