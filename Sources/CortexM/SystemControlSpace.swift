import Emulation

/// The system control space at 0xE000E000: SCB, NVIC, SysTick, MPU registers, FPU control,
/// CoreDebug DEMCR and STIR, laid out as in the ARMv7-M ARM (B3.2) and the Cortex-M4 TRM.
public final class SystemControlSpace: Peripheral {
    public static let base: UInt32 = 0xE000_E000
    public static let size: UInt32 = 0x1000
    public let name = "SCS"

    unowned let cpu: CortexM4
    private var sysTickEvent = 0

    // SCB state.
    public internal(set) var vtor: UInt32 = 0
    public internal(set) var ccr: UInt32 = 1 << 9
    public internal(set) var scr: UInt32 = 0
    public internal(set) var cfsr: UInt32 = 0
    public internal(set) var hfsr: UInt32 = 0
    public internal(set) var mmfar: UInt32 = 0
    public internal(set) var bfar: UInt32 = 0
    /// CP10/CP11 access; the CPU caches what FP instructions may skip, so changes tell it.
    public internal(set) var cpacr: UInt32 = 0 { didSet { cpu.floatingPointContextChanged() } }
    public internal(set) var priorityGrouping: UInt32 = 0
    var actlr: UInt32 = 0
    var demcr: UInt32 = 0
    /// Debug Fault Status Register (BKPT, HALTED, ...), write one to clear.
    var dfsr: UInt32 = 0
    var fpccr: UInt32 = 0xC000_0000 { didSet { cpu.floatingPointContextChanged() } }
    var fpcar: UInt32 = 0
    var fpdscr: UInt32 = 0
    /// MPU registers (regions, attributes) as written; `mpuPermits` applies them.
    var mpuControl: UInt32 = 0
    var mpuRegionNumber: UInt32 = 0
    var mpuBase = [UInt32](repeating: 0, count: 8)
    var mpuAttributes = [UInt32](repeating: 0, count: 8)
    var sysTick = SysTickTimer()
    /// Set by a write to AIRCR.SYSRESETREQ; the machine performs the reset.
    public internal(set) var resetRequested = false

    /// CPUID of a Cortex-M4 r0p1.
    static let cpuid: UInt32 = 0x410F_C241

    init(cpu: CortexM4) {
        self.cpu = cpu
        sysTickEvent = cpu.scheduler.register { [unowned self] now in self.sysTickReachedZero(at: now) }
    }

    func reset() {
        vtor = 0; ccr = 1 << 9; scr = 0; cfsr = 0; hfsr = 0; mmfar = 0; bfar = 0; cpacr = 0
        priorityGrouping = 0; actlr = 0; demcr = 0; dfsr = 0; fpccr = 0xC000_0000; fpcar = 0; fpdscr = 0
        mpuControl = 0; mpuRegionNumber = 0
        cpu.protectionChanged()
        mpuBase = Array(repeating: 0, count: 8); mpuAttributes = Array(repeating: 0, count: 8)
        sysTick = SysTickTimer()
        cpu.fast.wordAlignmentMask = 0
        cpu.fast.halfwordAlignmentMask = 0
        resetRequested = false
        cpu.scheduler.cancel(sysTickEvent)
    }

    public var traceEnabled: Bool { demcr & (1 << 24) != 0 }
    /// DEMCR.MON_EN: debug events (BKPT) raise the DebugMonitor exception.
    var debugMonitorEnabled: Bool { demcr & DebugMonitorBits.enable != 0 }

    private var now: UInt64 { cpu.clock.cycles }

    // MARK: Bus access

    public func read(offset: UInt32, size: Int) -> UInt32? {
        guard cpu.isPrivileged else { return nil }  // unprivileged SCS access is a BusFault
        let word = readWord(offset & ~3)
        let shift = 8 * (offset & 3)
        let mask: UInt32 = size == 4 ? 0xFFFF_FFFF : (1 << (8 * UInt32(size))) - 1
        return (word >> shift) & mask
    }

