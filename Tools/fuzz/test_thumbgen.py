"""Tests for the Thumb-2 generator and the differential harness.

    python3 -m pytest Tools/fuzz/test_thumbgen.py -q
"""

import os
import re
import struct
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
    assert df.compare(exp, exp) == []


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
