"""Tests for the Thumb-2 generator and the differential harness.

    python3 -m pytest Tools/fuzz/test_thumbgen.py -q
"""

import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import difffuzz as df  # noqa: E402
import thumbgen as tg  # noqa: E402

CONDS = ["eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc",
         "hi", "ls", "ge", "lt", "gt", "le", "al"]
IT_RE = re.compile(r"^it[te]{0,3}$")


def mnemonic_ok(mnemonic, expected):
    """capstone mnemonic == one of the expected ones, allowing an S suffix,
    an IT condition suffix and a .w/.n qualifier."""
    m = mnemonic.lower()
    if m.endswith((".w", ".n")):
        m = m[:-2]
    m = m.split(".")[0]   # FP data types: vadd.f32, vcvt.f32.u32, vmov.32
    if "it" in expected:
        return bool(IT_RE.match(m))
    for e in expected:
        for c in [""] + CONDS:
            if m in (e + c, e + "s" + c):
                return True
    return False


def run_in_unicorn(segs, regs=None, flags=0, scratch=None):
    r = {x: 0 for x in tg.INIT_REGS}
    r.update(regs or {})
    case = tg.Case(0, [tg.Item("t", segs)], r, flags, scratch or bytes(tg.SCRATCH_SIZE))
    st = df.run_unicorn(case, check=True)
    assert not st.error, st.error
    return st


# --------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------

def test_same_seed_same_case():
    for seed in (0, 1, 42, 123456789):
        a, b = tg.generate_case(seed, 40), tg.generate_case(seed, 40)
        assert a.code() == b.code()
        assert a.scratch == b.scratch
        assert a.init_regs == b.init_regs and a.init_flags == b.init_flags
        assert [i.family for i in a.items] == [i.family for i in b.items]


def test_different_seeds_differ():
    codes = {tg.generate_case(s, 20).code()[0] for s in range(50)}
    assert len(codes) == 50


def test_family_filter():
    case = tg.generate_case(5, 30, tg.parse_families("ldst,it"))
    assert {i.family for i in case.items} <= {"ldst", "it"}
    with pytest.raises(ValueError):
        tg.parse_families("ldst,nosuchfamily")
    assert tg.parse_families("all") == tuple(tg.FAMILIES)
    assert "it" not in tg.parse_families("all,-it")
    assert tg.parse_families("-it") == tg.parse_families("all,-it")
    assert tg.parse_families("ldst,it,-it") == ("ldst",)
    with pytest.raises(ValueError):
        tg.parse_families("it,-it")


def test_layout_is_contiguous_and_ends_with_bkpt():
    case = tg.generate_case(9, 40)
    lay, end = case.layout()
    addr = tg.CODE_BASE
    for a, s, _ in lay:
        assert a == addr
        addr += len(s.data)
    assert lay[-1][0] == end and lay[-1][1].data == struct.pack("<H", 0xBE00)
    assert len(case.code()[0]) == end + 2


@pytest.mark.parametrize("family", list(tg.FAMILIES))
def test_encodings_decode_to_expected_mnemonic(family):
    """Every generated instruction decodes with capstone to exactly one
    instruction of the generated size, in the expected mnemonic family."""
    fams = (family,)
    seen = 0
    for seed in range(60):
        case = tg.generate_case(seed, 15, fams)
        lay, _ = case.layout()
        for addr, seg, _ in lay:
            if seg.kind != "insn":
                continue
            insns = list(df.cs().disasm(seg.data, addr))
            assert len(insns) == 1 and insns[0].size == len(seg.data), \
                f"seed {seed}: {seg.data.hex()} does not decode as one instruction"
            assert mnemonic_ok(insns[0].mnemonic, seg.mnem), \
                f"seed {seed}: {seg.data.hex()} decodes as {insns[0].mnemonic} {insns[0].op_str}, " \
                f"expected {seg.mnem}"
            seen += 1
    assert seen > 0


@pytest.mark.parametrize("family", list(tg.FAMILIES))
def test_unicorn_reaches_bkpt(family):
    """Per family: executes to the BKPT, touching only scratch RAM and the
    inline data, and executing only instruction starts."""
    for seed in range(40):
        st = df.run_unicorn(tg.generate_case(seed, 25, (family,)), check=True)
        assert not st.error, f"seed {seed}: {st.error}"


def test_unicorn_mixed_cases():
    for seed in range(1000, 1150):
        st = df.run_unicorn(tg.generate_case(seed, 60), check=True)
        assert not st.error, f"seed {seed}: {st.error}"


def test_every_family_produces_items():
    case = tg.generate_case(3, 2000)
    assert {i.family for i in case.items} == set(tg.FAMILIES)


def test_modimm_expansion_covers_all_forms():
    import random
    rng = random.Random(1)
    forms = set()
    for _ in range(2000):
        imm12 = tg.modimm(rng)
        forms.add("rot" if imm12 >> 10 else (imm12 >> 8) & 3)
        if (imm12 >> 10) == 0 and (imm12 >> 8) & 3:
            assert imm12 & 0xFF, "replicated form with imm8 == 0 is UNPREDICTABLE"
    assert forms == {0, 1, 2, 3, "rot"}
    assert tg.expand_modimm(0x1FF) == 0x00FF00FF
    assert tg.expand_modimm(0x2AB) == 0xAB00AB00
    assert tg.expand_modimm(0x3CD) == 0xCDCDCDCD
    assert tg.expand_modimm(8 << 7) == 0x80000000
    assert tg.expand_modimm((31 << 7) | 0x7F) == 0x1FE


def test_it_mask():
    # ITTE EQ: firstcond 0000, mask 0b0110 ... (T, E) -> bits 0,1 then 1
    assert tg.it_mask(0, [True, False]) == 0b0110
    assert tg.it_mask(1, [True, False]) == 0b1010
    assert tg.it_mask(0, []) == 0b1000
    assert tg.it_mask(14, [True, True, True]) == 0b0001


def test_self_check_catches_bad_code():
    """The unicorn self-check must flag a branch into inline data and an
    access outside the scratch area."""
    regs = {x: 0 for x in tg.INIT_REGS}
    bad_branch = tg.Item("t", [tg.enc_b16(-2), tg.data(b"\x00\xbf"), tg.t16(0xBF00, "nop")])
    case = tg.Case(0, [bad_branch], regs, 0, bytes(tg.SCRATCH_SIZE))
    assert "not an instruction start" in df.run_unicorn(case, check=True).error
    bad_load = tg.Item("t", tg.load_const(1, 0x20002000) + [tg.t16(0x6808, "ldr")])
    case = tg.Case(0, [bad_load], regs, 0, bytes(tg.SCRATCH_SIZE))
    assert "outside scratch" in df.run_unicorn(case, check=True).error


# --------------------------------------------------------------------------
# DSP-extension families
# --------------------------------------------------------------------------

DSP_FAMILIES = ("parallel", "sel", "dspext", "qarith")