    public func write(offset: UInt32, size: Int, value: UInt32) -> Bool {
        let aligned = offset & ~3
        if aligned == 0xF00 && (cpu.isPrivileged || ccr & 2 != 0) {  // STIR (unprivileged if USERSETMPEND)
            cpu.setPending(ExceptionNumber.firstExternal + Int(value & 0x1FF))
            return true
        }
        guard cpu.isPrivileged else { return false }
        let shift = 8 * (offset & 3)
        let laneMask: UInt32 = size == 4 ? 0xFFFF_FFFF : ((1 << (8 * UInt32(size))) - 1) << shift
        writeWord(aligned, (value << shift) & laneMask, lanes: laneMask)
        return true
    }

    // MARK: Registers

    private func readWord(_ offset: UInt32) -> UInt32 {
        let table = cpu.exceptions
        switch offset {
        case 0x004: return UInt32((table.count - ExceptionNumber.firstExternal + 31) / 32 - 1)  // ICTR
        case 0x008: return actlr
        case 0x010:
            let value = (sysTick.enabled ? 1 : 0) | (sysTick.interruptEnabled ? 2 : 0) | 4 | (sysTick.countFlag ? 1 << 16 : 0)
            sysTick.countFlag = false  // COUNTFLAG clears on read
            return UInt32(value)
        case 0x014: return sysTick.reload
        case 0x018: return sysTick.value(at: now)
        case 0x01C: return SysTickTimer.calibration
        case 0x100..<0x140, 0x180..<0x1C0: return externalBits(offset & 0x3F) { table.enabled[$0] }
        case 0x200..<0x240, 0x280..<0x2C0: return externalBits(offset & 0x3F) { table.pending[$0] }
        case 0x300..<0x340: return externalBits(offset & 0x3F) { table.active[$0] }
        case 0x400..<0x5F0:
            return (0..<4).reduce(UInt32(0)) { word, lane in
                let n = ExceptionNumber.firstExternal + Int(offset - 0x400) + lane
                return n < table.count ? word | (UInt32(table.priority[n]) << (8 * UInt32(lane))) : word
            }
        case 0xD00: return SystemControlSpace.cpuid
        case 0xD04: return icsr
        case 0xD08: return vtor
        case 0xD0C: return 0xFA05_0000 | (priorityGrouping << 8)
        case 0xD10: return scr
        case 0xD14: return ccr
        case 0xD18, 0xD1C, 0xD20:
            return (0..<4).reduce(UInt32(0)) { word, lane in
                let n = 4 + Int(offset - 0xD18) + lane
                let configurable = [4, 5, 6, 11, 12, 14, 15].contains(n)
                return configurable ? word | (UInt32(table.priority[n]) << (8 * UInt32(lane))) : word
            }
        case 0xD24: return shcsr
        case 0xD28: return cfsr
        case 0xD2C: return hfsr
        case 0xD34: return mmfar
        case 0xD38: return bfar
        case 0xD40: return 0x0000_0030  // ID_PFR0
        case 0xD44: return 0x0000_0200  // ID_PFR1
        case 0xD48: return 0x0010_0000  // ID_DFR0
        case 0xD50: return 0x0010_0030  // ID_MMFR0
        case 0xD58: return 0x0100_0000  // ID_MMFR2
        case 0xD60: return 0x0110_1110  // ID_ISAR0
        case 0xD64: return 0x0211_2000  // ID_ISAR1
        case 0xD68: return 0x2123_2231  // ID_ISAR2
        case 0xD6C: return 0x0111_1131  // ID_ISAR3
        case 0xD70: return 0x0131_0132  // ID_ISAR4
        case 0xD88: return cpacr
        case 0xD90: return 8 << 8  // MPU_TYPE: 8 regions, unified
        case 0xD94: return mpuControl
        case 0xD98: return mpuRegionNumber
        case 0xD9C, 0xDA4, 0xDAC, 0xDB4: return mpuBase[Int(mpuRegionNumber & 7)] | (mpuRegionNumber & 7)
        case 0xDA0, 0xDA8, 0xDB0, 0xDB8: return mpuAttributes[Int(mpuRegionNumber & 7)]
        case 0xD30: return dfsr
        case 0xDFC:  // MON_PEND reads the DebugMonitor exception's pending state
            return (demcr & ~DebugMonitorBits.pend) | (cpu.exceptions.pending[ExceptionNumber.debugMonitor] ? DebugMonitorBits.pend : 0)
        case 0xF34: return fpccr
        case 0xF38: return fpcar
        case 0xF3C: return fpdscr
        default: return 0  // reserved: RAZ/WI
        }
    }

