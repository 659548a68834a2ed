import Emulation

/// Direct pointers to the two memory regions most accesses hit (RAM and flash), with the
/// bus as a slow path for everything else. A value type so the executor keeps it in registers.
struct FastMemory {
    let ramBase: UInt32
    let ramLimit: UInt32    // size - 3, so one compare covers word accesses; 0 if no RAM
    let ram: UnsafeMutableRawPointer
    let ramMarks: UnsafeMutablePointer<UInt8>
    unowned(unsafe) let ramCode: CodeRegion
    let flashBase: UInt32
    let flashLimit: UInt32
    let flash: UnsafeMutableRawPointer
    unowned(unsafe) let bus: Bus

    /// Decoded-instruction marks cover RAM in pages of this many bytes.
    static let markShift: UInt32 = 8

    @inline(__always)
    func load32(_ a: UInt32) -> UInt32? {
        let o = a &- ramBase
        if o < ramLimit { return UInt32(littleEndian: ram.loadUnaligned(fromByteOffset: Int(o), as: UInt32.self)) }
        let f = a &- flashBase
        if f < flashLimit { return UInt32(littleEndian: flash.loadUnaligned(fromByteOffset: Int(f), as: UInt32.self)) }
        return slowRead(a, 4)
    }

    @inline(__always)
    func load16(_ a: UInt32) -> UInt32? {
        let o = a &- ramBase
        if o < ramLimit { return UInt32(UInt16(littleEndian: ram.loadUnaligned(fromByteOffset: Int(o), as: UInt16.self))) }
        let f = a &- flashBase
        if f < flashLimit { return UInt32(UInt16(littleEndian: flash.loadUnaligned(fromByteOffset: Int(f), as: UInt16.self))) }
        return slowRead(a, 2)
    }

    @inline(__always)
    func load8(_ a: UInt32) -> UInt32? {
        let o = a &- ramBase
        if o < ramLimit { return UInt32(ram.load(fromByteOffset: Int(o), as: UInt8.self)) }
        let f = a &- flashBase
        if f < flashLimit { return UInt32(flash.load(fromByteOffset: Int(f), as: UInt8.self)) }
        return slowRead(a, 1)
    }

    @inline(__always)
    func store32(_ a: UInt32, _ v: UInt32) -> Bool {
        let o = a &- ramBase
        if o < ramLimit {
            ram.storeBytes(of: v.littleEndian, toByteOffset: Int(o), as: UInt32.self)
            if ramMarks[Int(o >> FastMemory.markShift)] | ramMarks[Int((o &+ 3) >> FastMemory.markShift)] != 0 { invalidate(o, 4) }
            return true
        }
        return slowWrite(a, 4, v)
    }

    @inline(__always)
    func store16(_ a: UInt32, _ v: UInt32) -> Bool {
        let o = a &- ramBase
        if o < ramLimit {
            ram.storeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian, toByteOffset: Int(o), as: UInt16.self)
            if ramMarks[Int(o >> FastMemory.markShift)] | ramMarks[Int((o &+ 1) >> FastMemory.markShift)] != 0 { invalidate(o, 2) }
            return true
        }
        return slowWrite(a, 2, v)
    }

    @inline(__always)
    func store8(_ a: UInt32, _ v: UInt32) -> Bool {
        let o = a &- ramBase
        if o < ramLimit {
            ram.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: Int(o), as: UInt8.self)
            if ramMarks[Int(o >> FastMemory.markShift)] != 0 { invalidate(o, 1) }
            return true
        }
        return slowWrite(a, 1, v)
    }

    @inline(never)
    func slowRead(_ a: UInt32, _ size: Int) -> UInt32? { bus.read(a, size: size) }

    @inline(never)
    func slowWrite(_ a: UInt32, _ size: Int, _ v: UInt32) -> Bool { bus.write(a, size: size, value: v) }

    /// Drops decoded instructions overlapping a store into a RAM page that holds code.
    @inline(never)
    func invalidate(_ offset: UInt32, _ count: UInt32) {
        ramCode.invalidate(offset: offset, count: count)
    }
}
