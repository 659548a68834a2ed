import XCTest
@testable import CortexM

/// The DSP multiplies, with values worked from the ARMv7-M ARM pseudocode (the differential
/// fuzzer's dspmul/dsplong/dsppack families cover them at random against unicorn).
final class DSPMultiplyTests: XCTestCase {
    private func run(_ code: [UInt16], _ registers: [Int: UInt32]) -> CPUHarness {
        let h = CPUHarness(code)
        h.set(registers)
        h.run(1)
        return h
    }

    func testDualMultiplyAccumulate() {
        run([0xFB21, 0x3002] /* smlad r0, r1, r2, r3 */, [1: 0x0001_0001, 2: 0x0001_0001, 3: 5]).expect("SMLAD", [0: 7], q: false)
        run([0xFB21, 0xF002] /* smuad r0, r1, r2 */, [1: 0x8000_8000, 2: 0x8000_8000])
            .expect("SMUAD overflowing to 2^31 sets Q", [0: 0x8000_0000], q: true)
        run([0xFB41, 0x3002] /* smlsd r0, r1, r2, r3 */, [1: 0x0003_0002, 2: 0x0005_0007, 3: 100])
            .expect("SMLSD: 2*7 - 3*5 + 100", [0: 99], q: false)
        run([0xFBC1, 0x45D2] /* smlaldx r4, r5, r1, r2 */, [1: 0x0002_0003, 2: 0x0005_0007, 4: 0xFFFF_FFFF, 5: 0])
            .expect("SMLALDX: 64-bit accumulate with exchanged halves", [4: 28, 5: 1])
    }

    func testHalfwordAndWordByHalfwordMultiplies() {
        run([0xFB11, 0xF012] /* smulbt r0, r1, r2 */, [1: 0x0000_FFFE, 2: 0x0003_0000]).expect("SMULBT: -2 * 3", [0: 0xFFFF_FFFA])
        run([0xFB31, 0x3002] /* smlawb r0, r1, r2, r3 */, [1: 0x0001_0000, 2: 0x0000_0004, 3: 1])
            .expect("SMLAWB: (0x10000 * 4) >> 16 + 1", [0: 5], q: false)
    }

    func testMostSignificantWordMultiplies() {
        run([0xFB51, 0xF012] /* smmulr r0, r1, r2 */, [1: 0x4000_0000, 2: 0x0000_0003])
            .expect("SMMULR: (2^30 * 3 + 2^31) >> 32", [0: 1])
        run([0xFB61, 0x3002] /* smmls r0, r1, r2, r3 */, [1: 0x4000_0000, 2: 0x0000_0004, 3: 10])
            .expect("SMMLS: (10 << 32 - 2^32) >> 32", [0: 9])
    }

    func testSumOfAbsoluteDifferencesAndUMAAL() {
        run([0xFB71, 0x3002] /* usada8 r0, r1, r2, r3 */, [1: 0x0A14_1E28, 2: 0x1410_2028, 3: 1])
            .expect("USADA8: 10 + 4 + 2 + 0 + 1", [0: 17])
        run([0xFBE1, 0x4562] /* umaal r4, r5, r1, r2 */, [1: 0xFFFF_FFFF, 2: 0xFFFF_FFFF, 4: 0xFFFF_FFFF, 5: 0xFFFF_FFFF])
            .expect("UMAAL cannot overflow 64 bits", [4: 0xFFFF_FFFF, 5: 0xFFFF_FFFF])
    }

    func testPackAndSaturate16() {
        run([0xEAC1, 0x4022] /* pkhtb r0, r1, r2, asr #16 */, [1: 0xAAAA_BBBB, 2: 0x1234_5678]).expect("PKHTB", [0: 0xAAAA_1234])
        run([0xF321, 0x0007] /* ssat16 r0, #8, r1 */, [1: 0xFF00_0050]).expect("SSAT16 #8", [0: 0xFF80_0050], q: true)
        run([0xF3A1, 0x0004] /* usat16 r0, #4, r1 */, [1: 0xFFFF_0009]).expect("USAT16 #4", [0: 0x0000_0009], q: true)
    }
}