    private func writeWord(_ offset: UInt32, _ value: UInt32, lanes: UInt32) {
        func merged(_ old: UInt32) -> UInt32 { (old & ~lanes) | (value & lanes) }
        switch offset {
        case 0x008: actlr = merged(actlr) & 0x307
        case 0x010:
            let v = merged(UInt32((sysTick.enabled ? 1 : 0) | (sysTick.interruptEnabled ? 2 : 0) | 4))
            sysTick.rebase(at: now)
            sysTick.enabled = v & 1 != 0
            sysTick.interruptEnabled = v & 2 != 0
            rescheduleSysTick()
        case 0x014:
            sysTick.rebase(at: now)
            sysTick.reload = merged(sysTick.reload) & 0x00FF_FFFF
            rescheduleSysTick()
        case 0x018:  // any write clears the counter and COUNTFLAG
            sysTick.startValue = 0
            sysTick.startCycle = now
            sysTick.countFlag = false
            rescheduleSysTick()
        case 0x100..<0x140: setExternalBits(offset & 0x3F, value) { cpu.exceptions.enabled[$0] = true }
        case 0x180..<0x1C0: setExternalBits(offset & 0x3F, value) { cpu.exceptions.enabled[$0] = false }
        case 0x200..<0x240: setExternalBits(offset & 0x3F, value) { cpu.setPending($0) }
        case 0x280..<0x2C0: setExternalBits(offset & 0x3F, value) { cpu.setPending($0, false) }
        case 0x400..<0x5F0:
            for lane in 0..<4 where lanes & (0xFF << (8 * UInt32(lane))) != 0 {
                let n = ExceptionNumber.firstExternal + Int(offset - 0x400) + lane
                if n < cpu.exceptions.count { cpu.exceptions.priority[n] = implementedPriority(value >> (8 * UInt32(lane))) }
            }
            cpu.attention.pointee = true
        case 0xD04: writeICSR(value)
        case 0xD08: vtor = merged(vtor) & 0xFFFF_FF80
        case 0xD0C:
            guard lanes == 0xFFFF_FFFF && value >> 16 == 0x05FA else { return }  // VECTKEY
            priorityGrouping = (value >> 8) & 7
            if value & 4 != 0 { resetRequested = true; cpu.stopRequested = true }
            cpu.attention.pointee = true
        case 0xD10: scr = merged(scr) & 0x16
        case 0xD14:
            ccr = merged(ccr) & 0x31B
            let trap = ccr & (1 << 3) != 0
            cpu.fast.wordAlignmentMask = trap ? 3 : 0
            cpu.fast.halfwordAlignmentMask = trap ? 1 : 0
            cpu.attention.pointee = true
        case 0xD18, 0xD1C, 0xD20:
            for lane in 0..<4 where lanes & (0xFF << (8 * UInt32(lane))) != 0 {
                let n = 4 + Int(offset - 0xD18) + lane
                if [4, 5, 6, 11, 12, 14, 15].contains(n) { cpu.exceptions.priority[n] = implementedPriority(value >> (8 * UInt32(lane))) }
            }
            cpu.attention.pointee = true
        case 0xD24: writeSHCSR(merged(shcsr))
        case 0xD28: cfsr &= ~value  // write one to clear
        case 0xD2C: hfsr &= ~value
        case 0xD34: mmfar = merged(mmfar)
        case 0xD38: bfar = merged(bfar)
        case 0xD88: cpacr = merged(cpacr) & 0x00F0_0000
        case 0xD94:
            mpuControl = merged(mpuControl) & 7
            cpu.protectionChanged()
        case 0xD98: mpuRegionNumber = merged(mpuRegionNumber) & 0xFF
        case 0xD9C, 0xDA4, 0xDAC, 0xDB4:
            if value & 0x10 != 0 { mpuRegionNumber = value & 7 }  // VALID: the region number comes with the address
            mpuBase[Int(mpuRegionNumber & 7)] = value & 0xFFFF_FFE0
        case 0xDA0, 0xDA8, 0xDB0, 0xDB8: mpuAttributes[Int(mpuRegionNumber & 7)] = merged(mpuAttributes[Int(mpuRegionNumber & 7)])
        case 0xD30: dfsr &= ~value  // write one to clear
        case 0xDFC:
            demcr = merged(demcr) & 0x010F_07F1
            if lanes & DebugMonitorBits.pend != 0 {
                cpu.setPending(ExceptionNumber.debugMonitor, demcr & DebugMonitorBits.pend != 0)
            }
        case 0xF34: fpccr = merged(fpccr) & 0xC000_01FB
        case 0xF38: fpcar = merged(fpcar) & ~7
        case 0xF3C: fpdscr = merged(fpdscr) & 0x07C0_0000
        default: break
        }
    }

