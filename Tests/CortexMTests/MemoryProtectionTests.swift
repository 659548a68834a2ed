import XCTest
@testable import CortexM

/// The MPU (PMSAv7) through its registers: regions, access permissions, XN, sub-regions and
/// PRIVDEFENA, with violations raised as MemManage faults.
final class MemoryProtectionTests: XCTestCase {
    private func configure(_ h: CPUHarness, regions: [(base: UInt32, attributes: UInt32)], control: UInt32) {
        let scs = h.cpu.systemControl!
        for (number, region) in regions.enumerated() {
            XCTAssertTrue(scs.write(offset: 0xD98, size: 4, value: UInt32(number)))
            XCTAssertTrue(scs.write(offset: 0xD9C, size: 4, value: region.base))
            XCTAssertTrue(scs.write(offset: 0xDA0, size: 4, value: region.attributes))
        }
        XCTAssertTrue(scs.write(offset: 0xD94, size: 4, value: control))
    }

    /// RASR: enable, SIZE (2^(SIZE+1) bytes), sub-region disables, AP, XN.
    private func rasr(size: UInt32, ap: UInt32, xn: Bool = false, disabledSubregions: UInt32 = 0) -> UInt32 {
        1 | (size << 1) | (disabledSubregions << 8) | (ap << 24) | (xn ? 1 << 28 : 0)
    }

    func testPrivilegedOnlyRegionFaultsUnprivilegedLoads() {
        // ldr r0, [r1]; ldr r0, [r1]
        let h = CPUHarness([0x6808, 0x6808])
        h.set([1: dataArea])
        configure(h, regions: [(0x0000_0000, rasr(size: 19, ap: 3)),                 // flash: full access
                               (0x2000_0000, rasr(size: 17, ap: 1, xn: true))],      // RAM: privileged only
                  control: 1)
        h.store(words: [0x1234_5678], at: dataArea)
        h.run(1)
        XCTAssertEqual(h[0], 0x1234_5678, "privileged load allowed")
        h.cpu.setControl(1)  // unprivileged Thread mode
        h.run(1)
        h.expectHalt("unprivileged LDR from a privileged-only region", .memoryProtection, pc: 2)
    }

    func testPrivilegedDefaultMapAndReadOnlyAndSubregions() {
        let scs: (CPUHarness) -> SystemControlSpace = { $0.cpu.systemControl }
        let h = CPUHarness([0xBF00])
        configure(h, regions: [(0x2000_0000, rasr(size: 11, ap: 6, disabledSubregions: 0x01))], control: 1)  // 4 KiB read-only, first 512 B off
        XCTAssertFalse(scs(h).mpuPermits(0x2000_0100, write: false, execute: false), "disabled sub-region, no PRIVDEFENA")
        XCTAssertTrue(scs(h).mpuPermits(0x2000_0200, write: false, execute: false), "read-only region read")
        XCTAssertFalse(scs(h).mpuPermits(0x2000_0200, write: true, execute: false), "read-only region write")
        XCTAssertFalse(scs(h).mpuPermits(0x0000_0000, write: false, execute: true), "no region and no PRIVDEFENA")
        XCTAssertTrue(scs(h).mpuPermits(0xE000_ED00, write: false, execute: false), "the PPB is never checked")
        configure(h, regions: [(0x2000_0000, rasr(size: 11, ap: 6, disabledSubregions: 0x01))], control: 5)  // + PRIVDEFENA
        XCTAssertTrue(scs(h).mpuPermits(0x0000_0000, write: false, execute: true), "privileged default map")
        h.cpu.setControl(1)
        XCTAssertFalse(scs(h).mpuPermits(0x0000_0000, write: false, execute: true), "unprivileged: no default map")
    }

    func testExecuteNeverRegionFaultsFetchesAsMemManage() {
        // b.w to RAM code (XN), with MemManage enabled so its handler vector matters not: halt mode.
        let h = CPUHarness([0x4700] /* bx r0 */)
        h.set([0: 0x2000_0101])
        h.load([0xBF00], at: 0x2000_0100)
        configure(h, regions: [(0x0000_0000, rasr(size: 19, ap: 3)), (0x2000_0000, rasr(size: 17, ap: 3, xn: true))], control: 1)
        h.run(2)
        h.expectHalt("fetch from an XN region", .memoryProtection, pc: 0x2000_0100)
        XCTAssertEqual(h.halt?.isInstructionFetch, true)
    }

    func testViolationIsAMemManageFaultWithMMFAR() {
        let h = CPUHarness([0x6808] /* ldr r0, [r1] */)
        h.cpu.haltsOnFaults = false
        h.set([1: dataArea])
        configure(h, regions: [(0x0000_0000, rasr(size: 19, ap: 3)), (0x2000_0000, rasr(size: 17, ap: 0))], control: 1)
        // MemManage disabled: the violation escalates to HardFault; its vector (erased flash) is
        // 0xFFFFFFFF, so the core ends in lockup — after recording the fault status.
        _ = h.cpu.run(budget: 4)
        XCTAssertNotEqual(h.cpu.systemControl.cfsr & FaultStatus.daccviol, 0, "DACCVIOL")
        XCTAssertNotEqual(h.cpu.systemControl.cfsr & FaultStatus.mmarValid, 0, "MMARVALID")
        XCTAssertEqual(h.cpu.systemControl.mmfar, dataArea, "MMFAR")
    }
}
