import Emulation

/// Direct pointers to the two memory regions most accesses hit (RAM and flash), with the
/// bus as a slow path for everything else. A value type so the executor keeps it in registers.
struct FastMemory {
    let ramBase: UInt32
    var ramLimit: UInt32    // size - 3, so one compare covers word accesses; 0 if no RAM or MPU on
    let ram: UnsafeMutableRawPointer
    let ramMarks: UnsafeMutablePointer<UInt8>
    unowned(unsafe) let ramCode: CodeRegion
    let flashBase: UInt32
    var flashLimit: UInt32
    let flash: UnsafeMutableRawPointer
    /// The slow path. Unmanaged, and used through `withBus`, so a call costs no retain/release.
    let busReference: Unmanaged<Bus>
    /// Raised by the system control space when a write may change which exception should run
    /// (pending an interrupt, changing a priority); the store then reports `storedAttention`.
    let attention: UnsafeMutablePointer<Bool>
    /// Where the current cycle count is published for peripherals before a slow-path access.
    let clockCycles: UnsafeMutablePointer<UInt64>
    /// While the MPU is enabled every access takes the slow path, which asks it first.
    var protection: Unmanaged<SystemControlSpace>?
    /// 3 and 1 while CCR.UNALIGN_TRP makes unaligned word and halfword accesses fault, else 0.
    var wordAlignmentMask: UInt32 = 0
    var halfwordAlignmentMask: UInt32 = 0

    /// Store results: the fast path returns `stored`, a constant the optimiser folds away.
    static let failed: UInt8 = 0
    static let stored: UInt8 = 1
    static let storedAttention: UInt8 = 2

    /// Decoded-instruction marks cover RAM in pages of this many bytes.
    static let markShift: UInt32 = 8

    @inline(__always)
    func load32(_ a: UInt32, _ now: UInt64) -> UInt32? {
        if a & wordAlignmentMask != 0 { return refuseUnaligned(a) }
        let o = a &- ramBase
        if o < ramLimit { return UInt32(littleEndian: ram.loadUnaligned(fromByteOffset: Int(o), as: UInt32.self)) }
        let f = a &- flashBase
        if f < flashLimit { return UInt32(littleEndian: flash.loadUnaligned(fromByteOffset: Int(f), as: UInt32.self)) }
        return slowRead(a, 4, now)
    }

    @inline(__always)
    func load16(_ a: UInt32, _ now: UInt64) -> UInt32? {
        if a & halfwordAlignmentMask != 0 { return refuseUnaligned(a) }
        let o = a &- ramBase
        if o < ramLimit { return UInt32(UInt16(littleEndian: ram.loadUnaligned(fromByteOffset: Int(o), as: UInt16.self))) }
        let f = a &- flashBase
        if f < flashLimit { return UInt32(UInt16(littleEndian: flash.loadUnaligned(fromByteOffset: Int(f), as: UInt16.self))) }
        return slowRead(a, 2, now)
    }

    @inline(__always)
    func load8(_ a: UInt32, _ now: UInt64) -> UInt32? {
        let o = a &- ramBase
        if o < ramLimit { return UInt32(ram.load(fromByteOffset: Int(o), as: UInt8.self)) }
        let f = a &- flashBase
        if f < flashLimit { return UInt32(flash.load(fromByteOffset: Int(f), as: UInt8.self)) }
        return slowRead(a, 1, now)
    }

    @inline(__always)
    func store32(_ a: UInt32, _ v: UInt32, _ now: UInt64) -> UInt8 {
        if a & wordAlignmentMask != 0 { _ = refuseUnaligned(a); return FastMemory.failed }
        let o = a &- ramBase
        if o < ramLimit {
            ram.storeBytes(of: v.littleEndian, toByteOffset: Int(o), as: UInt32.self)
            if ramMarks[Int(o >> FastMemory.markShift)] | ramMarks[Int((o &+ 3) >> FastMemory.markShift)] != 0 { invalidate(o, 4) }
            return FastMemory.stored
        }
        return slowWrite(a, 4, v, now)
    }

    @inline(__always)
    func store16(_ a: UInt32, _ v: UInt32, _ now: UInt64) -> UInt8 {
        if a & halfwordAlignmentMask != 0 { _ = refuseUnaligned(a); return FastMemory.failed }
        let o = a &- ramBase
        if o < ramLimit {
            ram.storeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian, toByteOffset: Int(o), as: UInt16.self)
            if ramMarks[Int(o >> FastMemory.markShift)] | ramMarks[Int((o &+ 1) >> FastMemory.markShift)] != 0 { invalidate(o, 2) }
            return FastMemory.stored
        }
        return slowWrite(a, 2, v, now)
    }

    @inline(__always)
    func store8(_ a: UInt32, _ v: UInt32, _ now: UInt64) -> UInt8 {
        let o = a &- ramBase
        if o < ramLimit {
            ram.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: Int(o), as: UInt8.self)
            if ramMarks[Int(o >> FastMemory.markShift)] != 0 { invalidate(o, 1) }
            return FastMemory.stored
        }
        return slowWrite(a, 1, v, now)
    }

    @inline(never)
    func refuseUnaligned(_ a: UInt32) -> UInt32? {
        withBus { $0.recordUnaligned(a) }
        return nil
    }

    @inline(never)
    func slowRead(_ a: UInt32, _ size: Int, _ now: UInt64) -> UInt32? {
        clockCycles.pointee = now
        if let protection, !protection.takeUnretainedValue().mpuPermits(a, write: false, execute: false) {
            withBus { $0.recordProtectionViolation(a) }
            return nil
        }
        return withBus { bus in
            if let watch = bus.watch, watch.refuses(a, size, write: false) { return nil }  // a debugger's watchpoint
            return bus.read(a, size: size)
        }
    }

    @inline(never)
    func slowWrite(_ a: UInt32, _ size: Int, _ v: UInt32, _ now: UInt64) -> UInt8 {
        clockCycles.pointee = now
        if let protection, !protection.takeUnretainedValue().mpuPermits(a, write: true, execute: false) {
            withBus { $0.recordProtectionViolation(a) }
            return FastMemory.failed
        }
        let written = withBus { bus in
            if let watch = bus.watch, watch.refuses(a, size, write: true) { return false }
            return bus.write(a, size: size, value: v)
        }
        guard written else { return FastMemory.failed }
        return attention.pointee ? FastMemory.storedAttention : FastMemory.stored
    }

    @inline(__always)
    func withBus<T>(_ body: (Bus) -> T) -> T {
        busReference._withUnsafeGuaranteedRef(body)
    }

    /// Drops decoded instructions overlapping a store into a RAM page that holds code.
    @inline(never)
    func invalidate(_ offset: UInt32, _ count: UInt32) {
        ramCode.invalidate(offset: offset, count: count)
    }
}