    /// Only the top `priorityBits` bits of a priority byte exist.
    private func implementedPriority(_ byte: UInt32) -> Int {
        Int(byte & 0xFF & (0xFF << UInt32(8 - cpu.priorityBits)))
    }

    private func externalBits(_ byteOffset: UInt32, _ bit: (Int) -> Bool) -> UInt32 {
        var word: UInt32 = 0
        for i in 0..<32 {
            let n = ExceptionNumber.firstExternal + Int(byteOffset) * 8 + i
            if n < cpu.exceptions.count && bit(n) { word |= 1 << UInt32(i) }
        }
        return word
    }

    private func setExternalBits(_ byteOffset: UInt32, _ value: UInt32, _ apply: (Int) -> Void) {
        for i in 0..<32 where value & (1 << UInt32(i)) != 0 {
            let n = ExceptionNumber.firstExternal + Int(byteOffset) * 8 + i
            if n < cpu.exceptions.count { apply(n) }
        }
        cpu.attention.pointee = true
    }

    private var icsr: UInt32 {
        let table = cpu.exceptions
        var value = table.current & 0x1FF
        let activeOthers = (1..<table.count).contains { table.active[$0] && $0 != Int(table.current) }
        if !activeOthers { value |= 1 << 11 }  // RETTOBASE
        if let pending = cpu.highestPendingException() { value |= UInt32(pending) << 12 }
        if (ExceptionNumber.firstExternal..<table.count).contains(where: { table.pending[$0] }) { value |= 1 << 22 }
        if table.pending[ExceptionNumber.sysTick] { value |= 1 << 26 }
        if table.pending[ExceptionNumber.pendSV] { value |= 1 << 28 }
        if table.pending[ExceptionNumber.nmi] { value |= 1 << 31 }
        return value
    }

    private func writeICSR(_ value: UInt32) {
        if value & (1 << 31) != 0 { cpu.setPending(ExceptionNumber.nmi) }
        if value & (1 << 28) != 0 { cpu.setPending(ExceptionNumber.pendSV) }
        if value & (1 << 27) != 0 { cpu.setPending(ExceptionNumber.pendSV, false) }
        if value & (1 << 26) != 0 { cpu.setPending(ExceptionNumber.sysTick) }
        if value & (1 << 25) != 0 { cpu.setPending(ExceptionNumber.sysTick, false) }
    }

    private var shcsr: UInt32 {
        let t = cpu.exceptions
        var value: UInt32 = 0
        // (state, SHCSR bit): active flags, pending flags, then the fault enables.
        let bits: [(Bool, UInt32)] = [
            (t.active[4], 0), (t.active[5], 1), (t.active[6], 3), (t.active[11], 7), (t.active[12], 8),
            (t.active[14], 10), (t.active[15], 11), (t.pending[6], 12), (t.pending[4], 13), (t.pending[5], 14),
            (t.pending[11], 15), (t.enabled[4], 16), (t.enabled[5], 17), (t.enabled[6], 18),
        ]
        for (set, bit) in bits where set { value |= 1 << bit }
        return value
    }

