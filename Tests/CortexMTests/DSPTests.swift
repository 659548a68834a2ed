import XCTest
@testable import CortexM
import Emulation

/// The DSP-extension instructions tinyemu already executes (ARMv7-M ARM A7.7): the parallel
/// add/subtract family (S, Q, SH, U, UQ, UH × ADD16, SUB16, ASX, SAX, ADD8, SUB8), SEL, the
/// extend-and-add family and QADD/QSUB/QDADD/QDSUB. Expected lanes follow the pseudocode;
/// only the S and U forms write GE (two bits per halfword lane, one per byte lane). The Q, SH,
/// UQ and UH cases preset GE to 0b1010 through MSR APSR_g to show it is left alone. None of
/// these instructions touches N Z C V.
final class DSPTests: XCTestCase {

    // MARK: Parallel add and subtract

    func testSParallelAddSubtract() {
        runThumb([0xFA91, 0xF002] /* sadd16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("SADD16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x8000_0001], nzcv: "NZCV", ge: 0b1100)
        runThumb([0xFA91, 0xF002] /* sadd16 r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("SADD16 r0, r1, r2 (0x00030005, 0x00050003)", [0: 0x0008_0008], nzcv: "NZCV", ge: 0b1111)
        runThumb([0xFAD1, 0xF002] /* ssub16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("SSUB16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFE_FFFF], nzcv: "NZCV", ge: 0b1100)
        runThumb([0xFAD1, 0xF002] /* ssub16 r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("SSUB16 r0, r1, r2 (0x00030005, 0x00050003)", [0: 0xFFFE_0002], nzcv: "NZCV", ge: 0b0011)
        runThumb([0xFAA1, 0xF002] /* sasx r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("SASX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x0000_7FFF], nzcv: "NZCV", ge: 0b1100)
        runThumb([0xFAA1, 0xF002] /* sasx r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("SASX r0, r1, r2 (0x00030005, 0x00050003)", [0: 0x0006_0000], nzcv: "NZCV", ge: 0b1111)
        runThumb([0xFAE1, 0xF002] /* ssax r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("SSAX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0xFFFE_8001], nzcv: "NZCV", ge: 0b1100)
        runThumb([0xFAE1, 0xF002] /* ssax r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("SSAX r0, r1, r2 (0x00030005, 0x00050003)", [0: 0x0000_000A], nzcv: "NZCV", ge: 0b1111)
        runThumb([0xFA81, 0xF002] /* sadd8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF], flags: "NZCV").expect("SADD8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x8000_0000], nzcv: "NZCV", ge: 0b1011)
        runThumb([0xFA81, 0xF002] /* sadd8 r0, r1, r2 */, [1: 0x0305_0307, 2: 0x0503_0703], flags: "NZCV").expect("SADD8 r0, r1, r2 (0x03050307, 0x05030703)", [0: 0x0808_0A0A], nzcv: "NZCV", ge: 0b1111)
        runThumb([0xFAC1, 0xF002] /* ssub8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF], flags: "NZCV").expect("SSUB8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x7E00_FE02], nzcv: "NZCV", ge: 0b1101)
        runThumb([0xFAC1, 0xF002] /* ssub8 r0, r1, r2 */, [1: 0x0305_0307, 2: 0x0503_0703], flags: "NZCV").expect("SSUB8 r0, r1, r2 (0x03050307, 0x05030703)", [0: 0xFE02_FC04], nzcv: "NZCV", ge: 0b0101)
    }