def dsp_fields(seg):
    """(kind, fields) of a generated DSP / MSR / MRS instruction, from its
    encoding (A5.3.12-A5.3.15, MSR/MRS T1), or None for anything else."""
    if len(seg.data) != 4:
        return None
    hw1, hw2 = struct.unpack("<HH", seg.data)
    rn, rd, rm = hw1 & 15, (hw2 >> 8) & 15, hw2 & 15
    if hw1 & 0xFF80 == 0xFA80 and hw2 & 0xF080 == 0xF000:
        return "parallel", dict(prefix=(hw2 >> 4) & 7, op=(hw1 >> 4) & 7, d=rd, n=rn, m=rm)
    if hw1 & 0xFFC0 == 0xFA80 and hw2 & 0xF0C0 == 0xF080:
        op1, op2 = (hw1 >> 4) & 3, (hw2 >> 4) & 3
        if op1 == 0:
            return "qarith", dict(op=op2, d=rd, n=rn, m=rm)
        if op1 == 2 and op2 == 0:
            return "sel", dict(d=rd, n=rn, m=rm)
        return None
    if hw1 & 0xFF80 == 0xFA00 and hw2 & 0xF080 == 0xF080 and (hw1 >> 4) & 7 in tg.XT_ADD:
        return "extend", dict(op1=(hw1 >> 4) & 7, rot=(hw2 >> 4) & 3, d=rd, n=rn, m=rm, bit6=(hw2 >> 6) & 1)
    if hw1 & 0xFFF0 == 0xF380 and hw2 & 0xF300 == 0x8000:
        return "msr", dict(mask=(hw2 >> 10) & 3, sysm=hw2 & 0xFF, n=rn)
    if hw1 == 0xF3EF and hw2 & 0xF000 == 0x8000:
        return "mrs", dict(d=rd, sysm=hw2 & 0xFF)
    return None


def dsp_instructions(seeds, families, length=40):
    for seed in seeds:
        for item in tg.generate_case(seed, length, families).items:
            segs = item.build(0)
            yield item, [(s, dsp_fields(s)) for s in segs if s.kind == "insn" and s.role == "test"]


def test_dsp_coverage():
    """Every DSP instruction tinyemu implements is generated: the 36
    parallel add/subtract ops, SEL, the 8 extends with all 4 rotations,
    QADD/QSUB/QDADD/QDSUB, and MSR with all three masks to all APSR views."""
    seen = set()
    for _, insns in dsp_instructions(range(300), DSP_FAMILIES + ("psr",)):
        for _, f in insns:
            if f is None:
                continue
            kind, x = f
            if kind == "parallel":
                seen.add((kind, x["prefix"], x["op"]))
            elif kind == "extend":
                seen.add((kind, x["op1"], x["n"] == 15, x["rot"]))
            elif kind == "qarith":
                seen.add((kind, x["op"]))
            elif kind == "msr":
                seen.add((kind, x["mask"], x["sysm"]))
            else:
                seen.add((kind,))
    want = {("parallel", p, o) for p in tg.PAR_PREFIXES for o in tg.PAR_OPS}
    want |= {("extend", o, False, r) for o in tg.XT_ADD for r in range(4)}
    want |= {("extend", o, True, r) for o in tg.XT_B16 for r in range(4)}
    want |= {("qarith", o) for o in range(4)} | {("sel",), ("mrs",)}
    want |= {("msr", m, s) for m in (1, 2, 3) for s in range(4)}
    assert want - seen == set()
    assert len(want) == 36 + 24 + 8 + 4 + 2 + 12


def test_dsp_never_unpredictable():
    """BadReg(d/n/m) is UNPREDICTABLE for all of them (Rn == 1111 is the
    non-accumulating form of the extends, Rn == 1101 stays UNPREDICTABLE);
    extends have hw2 bit 6 == (0); MSR mask != 00, and SYSm <= 3 unless the
    mask is 10.  Inside IT blocks and branch shadows too."""
    n = 0
    for _, insns in dsp_instructions(range(400), DSP_FAMILIES + ("psr", "it", "branch")):
        for seg, f in insns:
            if f is None:
                continue
            kind, x = f
            n += 1
            if kind == "msr":
                assert x["mask"] != 0 and (x["mask"] == 2 or x["sysm"] <= 3) and x["n"] not in (13, 15)
                continue
            if kind == "mrs":
                assert x["d"] not in (13, 15)
                continue
            assert x["d"] not in (13, 15) and x["m"] not in (13, 15), seg.data.hex()
            if kind == "extend":   # (Rn == 1111 with op1 0/1/4/5: base-ISA SXTH/UXTH/SXTB/UXTB)
                assert x["bit6"] == 0 and x["n"] != 13
            else:
                assert x["n"] not in (13, 15), seg.data.hex()
    assert n > 2000


def test_sel_items_set_ge_first():
    """A sel item writes GE (MSR with mask<0> set, or an S/U parallel op)
    before its SEL."""
    count = 0
    for item, insns in dsp_instructions(range(200), ("sel",)):
        kinds = [f for _, f in insns if f is not None]
        i = next(k for k, f in enumerate(kinds) if f[0] == "sel")
        assert any((f[0] == "msr" and f[1]["mask"] & 1) or
                   (f[0] == "parallel" and f[1]["prefix"] in tg.GE_PREFIXES) for f in kinds[:i])
        count += 1
    assert count > 100


def test_qarith_saturates_often():
    """Started with Q clear, a good share of generated QADD/QSUB/QDADD/QDSUB
    (with their operand setup) saturate, so Q gets set."""
    import random
    rng = random.Random(11)
    hits = 0
    for _ in range(200):
        st = run_in_unicorn(tg.qarith(rng))
        hits += bool(st.xpsr & Q)
    assert hits >= 60, hits


def test_parallel_operands_hit_lane_limits():
    """The parallel-op operand setup puts lanes at the signed/unsigned
    limits often (where Q/UQ saturate and GE changes)."""
    import random
    rng = random.Random(12)
    sat = 0
    for _ in range(300):
        for w in (8, 16):
            a, b = tg.lane_value(rng, w), tg.lane_value(rng, w)
            # some lane of QADD/QSUB saturates
            sat += any(not (-(1 << (w - 1)) <= x + y < (1 << (w - 1))) or
                       not (-(1 << (w - 1)) <= x - y < (1 << (w - 1)))
                       for x, y in zip(_lanes(a, w, True), _lanes(b, w, True)))
    assert sat >= 300, sat


def test_prologue_sets_ge():
    for ge in (0, 0b0101, 0b1111):
        flags = N | Q | (ge << 16)
        case = tg.Case(0, [], {r: 0 for r in tg.INIT_REGS}, flags, bytes(tg.SCRATCH_SIZE))
        st = df.run_unicorn(case, check=True)
        assert st.xpsr & 0xF80F0000 == flags
    assert {tg.generate_case(s, 0).init_flags >> 16 & 15 for s in range(100)} == set(range(16))


@pytest.mark.skipif(not shutil.which("arm-none-eabi-as") or not shutil.which("arm-none-eabi-objcopy"),
                    reason="arm-none-eabi binutils not installed")