    private func writeSHCSR(_ value: UInt32) {
        let writes: [(Int, UInt32)] = [(4, 0), (5, 1), (6, 3), (11, 7), (12, 8), (14, 10), (15, 11)]
        for (n, bit) in writes { cpu.exceptions.active[n] = value & (1 << bit) != 0 }
        let pendings: [(Int, UInt32)] = [(6, 12), (4, 13), (5, 14), (11, 15)]
        for (n, bit) in pendings { cpu.exceptions.pending[n] = value & (1 << bit) != 0 }
        cpu.exceptions.enabled[4] = value & (1 << 16) != 0
        cpu.exceptions.enabled[5] = value & (1 << 17) != 0
        cpu.exceptions.enabled[6] = value & (1 << 18) != 0
        cpu.attention.pointee = true
    }

    // MARK: Memory protection (PMSAv7)

    public var mpuEnabled: Bool { mpuControl & 1 != 0 }

    /// Whether the MPU lets the current privilege level make this access. The highest-numbered
    /// enabled region that contains the address (and whose sub-region is not disabled) decides;
    /// with none, privileged code falls back to the default map if PRIVDEFENA.
    public func mpuPermits(_ address: UInt32, write: Bool, execute: Bool) -> Bool {
        guard mpuEnabled, address < 0xE000_0000 else { return true }  // the PPB always uses the default map
        // HFNMIENA clear: at priority -1 or -2 (HardFault, NMI, FAULTMASK) the MPU is bypassed.
        if mpuControl & 2 == 0 && (cpu.faultmask & 1 != 0 || cpu.exceptions.active[ExceptionNumber.hardFault]
                                   || cpu.exceptions.active[ExceptionNumber.nmi]) { return true }
        let privileged = cpu.isPrivileged
        for region in (0..<8).reversed() {
            let attributes = mpuAttributes[region]
            let sizeField = (attributes >> 1) & 31
            guard attributes & 1 != 0, sizeField >= 4 else { continue }
            let size = UInt64(1) << UInt64(sizeField + 1)
            let base = UInt64(mpuBase[region]) & ~(size - 1)
            let offset = UInt64(address) &- base
            guard UInt64(address) >= base, offset < size else { continue }
            if size >= 256 && attributes & (1 << (8 + UInt32(offset / (size / 8)))) != 0 { continue }
            if execute && attributes & (1 << 28) != 0 { return false }
            switch (attributes >> 24) & 7 {
            case 1: return privileged
            case 2: return privileged || !write
            case 3: return true
            case 5: return privileged && !write
            case 6, 7: return !write
            default: return false
            }
        }
        return privileged && mpuControl & 4 != 0
    }

    // MARK: SysTick events

    private func rescheduleSysTick() {
        cpu.attention.pointee = true  // end the CPU's slice so the machine sees the new deadline
        if let deadline = sysTick.nextZero(after: now) {
            cpu.scheduler.schedule(sysTickEvent, at: deadline)
        } else {
            cpu.scheduler.cancel(sysTickEvent)
        }
    }

    private func sysTickReachedZero(at now: UInt64) {
        sysTick.countFlag = true
        if sysTick.interruptEnabled { cpu.setPending(ExceptionNumber.sysTick) }
        rescheduleSysTick()
    }
}

/// DEMCR and DFSR bits of the debug monitor.
enum DebugMonitorBits {
    static let enable: UInt32 = 1 << 16      // DEMCR.MON_EN
    static let pend: UInt32 = 1 << 17        // DEMCR.MON_PEND
    static let breakpoint: UInt32 = 1 << 1   // DFSR.BKPT
    static let debugEvent: UInt32 = 1 << 31  // HFSR.DEBUGEVT
}
