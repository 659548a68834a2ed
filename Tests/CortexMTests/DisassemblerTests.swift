import Foundation
import XCTest
@testable import CortexM

final class DisassemblerTests: XCTestCase {
    /// Encoding → expected text, one per line: `hhhh[hhhh][/condition] | text`, all at address
    /// 0x1000. Expectations were taken from capstone 5 (Thumb, M-class) and converted to this
    /// disassembler's conventions: r9-r12 instead of sb/sl/fp/ip, absolute branch targets as
    /// `0x%08x`, and a `; 0x...` comment with the address of PC-relative operands.
    static let table = """
        // 16-bit: shifts, add/sub, move/compare immediate
        0008         | movs r0, r1
        00d1         | lsls r1, r2, #3
        0808         | lsrs r0, r1, #0x20
        1048         | asrs r0, r1, #1
        1888         | adds r0, r1, r2
        1a88         | subs r0, r1, r2
        1dc8         | adds r0, r1, #7
        1fc8         | subs r0, r1, #7
        20ff         | movs r0, #0xff
        2910         | cmp r1, #0x10
        3201         | adds r2, #1
        3b80         | subs r3, #0x80
        // 16-bit data processing
        4008         | ands r0, r1
        4048         | eors r0, r1
        4088         | lsls r0, r1
        40c8         | lsrs r0, r1
        4108         | asrs r0, r1
        4148         | adcs r0, r1
        4188         | sbcs r0, r1
        41c8         | rors r0, r1
        4208         | tst r0, r1
        4248         | rsbs r0, r1, #0
        4288         | cmp r0, r1
        42c8         | cmn r0, r1
        4308         | orrs r0, r1
        4348         | muls r0, r1, r0
        4388         | bics r0, r1
        43c8         | mvns r0, r1
        // special data, branch and exchange
        4480         | add r8, r0
        4468         | add r0, sp, r0
        45c8         | cmp r8, r9
        46c0         | mov r8, r8
        4770         | bx lr
        4798         | blx r3
        // loads and stores
        4804         | ldr r0, [pc, #0x10] ; 0x00001014
        5088         | str r0, [r1, r2]
        5288         | strh r0, [r1, r2]
        5488         | strb r0, [r1, r2]
        5688         | ldrsb r0, [r1, r2]
        5888         | ldr r0, [r1, r2]
        5a88         | ldrh r0, [r1, r2]
        5c88         | ldrb r0, [r1, r2]
        5e88         | ldrsh r0, [r1, r2]
        6041         | str r1, [r0, #4]
        6fc1         | ldr r1, [r0, #0x7c]
        7041         | strb r1, [r0, #1]
        7841         | ldrb r1, [r0, #1]
        8041         | strh r1, [r0, #2]
        8841         | ldrh r1, [r0, #2]
        9002         | str r0, [sp, #8]
        9800         | ldr r0, [sp]
        // sp/pc arithmetic, misc
        a004         | adr r0, #0x10 ; 0x00001014
        a908         | add r1, sp, #0x20
        b004         | add sp, #0x10
        b082         | sub sp, #8
        b110         | cbz r0, 0x00001008
        b929         | cbnz r1, 0x0000100e
        b208         | sxth r0, r1
        b248         | sxtb r0, r1
        b288         | uxth r0, r1
        b2c8         | uxtb r0, r1
        b530         | push {r4, r5, lr}
        bd30         | pop {r4, r5, pc}
        b662         | cpsie i
        b671         | cpsid f
        ba08         | rev r0, r1
        ba48         | rev16 r0, r1
        bac8         | revsh r0, r1
        beab         | bkpt #0xab
        bf08         | it eq
        bf16         | itet ne
        bf00         | nop
        bf10         | yield
        bf20         | wfe
        bf30         | wfi
        bf40         | sev
        c006         | stm r0!, {r1, r2}
        c906         | ldm r1, {r1, r2}
        c806         | ldm r0!, {r1, r2}
        d0fe         | beq 0x00001000
        d1fe         | bne 0x00001000
        de12         | udf #0x12
        defe         | trap
        df80         | svc #0x80
        e7fe         | b 0x00001000
        ba88         | .inst 0xba88
        b650         | .inst 0xb650
        // 32-bit modified immediate
        f0000101     | and r1, r0, #1
        f0100101     | ands r1, r0, #1
        f0100f01     | tst.w r0, #1
        f0200101     | bic r1, r0, #1
        f0400101     | orr r1, r0, #1
        f04f0101     | mov.w r1, #1
        f05f0101     | movs.w r1, #1
        f0600101     | orn r1, r0, #1
        f06f0101     | mvn r1, #1
        f0800101     | eor r1, r0, #1
        f0900f01     | teq.w r0, #1
        f5000101     | add.w r1, r0, #0x810000
        f1100f01     | cmn.w r0, #1
        f1400101     | adc r1, r0, #1
        f1600101     | sbc r1, r0, #1
        f1a00101     | sub.w r1, r0, #1
        f1b04f7f     | cmp.w r0, #-0x1000000
        f1c00101     | rsb.w r1, r0, #1
        f1100101     | adds.w r1, r0, #1
        // shifted register
        ea000101     | and.w r1, r0, r1
        ea100f01     | tst.w r0, r1
        ea200101     | bic.w r1, r0, r1
        ea400101     | orr.w r1, r0, r1
        ea500101     | orrs.w r1, r0, r1
        ea600101     | orn r1, r0, r1
        ea6f0101     | mvn.w r1, r1
        ea800101     | eor.w r1, r0, r1
        ea900f01     | teq.w r0, r1
        eb010080     | add.w r0, r1, r0, lsl #2
        eb100f01     | cmn.w r0, r1
        eb400101     | adc.w r1, r0, r1
        eb600101     | sbc.w r1, r0, r1
        eba00101     | sub.w r1, r0, r1
        ebb00f01     | cmp.w r0, r1
        ebc00101     | rsb r1, r0, r1
        ea4f0100     | mov.w r1, r0
        ea4f0042     | lsl.w r0, r2, #1
        ea4f0111     | lsr.w r1, r1, #0x20
        ea5f0121     | asrs.w r1, r1, #0x20
        ea4f4030     | ror.w r0, r0, #0x10
        ea4f0030     | rrx r0, r0
        eac001c1     | pkhbt r1, r0, r1, lsl #3
        eac00121     | pkhtb r1, r0, r1, asr #0x20
        eb010030     | add.w r0, r1, r0, rrx
        // plain binary immediate
        f2010123     | addw r1, r1, #0x23
        f2a10123     | subw r1, r1, #0x23
        f20f0004     | addw r0, pc, #4 ; 0x00001008
        f2af0004     | subw r0, pc, #4 ; 0x00001000
        f2412034     | movw r0, #0x1234
        f6cf7fff     | movt pc, #0xffff
        f3000000     | ssat r0, #1, r0
        f3201001     | ssat r0, #2, r0, asr #4
        f3800005     | usat r0, #5, r0
        f320000f     | ssat16 r0, #0x10, r0
        f3a00001     | usat16 r0, #1, r0
        f340100f     | sbfx r0, r0, #4, #0x10
        f3c01004     | ubfx r0, r0, #4, #5
        f3600010     | bfi r0, r0, #0, #0x11
        f36f100f     | bfc r0, #4, #0xc
        // branches and misc control
        f000b800     | b.w 0x00001004
        f43faffe     | beq.w 0x00001000
        f7fff7fe     | bl 0xffc01000
        f000f800     | bl 0x00001004
        f3808800     | msr apsr_nzcvq, r0
        f3808811     | msr basepri, r0
        f3ef8010     | mrs r0, primask
        f3ef8814     | mrs r8, control
        f3af8000     | nop.w
        f3af8001     | yield.w
        f3af8003     | wfi.w
        f3af8004     | sev.w
        f3af80f5     | dbg #5
        f3bf8f2f     | clrex
        f3bf8f4f     | dsb sy
        f3bf8f5b     | dmb ish
        f3bf8f6f     | isb sy
        f7f0a000     | udf.w #0
        // load/store multiple, dual, exclusive, table branch
        e8800006     | stm.w r0, {r1, r2}
        e8b00006     | ldm.w r0!, {r1, r2}
        e9100006     | ldmdb r0, {r1, r2}
        e92d0006     | push.w {r1, r2}
        e92d4ff0     | push.w {r4, r5, r6, r7, r8, r9, r10, r11, lr}
        e8bd8ff0     | pop.w {r4, r5, r6, r7, r8, r9, r10, r11, pc}
        e8410203     | strex r2, r0, [r1, #0xc]
        e8510f02     | ldrex r0, [r1, #8]
        e8c10f42     | strexb r2, r0, [r1]
        e8c10f53     | strexh r3, r0, [r1]
        e8d10f4f     | ldrexb r0, [r1]
        e8d10f5f     | ldrexh r0, [r1]
        e8d0f001     | tbb [r0, r1]
        e8d0f011     | tbh [r0, r1, lsl #1]
        e9c12302     | strd r2, r3, [r1, #8]
        e8f12302     | ldrd r2, r3, [r1], #8
        e9df2301     | ldrd r2, r3, [pc, #4] ; 0x00001008
        // single loads and stores
        f8c01004     | str.w r1, [r0, #4]
        f8801fff     | strb.w r1, [r0, #0xfff]
        f8a01002     | strh.w r1, [r0, #2]
        f8d01004     | ldr.w r1, [r0, #4]
        f8501c04     | ldr r1, [r0, #-0x4]
        f8501f04     | ldr r1, [r0, #4]!
        f8501b04     | ldr r1, [r0], #4
        f8501904     | ldr r1, [r0], #-4
        f8501e04     | ldrt r1, [r0, #4]
        f8510022     | ldr.w r0, [r1, r2, lsl #2]
        f9910001     | ldrsb.w r0, [r1, #1]
        f9b10002     | ldrsh.w r0, [r1, #2]
        f8910003     | ldrb.w r0, [r1, #3]
        f8b10002     | ldrh.w r0, [r1, #2]
        f8df1008     | ldr.w r1, [pc, #8] ; 0x0000100c
        f85f1008     | ldr.w r1, [pc, #-0x8] ; 0x00000ffc
        f890f004     | pld [r0, #4]
        f810f022     | pld [r0, r2, lsl #2]
        f991f004     | pli [r1, #4]
        f8001e01     | strbt r1, [r0, #1]
        // register data processing
        fa00f001     | lsl.w r0, r0, r1
        fa30f001     | lsrs.w r0, r0, r1
        fa40f001     | asr.w r0, r0, r1
        fa60f001     | ror.w r0, r0, r1
        fa0ff081     | sxth.w r0, r1
        fa5ff0a1     | uxtb.w r0, r1, ror #16
        fa2ff081     | sxtb16 r0, r1
        fa3ff081     | uxtb16 r0, r1
        fa01f082     | sxtah r0, r1, r2
        fa51f092     | uxtab r0, r1, r2, ror #8
        fa21f081     | sxtab16 r0, r1, r1
        fa91f081     | rev.w r0, r1
        fa91f091     | rev16.w r0, r1
        fa91f0a1     | rbit r0, r1
        fa91f0b1     | revsh.w r0, r1
        fab1f081     | clz r0, r1
        // multiplies and divides
        fb01f002     | mul r0, r1, r2
        fb010203     | mla r2, r1, r3, r0
        fb010213     | mls r2, r1, r3, r0
        fb810203     | smull r0, r2, r1, r3
        fba10203     | umull r0, r2, r1, r3
        fbc10203     | smlal r0, r2, r1, r3
        fbe10203     | umlal r0, r2, r1, r3
        fb91f0f2     | sdiv r0, r1, r2
        fbb1f0f2     | udiv r0, r1, r2
        // DSP
        fa91f002     | sadd16 r0, r1, r2
        fa81f012     | qadd8 r0, r1, r2
        fae1f022     | shsax r0, r1, r2
        faa1f042     | uasx r0, r1, r2
        fae1f052     | uqsax r0, r1, r2
        fa81f062     | uhadd8 r0, r1, r2
        fa81f082     | qadd r0, r2, r1
        fa81f0b2     | qdsub r0, r2, r1
        faa1f082     | sel r0, r1, r2
        fb11f002     | smulbb r0, r1, r2
        fb110312     | smlabt r3, r1, r2, r0
        fb21f002     | smuad r0, r1, r2
        fb210312     | smladx r3, r1, r2, r0
        fb31f012     | smulwt r0, r1, r2
        fb310302     | smlawb r3, r1, r2, r0
        fb41f002     | smusd r0, r1, r2
        fb410312     | smlsdx r3, r1, r2, r0
        fb51f002     | smmul r0, r1, r2
        fb510312     | smmlar r3, r1, r2, r0
        fb610302     | smmls r3, r1, r2, r0
        fb71f002     | usad8 r0, r1, r2
        fb710302     | usada8 r3, r1, r2, r0
        fbc10293     | smlalbt r0, r2, r1, r3
        fbc102c3     | smlald r0, r2, r1, r3
        fbd102d3     | smlsldx r0, r2, r1, r3
        fbe10263     | umaal r0, r2, r1, r3
        // floating point
        ee300a01     | vadd.f32 s0, s0, s2
        ee300a41     | vsub.f32 s0, s0, s2
        ee200a01     | vmul.f32 s0, s0, s2
        ee200a41     | vnmul.f32 s0, s0, s2
        ee000a01     | vmla.f32 s0, s0, s2
        ee000a41     | vmls.f32 s0, s0, s2
        ee100a41     | vnmla.f32 s0, s0, s2
        ee100a01     | vnmls.f32 s0, s0, s2
        ee800a01     | vdiv.f32 s0, s0, s2
        eea00a01     | vfma.f32 s0, s0, s2
        eea00a41     | vfms.f32 s0, s0, s2
        ee900a41     | vfnma.f32 s0, s0, s2
        ee900a01     | vfnms.f32 s0, s0, s2
        eeb00ac1     | vabs.f32 s0, s2
        eeb10a41     | vneg.f32 s0, s2
        eeb10ac1     | vsqrt.f32 s0, s2
        eeb00a41     | vmov.f32 s0, s2
        eeb70a00     | vmov.f32 s0, #1.000000e+00
        eef30a0f     | vmov.f32 s1, #3.100000e+01
        eeb80b00     | vmov.f64 d0, #-2.000000e+00
        eeb40a41     | vcmp.f32 s0, s2
        eeb50ac0     | vcmpe.f32 s0, #0
        eeb80ac1     | vcvt.f32.s32 s0, s2
        eebd0ac1     | vcvt.s32.f32 s0, s2
        eebc0a41     | vcvtr.u32.f32 s0, s2
        eeb70ac1     | vcvt.f64.f32 d0, s2
        eeba0a47     | vcvt.f32.s16 s0, s0, #2
        eeb20a41     | vcvtb.f32.f16 s0, s2
        eeb30ae1     | vcvtt.f16.f32 s0, s3
        ee000a10     | vmov s0, r0
        ee101a10     | vmov r1, s0
        ec410a10     | vmov s0, s1, r0, r1
        ec510b10     | vmov r0, r1, d0
        ee210b10     | vmov.32 d1[1], r0
        ee310b10     | vmov.32 r0, d1[1]
        eef10a10     | vmrs r0, fpscr
        eef1fa10     | vmrs apsr_nzcv, fpscr
        eee10a10     | vmsr fpscr, r0
        ed900a01     | vldr s0, [r0, #4]
        ed911b02     | vldr d1, [r1, #8]
        ed800a01     | vstr s0, [r0, #4]
        ed9f0a02     | vldr s0, [pc, #8] ; 0x0000100c
        ed1f0a02     | vldr s0, [pc, #-8] ; 0x00000ffc
        ec900a02     | vldmia r0, {s0, s1}
        ed200a02     | vstmdb r0!, {s0, s1}
        ed2d8a02     | vpush {s16, s17}
        ecbd8a02     | vpop {s16, s17}
        ecbd8b04     | vpop {d8, d9}
        ee310b02     | vadd.f64 d0, d1, d2
        // coprocessor
        ee070f15     | mcr p15, #0, r0, c7, c5, #0
        ee170f15     | mrc p15, #0, r0, c7, c5, #0
        ec410203     | mcrr p2, #0, r0, r1, c3
        ec510203     | mrrc p2, #0, r0, r1, c3
        ee123405     | cdp p4, #1, c3, c2, c5, #0
        fe123405     | cdp2 p4, #1, c3, c2, c5, #0
        ed931201     | ldc p2, c1, [r3, #4]
        ecf31204     | ldcl p2, c1, [r3], #0x10
        fc931205     | ldc2 p2, c1, [r3], {5}
        // undefined
        e8000000     | .inst.w 0xe8000000
        fb0000c1     | .inst.w 0xfb0000c1
        ffffffff     | .inst.w 0xffffffff
        // inside IT blocks (encoding/condition): the condition goes before `s`-less qualifiers, own-condition branches keep theirs
        3001/0       | addeq r0, #1
        eb100001/1   | addsne.w r0, r0, r1
        f8500c04/1   | ldrne r0, [r0, #-0x4]
        ee300a01/10  | vaddge.f32 s0, s0, s2
        f000b800/1   | bne.w 0x00001004
        4708/1       | bxne r1
        4348/11      | mullt r0, r1, r0
        d0fe/1       | beq 0x00001000
        eeb80ac0/0   | vcvteq.f32.s32 s0, s0
        be01/0       | bkpt #1
        e8bd8001/0   | popeq.w {r0, pc}
        """