    func testQParallelAddSubtract() {
        runThumb([0xF383, 0x8400, 0xFA91, 0xF012] /* msr APSR_g, r3; qadd16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("QADD16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFF_8000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAD1, 0xF012] /* msr APSR_g, r3; qsub16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("QSUB16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFE_FFFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF012] /* msr APSR_g, r3; qasx r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("QASX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x0000_8000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAE1, 0xF012] /* msr APSR_g, r3; qsax r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("QSAX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFF_8001], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFA81, 0xF012] /* msr APSR_g, r3; qadd8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("QADD8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x7F80_0000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAC1, 0xF012] /* msr APSR_g, r3; qsub8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("QSUB8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x7E00_FE02], nzcv: "NZCV", ge: 0b1010)
    }

    func testSHParallelAddSubtract() {
        runThumb([0xF383, 0x8400, 0xFA91, 0xF022] /* msr APSR_g, r3; shadd16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("SHADD16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x4000_8000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAD1, 0xF022] /* msr APSR_g, r3; shsub16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("SHSUB16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x3FFF_FFFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF022] /* msr APSR_g, r3; shasx r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("SHASX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x0000_BFFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAE1, 0xF022] /* msr APSR_g, r3; shsax r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("SHSAX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFF_C000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFA81, 0xF022] /* msr APSR_g, r3; shadd8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("SHADD8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x4080_0000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAC1, 0xF022] /* msr APSR_g, r3; shsub8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("SHSUB8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x3F00_FF01], nzcv: "NZCV", ge: 0b1010)
    }

    func testUParallelAddSubtract() {
        runThumb([0xFA91, 0xF042] /* uadd16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("UADD16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x8000_0001], nzcv: "NZCV", ge: 0b0011)
        runThumb([0xFA91, 0xF042] /* uadd16 r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("UADD16 r0, r1, r2 (0x00030005, 0x00050003)", [0: 0x0008_0008], nzcv: "NZCV", ge: 0b0000)
        runThumb([0xFAD1, 0xF042] /* usub16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("USUB16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFE_FFFF], nzcv: "NZCV", ge: 0b1100)
        runThumb([0xFAD1, 0xF042] /* usub16 r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("USUB16 r0, r1, r2 (0x00030005, 0x00050003)", [0: 0xFFFE_0002], nzcv: "NZCV", ge: 0b0011)
        runThumb([0xFAA1, 0xF042] /* uasx r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("UASX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x0000_7FFF], nzcv: "NZCV", ge: 0b1111)
        runThumb([0xFAA1, 0xF042] /* uasx r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("UASX r0, r1, r2 (0x00030005, 0x00050003)", [0: 0x0006_0000], nzcv: "NZCV", ge: 0b0011)
        runThumb([0xFAE1, 0xF042] /* usax r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001], flags: "NZCV").expect("USAX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0xFFFE_8001], nzcv: "NZCV", ge: 0b0000)
        runThumb([0xFAE1, 0xF042] /* usax r0, r1, r2 */, [1: 0x0003_0005, 2: 0x0005_0003], flags: "NZCV").expect("USAX r0, r1, r2 (0x00030005, 0x00050003)", [0: 0x0000_000A], nzcv: "NZCV", ge: 0b1100)
        runThumb([0xFA81, 0xF042] /* uadd8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF], flags: "NZCV").expect("UADD8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x8000_0000], nzcv: "NZCV", ge: 0b0111)
        runThumb([0xFA81, 0xF042] /* uadd8 r0, r1, r2 */, [1: 0x0305_0307, 2: 0x0503_0703], flags: "NZCV").expect("UADD8 r0, r1, r2 (0x03050307, 0x05030703)", [0: 0x0808_0A0A], nzcv: "NZCV", ge: 0b0000)
        runThumb([0xFAC1, 0xF042] /* usub8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF], flags: "NZCV").expect("USUB8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x7E00_FE02], nzcv: "NZCV", ge: 0b1110)
        runThumb([0xFAC1, 0xF042] /* usub8 r0, r1, r2 */, [1: 0x0305_0307, 2: 0x0503_0703], flags: "NZCV").expect("USUB8 r0, r1, r2 (0x03050307, 0x05030703)", [0: 0xFE02_FC04], nzcv: "NZCV", ge: 0b0101)
    }

