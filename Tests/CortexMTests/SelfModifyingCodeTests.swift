import XCTest
@testable import CortexM
import Emulation

/// Code in RAM that is executed, then changed, then executed again: the pre-decoded
/// instruction cache must never run stale code (ARMv7-M requires only an ISB after
/// self-modifying code; the emulator has no caches to maintain, so it must see every write).
final class SelfModifyingCodeTests: XCTestCase {
    private let routine: UInt32 = 0x2000_0100

    /// Two halfwords as the word a STR writes.
    private func word(_ halfwords: [UInt16]) -> UInt32 { UInt32(halfwords[0]) | UInt32(halfwords[1]) << 16 }

    func testCodeCopiedByCPUStoresRunsAndIsReDecodedAfterBeingOverwritten() {
        let first: [UInt16] = [0x2301, 0x4770] /* movs r3, #1; bx lr */
        let second: [UInt16] = [0x2302, 0x4770] /* movs r3, #2; bx lr */
        let h = CPUHarness([
            0x6001,          // str r1, [r0]
            0xF040, 0x0401,  // orr r4, r0, #1
            0x47A0,          // blx r4
            0x461D,          // mov r5, r3
            0x6002,          // str r2, [r0]
            0x47A0,          // blx r4
            0x461E,          // mov r6, r3
        ])
        h.set([0: routine, 1: word(first), 2: word(second)])
        h.run(11)
        h.expect("STR code to RAM; BLX; STR new code; BLX", [5: 1, 6: 2])
        XCTAssertEqual(h.pc, 0x10, "PC after the second call")
    }

    func testCodeReplacedByTheLoaderIsReDecoded() {
        let h = CPUHarness([0x2001, 0x2102] /* movs r0, #1; movs r1, #2 */, at: routine)
        h.run(2)
        h.expect("first RAM code", [0: 1, 1: 2])
        h.load([0x2003, 0x2104] /* movs r0, #3; movs r1, #4 */, at: routine)
        h.cpu.pc = routine
        h.run(2)
        h.expect("RAM code replaced with MemoryRegion.store", [0: 3, 1: 4])
    }

    func testOverwritingOnlyTheSecondHalfwordOfAWideInstruction() {
        let original: [UInt16] = [0xF241, 0x2334, 0x4770] /* movw r3, #0x1234; bx lr */
        let changed: [UInt16] = [0xF241, 0x23AB] /* movw r3, #0x12AB */
        XCTAssertEqual(original[0], changed[0], "the two MOVWs share their first halfword")
        let h = CPUHarness([
            0xF040, 0x0401,  // orr r4, r0, #1
            0x47A0,          // blx r4
            0x461D,          // mov r5, r3
            0x8041,          // strh r1, [r0, #2]
            0x47A0,          // blx r4
            0x461E,          // mov r6, r3
        ])
        h.load(original, at: routine)
        h.set([0: routine, 1: UInt32(changed[1])])
        h.run(10)
        h.expect("MOVW r3, #0x1234; STRH of its second halfword → MOVW r3, #0x12AB", [5: 0x1234, 6: 0x12AB])
    }

    func testLoaderOverwritingOnlyTheSecondHalfwordOfAWideInstruction() {
        let h = CPUHarness([0xF241, 0x2334] /* movw r3, #0x1234 */, at: routine)
        h.run(1)
        h.expect("MOVW r3, #0x1234 in RAM", [3: 0x1234])
        let changed: [UInt16] = [0xF241, 0x23AB] /* movw r3, #0x12AB */
        h.load([changed[1]], at: routine + 2)
        h.cpu.pc = routine
        h.run(1)
        h.expect("second halfword replaced with MemoryRegion.store → MOVW r3, #0x12AB", [3: 0x12AB])
    }