    func testFixedTable() {
        var checked = 0
        for line in Self.table.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            let columns = trimmed.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let key = columns[0].split(separator: "/")
            let hex = key[0]
            let condition = key.count > 1 ? UInt8(key[1]) : nil
            guard let word = UInt32(hex, radix: 16) else { return XCTFail("bad table line: \(line)") }
            let wide = hex.count == 8
            let hw1 = UInt16(truncatingIfNeeded: wide ? word >> 16 : word)
            let hw2 = UInt16(truncatingIfNeeded: word)
            let result = ThumbDisassembler.disassemble(hw1, wide ? hw2 : 0, address: 0x1000,
                                                       inITBlock: condition != nil, condition: condition)
            XCTAssertEqual(result.text, columns[1], "encoding \(columns[0])")
            XCTAssertEqual(result.size, wide ? 4 : 2, "size of \(columns[0])")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 300)
    }

    func testITBlockDropsFlagSettingOnSixteenBitForms() {
        XCTAssertEqual(ThumbDisassembler.disassemble(0x1888, 0, address: 0).text, "adds r0, r1, r2")
        XCTAssertEqual(ThumbDisassembler.disassemble(0x1888, 0, address: 0, inITBlock: true).text, "add r0, r1, r2")
        XCTAssertEqual(ThumbDisassembler.disassemble(0x1888, 0, address: 0, inITBlock: true, condition: 3).text,
                       "addlo r0, r1, r2")
        // CMP/CMN/TST always set flags; 32-bit forms keep an explicit S.
        XCTAssertEqual(ThumbDisassembler.disassemble(0x4288, 0, address: 0, inITBlock: true, condition: 0).text, "cmpeq r0, r1")
        XCTAssertEqual(ThumbDisassembler.disassemble(0xEA50, 0x0101, address: 0, inITBlock: true, condition: 0).text,
                       "orrseq.w r1, r0, r1")
        // AL inside an IT block is not spelled out.
        XCTAssertEqual(ThumbDisassembler.disassemble(0x4408, 0, address: 0, inITBlock: true, condition: 14).text, "add r0, r1")
    }

    func testBranchTargetsWrapAndUseTheInstructionAddress() {
        XCTAssertEqual(ThumbDisassembler.disassemble(0xE7FE, 0, address: 0x0800_0100).text, "b 0x08000100")
        XCTAssertEqual(ThumbDisassembler.disassemble(0xE7FD, 0, address: 0).text, "b 0xfffffffe")
        XCTAssertEqual(ThumbDisassembler.disassemble(0xF000, 0xF800, address: 0x0800_0000).text, "bl 0x08000004")
        XCTAssertEqual(ThumbDisassembler.disassemble(0xB110, 0, address: 0x0800_0002).text, "cbz r0, 0x0800000a")
        // Literal addresses use Align(PC, 4).
        XCTAssertEqual(ThumbDisassembler.disassemble(0x4801, 0, address: 0x1002).text, "ldr r0, [pc, #4] ; 0x00001008")
    }

    /// Every halfword renders as something with the right size, and so do many 32-bit words.
    func testNeverFailsOnAnyEncoding() {
        for hw in 0...0xFFFF {
            let result = ThumbDisassembler.disassemble(UInt16(hw), 0xFFFF, address: 0x2000)
            XCTAssertEqual(result.size, hw >= 0xE800 ? 4 : 2)
            XCTAssertFalse(result.text.isEmpty)
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<100_000 {
            // xorshift64*: cheap deterministic coverage of the 32-bit space
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            let word = UInt32(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 32)
            let hw1 = UInt16(0xE800 + (word >> 16) % 0x1800)
            let result = ThumbDisassembler.disassemble(hw1, UInt16(truncatingIfNeeded: word), address: 0xFFFF_FFF0)
            XCTAssertEqual(result.size, 4)
            XCTAssertFalse(result.text.isEmpty)
        }
    }

    /// Dump mode for Tools/disasm-check.py: with TINYEMU_DISASM_DUMP=path set, disassembles
    /// every line of `path` (`hhhh` or `hhhhhhhh`, first halfword first, optionally `@address`
    /// in hex and then `/condition` in decimal for an instruction inside an IT block) and writes
    /// `line<TAB>text` lines to `path.out`.
    func testDumpForCapstoneComparison() throws {
        guard let path = ProcessInfo.processInfo.environment["TINYEMU_DISASM_DUMP"] else {
            throw XCTSkip("set TINYEMU_DISASM_DUMP to compare with capstone (Tools/disasm-check.py)")
        }
        let input = try String(contentsOfFile: path, encoding: .utf8)
        var output = ""
        for line in input.split(separator: "\n") {
            let parts = line.split(separator: "@")
            guard let word = UInt32(parts[0], radix: 16) else { continue }
            let location = parts.count > 1 ? parts[1].split(separator: "/") : []
            let address = location.first.flatMap { UInt32($0, radix: 16) } ?? 0x1000
            let condition = location.count > 1 ? UInt8(location[1]) : nil
            let wide = parts[0].count > 4
            let hw1 = UInt16(truncatingIfNeeded: wide ? word >> 16 : word)
            let hw2 = UInt16(truncatingIfNeeded: wide ? word : 0)
            let result = ThumbDisassembler.disassemble(hw1, hw2, address: address, inITBlock: condition != nil,
                                                       condition: condition)
            XCTAssertEqual(result.size, wide ? 4 : 2, "size of \(parts[0])")
            output += "\(line)\t\(result.text)\n"
        }
        try output.write(toFile: path + ".out", atomically: true, encoding: .utf8)
    }
}