def test_dsp_encodings_match_gas(tmp_path):
    """Each DSP template (all ops, prefixes, rotations, MSR masks and
    views; several register choices) assembles to the same bytes with
    `arm-none-eabi-as -mcpu=cortex-m4 -mthumb`."""
    R = tg.REG_NAMES
    lines, encs = [], []
    for d, n, m in [(0, 1, 2), (14, 12, 3), (5, 14, 8), (9, 9, 9), (11, 0, 14)]:
        for p in tg.PAR_PREFIXES:
            for op in tg.PAR_OPS:
                lines.append(f"{tg.PAR_PREFIXES[p]}{tg.PAR_OPS[op]} {R[d]}, {R[n]}, {R[m]}")
                encs.append(tg.enc_parallel(p, op, d, n, m).data)
        lines.append(f"sel {R[d]}, {R[n]}, {R[m]}")
        encs.append(tg.enc_sel(d, n, m).data)
        for op2, mn in enumerate(tg.Q_OPS):     # QADD Rd, Rm, Rn
            lines.append(f"{mn} {R[d]}, {R[m]}, {R[n]}")
            encs.append(tg.t32(0xFA80 | n, 0xF080 | (d << 8) | (op2 << 4) | m, mn).data)
        for rot in range(4):
            ror = f", ror #{8 * rot}" if rot else ""
            for op1, mn in tg.XT_ADD.items():
                lines.append(f"{mn} {R[d]}, {R[n]}, {R[m]}{ror}")
                encs.append(tg.t32(0xFA00 | (op1 << 4) | n, 0xF080 | (d << 8) | (rot << 4) | m, mn).data)
            for op1, mn in tg.XT_B16.items():
                lines.append(f"{mn} {R[d]}, {R[m]}{ror}")
                encs.append(tg.t32(0xFA00 | (op1 << 4) | 15, 0xF080 | (d << 8) | (rot << 4) | m, mn).data)
    for sysm, view in enumerate(["apsr", "iapsr", "eapsr", "xpsr"]):
        for mask, suffix in [(1, "g"), (2, "nzcvq"), (3, "nzcvqg")]:
            lines.append(f"msr {view}_{suffix}, r7")
            encs.append(tg.enc_msr_apsr(7, mask=mask, sysm=sysm).data)
        lines.append(f"mrs r3, {view}")
        encs.append(tg.enc_mrs(3, sysm).data)
    (tmp_path / "a.s").write_text(".syntax unified\n.thumb\n" + "\n".join(lines) + "\n")
    subprocess.run(["arm-none-eabi-as", "-mcpu=cortex-m4", "-mthumb", "-o", str(tmp_path / "a.o"),
                    str(tmp_path / "a.s")], check=True)
    subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", "-j", ".text", str(tmp_path / "a.o"),
                    str(tmp_path / "a.bin")], check=True)
    out = (tmp_path / "a.bin").read_bytes()
    assert len(out) == 4 * len(encs)
    bad = [f"{l}: as {out[4 * i:4 * i + 4].hex()}, generator {e.hex()}"
           for i, (l, e) in enumerate(zip(lines, encs)) if out[4 * i:4 * i + 4] != e]
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------
# The oracle: unicorn agrees with the ARMv7-M ARM on known edge cases
# (if one of these ever fails after a unicorn upgrade, the fuzzer would
# report false mismatches)
# --------------------------------------------------------------------------

N, Z, C, V, Q = (1 << 31), (1 << 30), (1 << 29), (1 << 28), (1 << 27)


def test_oracle_shifts_and_carry():
    st = run_in_unicorn([tg.t32(0xFA10, 0xF001, "lsl")], {0: 1, 1: 32})          # LSLS r0,r0,r1
    assert st.regs["r0"] == 0 and st.xpsr & (Z | C) == Z | C
    st = run_in_unicorn([tg.t32(0xFA70, 0xF001, "ror")], {0: 0x80000001, 1: 32})  # RORS by 32
    assert st.regs["r0"] == 0x80000001 and st.xpsr & C
    st = run_in_unicorn([tg.t32(0xFA70, 0xF001, "ror")], {0: 1, 1: 0x100}, C)    # RORS by 0: C kept
    assert st.regs["r0"] == 1 and st.xpsr & C
    st = run_in_unicorn([tg.t16(0x1008, "asr")], {1: 0x80000000})                # ASRS r0,r1,#32
    assert st.regs["r0"] == 0xFFFFFFFF and st.xpsr & (N | C) == N | C
    st = run_in_unicorn([tg.t32(0xEA5F, 0x0031, "rrx")], {1: 3}, C)              # RRXS r0, r1
    assert st.regs["r0"] == 0x80000001 and st.xpsr & C
    st = run_in_unicorn([tg.enc_dp_modimm(2, 1, 15, 0, 8 << 7, "mov")])           # MOVS #0x80000000
    assert st.regs["r0"] == 0x80000000 and st.xpsr & C
    st = run_in_unicorn([tg.enc_dp_modimm(2, 1, 15, 0, 0x1FF, "mov")], {}, C)     # MOVS #0x00FF00FF
    assert st.xpsr & C


def test_oracle_division_saturation_multiply():
    st = run_in_unicorn([tg.t32(0xFB91, 0xF0F2, "sdiv"), tg.t32(0xFBB1, 0xF3F4, "udiv")],
                        {1: 0x80000000, 2: 0xFFFFFFFF, 4: 0})
    assert st.regs["r0"] == 0x80000000 and st.regs["r3"] == 0
    st = run_in_unicorn([tg.t32(0xF301, 0x0000, "ssat")], {1: 5})                # SSAT r0,#1,r1
    assert st.regs["r0"] == 0 and st.xpsr & Q
    st = run_in_unicorn([tg.t32(0xF321, 0x70DF, "ssat")], {1: 0x80000000})       # SSAT #32, ASR #31
    assert st.regs["r0"] == 0xFFFFFFFF and not st.xpsr & Q
    st = run_in_unicorn([tg.t16(0x4348, "mul")], {0: 0, 1: 5}, C | V)            # MULS keeps C, V
    assert st.xpsr & (Z | C | V) == Z | C | V


def test_oracle_pc_reads_psr_and_exclusives():
    st = run_in_unicorn([tg.t16(0x44F8, "add"), tg.t16(0x46F9, "mov"), tg.t16(0xA000, "adr")])
    pro = tg.seglen(tg.Case(0, [], {r: 0 for r in tg.INIT_REGS}, 0, b"").prologue())
    assert st.regs["r8"] == pro + 4 and st.regs["r9"] == pro + 6
    assert st.regs["r0"] == ((pro + 4 + 4) & ~3)
    sysms = [0, 3, 5, 6, 8, 16, 20]
    st = run_in_unicorn([tg.t32(0xF3EF, 0x8000 | (i << 8) | s, "mrs") for i, s in enumerate(sysms)],
                        {}, N | C | Q)
    assert [st.regs[f"r{i}"] for i in range(7)] == [N | C | Q, N | C | Q, 0, 0, tg.INITIAL_SP, 0, 0]
    st = run_in_unicorn(tg.load_const(1, 0x20000010) +
                        [tg.t32(0xE851, 0x2F00, "ldrex"), tg.t32(0xE841, 0x3400, "strex"),
                         tg.t32(0xE841, 0x3500, "strex")],
                        {3: 0xDEADBEEF}, scratch=bytes(range(256)) * 16)
    assert st.regs["r2"] == 0x13121110 and st.regs["r4"] == 0 and st.regs["r5"] == 1
    assert st.mem[16:20] == struct.pack("<I", 0xDEADBEEF)


# DSP extension: a direct transcription of the ARMv7-M ARM pseudocode
# (SADD16 ... UHSAX, SEL, QADD/QSUB/QDADD/QDSUB, SXTAB & co.), against which
# unicorn is checked on many operand pairs at the lane limits.

def _sint(x, bits):
    x &= (1 << bits) - 1
    return x - (1 << bits) if x >> (bits - 1) else x


