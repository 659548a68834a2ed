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