    func testUQParallelAddSubtract() {
        runThumb([0xF383, 0x8400, 0xFA91, 0xF052] /* msr APSR_g, r3; uqadd16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UQADD16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x8000_FFFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAD1, 0xF052] /* msr APSR_g, r3; uqsub16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UQSUB16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x7FFE_0000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF052] /* msr APSR_g, r3; uqasx r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UQASX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0xFFFF_7FFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAE1, 0xF052] /* msr APSR_g, r3; uqsax r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UQSAX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x0000_8001], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFA81, 0xF052] /* msr APSR_g, r3; uqadd8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("UQADD8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x80FF_FFFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAC1, 0xF052] /* msr APSR_g, r3; uqsub8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("UQSUB8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x7E00_FE00], nzcv: "NZCV", ge: 0b1010)
    }

    func testUHParallelAddSubtract() {
        runThumb([0xF383, 0x8400, 0xFA91, 0xF062] /* msr APSR_g, r3; uhadd16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UHADD16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x4000_8000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAD1, 0xF062] /* msr APSR_g, r3; uhsub16 r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UHSUB16 r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x3FFF_FFFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF062] /* msr APSR_g, r3; uhasx r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UHASX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0x8000_3FFF], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAE1, 0xF062] /* msr APSR_g, r3; uhsax r0, r1, r2 */, [1: 0x7FFF_8000, 2: 0x0001_8001, 3: 0x000A_0000], flags: "NZCV").expect("UHSAX r0, r1, r2 (0x7FFF8000, 0x00018001)", [0: 0xFFFF_4000], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFA81, 0xF062] /* msr APSR_g, r3; uhadd8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("UHADD8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x4080_8080], nzcv: "NZCV", ge: 0b1010)
        runThumb([0xF383, 0x8400, 0xFAC1, 0xF062] /* msr APSR_g, r3; uhsub8 r0, r1, r2 */, [1: 0x7F80_FF01, 2: 0x0180_01FF, 3: 0x000A_0000], flags: "NZCV").expect("UHSUB8 r0, r1, r2 (0x7F80FF01, 0x018001FF)", [0: 0x3F00_7F81], nzcv: "NZCV", ge: 0b1010)
    }

    // MARK: SEL

    func testSELPicksBytesByGE() {
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF082] /* msr APSR_g, r3; sel r0, r1, r2 */, [1: 0x1122_3344, 2: 0xAABB_CCDD, 3: 0x0005_0000]).expect("SEL (GE = 0b0101)", [0: 0xAA22_CC44], ge: 0b0101)
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF082] /* msr APSR_g, r3; sel r0, r1, r2 */, [1: 0x1122_3344, 2: 0xAABB_CCDD, 3: 0x000F_0000]).expect("SEL (GE = 0b1111)", [0: 0x1122_3344])
        runThumb([0xF383, 0x8400, 0xFAA1, 0xF082] /* msr APSR_g, r3; sel r0, r1, r2 */, [1: 0x1122_3344, 2: 0xAABB_CCDD, 3: 0]).expect("SEL (GE = 0b0000)", [0: 0xAABB_CCDD])
    }

    func testSELAfterParallelCompare() {
        // USUB8 sets GE where r1's byte >= r2's byte; SEL then picks the larger byte of each lane.
        runThumb([0xFAC1, 0xF342, 0xFAA1, 0xF082] /* usub8 r3, r1, r2; sel r0, r1, r2 */, [1: 0x10F0_2080, 2: 0x2020_2020]).expect("USUB8; SEL (bytewise unsigned max)", [0: 0x20F0_2080], ge: 0b0111)
        // SADD16 sets GE per halfword where the sum is >= 0.
        runThumb([0xFA91, 0xF302, 0xFAA4, 0xF085] /* sadd16 r3, r1, r2; sel r0, r4, r5 */, [1: 0xFFFF_0001, 2: 0xFFFF_0001, 4: 0x1111_1111, 5: 0x2222_2222]).expect("SADD16; SEL (halfword GE)", [0: 0x2222_1111], ge: 0b0011)
    }

    // MARK: Extend and add, B16 extends

    func testSXTABAndUXTAB() {
        runThumb([0xFA41, 0xF082] /* sxtab r0, r1, r2 */, [1: 100, 2: 0x0000_0080]).expect("SXTAB r0, r1, r2", [0: u32(-28)])
        runThumb([0xFA41, 0xF092] /* sxtab r0, r1, r2, ror #8 */, [1: 100, 2: 0x0000_FF00]).expect("SXTAB r0, r1, r2, ROR #8", [0: 99])
        runThumb([0xFA51, 0xF082] /* uxtab r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 0x0000_01FF]).expect("UXTAB r0, r1, r2 (wraps)", [0: 0xFE])
        runThumb([0xFA51, 0xF0B2] /* uxtab r0, r1, r2, ror #24 */, [1: 1, 2: 0x8000_0000], flags: "NZCV").expect("UXTAB r0, r1, r2, ROR #24", [0: 0x81], nzcv: "NZCV")
    }

    func testSXTAHAndUXTAH() {
        runThumb([0xFA01, 0xF0A2] /* sxtah r0, r1, r2, ror #16 */, [1: 0x1_0000, 2: 0x8000_0000]).expect("SXTAH r0, r1, r2, ROR #16", [0: 0x8000])
        runThumb([0xFA01, 0xF082] /* sxtah r0, r1, r2 */, [1: 5, 2: 0x1234_7FFF]).expect("SXTAH r0, r1, r2", [0: 0x8004])
        runThumb([0xFA11, 0xF082] /* uxtah r0, r1, r2 */, [1: 1, 2: 0x1234_FFFF]).expect("UXTAH r0, r1, r2", [0: 0x1_0000])
        runThumb([0xFA11, 0xF092] /* uxtah r0, r1, r2, ror #8 */, [1: 0x10, 2: 0x00AB_CD00]).expect("UXTAH r0, r1, r2, ROR #8", [0: 0xABDD])
    }

    func testSXTB16AndUXTB16() {
        runThumb([0xFA2F, 0xF081] /* sxtb16 r0, r1 */, [1: 0x127F_3480]).expect("SXTB16 r0, r1", [0: 0x007F_FF80])
        runThumb([0xFA2F, 0xF091] /* sxtb16 r0, r1, ror #8 */, [1: 0x127F_3480]).expect("SXTB16 r0, r1, ROR #8", [0: 0x0012_0034])
        runThumb([0xFA3F, 0xF081] /* uxtb16 r0, r1 */, [1: 0x127F_3480]).expect("UXTB16 r0, r1", [0: 0x007F_0080])
        runThumb([0xFA3F, 0xF0A1] /* uxtb16 r0, r1, ror #16 */, [1: 0x127F_3480]).expect("UXTB16 r0, r1, ROR #16", [0: 0x0080_007F])
    }

    func testSXTAB16AndUXTAB16AddLaneWise() {
        runThumb([0xFA21, 0xF082] /* sxtab16 r0, r1, r2 */, [1: 0x0001_0001, 2: 0x00FF_0080]).expect("SXTAB16 r0, r1, r2", [0: 0x0000_FF81])
        runThumb([0xFA21, 0xF082] /* sxtab16 r0, r1, r2 */, [1: 0x0000_FFFF, 2: 0x0000_0001]).expect("SXTAB16 (no carry between lanes)", [0: 0x0000_0000])
        runThumb([0xFA31, 0xF092] /* uxtab16 r0, r1, r2, ror #8 */, [1: 0x0010_0010, 2: 0xAA11_BB22]).expect("UXTAB16 r0, r1, r2, ROR #8", [0: 0x00BA_00CB])
        runThumb([0xFA31, 0xF082] /* uxtab16 r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 0x0001_0001]).expect("UXTAB16 (each lane wraps)", [0: 0x0000_0000])
    }

    // MARK: Saturating arithmetic

    func testQADD() {
        runThumb([0xFA82, 0xF081] /* qadd r0, r1, r2 */, [1: 0x7FFF_FFFF, 2: 1]).expect("QADD (INT_MAX + 1)", [0: 0x7FFF_FFFF], q: true)
        runThumb([0xFA82, 0xF081] /* qadd r0, r1, r2 */, [1: 0x8000_0000, 2: u32(-1)]).expect("QADD (INT_MIN + -1)", [0: 0x8000_0000], q: true)
        runThumb([0xFA82, 0xF081] /* qadd r0, r1, r2 */, [1: 1, 2: 2], flags: "NZCV").expect("QADD (1 + 2)", [0: 3], nzcv: "NZCV", q: false)
        runThumb([0xFA82, 0xF081] /* qadd r0, r1, r2 */, [1: 1, 2: 2], flags: "Q").expect("QADD keeps Q set", [0: 3], q: true)
    }

    func testQSUB() {
        runThumb([0xFA82, 0xF0A1] /* qsub r0, r1, r2 */, [1: 0x8000_0000, 2: 1]).expect("QSUB (INT_MIN - 1)", [0: 0x8000_0000], q: true)
        runThumb([0xFA82, 0xF0A1] /* qsub r0, r1, r2 */, [1: 0x7FFF_FFFF, 2: u32(-1)]).expect("QSUB (INT_MAX - -1)", [0: 0x7FFF_FFFF], q: true)
        runThumb([0xFA82, 0xF0A1] /* qsub r0, r1, r2 */, [1: 5, 2: 7]).expect("QSUB (5 - 7)", [0: u32(-2)], q: false)
    }

    func testQDADDAndQDSUB() {
        runThumb([0xFA82, 0xF091] /* qdadd r0, r1, r2 */, [1: 0, 2: 0x4000_0000]).expect("QDADD (doubling saturates)", [0: 0x7FFF_FFFF], q: true)
        runThumb([0xFA82, 0xF091] /* qdadd r0, r1, r2 */, [1: 1, 2: 0x10]).expect("QDADD (1 + 2 * 16)", [0: 0x21], q: false)
        runThumb([0xFA82, 0xF091] /* qdadd r0, r1, r2 */, [1: 0x7000_0000, 2: 0x1000_0000]).expect("QDADD (sum saturates)", [0: 0x7FFF_FFFF], q: true)
        runThumb([0xFA82, 0xF0B1] /* qdsub r0, r1, r2 */, [1: 0, 2: 0xC000_0000]).expect("QDSUB (0 - -2^31 saturates)", [0: 0x7FFF_FFFF], q: true)
        runThumb([0xFA82, 0xF0B1] /* qdsub r0, r1, r2 */, [1: 10, 2: 3]).expect("QDSUB (10 - 2 * 3)", [0: 4], q: false)
        runThumb([0xFA82, 0xF0B1] /* qdsub r0, r1, r2 */, [1: 0, 2: 0x8000_0000]).expect("QDSUB (doubling INT_MIN saturates)", [0: 0x7FFF_FFFF], q: true)
    }
}