def _lanes(x, w, signed):
    return [(_sint(x >> (i * w), w) if signed else (x >> (i * w)) & ((1 << w) - 1))
            for i in range(32 // w)]


def ref_parallel(prefix, op, rn, rm, ge):
    """(Rd, GE) of <prefix><op> Rd, Rn, Rm per the ARMv7-M ARM pseudocode."""
    w = 8 if op in (0, 4) else 16
    signed = not prefix & 4
    a, b = _lanes(rn, w, signed), _lanes(rm, w, signed)
    if op in (0, 1):                                    # ADD8 / ADD16
        res = [x + y for x, y in zip(a, b)]
        add = [True] * len(a)
    elif op in (4, 5):                                  # SUB8 / SUB16
        res = [x - y for x, y in zip(a, b)]
        add = [False] * len(a)
    elif op == 2:                                       # ASX: diff low, sum high
        res, add = [a[0] - b[1], a[1] + b[0]], [False, True]
    else:                                               # SAX: sum low, diff high
        res, add = [a[0] + b[1], a[1] - b[0]], [True, False]
    kind = prefix & 3
    if kind == 0:                                       # S / U: modulo, GE
        ges = [(r >= (1 << w)) if (add[i] and not signed) else (r >= 0) for i, r in enumerate(res)]
        ge = 0
        for i, g in enumerate(ges):
            if g:
                ge |= (1 << i) if w == 8 else (3 << (2 * i))
        out = res
    elif kind == 1:                                     # Q / UQ: SignedSat / UnsignedSat
        lo, hi = (-(1 << (w - 1)), (1 << (w - 1)) - 1) if signed else (0, (1 << w) - 1)
        out = [min(max(r, lo), hi) for r in res]
    else:                                               # SH / UH: result<w:1>
        out = [r >> 1 for r in res]
    rd = 0
    for i, r in enumerate(out):
        rd |= (r & ((1 << w) - 1)) << (i * w)
    return rd, ge


def ref_sel(rn, rm, ge):
    return sum(((rn if ge >> i & 1 else rm) & (0xFF << 8 * i)) for i in range(4))


def ref_qarith(op2, rm, rn):
    """(Rd, saturated) of QADD/QDADD/QSUB/QDSUB Rd, Rm, Rn."""
    def sat(x):
        y = min(max(x, -(1 << 31)), (1 << 31) - 1)
        return y, y != x
    n, q1 = (sat(2 * _sint(rn, 32)) if op2 & 1 else (_sint(rn, 32), False))
    r, q2 = sat(_sint(rm, 32) - n if op2 & 2 else _sint(rm, 32) + n)
    return r & tg.MASK32, q1 or q2


def ref_extend(op1, rn, rm, rot):
    """SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB (rn None: SXTB16/UXTB16)."""
    x = ((rm >> rot) | (rm << (32 - rot))) & tg.MASK32 if rot else rm
    base = rn or 0
    if op1 in (2, 3):
        ext = (lambda v: _sint(v, 8)) if op1 == 2 else (lambda v: v & 0xFF)
        lo = (base + ext(x)) & 0xFFFF
        hi = ((base >> 16) + ext(x >> 16)) & 0xFFFF
        return (hi << 16) | lo
    ext = {0: lambda v: _sint(v, 16), 1: lambda v: v & 0xFFFF,
           4: lambda v: _sint(v, 8), 5: lambda v: v & 0xFF}[op1]
    return (base + ext(x)) & tg.MASK32


def run_vectors(op_seg, vectors):
    """Per vector (rn, rm, apsr): r1 = rn, r2 = rm, MSR APSR_nzcvqg <apsr>,
    the instruction (r0 := op r1, r2), MRS r4, APSR, then r0 and r4 are
    stored to scratch.  Returns [(r0, apsr)]."""
    assert len(vectors) * 8 <= tg.SCRATCH_SIZE
    segs = tg.load_const(5, tg.SCRATCH_BASE)
    for rn, rm, apsr in vectors:
        segs += tg.load_const(1, rn) + tg.load_const(2, rm) + tg.load_const(3, apsr)
        segs += [tg.enc_msr_apsr(3, mask=3), op_seg, tg.enc_mrs(4),
                 tg.t32(0xF845, 0x0B04, "str"), tg.t32(0xF845, 0x4B04, "str")]   # STR r0/r4,[r5],#4
    st = run_in_unicorn(segs)
    return [struct.unpack_from("<II", st.mem, 8 * i) for i in range(len(vectors))]


def _dsp_vectors(seed, n, width):
    import random
    rng = random.Random(seed)
    return [(tg.lane_value(rng, width), tg.lane_value(rng, width),
             (rng.getrandbits(5) << 27 | rng.getrandbits(4) << 16)) for _ in range(n)]


@pytest.mark.parametrize("prefix", list(tg.PAR_PREFIXES))
def test_oracle_parallel_add_sub(prefix):
    for op in tg.PAR_OPS:
        vecs = _dsp_vectors(prefix * 8 + op, 128, 8 if op in (0, 4) else 16)
        out = run_vectors(tg.enc_parallel(prefix, op, 0, 1, 2), vecs)
        for (rn, rm, apsr), (rd, psr) in zip(vecs, out):
            want, ge = ref_parallel(prefix, op, rn, rm, apsr >> 16 & 15)
            name = tg.PAR_PREFIXES[prefix] + tg.PAR_OPS[op]
            assert (rd, psr >> 16 & 15) == (want, ge), \
                f"{name} {rn:#010x}, {rm:#010x} (GE {apsr >> 16 & 15:04b}): unicorn " \
                f"{rd:#010x} GE {psr >> 16 & 15:04b}, ARM ARM {want:#010x} GE {ge:04b}"
            assert psr & 0xF8000000 == apsr & 0xF8000000, f"{name} changed NZCVQ"


def test_oracle_sel_and_msr_ge():
    vecs = _dsp_vectors(77, 200, 8)
    out = run_vectors(tg.enc_sel(0, 1, 2), vecs)
    for (rn, rm, apsr), (rd, psr) in zip(vecs, out):
        assert rd == ref_sel(rn, rm, apsr >> 16 & 15) and psr == apsr & 0xF80F0000
    # MSR APSR_g writes only GE, APSR_nzcvq only NZCVQ; MRS of APSR shows GE
    segs = tg.load_const(1, 0xF80F0000) + [tg.enc_msr_apsr(1, mask=3)] + tg.load_const(2, 0x00050000) + \
        [tg.enc_msr_apsr(2, mask=1), tg.enc_mrs(3)] + tg.load_const(2, 0x500A0000) + \
        [tg.enc_msr_apsr(2, mask=2), tg.enc_mrs(4), tg.enc_msr_apsr(1, mask=1, sysm=3), tg.enc_mrs(5, 3)]
    st = run_in_unicorn(segs)
    assert st.regs["r3"] == 0xF8050000 and st.regs["r4"] == 0x50050000 and st.regs["r5"] == 0x500F0000
    assert st.xpsr & 0xF80F0000 == 0x500F0000


def test_oracle_saturating_arithmetic():
    import random
    rng = random.Random(5)
    for op2, mn in enumerate(tg.Q_OPS):
        vecs = [(tg.q_value(rng), tg.q_value(rng), rng.getrandbits(4) << 28 | rng.getrandbits(4) << 16)
                for _ in range(200)]
        # QADD r0, r2, r1: Rm = r2 (hw2), Rn = r1 (hw1)
        out = run_vectors(tg.t32(0xFA81, 0xF082 | (op2 << 4), mn), vecs)
        for (rn, rm, apsr), (rd, psr) in zip(vecs, out):
            want, q = ref_qarith(op2, rm, rn)
            assert (rd, bool(psr & Q)) == (want, q), f"{mn} Rm={rm:#x} Rn={rn:#x}: {rd:#x} Q={psr & Q}"
            assert psr & ~Q == apsr & 0xF80F0000
    st = run_in_unicorn([tg.t32(0xFA81, 0xF092, "qdadd")], {1: 0x40000000, 2: 0xFFFFFFFF})
    assert st.regs["r0"] == 0x7FFFFFFE and st.xpsr & Q     # sat(2 * 2^30) - 1: the doubling saturates


def test_oracle_extend_and_add():
    import random
    rng = random.Random(6)
    for op1 in tg.XT_ADD:
        for rot in range(4):
            for rn in (1, 15):
                if rn == 15 and op1 not in tg.XT_B16:
                    continue
                vecs = [(tg.lane_value(rng, 16), tg.lane_value(rng, 8), rng.getrandbits(4) << 16)
                        for _ in range(48)]
                seg = tg.t32(0xFA00 | (op1 << 4) | rn, 0xF082 | (rot << 4), "x")
                out = run_vectors(seg, vecs)
                for (vn, vm, apsr), (rd, psr) in zip(vecs, out):
                    want = ref_extend(op1, vn if rn == 1 else None, vm, 8 * rot)
                    assert rd == want, f"op1 {op1} Rn r{rn} ror {8 * rot}: {vn:#x} {vm:#x} -> {rd:#x}, " \
                                       f"ARM ARM {want:#x}"
                    assert psr == apsr


def test_ref_model_spot_checks():
    """The reference model itself, on values worked out by hand from the
    ARM ARM instruction pages."""
    assert ref_parallel(0, 1, 0x7FFF0001, 0x00018000, 0) == (0x80008001, 0b1100)  # SADD16
    assert ref_parallel(4, 0, 0xFF01FF80, 0x01FF0180, 0) == (0x00000000, 0b1111)  # UADD8
    assert ref_parallel(1, 5, 0x80007FFF, 0x0001FFFF, 9) == (0x80007FFF, 9)   # QSUB16 keeps GE
    assert ref_parallel(5, 4, 0x10FF0005, 0x20010010, 0) == (0x00FE0000, 0)   # UQSUB8
    assert ref_parallel(2, 2, 0x00000001, 0x00030000, 0) == (0x0000FFFF, 0)   # SHASX: (1-3)>>1
    assert ref_parallel(6, 6, 0x0000FFFF, 0x00000000, 0) == (0x00007FFF, 0)   # UHSAX
    assert ref_parallel(4, 2, 0x0001FFFF, 0x0001FFFF, 0) == (0x0000FFFE, 0b1111)  # UASX
    assert ref_sel(0x11223344, 0xAABBCCDD, 0b0101) == 0xAA22CC44
    assert ref_qarith(1, 0, 0x40000000) == (0x7FFFFFFF, True)
    assert ref_qarith(3, 0x80000000, 1) == (0x80000000, True)
    assert ref_extend(2, 0x7FFF0001, 0x0080FF7F, 0) == 0x7F7F0080                 # SXTAB16
    assert ref_extend(3, None, 0x11223344, 8) == 0x00110033                      # UXTB16 ROR #8


# --------------------------------------------------------------------------
# Harness: compare, shrink, CLI (with the unicorn-backed fake tinyemu)
# --------------------------------------------------------------------------

def test_compare_reports_registers_flags_memory():
    exp = df.State({k: 0 for k in df.REG_KEYS}, 0x60000000, bytes(16))
    got = df.State({**exp.regs, "r3": 7}, 0x20000000, bytes(4) + b"\x01\x02" + bytes(10))
    diffs = df.compare(exp, got)
    text = "\n".join(diffs)
    assert "r3: expected 0x00000000  got 0x00000007" in text
    assert "flags: expected nZCvq  got nzCvq" in text
    assert "mem 0x20000004..0x20000005: expected 00 00  got 01 02" in text
    assert "ge:" not in text
    assert df.compare(exp, exp) == []
    got = df.State(dict(exp.regs), 0x600A0000, bytes(16))
    assert df.compare(exp, got) == ["   ge: expected 0b0000  got 0b1010"]


def test_compare_reports_fp_registers_and_fpscr():
    exp = df.State({k: 0 for k in df.REG_KEYS}, 0, bytes(4), fp={k: 0 for k in df.FP_KEYS})
    got = df.State(dict(exp.regs), 0, bytes(4), fp={**exp.fp, "s7": 0x3F800000, "fpscr": 0x10})
    text = "\n".join(df.compare(exp, got))
    assert "s7: expected 0x00000000  got 0x3f800000" in text
    assert "fpscr: expected 0x00000000  got 0x00000010" in text
    assert "s6:" not in text


def test_fp_cases_grant_the_fpu_and_set_every_s_register():
    case = tg.generate_case(5, 10, tg.parse_families("fparith"))
    assert len(case.init_fp) == 32
    code, _ = case.code()
    # CPACR store first: MOVW/MOVT r0, 0xE000ED88
    assert code[:8] == bytes(tg.enc_movw(0, 0xED88).data + tg.enc_movt(0, 0xE000).data)
    plain = tg.generate_case(5, 10, tg.parse_families("alu16"))
    assert plain.init_fp == ()


def test_shrink_finds_the_culprit():
    case = tg.generate_case(11, 40)
    target = case.items[17]

    def fails(c):
        return any(i is target for i in c.items)

    small, _ = df.shrink(case, fails)
    assert small.items == [target]


def test_parse_seeds():
    assert df.parse_seeds("1-3,7,0x10") == [1, 2, 3, 7, 16]
    with pytest.raises(ValueError):
        df.parse_seeds("5-1")


FAKE = HERE / "fake_tinyemu.py"


def test_cli_unicorn_only_ok(capsys):
    assert df.main(["--unicorn-only", "--seeds", "1-20", "-j", "1"]) == 0
    assert "20 ok" in capsys.readouterr().out


def test_cli_usage_errors(capsys, tmp_path):
    assert df.main(["--seeds", "1-2", "--family", "bogus", "--unicorn-only"]) == 2
    assert df.main(["--seeds", "1-2", "--tinyemu", str(tmp_path / "none")]) == 2
    assert "swift build" in capsys.readouterr().err
    assert df.main(["--nonsense"]) == 2


@pytest.mark.skipif(not os.access(FAKE, os.X_OK), reason="fake_tinyemu.py not executable")
def test_cli_against_fake_tinyemu(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("FAKE_TINYEMU_BUG", raising=False)
    assert df.main(["--seeds", "1-4", "-j", "1", "--tinyemu", str(FAKE)]) == 0
    capsys.readouterr()
    # an injected bug must be reported, shrunk and kept
    monkeypatch.setenv("FAKE_TINYEMU_BUG", "carry")
    rc = df.main(["--seeds", "2", "-j", "1", "--length", "10", "--tinyemu", str(FAKE),
                  "--keep-failures", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "=== MISMATCH seed 2" in out and "flags: expected" in out
    assert "minimised: 0 of 10 items" in out       # the prologue alone shows it
    assert (tmp_path / "seed2" / "case.bin").exists()
    assert (tmp_path / "seed2" / "repro.sh").exists()
    # so must a GE difference
    monkeypatch.setenv("FAKE_TINYEMU_BUG", "ge")
    rc = df.main(["--seeds", "3", "-j", "1", "--length", "10", "--tinyemu", str(FAKE)])
    out = capsys.readouterr().out
    assert rc == 1 and "ge: expected" in out


# --------------------------------------------------------------------------
# DSP multiplies, long multiplies, packing and halfword saturation
# (dspmul, dsplong, dsppack)
# --------------------------------------------------------------------------

MUL_FAMILIES = ("dspmul", "dsplong", "dsppack")


def mul_fields(seg):
    """(kind, fields) of a generated A5.3.16 / A5.3.17 multiply, PKHBT/PKHTB
    or SSAT16/USAT16 from its encoding, or None for anything else."""
    if len(seg.data) != 4:
        return None
    hw1, hw2 = struct.unpack("<HH", seg.data)
    rn, rm = hw1 & 15, hw2 & 15
    if hw1 & 0xFF80 == 0xFB00 and hw2 & 0xC0 == 0:
        op1, op2 = (hw1 >> 4) & 7, (hw2 >> 4) & 3
        if op1 == 0:
            return None                       # MUL/MLA/MLS (base ISA)
        return "mul", dict(op1=op1, op2=op2, n=rn, m=rm, d=(hw2 >> 8) & 15, a=hw2 >> 12)
    if hw1 & 0xFF80 == 0xFB80:
        op1, op2 = (hw1 >> 4) & 7, (hw2 >> 4) & 15
        if (op1, op2 >> 2) in ((4, 2), (4, 3), (5, 3)) or (op1, op2) == (6, 6):
            return "long", dict(op1=op1, op2=op2, n=rn, m=rm, lo=hw2 >> 12, hi=(hw2 >> 8) & 15)
        return None
    if hw1 & 0xFFF0 == 0xEAC0:
        return "pkh", dict(tb=(hw2 >> 5) & 1, bit4=(hw2 >> 4) & 1, bit15=hw2 >> 15,
                           imm=((hw2 >> 12) & 7) << 2 | (hw2 >> 6) & 3, d=(hw2 >> 8) & 15, n=rn, m=rm)
    if hw1 & 0xFF70 == 0xF320 and hw2 & 0xF0F0 == 0:
        return "sat16", dict(u=(hw1 >> 7) & 1, sat=hw2 & 15, d=(hw2 >> 8) & 15, n=rn, bit10=(hw1 >> 10) & 1)
    return None


def mul_instructions(seeds, families, length=40):
    for seed in seeds:
        for item in tg.generate_case(seed, length, families).items:
            yield item, [(s, mul_fields(s)) for s in item.build(0) if s.kind == "insn" and s.role == "test"]


def test_dspmul_dsplong_dsppack_coverage():
    """Every op, operand-half selector, X/R variant, accumulating and
    (Ra == 1111) plain form, every PKH shift amount and every SSAT16/USAT16
    width is generated."""
    seen = set()
    for _, insns in mul_instructions(range(400), MUL_FAMILIES):
        for _, f in insns:
            if f is None:
                continue
            kind, x = f
            if kind == "mul":
                seen.add((kind, x["op1"], x["op2"], x["a"] == 15))
            elif kind == "long":
                seen.add((kind, x["op1"], x["op2"]))
            elif kind == "pkh":
                seen.add((kind, x["tb"], x["imm"]))
            else:
                seen.add((kind, x["u"], x["sat"]))
    want = set()
    for k, (_, hw1, op2s, _, plain, _) in enumerate(tg.DSPMUL_OPS):
        for op2 in op2s:
            want |= {("mul", (hw1 >> 4) & 7, op2, False)}
            if plain:
                want |= {("mul", (hw1 >> 4) & 7, op2, True)}
    for _, hw1, op2s, _ in tg.DSPLONG_OPS:
        want |= {("long", (hw1 >> 4) & 7, op2) for op2 in op2s}
    want |= {("pkh", tb, imm) for tb in (0, 1) for imm in range(32)}
    want |= {("sat16", u, s) for u in (0, 1) for s in range(16)}
    # 4+2+2+2+2+2+1 accumulating, 4+2+2+2+2+0+1 plain; 4+2+2+1 long
    assert len(want) == 15 + 13 + 9 + 64 + 32
    assert want - seen == set()


def test_dspmul_dsplong_dsppack_never_unpredictable():
    """BadReg(d/n/m) everywhere; a == 13 never, a == 15 only where it selects
    a plain form (never SMMLS); dHi != dLo; PKH hw2 bit 4 == 0 and bit 15
    == (0); SSAT16/USAT16 hw1 bit 10 and hw2 bits 15, 5:4 == (0).  Inside IT
    blocks and branch shadows too."""
    n = 0
    for _, insns in mul_instructions(range(400), MUL_FAMILIES + ("it", "branch")):
        for seg, f in insns:
            if f is None:
                continue
            kind, x = f
            n += 1
            regs = [x[k] for k in ("d", "n", "m", "lo", "hi") if k in x]
            assert not {13, 15} & set(regs), seg.data.hex()
            if kind == "mul":
                assert x["a"] != 13 and (x["a"] != 15 or x["op1"] != 6), seg.data.hex()
                assert x["op1"] != 7 or x["op2"] == 0
                assert x["op1"] == 1 or x["op2"] < 2
            elif kind == "long":
                assert x["lo"] != x["hi"], seg.data.hex()
            elif kind == "pkh":
                assert x["bit4"] == 0 and x["bit15"] == 0
            else:
                assert x["bit10"] == 0
    assert n > 3000, n


def test_dspmul_and_sat16_set_q_often():
    """Started with Q clear, a good share of the generated accumulating
    multiplies / SMUAD (with their operand setup) and SSAT16/USAT16 set Q."""
    import random
    rng = random.Random(21)
    hits = {"mul": [0, 0], "sat16": [0, 0]}
    for _ in range(400):
        segs = tg.dsp_multiply(rng)
        kind, x = mul_fields(segs[-1])
        if x["op1"] in (1, 2, 3, 4) and (x["a"] != 15 or x["op1"] == 2):
            st = run_in_unicorn(segs)
            hits["mul"][0] += 1
            hits["mul"][1] += bool(st.xpsr & Q)
        segs = tg.dsp_pack(rng)
        if mul_fields(segs[-1])[0] == "sat16":
            st = run_in_unicorn(segs)
            hits["sat16"][0] += 1
            hits["sat16"][1] += bool(st.xpsr & Q)
    (tot, q), (tot16, q16) = hits["mul"], hits["sat16"]
    assert tot > 100 and q >= tot // 10, (tot, q)
    assert tot16 > 100 and q16 >= tot16 // 3, (tot16, q16)


@pytest.mark.skipif(not shutil.which("arm-none-eabi-as") or not shutil.which("arm-none-eabi-objcopy"),
                    reason="arm-none-eabi binutils not installed")
def test_dspmul_dsplong_dsppack_match_gas(tmp_path):
    """Every template (all ops, half selectors, X/R, with and without Ra,
    all PKH shifts incl. PKHTB ASR #32 as imm 0, all SSAT16/USAT16 widths;
    several register choices) assembles to the same bytes with
    `arm-none-eabi-as -mcpu=cortex-m4 -mthumb`."""
    R = tg.REG_NAMES
    lines, encs = [], []
    for d, n, m, a in [(0, 1, 2, 3), (14, 12, 3, 9), (5, 14, 8, 14), (9, 9, 9, 9), (11, 0, 14, 0)]:
        for k, (_, hw1, op2s, _, plain, _) in enumerate(tg.DSPMUL_OPS):
            for op2 in op2s:
                for ra in ([a, 15] if plain else [a]):
                    mn = tg.dspmul_name(k, op2, ra)
                    lines.append(f"{mn} {R[d]}, {R[n]}, {R[m]}" + ("" if ra == 15 else f", {R[ra]}"))
                    encs.append(tg.enc_dspmul(hw1, op2, d, n, m, ra, mn).data)
        lo, hi = (d, a) if d != a else (d, 0)
        for name, hw1, op2s, suf in tg.DSPLONG_OPS:
            for j, op2 in enumerate(op2s):
                lines.append(f"{name}{suf[j]} {R[lo]}, {R[hi]}, {R[n]}, {R[m]}")
                encs.append(tg.enc_dsplong(hw1, op2, lo, hi, n, m, name).data)
        for imm in range(32):
            lines.append(f"pkhbt {R[d]}, {R[n]}, {R[m]}, lsl #{imm}")
            encs.append(tg.enc_pkh(0, d, n, m, imm).data)
            lines.append(f"pkhtb {R[d]}, {R[n]}, {R[m]}, asr #{imm or 32}")
            encs.append(tg.enc_pkh(1, d, n, m, imm).data)
        for s in range(16):
            lines.append(f"ssat16 {R[d]}, #{s + 1}, {R[n]}")
            encs.append(tg.enc_sat16(0, d, n, s).data)
            lines.append(f"usat16 {R[d]}, #{s}, {R[n]}")
            encs.append(tg.enc_sat16(1, d, n, s).data)
    (tmp_path / "a.s").write_text(".syntax unified\n.thumb\n" + "\n".join(lines) + "\n")
    subprocess.run(["arm-none-eabi-as", "-mcpu=cortex-m4", "-mthumb", "-o", str(tmp_path / "a.o"),
                    str(tmp_path / "a.s")], check=True)
    subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", "-j", ".text", str(tmp_path / "a.o"),
                    str(tmp_path / "a.bin")], check=True)
    out = (tmp_path / "a.bin").read_bytes()
    assert len(out) == 4 * len(encs)
    bad = [f"{l}: as {out[4 * i:4 * i + 4].hex()}, generator {e.hex()}"
           for i, (l, e) in enumerate(zip(lines, encs)) if out[4 * i:4 * i + 4] != e]
    assert not bad, "\n".join(bad)


# The oracle for these: ARMv7-M ARM pseudocode transcribed, unicorn checked
# against it (with Q clear before; Q and the untouched flags read back).

def _half(x, top):
    return _sint(x >> 16 if top else x, 16)


def ref_dspmul(op1, op2, rn, rm, ra):
    """(Rd, Q set) of the A5.3.16 op (ra None: the Ra == 1111 form)."""
    sn, sm = _sint(rn, 32), _sint(rm, 32)
    acc = 0 if ra is None else _sint(ra, 32)

    def q32(r):
        return r & tg.MASK32, not -(1 << 31) <= r < (1 << 31)
    if op1 == 1:                                        # SMLA<x><y> / SMUL<x><y>
        return q32(_half(rn, op2 >> 1) * _half(rm, op2 & 1) + acc)
    if op1 == 3:                                        # SMLAW<y> / SMULW<y>
        r = sn * _half(rm, op2) + (acc << 16)
        return (r >> 16) & tg.MASK32, not -(1 << 31) <= (r >> 16) < (1 << 31)
    if op1 in (2, 4):                                   # SMLAD / SMUAD, SMLSD / SMUSD
        m = ((rm >> 16) | (rm << 16)) & tg.MASK32 if op2 else rm
        p1, p2 = _half(rn, 0) * _half(m, 0), _half(rn, 1) * _half(m, 1)
        return q32(p1 + p2 + acc if op1 == 2 else p1 - p2 + acc)
    if op1 in (5, 6):                                   # SMMLA / SMMUL, SMMLS
        r = (acc << 32) + sn * sm if op1 == 5 else (acc << 32) - sn * sm
        if op2:
            r += 0x80000000
        return (r >> 32) & tg.MASK32, False
    assert op1 == 7                                     # USADA8 / USAD8
    s = sum(abs(((rn >> 8 * i) & 0xFF) - ((rm >> 8 * i) & 0xFF)) for i in range(4))
    return (s + (ra or 0)) & tg.MASK32, False


def ref_dsplong(op1, op2, rn, rm, lo, hi):
    """(RdLo, RdHi) of SMLAL<x><y>, SMLALD{X}, SMLSLD{X}, UMAAL."""
    acc = _sint(hi << 32 | lo, 64)
    if op1 == 6:                                        # UMAAL
        r = rn * rm + lo + hi
    elif op2 >> 2 == 2:                                 # SMLAL<x><y>
        r = _half(rn, op2 >> 1 & 1) * _half(rm, op2 & 1) + acc
    else:                                               # SMLALD / SMLSLD
        m = ((rm >> 16) | (rm << 16)) & tg.MASK32 if op2 & 1 else rm
        p1, p2 = _half(rn, 0) * _half(m, 0), _half(rn, 1) * _half(m, 1)
        r = p1 + p2 + acc if op1 == 4 else p1 - p2 + acc
    return r & tg.MASK32, (r >> 32) & tg.MASK32


def ref_pkh(tb, rn, rm, imm):
    if tb:                                              # PKHTB: ASR, imm 0 = 32
        sh = (_sint(rm, 32) >> (imm or 32)) & tg.MASK32
        return (rn & 0xFFFF0000) | (sh & 0xFFFF)
    sh = (rm << imm) & tg.MASK32                        # PKHBT: LSL
    return (sh & 0xFFFF0000) | (rn & 0xFFFF)


def ref_sat16(unsigned, sat, rn):
    """(Rd, Q set) of SSAT16 Rd, #sat+1, Rn / USAT16 Rd, #sat, Rn."""
    lo, hi = (0, (1 << sat) - 1) if unsigned else (-(1 << sat), (1 << sat) - 1)
    rd, q = 0, False
    for i in range(2):
        x = _half(rn, i)
        y = min(max(x, lo), hi)
        q |= y != x
        rd |= (y & 0xFFFF) << (16 * i)
    return rd, q


def run_vectors_n(op_seg, vectors, out_regs):
    """Per vector ({reg: value}, apsr): set the registers, MSR APSR_nzcvqg,
    run the instruction, MRS r11, APSR; store out_regs and r11 (via r12).
    Returns [(values of out_regs..., apsr)]."""
    per = 4 * (len(out_regs) + 1)
    res = []
    for i in range(0, len(vectors), tg.SCRATCH_SIZE // per):
        chunk = vectors[i:i + tg.SCRATCH_SIZE // per]
        segs = tg.load_const(12, tg.SCRATCH_BASE)
        for regs, apsr in chunk:
            segs += tg.load_const(10, apsr) + [tg.enc_msr_apsr(10, mask=3)]
            for r, v in regs.items():
                segs += tg.load_const(r, v)
            segs += [op_seg, tg.enc_mrs(11)]
            segs += [tg.t32(0xF84C, (r << 12) | 0x0B04, "str") for r in list(out_regs) + [11]]
        st = run_in_unicorn(segs)
        res += [struct.unpack_from(f"<{len(out_regs) + 1}I", st.mem, per * j) for j in range(len(chunk))]
    return res


def _apsr(rng):
    return (rng.getrandbits(4) << 28) | (rng.getrandbits(4) << 16)   # Q clear


def test_oracle_dsp_multiply():
    import random
    rng = random.Random(31)
    for k, (_, hw1, op2s, _, plain, _) in enumerate(tg.DSPMUL_OPS):
        op1 = (hw1 >> 4) & 7
        for op2 in op2s:
            for ra in ([3, 15] if plain else [3]):
                mn = tg.dspmul_name(k, op2, ra)
                val = (lambda: tg.lane_value(rng, 8)) if op1 == 7 else (lambda: tg.half_value(rng))
                vecs = [({1: val(), 2: val(), 3: tg.q_value(rng)}, _apsr(rng)) for _ in range(120)]
                out = run_vectors_n(tg.enc_dspmul(hw1, op2, 0, 1, 2, ra, mn), vecs, [0])
                for (regs, apsr), (rd, psr) in zip(vecs, out):
                    want, q = ref_dspmul(op1, op2, regs[1], regs[2], None if ra == 15 else regs[3])
                    assert (rd, bool(psr & Q)) == (want, q), \
                        f"{mn} {regs[1]:#x}, {regs[2]:#x}, {regs[3]:#x}: unicorn {rd:#x} Q={bool(psr & Q)}, " \
                        f"ARM ARM {want:#x} Q={q}"
                    assert psr & ~Q == apsr


def test_oracle_dsp_long_multiply():
    import random
    rng = random.Random(32)
    for name, hw1, op2s, suf in tg.DSPLONG_OPS:
        for j, op2 in enumerate(op2s):
            vecs = []
            for _ in range(120):
                v = (lambda: tg.rand_value(rng)) if name == "umaal" and rng.random() < 0.5 else \
                    (lambda: tg.half_value(rng))
                vecs.append(({1: v(), 2: v(), 0: rng.choice(tg.LONG_ACC + [tg.rand_value(rng)]),
                              3: rng.choice(tg.LONG_ACC + [tg.rand_value(rng)])}, _apsr(rng)))
            out = run_vectors_n(tg.enc_dsplong(hw1, op2, 0, 3, 1, 2, name), vecs, [0, 3])
            for (regs, apsr), (lo, hi, psr) in zip(vecs, out):
                want = ref_dsplong((hw1 >> 4) & 7, op2, regs[1], regs[2], regs[0], regs[3])
                assert (lo, hi) == want, f"{name}{suf[j]} {regs}: unicorn {lo:#x},{hi:#x} ARM ARM {want}"
                assert psr == apsr


def test_oracle_pack_and_sat16():
    import random
    rng = random.Random(33)
    for tb in (0, 1):
        for imm in range(32):
            vecs = [({1: tg.half_value(rng), 2: tg.rand_value(rng)}, _apsr(rng)) for _ in range(16)]
            out = run_vectors_n(tg.enc_pkh(tb, 0, 1, 2, imm), vecs, [0])
            for (regs, apsr), (rd, psr) in zip(vecs, out):
                assert rd == ref_pkh(tb, regs[1], regs[2], imm) and psr == apsr
    for u in (0, 1):
        for sat in range(16):
            vecs = [({1: tg.half_value(rng) if rng.random() < 0.6 else tg.lane_value(rng, 16)}, _apsr(rng))
                    for _ in range(40)]
            out = run_vectors_n(tg.enc_sat16(u, 0, 1, sat), vecs, [0])
            for (regs, apsr), (rd, psr) in zip(vecs, out):
                want, q = ref_sat16(u, sat, regs[1])
                assert (rd, bool(psr & Q)) == (want, q), \
                    f"{['ssat16', 'usat16'][u]} #{sat + 1 - u} {regs[1]:#x}: {rd:#x} Q={bool(psr & Q)}"
                assert psr & ~Q == apsr


def test_ref_dsp_multiply_spot_checks():
    """The reference models on values worked out by hand."""
    assert ref_dspmul(1, 0, 0x8000, 0x8000, None) == (0x40000000, False)        # SMULBB
    assert ref_dspmul(1, 3, 0x80000000, 0x80000000, 0x40000000) == (0x80000000, True)  # SMLATT
    assert ref_dspmul(2, 0, 0x80008000, 0x80008000, None) == (0x80000000, True)  # SMUAD
    assert ref_dspmul(4, 1, 0x00010002, 0x00030004, None) == (0x00000002, False)  # SMUSDX 2*3-1*4
    assert ref_dspmul(3, 1, 0x00020000, 0xFFFF0000, 0) == (0xFFFFFFFE, False)   # SMLAWT 2^17*-1>>16
    assert ref_dspmul(5, 1, 0x00010000, 0x00008000, None) == (0x00000001, False)  # SMMULR rounds
    assert ref_dspmul(6, 0, 0x00000001, 0x00000001, 0x00000000) == (0xFFFFFFFF, False)  # SMMLS
    assert ref_dspmul(7, 0, 0x00FF10FF, 0xFF0020FE, 5) == (255 + 255 + 16 + 1 + 5, False)  # USADA8
    assert ref_dsplong(6, 6, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) == (0xFFFFFFFF, 0xFFFFFFFF)
    assert ref_dsplong(4, 0b1100, 0x80008000, 0x80008000, 0, 0) == (0x80000000, 0)   # SMLALD
    assert ref_dsplong(5, 0b1100, 0x00000001, 0x00000001, 0, 0) == (1, 0)            # SMLSLD
    assert ref_dsplong(4, 0b1000, 0xFFFF, 0x0002, 0, 0) == (0xFFFFFFFE, 0xFFFFFFFF)  # SMLALBB
    assert ref_pkh(1, 0x12345678, 0x80000000, 0) == 0x1234FFFF                   # PKHTB ASR #32
    assert ref_pkh(0, 0x12345678, 0x0000ABCD, 16) == 0xABCD5678                  # PKHBT LSL #16
    assert ref_sat16(0, 7, 0x7FFF0080) == (0x007F007F, True)                     # SSAT16 #8
    assert ref_sat16(1, 8, 0xFFFF00FF) == (0x000000FF, True)                     # USAT16 #8


def test_oracle_unicorn_smlad_q_quirk():
    """Known unicorn 2.1 (QEMU 5.0) deviation: SMLAD{X} sets Q when the two
    products alone overflow (0x8000 * 0x8000 twice = 2^31) even though Ra
    brings the sum back in range; the ARM ARM (and tinyemu) test only the
    final result.  dsp_multiply avoids exactly that case.  If this fails
    after a unicorn upgrade, the restriction in dsp_multiply can go."""
    st = run_in_unicorn([tg.enc_dspmul(0xFB20, 0, 0, 1, 2, 3, "smlad")],
                        {1: 0x80008000, 2: 0x80008000, 3: 0xFFFFFFFF})
    assert st.regs["r0"] == 0x7FFFFFFF
    assert ref_dspmul(2, 0, 0x80008000, 0x80008000, 0xFFFFFFFF) == (0x7FFFFFFF, False)
    assert st.xpsr & Q, "unicorn now follows the ARM ARM: drop the SMLAD workaround"


def test_smlad_avoids_unicorn_quirk():
    """Every generated SMLAD{X} has its operands set up right before it, and
    never with Rn == Rm == 0x80008000 and a negative Ra."""
    import random
    rng = random.Random(41)
    n = 0
    for _ in range(4000):
        setup_ok = rng.random() < 0.7
        segs = tg.dsp_multiply(rng, frozenset(), setup_ok)
        kind, x = mul_fields(segs[-1])
        if x["op1"] != 2 or x["a"] == 15:
            continue
        assert setup_ok
        vals = {}
        for s in segs[:-1]:
            hw1, hw2 = struct.unpack("<HH", s.data)
            r, imm = (hw2 >> 8) & 15, (hw1 & 15) << 12 | ((hw1 >> 10) & 1) << 11 | ((hw2 >> 12) & 7) << 8 | hw2 & 0xFF
            vals[r] = imm if hw1 & 0xFBF0 == 0xF240 else (vals[r] & 0xFFFF) | imm << 16
        assert {x["n"], x["m"], x["a"]} <= set(vals)
        if vals[x["n"]] == vals[x["m"]] == 0x80008000:
            assert not vals[x["a"]] >> 31
        n += 1
    assert n > 150