    /// A 32-bit instruction at the last halfword of a 256-byte RAM page has its second
    /// halfword in the next page; a CPU store to just that halfword must still drop the
    /// decoded instruction.
    func testOverwritingTheSecondHalfwordOfAWideInstructionAcrossA256BytePage() {
        let h = CPUHarness([
            0x47A0,  // blx r4
            0x4605,  // mov r5, r0
            0x803E,  // strh r6, [r7]
            0x47A0,  // blx r4
            0x4680,  // mov r8, r0
        ])
        h.load([0x2001, 0x4770] /* movs r0, #1; bx lr */, at: 0x2000_0000)
        h.load([0x2002, 0x4770] /* movs r0, #2; bx lr */, at: 0x2000_0010)
        let toFirst: [UInt16] = [0xF7FF, 0xBF7F] /* b.w 0x20000000 */
        let toSecond: [UInt16] = [0xF7FF, 0xBF87] /* b.w 0x20000010 */
        XCTAssertEqual(toFirst[0], toSecond[0], "the two B.Ws share their first halfword")
        h.load(toFirst, at: 0x2000_00FE)
        h.set([4: 0x2000_00FF, 6: UInt32(toSecond[1]), 7: 0x2000_0100])
        h.run(11)
        h.expect("B.W at 0x200000FE retargeted by STRH to 0x20000100", [5: 1, 8: 2])
    }

    func testByteStoreIntoAnInstruction() {
        let h = CPUHarness([
            0xF040, 0x0401,  // orr r4, r0, #1
            0x47A0,          // blx r4
            0x461D,          // mov r5, r3
            0x7001,          // strb r1, [r0]
            0x47A0,          // blx r4
            0x461E,          // mov r6, r3
        ])
        h.load([0x2301, 0x4770] /* movs r3, #1; bx lr */, at: routine)
        h.set([0: routine, 1: 7])
        h.run(10)
        h.expect("MOVS r3, #1 patched by STRB to MOVS r3, #7", [5: 1, 6: 7])
    }

    func testInstructionModifyingTheNextInstruction() {
        let h = CPUHarness([
            0xF040, 0x0401,  // orr r4, r0, #1
            0x47A0,          // blx r4
            0x461D,          // mov r5, r3
            0x4611,          // mov r1, r2
            0x47A0,          // blx r4
            0x461E,          // mov r6, r3
        ])
        let routineCode: [UInt16] = [0x8041, 0x2301, 0x4770] /* strh r1, [r0, #2]; movs r3, #1; bx lr */
        let replacement: [UInt16] = [0x2309] /* movs r3, #9 */
        h.load(routineCode, at: routine)
        h.set([0: routine, 1: UInt32(routineCode[1]), 2: UInt32(replacement[0])])
        h.run(12)
        h.expect("STRH rewriting the instruction right after it", [5: 1, 6: 9])
    }

    func testStoreMultipleOverwritingCode() {
        let first: [UInt16] = [0x2301, 0x2302, 0x2303, 0x4770] /* movs r3, #1; movs r3, #2; movs r3, #3; bx lr */
        let second: [UInt16] = [0x2304, 0x2305, 0x2306, 0x4770] /* movs r3, #4; movs r3, #5; movs r3, #6; bx lr */
        let h = CPUHarness([
            0xF040, 0x0401,  // orr r4, r0, #1
            0x47A0,          // blx r4
            0x461D,          // mov r5, r3
            0xC006,          // stmia r0!, {r1, r2}
            0x47A0,          // blx r4
            0x461E,          // mov r6, r3
        ])
        h.load(first, at: routine)
        h.set([0: routine, 1: word(Array(second[0...1])), 2: word(Array(second[2...3]))])
        h.run(14)
        h.expect("STMIA overwriting a routine", [5: 3, 6: 6])
    }

    /// An unaligned word store starting in a RAM page without code and ending in the next
    /// page, where code has been decoded, must drop that code.
    func testUnalignedStoreReachingIntoTheNextPageOverwritesCode() {
        let h = CPUHarness([
            0x47A0,  // blx r4
            0x4605,  // mov r5, r0
            0x603E,  // str r6, [r7]
            0x47A0,  // blx r4
            0x4680,  // mov r8, r0
        ])
        let first: [UInt16] = [0x2001, 0x4770] /* movs r0, #1; bx lr */
        let second: [UInt16] = [0x2002] /* movs r0, #2 */
        h.load(first, at: 0x2000_0200)
        h.set([4: 0x2000_0201, 6: UInt32(second[0]) << 16 | 0xFFFF, 7: 0x2000_01FE])
        h.run(9)
        h.expect("STR at 0x200001FE overwriting the instruction at 0x20000200", [5: 1, 8: 2])
    }
}
