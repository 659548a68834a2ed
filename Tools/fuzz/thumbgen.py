"""Random generator of valid ARMv7-M Thumb/Thumb-2 test cases: the base ISA,
the DSP extension (ARMv7E-M) and the FPv4-SP floating-point unit (fpgen.py).

A *case* is

    prologue   MOVW/MOVT + MSR APSR_nzcvqg, then MOVW/MOVT for r0-r12 and lr
    body       a list of *items* (see below)
    BKPT #0    end marker (0xBE00)

placed at CODE_BASE, with a 4 KiB scratch RAM area at SCRATCH_BASE that is
filled with a seeded random pattern.  SP starts at INITIAL_SP.

An *item* is the unit the generator draws and the unit the shrinker deletes.
Every item is self-contained: memory instructions set up their own base (and
index) registers immediately before the tested instruction, SP-based items
set SP themselves, branches only jump forward inside their own item (or, for
loops, backwards inside it), literal pools and TBB/TBH tables live inside the
item and are jumped over, and every exclusive-access item leaves the local
monitor in the Open state.  Deleting any subset of items therefore still
gives a valid case, which is what makes automatic shrinking possible.

Items encode lazily from their start address (`Item.build(addr)`), because
a few encodings depend on it (literal-pool alignment, TBB with a register
base holding an absolute table address).  All random choices are made at
generation time, so `build` is a pure function of the address.

Adding a family: write `gen_<name>(rng) -> Item` and add it to FAMILIES.
Single-instruction ALU-like generators (`lambda rng, avoid, setup: [Seg]`)
can additionally be registered in FILLERS so they are used inside IT blocks,
skipped branch shadows and loop bodies.

Every encoding choice that avoids an UNPREDICTABLE case cites the rule from
the ARMv7-M Architecture Reference Manual (ARM DDI 0403E) pseudocode.
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

MASK32 = 0xFFFFFFFF
CODE_BASE = 0x00000000
SCRATCH_BASE = 0x20000000
SCRATCH_SIZE = 0x1000
SCRATCH_END = SCRATCH_BASE + SCRATCH_SIZE
INITIAL_SP = 0x20000800
BKPT0 = 0xBE00

SP, LR, PC = 13, 14, 15
GP = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]   # never SP / PC ("BadReg")
LO = [0, 1, 2, 3, 4, 5, 6, 7]
REG_NAMES = [f"r{i}" for i in range(13)] + ["sp", "lr", "pc"]

COND_NAMES = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
              "hi", "ls", "ge", "lt", "gt", "le", "al"]

INTERESTING = [0, 1, 2, 3, 0x1F, 0x20, 0x21, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF,
               0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0x80000001,
               0xFFFFFFFF, 0xFFFFFFFE, 0xFFFF0000, 0xFFFF8000, 0x0000FF00,
               0x00FF00FF, 0xFF00FF00, 0x55555555, 0xAAAAAAAA]


# --------------------------------------------------------------------------
# Segments and items
# --------------------------------------------------------------------------

@dataclass
class Seg:
    """A piece of code: one instruction or a block of inline data."""
    data: bytes
    kind: str = "insn"             # "insn" | "data"
    mnem: tuple = ()               # acceptable capstone mnemonic prefixes
    role: str = "test"             # "test" | "setup" | "prologue" | "end"


@dataclass
class Item:
    family: str
    segs: Optional[list] = None                      # address independent
    builder: Optional[Callable[[int], list]] = None  # address dependent

    def build(self, addr: int) -> list:
        if self.builder is not None:
            return self.builder(addr)
        return list(self.segs)


def seglen(segs: Sequence[Seg]) -> int:
    return sum(len(s.data) for s in segs)


def t16(hw: int, mnem, role="test") -> Seg:
    assert 0 <= hw <= 0xFFFF and (hw >> 11) < 0b11101, hex(hw)
    return Seg(struct.pack("<H", hw), "insn", _mn(mnem), role)


def t32(hw1: int, hw2: int, mnem, role="test") -> Seg:
    assert 0 <= hw1 <= 0xFFFF and 0 <= hw2 <= 0xFFFF
    assert (hw1 >> 11) >= 0b11101, hex(hw1)
    return Seg(struct.pack("<HH", hw1, hw2), "insn", _mn(mnem), role)


def data(b: bytes) -> Seg:
    return Seg(bytes(b), "data", (), "data")


def _mn(m):
    return (m,) if isinstance(m, str) else tuple(m)


def setup(segs: list) -> list:
    for s in segs:
        s.role = "setup"
    return segs


# --------------------------------------------------------------------------
# Random helpers
# --------------------------------------------------------------------------

def rand_value(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.20:
        return rng.choice(INTERESTING)
    if r < 0.35:
        return rng.randrange(0, 64)
    if r < 0.42:
        return (-rng.randrange(1, 64)) & MASK32
    return rng.getrandbits(32)


def pick(rng, pool, avoid=()):
    cands = [r for r in pool if r not in avoid]
    return rng.choice(cands)


def pick_n(rng, pool, n, avoid=()):
    cands = [r for r in pool if r not in avoid]
    return rng.sample(cands, n)


# --------------------------------------------------------------------------
# Common encodings
# --------------------------------------------------------------------------

def enc_movw(rd: int, imm16: int, role="setup") -> Seg:
    i, imm4 = (imm16 >> 11) & 1, imm16 >> 12
    imm3, imm8 = (imm16 >> 8) & 7, imm16 & 0xFF
    return t32(0xF240 | (i << 10) | imm4, (imm3 << 12) | (rd << 8) | imm8, ("movw", "mov"), role)


def enc_movt(rd: int, imm16: int, role="setup") -> Seg:
    i, imm4 = (imm16 >> 11) & 1, imm16 >> 12
    imm3, imm8 = (imm16 >> 8) & 7, imm16 & 0xFF
    return t32(0xF2C0 | (i << 10) | imm4, (imm3 << 12) | (rd << 8) | imm8, "movt", role)


def load_const(rd: int, value: int, rng: Optional[random.Random] = None) -> list:
    """MOVW (+ MOVT) rd, value.  Flags are not touched."""
    value &= MASK32
    segs = [enc_movw(rd, value & 0xFFFF)]
    if (value >> 16) or rng is None or rng.random() < 0.5:
        segs.append(enc_movt(rd, value >> 16))
    return segs


def enc_msr_apsr(rn: int, role="test", mask: int = 0b10, sysm: int = 0) -> Seg:
    """MSR T1 to the APSR views (SYSm 0-3: APSR IAPSR EAPSR XPSR).  mask<1>
    writes N Z C V Q, mask<0> writes GE[3:0] (DSP extension).  mask == 00,
    and mask != 10 with SYSm > 3, are UNPREDICTABLE."""
    assert mask in (1, 2, 3) and 0 <= sysm <= 3
    return t32(0xF380 | rn, 0x8000 | (mask << 10) | sysm, "msr", role)


def enc_mrs(rd: int, sysm: int = 0, role="test") -> Seg:
    # MRS T1: BadReg(d) is UNPREDICTABLE
    return t32(0xF3EF, 0x8000 | (rd << 8) | sysm, "mrs", role)


def enc_mov_sp(rm: int) -> Seg:
    # MOV (register) T1, D:Rd = 1101 -> MOV SP, Rm
    return t16(0x4600 | 0x80 | (rm << 3) | 0x5, "mov", "setup")


def set_sp(rng, value: int) -> list:
    """MOVW/MOVT rX, value ; MOV SP, rX  (value word aligned)."""
    assert value % 4 == 0
    rx = pick(rng, GP)
    return setup([enc_movw(rx, value & 0xFFFF), enc_movt(rx, value >> 16), enc_mov_sp(rx)])


def enc_b16(offset: int) -> Seg:
    """B.N (T2) with offset relative to the branch's PC (address + 4)."""
    assert offset % 2 == 0 and -2048 <= offset <= 2046, offset
    return t16(0xE000 | ((offset >> 1) & 0x7FF), "b")


def enc_bcond16(cond: int, offset: int) -> Seg:
    assert cond < 14 and offset % 2 == 0 and -256 <= offset <= 254, offset
    return t16(0xD000 | (cond << 8) | ((offset >> 1) & 0xFF), "b")


def _j_bits(offset: int):
    imm = (offset >> 1) & 0xFFFFFF          # S:I1:I2:imm10:imm11 (24 bits)
    s = (imm >> 23) & 1
    i1, i2 = (imm >> 22) & 1, (imm >> 21) & 1
    j1, j2 = (~(i1 ^ s)) & 1, (~(i2 ^ s)) & 1
    return s, j1, j2, (imm >> 11) & 0x3FF, imm & 0x7FF


def enc_b32(offset: int) -> Seg:        # B.W (T4)
    s, j1, j2, imm10, imm11 = _j_bits(offset)
    return t32(0xF000 | (s << 10) | imm10, 0x9000 | (j1 << 13) | (j2 << 11) | imm11, "b")


def enc_bl(offset: int) -> Seg:         # BL (T1)
    s, j1, j2, imm10, imm11 = _j_bits(offset)
    return t32(0xF000 | (s << 10) | imm10, 0xD000 | (j1 << 13) | (j2 << 11) | imm11, "bl")


def enc_bcond32(cond: int, offset: int) -> Seg:   # B<c>.W (T3)
    assert cond < 14 and offset % 2 == 0 and -(1 << 20) <= offset < (1 << 20)
    imm = (offset >> 1) & 0xFFFFF          # S:J2:J1:imm6:imm11
    s, j2, j1 = (imm >> 19) & 1, (imm >> 18) & 1, (imm >> 17) & 1
    imm6, imm11 = (imm >> 11) & 0x3F, imm & 0x7FF
    return t32(0xF000 | (s << 10) | (cond << 6) | imm6,
               0x8000 | (j1 << 13) | (j2 << 11) | imm11, "b")


# --------------------------------------------------------------------------
# 16-bit ALU
# --------------------------------------------------------------------------

DP16 = ["and", "eor", "lsl", "lsr", "asr", "adc", "sbc", "ror",
        "tst", ("rsb", "neg"), "cmp", "cmn", "orr", "mul", "bic", "mvn"]
DP16_NO_DEST = {8, 10, 11}   # TST, CMP, CMN


def alu16(rng, avoid=frozenset(), in_it=False) -> list:
    """One 16-bit data-processing instruction; never writes a reg in `avoid`,
    PC, or (except for ADD/SUB SP,SP,#imm) SP."""
    k = rng.randrange(10)
    if k == 0:      # LSL/LSR/ASR (immediate)
        op = rng.randrange(3)
        imm5 = rng.randrange(32)
        if op == 0 and imm5 == 0 and in_it:
            # MOVS Rd,Rm (MOV register T2) is UNPREDICTABLE inside an IT block
            imm5 = rng.randrange(1, 32)
        rd, rm = pick(rng, LO, avoid), rng.choice(LO)
        mn = ("lsl", "mov") if (op == 0 and imm5 == 0) else ["lsl", "lsr", "asr"][op]
        return [t16((op << 11) | (imm5 << 6) | (rm << 3) | rd, mn)]
    if k == 1:      # ADD/SUB (register) T1, ADD/SUB (immediate) T1 imm3
        op = rng.randrange(4)
        rd, rn, x = pick(rng, LO, avoid), rng.choice(LO), rng.randrange(8)
        return [t16(0x1800 | (op << 9) | (x << 6) | (rn << 3) | rd,
                    ["add", "sub", ("add", "mov"), "sub"][op])]
    if k in (2, 3):  # MOV/CMP/ADD/SUB imm8
        op = rng.randrange(4)
        rd = rng.choice(LO) if op == 1 else pick(rng, LO, avoid)
        imm8 = rng.choice([0, 1, 0xFF, 0x80, 0x7F]) if rng.random() < 0.2 else rng.randrange(256)
        return [t16(0x2000 | (op << 11) | (rd << 8) | imm8, ["mov", "cmp", "add", "sub"][op])]
    if k in (4, 5, 6):  # data-processing (register)
        op = rng.randrange(16)
        rdn = rng.choice(LO) if op in DP16_NO_DEST else pick(rng, LO, avoid)
        rm = rng.choice(LO)
        return [t16(0x4000 | (op << 6) | (rm << 3) | rdn, DP16[op])]
    if k == 7:      # special data: ADD / CMP / MOV with high registers
        op = rng.randrange(3)
        if op == 0:
            # ADD (register) T2.  Rdn/Rm == SP selects ADD (SP plus register):
            # keep SP out.  Rd == PC would branch.  Both operands low is only
            # allowed from v6T2 on (ARMv6-M calls it UNPREDICTABLE), so keep
            # at least one high register to stay on the well-trodden path.
            rdn = pick(rng, GP, avoid)
            rm = pick(rng, GP + [PC], () if rdn >= 8 else LO)
            return [t16(0x4400 | ((rdn >> 3) << 7) | (rm << 3) | (rdn & 7), "add")]
        if op == 1:
            # CMP (register) T2: UNPREDICTABLE if n < 8 && m < 8, or n/m == 15
            rn = rng.choice(GP + [SP])
            rm = rng.choice(GP + [SP]) if rn >= 8 else rng.choice([8, 9, 10, 11, 12, SP, LR])
            if rm == SP and rn == SP:
                rm = LR
            return [t16(0x4500 | ((rn >> 3) << 7) | (rm << 3) | (rn & 7), "cmp")]
        # MOV (register) T1: Rd is never SP/PC here; Rm may be SP or PC
        rd = pick(rng, GP, avoid)
        rm = rng.choice(GP + [SP, PC])
        return [t16(0x4600 | ((rd >> 3) << 7) | (rm << 3) | (rd & 7), "mov")]
    if k == 8:      # ADR / ADD Rd,SP,#imm8 / ADD|SUB SP,SP,#imm7
        op = rng.randrange(4)
        if op == 0:
            return [t16(0xA000 | (pick(rng, LO, avoid) << 8) | rng.randrange(256), ("adr", "add"))]
        if op == 1:
            return [t16(0xA800 | (pick(rng, LO, avoid) << 8) | rng.randrange(256), "add")]
        # SP stays word aligned (imm7 * 4); memory items re-set SP anyway
        if SP in avoid:
            return [t16(0xA800 | (pick(rng, LO, avoid) << 8) | rng.randrange(256), "add")]
        return [t16(0xB000 | ((op - 2) << 7) | rng.randrange(128), ["add", "sub"][op - 2])]
    # k == 9: 16-bit extends / byte reverses
    return ext16(rng, avoid)


def ext16(rng, avoid=frozenset()) -> list:
    rd, rm = pick(rng, LO, avoid), rng.choice(LO)
    if rng.random() < 0.5:
        op = rng.randrange(4)   # SXTH SXTB UXTH UXTB
        return [t16(0xB200 | (op << 6) | (rm << 3) | rd, ["sxth", "sxtb", "uxth", "uxtb"][op])]
    op = rng.choice([0, 1, 3])  # REV REV16 REVSH  (op 2 is undefined)
    return [t16(0xBA00 | (op << 6) | (rm << 3) | rd, {0: "rev", 1: "rev16", 3: "revsh"}[op])]


# --------------------------------------------------------------------------
# 32-bit data processing
# --------------------------------------------------------------------------

DP_OPS = {  # op field (bits 24:21 of modified-immediate / shifted-register)
    "and": 0, "bic": 1, "orr": 2, "orn": 3, "eor": 4,
    "add": 8, "adc": 10, "sbc": 11, "sub": 13, "rsb": 14,
}
# compare/test aliases: Rd == 1111, S == 1
DP_TEST = {"and": "tst", "eor": "teq", "add": "cmn", "sub": "cmp"}
# move aliases: Rn == 1111
DP_MOVE = {"orr": "mov", "orn": "mvn"}


def modimm(rng):
    """Random ThumbExpandImm imm12 (i:imm3:imm8), covering every form."""
    form = rng.randrange(6)
    if form < 4:
        # 00000000 00000000 00000000 abcdefgh, 00XY00XY, XY00XY00, XYXYXYXY
        # (imm8 == 0 is UNPREDICTABLE for the three replicated forms)
        imm8 = rng.randrange(256) if form == 0 else rng.randrange(1, 256)
        return (form << 8) | imm8
    # rotated: '1':imm12<6:0> ROR imm12<11:7>, rotation 8..31
    rot = rng.randrange(8, 32)
    return (rot << 7) | rng.randrange(128)


def expand_modimm(imm12):
    if (imm12 >> 10) == 0:
        imm8, f = imm12 & 0xFF, (imm12 >> 8) & 3
        return [imm8, imm8 * 0x00010001, imm8 * 0x01000100, imm8 * 0x01010101][f]
    v, rot = 0x80 | (imm12 & 0x7F), imm12 >> 7
    return ((v >> rot) | (v << (32 - rot))) & MASK32


def enc_dp_modimm(op, s, rn, rd, imm12, mn):
    i, imm3, imm8 = imm12 >> 11, (imm12 >> 8) & 7, imm12 & 0xFF
    return t32(0xF000 | (i << 10) | (op << 5) | (s << 4) | rn, (imm3 << 12) | (rd << 8) | imm8, mn)


def dp_modimm(rng, avoid=frozenset(), setup_ok=True) -> list:
    # UNPREDICTABLE: d == 13 || (d == 15 && S == 0) || n == 13 || n == 15
    # (except the TST/TEQ/CMN/CMP and MOV/MVN aliases chosen explicitly)
    name = rng.choice(list(DP_OPS))
    op = DP_OPS[name]
    imm12 = modimm(rng)
    r = rng.random()
    if name in DP_TEST and r < 0.25:
        return [enc_dp_modimm(op, 1, rng.choice(GP), PC, imm12, DP_TEST[name])]
    if name in DP_MOVE and r < 0.5:
        return [enc_dp_modimm(op, rng.randrange(2), PC, pick(rng, GP, avoid), imm12, DP_MOVE[name])]
    return [enc_dp_modimm(op, rng.randrange(2), rng.choice(GP), pick(rng, GP, avoid), imm12, name)]


def dp_plain(rng, avoid=frozenset(), setup_ok=True) -> list:
    """ADDW / SUBW / MOVW / MOVT / ADR.W (plain binary immediate)."""
    k = rng.randrange(5)
    rd = pick(rng, GP, avoid)
    imm = rng.randrange(1 << 12)
    i, imm3, imm8 = imm >> 11, (imm >> 8) & 7, imm & 0xFF
    if k in (0, 1):   # ADDW / SUBW; Rn == PC is ADR, Rn == SP is ADD/SUB (SP plus imm)
        rn = rng.choice(GP + [SP, PC])
        return [t32(0xF200 | (k * 0xA0) | (i << 10) | rn, (imm3 << 12) | (rd << 8) | imm8,
                    ("adr", ["addw", "subw"][k]) if rn == PC else ["addw", "subw"][k])]
    imm16 = rng.getrandbits(16) if rng.random() < 0.8 else rng.choice([0, 0xFFFF, 0x8000])
    if k in (2, 3):
        return [enc_movw(rd, imm16, "test")]
    return [enc_movt(rd, imm16, "test")]


SHIFT_NAMES = ["lsl", "lsr", "asr", "ror"]


def dp_shifted(rng, avoid=frozenset(), setup_ok=True) -> list:
    """Data processing (shifted register) incl. every shift type and RRX."""
    name = rng.choice(list(DP_OPS))
    op = DP_OPS[name]
    typ = rng.randrange(4)
    amt = rng.randrange(32)   # LSR/ASR #0 mean #32, ROR #0 is RRX
    imm3, imm2 = amt >> 2, amt & 3
    rm = rng.choice(GP)
    r = rng.random()
    s = rng.randrange(2)
    rn = rng.choice(GP)
    rd = pick(rng, GP, avoid)
    mn = name
    if name in DP_TEST and r < 0.25:
        s, rd, mn = 1, PC, DP_TEST[name]
    elif name in DP_MOVE and r < 0.5:
        rn = PC
        if name == "orr":
            mn = ("mov", "lsl", "lsr", "asr", "ror", "rrx")
        else:
            mn = "mvn"
    return [t32(0xEA00 | (op << 5) | (s << 4) | rn,
                (imm3 << 12) | (rd << 8) | (imm2 << 6) | (typ << 4) | rm, mn)]


def shift_reg(rng, avoid=frozenset(), setup_ok=True) -> list:
    """LSL/LSR/ASR/ROR (register) .W; optionally with a small shift amount."""
    typ, s = rng.randrange(4), rng.randrange(2)
    rd, rn, rm = pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP)
    segs = []
    if setup_ok and rng.random() < 0.5:
        # shift amount is Rm<7:0>; make the interesting range 0..40 likely
        amt = rng.randrange(41) | (rng.choice([0, 0, 0x100, 0xFFFFFF00]) & ~0xFF)
        segs += load_const(rm, amt & MASK32, rng)
        if rn == rm:
            segs = []
    return setup(segs) + [t32(0xFA00 | (typ << 5) | (s << 4) | rn, 0xF000 | (rd << 8) | rm,
                              SHIFT_NAMES[typ])]


def multiply(rng, avoid=frozenset(), setup_ok=True) -> list:
    k = rng.randrange(8)
    rn, rm = rng.choice(GP), rng.choice(GP)
    if k == 0:   # MULS (16-bit): Rdm = Rn * Rdm
        rdm = pick(rng, LO, avoid)
        return [t16(0x4340 | (rng.choice(LO) << 3) | rdm, "mul")]
    if k == 1:   # MUL (32-bit): MLA with Ra == 1111
        return [t32(0xFB00 | rn, 0xF000 | (pick(rng, GP, avoid) << 8) | rm, "mul")]
    if k in (2, 3):   # MLA / MLS
        ra = rng.choice(GP)
        return [t32(0xFB00 | rn, (ra << 12) | (pick(rng, GP, avoid) << 8) | ((k - 2) << 4) | rm,
                    ["mla", "mls"][k - 2])]
    # SMULL UMULL SMLAL UMLAL: UNPREDICTABLE if dHi == dLo
    lo, hi = pick_n(rng, GP, 2, avoid)
    hw1, mn = [(0xFB80, "smull"), (0xFBA0, "umull"), (0xFBC0, "smlal"), (0xFBE0, "umlal")][k - 4]
    return [t32(hw1 | rn, (lo << 12) | (hi << 8) | rm, mn)]


def divide(rng, avoid=frozenset(), setup_ok=True) -> list:
    """SDIV / UDIV.  With CCR.DIV_0_TRP clear (reset value) x/0 == 0."""
    signed = rng.randrange(2)
    rd, rn, rm = pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP)
    segs = []
    if setup_ok and rn != rm:
        r = rng.random()
        if r < 0.25:
            segs = load_const(rm, 0)                                   # divide by zero
        elif r < 0.35:
            segs = load_const(rn, 0x80000000) + load_const(rm, MASK32)  # INT_MIN / -1
        elif r < 0.6:
            segs = load_const(rm, rng.choice([1, 2, 3, 7, 10, MASK32, 0xFFFFFFF9, 0x10000]))
    hw1 = 0xFB90 if signed else 0xFBB0
    return setup(segs) + [t32(hw1 | rn, 0xF0F0 | (rd << 8) | rm, ["udiv", "sdiv"][signed])]


def misc32(rng, avoid=frozenset(), setup_ok=True) -> list:
    """CLZ RBIT REV REV16 REVSH (32-bit).  Rm appears twice in the encoding;
    the two copies must match (otherwise UNPREDICTABLE)."""
    rd, rm = pick(rng, GP, avoid), rng.choice(GP)
    op1, op2, mn = rng.choice([(1, 0, "rev"), (1, 1, "rev16"), (1, 2, "rbit"),
                               (1, 3, "revsh"), (3, 0, "clz")])
    return [t32(0xFA80 | (op1 << 4) | rm, 0xF080 | (rd << 8) | (op2 << 4) | rm, mn)]


def bitfield(rng, avoid=frozenset(), setup_ok=True) -> list:
    rd = pick(rng, GP, avoid)
    k = rng.randrange(4)
    lsb = rng.randrange(32)
    if k in (0, 1):   # SBFX / UBFX: UNPREDICTABLE if lsb + widthm1 > 31
        widthm1 = rng.randrange(32 - lsb)
        hw1 = 0xF340 if k == 0 else 0xF3C0
        rn = rng.choice(GP)
        return [t32(hw1 | rn, ((lsb >> 2) << 12) | (rd << 8) | ((lsb & 3) << 6) | widthm1,
                    ["sbfx", "ubfx"][k])]
    msb = rng.randrange(lsb, 32)  # msb < lsb is UNPREDICTABLE
    rn = PC if k == 2 else rng.choice(GP)   # BFC is BFI with Rn == 1111
    return [t32(0xF360 | rn, ((lsb >> 2) << 12) | (rd << 8) | ((lsb & 3) << 6) | msb,
                "bfc" if rn == PC else "bfi")]


def extend32(rng, avoid=frozenset(), setup_ok=True) -> list:
    """SXTH UXTH SXTB UXTB .W with ROR #0/8/16/24.  (SXTAB & co., SXTB16 and
    UXTB16 belong to the DSP extension: see dsp_extend.)"""
    hw1, mn = rng.choice([(0xFA0F, "sxth"), (0xFA1F, "uxth"), (0xFA4F, "sxtb"), (0xFA5F, "uxtb")])
    rd, rm = pick(rng, GP, avoid), rng.choice(GP)
    return [t32(hw1, 0xF080 | (rd << 8) | (rng.randrange(4) << 4) | rm, mn)]


def saturate(rng, avoid=frozenset(), setup_ok=True) -> list:
    """SSAT / USAT with LSL #0-31 or ASR #1-31 (sets APSR.Q on saturation)."""
    unsigned = rng.randrange(2)
    sh = rng.randrange(2)
    # sh == 1 with shift 0 is SSAT16/USAT16 (DSP extension): not generated
    amt = rng.randrange(1, 32) if sh else rng.randrange(32)
    sat = rng.randrange(32)   # SSAT: saturate_to = sat + 1; USAT: saturate_to = sat
    rd, rn = pick(rng, GP, avoid), rng.choice(GP)
    hw1 = (0xF380 if unsigned else 0xF300) | (sh << 5) | rn
    return [t32(hw1, ((amt >> 2) << 12) | (rd << 8) | ((amt & 3) << 6) | sat, ["ssat", "usat"][unsigned])]


# --------------------------------------------------------------------------
# DSP extension (ARMv7E-M, A5.3.12-A5.3.15): parallel add/subtract, SEL,
# extend-and-add and the B16 extends, QADD/QSUB/QDADD/QDSUB.  For every one
# of them BadReg(d) || BadReg(n) || BadReg(m) is UNPREDICTABLE (for the
# extends: d IN {13,15} || n == 13 || m IN {13,15}; n == 15 selects the
# non-accumulating SXTB16/UXTB16), so registers come from GP.
# --------------------------------------------------------------------------

# parallel add/subtract: hw1 = 11111010 1 op1:3 Rn, hw2 = 1111 Rd 0 U op2:2 Rm
PAR_PREFIXES = {0: "s", 1: "q", 2: "sh", 4: "u", 5: "uq", 6: "uh"}   # hw2 bits 6:4
PAR_OPS = {0: "add8", 1: "add16", 2: "asx", 4: "sub8", 5: "sub16", 6: "sax"}   # hw1 bits 6:4
GE_PREFIXES = (0, 4)   # only S and U write APSR.GE

LANE8 = [0x00, 0x01, 0x02, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x40, 0xC0]
LANE16 = [0x0000, 0x0001, 0x0002, 0x7FFE, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF,
          0x4000, 0xC000, 0x00FF, 0xFF00]


def lane_value(rng, width: int) -> int:
    """32-bit value whose 8- or 16-bit lanes sit at the signed/unsigned
    limits often (where saturation, halving rounding and GE change)."""
    if rng.random() < 0.25:
        return rand_value(rng)
    lanes = LANE8 if width == 8 else LANE16
    v = 0
    for i in range(32 // width):
        x = rng.choice(lanes) if rng.random() < 0.75 else rng.getrandbits(width)
        v |= x << (i * width)
    return v


def enc_parallel(prefix: int, op: int, rd: int, rn: int, rm: int) -> Seg:
    return t32(0xFA80 | (op << 4) | rn, 0xF000 | (rd << 8) | (prefix << 4) | rm,
               PAR_PREFIXES[prefix] + PAR_OPS[op])


def enc_sel(rd: int, rn: int, rm: int) -> Seg:
    # A5.3.15 op1 = 10, op2 = 00: Rd<8i+7:8i> = GE<i> ? Rn : Rm
    return t32(0xFAA0 | rn, 0xF080 | (rd << 8) | rm, "sel")


def parallel(rng, avoid=frozenset(), setup_ok=True, prefixes=tuple(PAR_PREFIXES)) -> list:
    """One of the 36 parallel add/subtract instructions (S Q SH U UQ UH x
    ADD16 SUB16 ADD8 SUB8 ASX SAX), operands often at the lane limits."""
    prefix, op = rng.choice(prefixes), rng.choice(list(PAR_OPS))
    rd, rn, rm = pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP)
    segs = []
    if setup_ok and rng.random() < 0.75:
        width = 8 if op in (0, 4) else 16
        segs = load_const(rn, lane_value(rng, width), rng)
        if rm != rn:
            segs += load_const(rm, lane_value(rng, width), rng)
    return setup(segs) + [enc_parallel(prefix, op, rd, rn, rm)]


def parallel_or_sel(rng, avoid=frozenset(), setup_ok=True) -> list:
    """Filler: a parallel add/subtract or a SEL (GE is always defined: the
    prologue sets it)."""
    if rng.random() < 0.2:
        return [enc_sel(pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP))]
    return parallel(rng, avoid, setup_ok)


# extends: hw1 = 11111010 0 op1:3 Rn, hw2 = 1111 Rd 1 (0) rotate:2 Rm
XT_ADD = {0: "sxtah", 1: "uxtah", 2: "sxtab16", 3: "uxtab16", 4: "sxtab", 5: "uxtab"}
XT_B16 = {2: "sxtb16", 3: "uxtb16"}   # Rn == 1111


def dsp_extend(rng, avoid=frozenset(), setup_ok=True) -> list:
    """SXTAB SXTAH UXTAB UXTAH SXTAB16 UXTAB16 SXTB16 UXTB16, ROR #0/8/16/24.
    (SXTB/SXTH/UXTB/UXTH are the base-ISA Rn == 1111 forms: see extend32.)"""
    op1 = rng.choice(list(XT_ADD))
    rd, rm = pick(rng, GP, avoid), rng.choice(GP)
    if op1 in XT_B16 and rng.random() < 0.4:
        rn, mn = PC, XT_B16[op1]
    else:
        rn, mn = rng.choice(GP), XT_ADD[op1]
    segs = []
    if setup_ok and rng.random() < 0.5:
        segs = load_const(rm, lane_value(rng, 8), rng)
        if rn != PC and rn != rm:
            segs += load_const(rn, lane_value(rng, 16), rng)
    return setup(segs) + [t32(0xFA00 | (op1 << 4) | rn, 0xF080 | (rd << 8) | (rng.randrange(4) << 4) | rm, mn)]


# QADD & co.: hw1 = 11111010 1000 Rn, hw2 = 1111 Rd 10 op2:2 Rm
Q_OPS = ["qadd", "qdadd", "qsub", "qdsub"]
Q_NEAR = [0x7FFFFFFF, 0x80000000, 0x7FFFFFFE, 0x80000001, 0x40000000, 0x3FFFFFFF,
          0xC0000000, 0xBFFFFFFF, 0xC0000001, 0x40000001, 0x00000000, 0x00000001, 0xFFFFFFFF]


def q_value(rng) -> int:
    r = rng.random()
    if r < 0.45:
        return rng.choice(Q_NEAR)
    if r < 0.8:
        return (rng.choice(Q_NEAR) + rng.randrange(-64, 65)) & MASK32
    return rand_value(rng)


def qarith(rng, avoid=frozenset(), setup_ok=True) -> list:
    """QADD QSUB QDADD QDSUB (Rd = sat(Rm +/- [sat(2*]Rn[)]), sets Q on
    saturation); operands near +/-2^30 and +/-2^31 most of the time."""
    op2 = rng.randrange(4)
    rd, rn, rm = pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP)
    segs = []
    if setup_ok and rng.random() < 0.8:
        segs = load_const(rm, q_value(rng), rng)
        if rn != rm:
            segs += load_const(rn, q_value(rng), rng)
    return setup(segs) + [t32(0xFA80 | rn, 0xF080 | (rd << 8) | (op2 << 4) | rm, Q_OPS[op2])]


# --------------------------------------------------------------------------
# DSP multiplies (A5.3.16, A5.3.17), packing and halfword saturation.
#
# A5.3.16: hw1 = 11111011 0 op1:3 Rn, hw2 = Ra Rd 0 0 op2:2 Rm.  Ra == 1111
# selects the non-accumulating form (SMUL<x><y>, SMULW<y>, SMUAD, SMUSD,
# SMMUL, USAD8); SMMLS has none (a == 15 is UNPREDICTABLE there).  For all:
# BadReg(d) || BadReg(n) || BadReg(m) || a == 13 is UNPREDICTABLE.
# A5.3.17: hw1 = 11111011 1 op1:3 Rn, hw2 = RdLo RdHi op2:4 Rm;
# BadReg(dLo/dHi/n/m) || dHi == dLo is UNPREDICTABLE.
# --------------------------------------------------------------------------

XY = ["bb", "bt", "tb", "tt"]          # N:M (N selects Rn's half, M Rm's)
DSPMUL_OPS = [
    # (key, hw1, hw2 bits 5:4 allowed, accumulating name, Ra == 1111 name
    # or None, suffix per hw2 bits 5:4)
    ("smla_xy", 0xFB10, (0, 1, 2, 3), "smla", "smul", XY),
    ("smlad",   0xFB20, (0, 1),       "smlad", "smuad", ["", "x"]),
    ("smlaw",   0xFB30, (0, 1),       "smlaw", "smulw", ["b", "t"]),
    ("smlsd",   0xFB40, (0, 1),       "smlsd", "smusd", ["", "x"]),
    ("smmla",   0xFB50, (0, 1),       "smmla", "smmul", ["", "r"]),
    ("smmls",   0xFB60, (0, 1),       "smmls", None,    ["", "r"]),
    ("usada8",  0xFB70, (0,),         "usada8", "usad8", [""]),
]
DSPLONG_OPS = [
    # name, hw1, hw2 bits 7:4 choices, suffix per choice
    ("smlal", 0xFBC0, (0b1000, 0b1001, 0b1010, 0b1011), XY),
    ("smlald", 0xFBC0, (0b1100, 0b1101), ["", "x"]),
    ("smlsld", 0xFBD0, (0b1100, 0b1101), ["", "x"]),
    ("umaal", 0xFBE0, (0b0110,), [""]),
]

HALF_NEAR = [0x8000, 0x8000, 0x7FFF, 0x7FFF, 0x0000, 0x0001, 0x8001, 0x7FFE,
             0xFFFF, 0xFFFE, 0x4000, 0xC000]
HALF_EXTREME = [0x8000, 0x8000, 0x7FFF, 0x8001]
# accumulators for which one +/-2^30 product (or two) overflows
ACC_NEAR = [0x7FFFFFFF, 0x80000000, 0x7FFFFFFE, 0x80000001, 0x7FFF0000, 0x80008000,
            0x40000000, 0xC0000000, 0x3FFFFFFF, 0xBFFFFFFF, 0x40000001, 0xC0000001]


def half_value(rng) -> int:
    """32-bit value whose halves are often at +/-0x8000 / 0x7FFF (so the
    products are +/-2^30 and the accumulating forms overflow)."""
    r = rng.random()
    if r < 0.2:
        return rand_value(rng)
    if r < 0.3:
        return rng.choice(Q_NEAR)
    v = 0
    for i in range(2):
        x = rng.choice(HALF_NEAR) if rng.random() < 0.8 else rng.getrandbits(16)
        v |= x << (16 * i)
    return v


def enc_dspmul(hw1: int, op2: int, rd: int, rn: int, rm: int, ra: int, mn: str) -> Seg:
    return t32(hw1 | rn, (ra << 12) | (rd << 8) | (op2 << 4) | rm, mn)


def dspmul_name(k: int, op2: int, ra: int) -> str:
    _, _, _, acc, plain, suf = DSPMUL_OPS[k]
    return (plain if ra == PC else acc) + suf[op2]


def dsp_multiply(rng, avoid=frozenset(), setup_ok=True) -> list:
    """SMLA<x><y> SMUL<x><y> SMLAW<y> SMULW<y> SMLAD{X} SMUAD{X} SMLSD{X}
    SMUSD{X} SMMLA{R} SMMUL{R} SMMLS{R} USADA8 USAD8: both the accumulating
    and (Ra == 1111) the plain form; halves often at +/-0x8000 / 0x7FFF and
    Ra near +/-2^31, so Q gets set."""
    k = rng.randrange(len(DSPMUL_OPS))
    _, hw1, op2s, _, plain, _ = DSPMUL_OPS[k]
    op2 = rng.choice(op2s)
    rd, rn, rm = pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP)
    ra = PC if plain and rng.random() < 0.4 else rng.choice(GP)
    # SMLAD{X}: unicorn 2.1 (QEMU 5.0) sets Q when product1 + product2
    # alone overflows (only 0x8000 * 0x8000 twice: 2^31) even if Ra brings
    # the sum back in range; the ARM ARM tests only the final result.  So
    # SMLAD{X} always sets up its operands and avoids that one combination
    # with a negative Ra; without setup (fillers) it becomes SMUAD{X}.
    smlad = k == 1 and ra != PC
    if smlad and not setup_ok:
        ra = PC
    segs = []
    if setup_ok and (smlad or rng.random() < 0.85):
        if k == 6:
            val = lambda: lane_value(rng, 8)        # noqa: E731
        elif rng.random() < 0.5:                     # both halves +/-2^15: products +/-2^30
            val = lambda: rng.choice(HALF_EXTREME) << 16 | rng.choice(HALF_EXTREME)   # noqa: E731
        else:
            val = lambda: half_value(rng)           # noqa: E731
        vn = val()
        vm = vn if rm == rn else val()
        if k == 6:
            va = rand_value(rng)
        else:
            va = rng.choice(ACC_NEAR) if rng.random() < 0.6 else q_value(rng)
        if smlad and vn == vm == 0x80008000:
            if ra in (rn, rm):
                vm = vn = 0x80007FFF
            else:
                va &= 0x7FFFFFFF          # sum >= 2^31: both set Q
        segs = load_const(rn, vn, rng)
        if rm != rn:
            segs += load_const(rm, vm, rng)
        if ra != PC and ra not in (rn, rm):
            segs += load_const(ra, va, rng)
    return setup(segs) + [enc_dspmul(hw1, op2, rd, rn, rm, ra, dspmul_name(k, op2, ra))]


def enc_dsplong(hw1: int, op2: int, lo: int, hi: int, rn: int, rm: int, mn: str) -> Seg:
    return t32(hw1 | rn, (lo << 12) | (hi << 8) | (op2 << 4) | rm, mn)


LONG_ACC = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0x80000001]


def dsp_long(rng, avoid=frozenset(), setup_ok=True) -> list:
    """SMLAL<x><y> SMLALD{X} SMLSLD{X} UMAAL (RdLo != RdHi), 64-bit
    accumulator often near the wrap points."""
    name, hw1, op2s, suf = rng.choice(DSPLONG_OPS)
    j = rng.randrange(len(op2s))
    lo, hi = pick_n(rng, GP, 2, avoid)
    rn, rm = rng.choice(GP), rng.choice(GP)
    segs = []
    if setup_ok and rng.random() < 0.8:
        val = rand_value if name == "umaal" and rng.random() < 0.5 else half_value
        segs = load_const(rn, val(rng), rng)
        if rm != rn:
            segs += load_const(rm, val(rng), rng)
        for r in (lo, hi):
            if r not in (rn, rm):
                v = rng.choice(LONG_ACC) if rng.random() < 0.5 else rand_value(rng)
                segs += load_const(r, v, rng)
    return setup(segs) + [enc_dsplong(hw1, op2s[j], lo, hi, rn, rm, name + suf[j])]


def enc_pkh(tb: int, rd: int, rn: int, rm: int, imm5: int) -> Seg:
    """PKHBT (tb 0, LSL #imm5) / PKHTB (tb 1, ASR #imm5, 0 meaning #32):
    data processing (shifted register) op 0110, S 0; hw2 bit 4 (the low
    shift-type bit) must be 0 (tb:'0'), bit 15 is (0)."""
    return t32(0xEAC0 | rn, ((imm5 >> 2) << 12) | (rd << 8) | ((imm5 & 3) << 6) | (tb << 5) | rm,
               ["pkhbt", "pkhtb"][tb])


def enc_sat16(unsigned: int, rd: int, rn: int, sat_imm: int) -> Seg:
    """SSAT16 (saturate_to = sat_imm + 1) / USAT16 (saturate_to = sat_imm);
    hw2 bits 5:4 and hw1 bit 10 are (0)."""
    assert 0 <= sat_imm < 16
    return t32((0xF3A0 if unsigned else 0xF320) | rn, (rd << 8) | sat_imm, ["ssat16", "usat16"][unsigned])


def dsp_pack(rng, avoid=frozenset(), setup_ok=True) -> list:
    """PKHBT LSL #0-31, PKHTB ASR #1-32; SSAT16 #1-16, USAT16 #0-15 (Q set
    when any half saturates; halves often at the 16-bit limits)."""
    rd, rn, rm = pick(rng, GP, avoid), rng.choice(GP), rng.choice(GP)
    segs = []
    if rng.random() < 0.45:
        tb = rng.randrange(2)
        imm5 = rng.randrange(32)
        if setup_ok and rng.random() < 0.5 and rn != rm:
            segs = load_const(rn, 0x11223344 if rng.random() < 0.5 else half_value(rng)) + \
                load_const(rm, 0xAABBCCDD if rng.random() < 0.5 else half_value(rng))
        return setup(segs) + [enc_pkh(tb, rd, rn, rm, imm5)]
    unsigned = rng.randrange(2)
    sat = rng.randrange(16)
    if setup_ok and rng.random() < 0.8:
        segs = load_const(rn, half_value(rng) if rng.random() < 0.6 else lane_value(rng, 16), rng)
    return setup(segs) + [enc_sat16(unsigned, rd, rn, sat)]


def gen_q_item(family, g):
    """Item maker for generators that may set Q: half the time Q is cleared
    first (MSR APSR_nzcvq{g}, random NZCV/GE) and APSR read back after."""
    def gen(rng):
        segs = []
        clear = rng.random() < 0.5
        if clear:
            segs += set_apsr(rng, rng.choice([2, 3]), rng.getrandbits(32) & ~Q_BIT)
        segs += g(rng, frozenset(), True)
        if clear or rng.random() < 0.3:
            segs += observe_apsr(rng)
        return Item(family, segs)
    return gen


# Fillers: single-instruction generators used inside IT blocks, skipped
# branch shadows and loop bodies.  (weight, generator(rng, avoid, setup_ok))
FILLERS = [
    (6, lambda rng, avoid, s: alu16(rng, avoid, in_it=True)),
    (2, dp_modimm), (1, dp_plain), (2, dp_shifted), (1, shift_reg),
    (1, multiply), (1, divide), (1, misc32), (1, bitfield), (1, extend32), (1, saturate),
    (1, parallel_or_sel), (1, dsp_extend), (1, qarith),
    (1, dsp_multiply), (1, dsp_long), (1, dsp_pack),
]


def filler(rng, avoid=frozenset()) -> list:
    tot = sum(w for w, _ in FILLERS)
    x = rng.randrange(tot)
    for w, g in FILLERS:
        if x < w:
            return g(rng, avoid, False)
        x -= w
    raise AssertionError


# --------------------------------------------------------------------------
# Memory helpers
# --------------------------------------------------------------------------

def rand_ea(rng, size, align, lo=SCRATCH_BASE, hi=SCRATCH_END):
    """Random effective address with [ea, ea+size) inside [lo, hi)."""
    ea = rng.randrange(lo, hi - size + 1)
    return ea - (ea % align)


def rand_off(rng, maxoff, mult=1):
    if rng.random() < 0.5:
        off = rng.randrange(min(maxoff, 32) + 1)
    else:
        off = rng.randrange(maxoff + 1)
    return off - off % mult


def choose_base_off(rng, size, align, maxoff, sign, base_align=1, off_mult=1):
    """(ea, base, off) with ea = base + sign*off, [ea, ea+size) and base in
    the scratch area, base % base_align == 0 and off % off_mult == 0."""
    for _ in range(1000):
        ea = rand_ea(rng, size, align)
        off = rand_off(rng, maxoff, off_mult)
        base = ea - sign * off
        if SCRATCH_BASE <= base < SCRATCH_END and base % base_align == 0:
            return ea, base, off
    raise AssertionError("no address found")


# --------------------------------------------------------------------------
# Families: each gen_xxx(rng) returns one Item
# --------------------------------------------------------------------------

def _single(family, g):
    return lambda rng: Item(family, g(rng, frozenset(), True))


def gen_alu16(rng):
    return Item("alu16", alu16(rng))


def gen_ldst(rng):
    """LDR/LDRB/LDRH/LDRSB/LDRSH/STR/STRB/STRH, 32-bit encodings: imm12,
    imm8 negative offset / pre-index / post-index (with writeback), LDRT-style
    unprivileged (executes like the plain form when privileged), register
    offset LSL #0-3.  Unaligned word/halfword accesses are allowed in ARMv7-M
    (CCR.UNALIGN_TRP == 0) and are generated."""
    name, imm12_hw, imm8_hw, size, load = rng.choice([
        ("str", 0xF8C0, 0xF840, 4, False), ("strh", 0xF8A0, 0xF820, 2, False),
        ("strb", 0xF880, 0xF800, 1, False), ("ldr", 0xF8D0, 0xF850, 4, True),
        ("ldrh", 0xF8B0, 0xF830, 2, True), ("ldrb", 0xF890, 0xF810, 1, True),
        ("ldrsh", 0xF9B0, 0xF930, 2, True), ("ldrsb", 0xF990, 0xF910, 1, True)])
    align = size if rng.random() < 0.7 else 1
    form = rng.choice(["imm12", "neg", "pre", "post", "unpriv", "reg", "reg"])
    wback = form in ("pre", "post")
    use_sp = form != "reg" and rng.random() < 0.15
    rn = SP if use_sp else rng.choice(GP)
    # wback && n == t is UNPREDICTABLE (loads and stores)
    rt = pick(rng, GP, (rn,) if wback else ())
    if name == "str" and form != "unpriv" and rng.random() < 0.1 and not (wback and rn == SP):
        rt = SP   # STR may store SP (t == 15 is UNPREDICTABLE; for STRT BadReg(t) is)
    segs = []
    mn = name + ("t" if form == "unpriv" else "")
    if form == "reg":
        rm = pick(rng, GP, (rn,))
        sh = rng.randrange(4)
        ea = rand_ea(rng, size, align)
        rmv = rng.randrange(64) if rng.random() < 0.6 else rand_value(rng)
        base = (ea - (rmv << sh)) & MASK32
        segs = setup(load_const(rm, rmv, rng) + load_const(rn, base))
        return Item("ldst", segs + [t32(imm8_hw | rn, (rt << 12) | (sh << 4) | rm, mn)])
    base_align = 4 if use_sp else 1
    off_mult = 4 if (use_sp and wback) else 1   # keep SP word aligned
    if form == "imm12":
        ea, base, off = choose_base_off(rng, size, align, 4095, +1, base_align)
        hw2 = (rt << 12) | off
        hw1 = imm12_hw | rn
    else:
        if form == "neg":
            p, u, w, sign = 1, 0, 0, -1
        elif form == "unpriv":
            p, u, w, sign = 1, 1, 0, +1
        else:
            u = rng.randrange(2)
            p, w, sign = (1 if form == "pre" else 0), 1, (1 if u else -1)
        if form == "post":
            ea, base, off = choose_base_off(rng, size, align, 0, +1, base_align)
            off = rand_off(rng, 255, off_mult)
        else:
            ea, base, off = choose_base_off(rng, size, align, 255, sign, base_align, off_mult)
        hw1 = imm8_hw | rn
        hw2 = (rt << 12) | 0x800 | (p << 10) | (u << 9) | (w << 8) | off
    segs = set_sp(rng, base) if use_sp else setup(load_const(rn, base))
    return Item("ldst", segs + [t32(hw1, hw2, mn)])


def gen_ldst16(rng):
    """16-bit loads/stores: imm5 (word/half/byte), register offset, SP+imm8."""
    k = rng.randrange(5)
    if k <= 1:
        name, opc, size = rng.choice([("str", 0x6000, 4), ("ldr", 0x6800, 4),
                                      ("strb", 0x7000, 1), ("ldrb", 0x7800, 1),
                                      ("strh", 0x8000, 2), ("ldrh", 0x8800, 2)])
        rn, rt = rng.choice(LO), rng.choice(LO)
        align = size if rng.random() < 0.7 else 1
        ea, base, off = choose_base_off(rng, size, align, 31 * size, +1, 1, size)
        return Item("ldst16", setup(load_const(rn, base)) +
                    [t16(opc | ((off // size) << 6) | (rn << 3) | rt, name)])
    if k <= 3:
        opb = rng.randrange(8)
        name = ["str", "strh", "strb", "ldrsb", "ldr", "ldrh", "ldrb", "ldrsh"][opb]
        size = [4, 2, 1, 1, 4, 2, 1, 2][opb]
        rn, rm = pick_n(rng, LO, 2)
        rt = rng.choice(LO)
        align = size if rng.random() < 0.7 else 1
        ea = rand_ea(rng, size, align)
        rmv = rng.randrange(256) if rng.random() < 0.6 else rand_value(rng)
        segs = setup(load_const(rm, rmv, rng) + load_const(rn, (ea - rmv) & MASK32))
        return Item("ldst16", segs + [t16(0x5000 | (opb << 9) | (rm << 6) | (rn << 3) | rt, name)])
    # LDR/STR Rt, [SP, #imm8*4]
    load = rng.randrange(2)
    rt = rng.choice(LO)
    ea, base, off = choose_base_off(rng, 4, 4, 1020, +1, 4, 4)
    return Item("ldst16", set_sp(rng, base) +
                [t16((0x9800 if load else 0x9000) | (rt << 8) | (off >> 2), ["str", "ldr"][load])])


def gen_literal(rng):
    """PC-relative loads from a literal pool inside the test (jumped over):
    LDR (16-bit), LDR/LDRB/LDRH/LDRSB/LDRSH .W with +/- offset, LDRD literal."""
    pool = rng.randbytes(16)
    k = rng.randrange(4)
    if k == 0:
        rt, word = rng.choice(LO), rng.randrange(4)

        def build(addr):
            ldr_pc = addr + 4
            pool_at = addr + 4
            pad = b"" if pool_at % 4 == 0 else b"\x00\x00"
            pool_at += len(pad)
            end = pool_at + len(pool)
            imm = (pool_at + 4 * word - (ldr_pc & ~3)) // 4
            segs = [t16(0x4800 | (rt << 8) | imm, "ldr"), enc_b16(end - (addr + 2 + 4))]
            return segs + ([data(pad)] if pad else []) + [data(pool)]
        return Item("literal", builder=build)
    if k == 1 or k == 2:
        name, hw, size = rng.choice([("ldr", 0xF85F, 4), ("ldrb", 0xF81F, 1), ("ldrh", 0xF83F, 2),
                                     ("ldrsb", 0xF91F, 1), ("ldrsh", 0xF93F, 2)])
        rt = rng.choice(GP)
        pos = rng.randrange(len(pool) - size + 1)
        if k == 1:   # pool after the load, U = 1
            def build(addr):
                pool_at = addr + 6
                pad = b"" if pool_at % 4 == 0 else b"\x00\x00"
                pool_at += len(pad)
                end = pool_at + len(pool)
                imm = pool_at + pos - ((addr + 4) & ~3)
                segs = [t32(hw | 0x80, (rt << 12) | imm, name), enc_b16(end - (addr + 4 + 4))]
                return segs + ([data(pad)] if pad else []) + [data(pool)]
        else:        # pool before the load, U = 0
            def build(addr):
                pool_at = addr + 2
                pad = b"" if pool_at % 4 == 0 else b"\x00\x00"
                pool_at += len(pad)
                ld = pool_at + len(pool)
                imm = ((ld + 4) & ~3) - (pool_at + pos)
                segs = [enc_b16(ld - (addr + 4))] + ([data(pad)] if pad else []) + [data(pool)]
                return segs + [t32(hw, (rt << 12) | imm, name)]
        return Item("literal", builder=build)
    # LDRD Rt, Rt2, [PC, #+/-imm8*4]; BadReg(t) || BadReg(t2) || t == t2 UNPREDICTABLE
    rt, rt2 = pick_n(rng, GP, 2)
    word = rng.randrange(3)

    def build(addr):
        pool_at = addr + 6
        pad = b"" if pool_at % 4 == 0 else b"\x00\x00"
        pool_at += len(pad)
        end = pool_at + len(pool)
        imm = (pool_at + 4 * word - ((addr + 4) & ~3)) // 4
        segs = [t32(0xE9DF, (rt << 12) | (rt2 << 8) | imm, "ldrd"), enc_b16(end - (addr + 4 + 4))]
        return segs + ([data(pad)] if pad else []) + [data(pool)]
    return Item("literal", builder=build)


def gen_ldrd(rng):
    """LDRD/STRD (immediate): offset, pre-indexed and post-indexed with
    writeback.  Addresses are word aligned (unaligned LDRD faults on v7-M)."""
    load = rng.randrange(2)
    p, w = rng.choice([(1, 0), (1, 1), (0, 1)])
    u = rng.randrange(2)
    wback = w == 1
    rn = SP if rng.random() < 0.15 else rng.choice(GP)
    avoid = (rn,) if wback else ()   # wback && (n == t || n == t2): UNPREDICTABLE
    if load:   # LDRD: t == t2 UNPREDICTABLE
        rt, rt2 = pick_n(rng, GP, 2, avoid)
    else:      # STRD allows t == t2
        rt, rt2 = pick(rng, GP, avoid), pick(rng, GP, avoid)
    sign = 1 if u else -1
    if p:
        ea, base, off = choose_base_off(rng, 8, 4, 1020, sign, 4, 4)
    else:
        ea, base, off = choose_base_off(rng, 8, 4, 0, 1, 4, 4)
        off = rand_off(rng, 1020, 4)
    segs = set_sp(rng, base) if rn == SP else setup(load_const(rn, base))
    hw1 = 0xE840 | (p << 8) | (u << 7) | (w << 5) | (load << 4) | rn
    return Item("ldrd", segs + [t32(hw1, (rt << 12) | (rt2 << 8) | (off >> 2), ["strd", "ldrd"][load])])


def _reglist(rng, pool, nmin, avoid=()):
    cands = [r for r in pool if r not in avoid]
    n = rng.randrange(nmin, len(cands) + 1) if rng.random() < 0.3 else rng.randrange(nmin, min(len(cands), 5) + 1)
    return sorted(rng.sample(cands, n))


def gen_ldm(rng):
    """LDM/STM IA (16/32-bit) and LDMDB/STMDB, with and without writeback."""
    k = rng.randrange(4)
    if k == 0:   # STM (16-bit), always writes back; Rn in the list is avoided
        # (stores an UNKNOWN value unless Rn is the lowest register).
        rn = rng.choice(LO)
        regs = _reglist(rng, LO, 1, (rn,))
        ea, base, _ = choose_base_off(rng, 4 * len(regs), 4, 0, 1, 4)
        return Item("ldm", setup(load_const(rn, base)) +
                    [t16(0xC000 | (rn << 8) | _mask(regs), ("stm", "stmia"))])
    if k == 1:   # LDM (16-bit): writeback iff Rn not in list
        rn = rng.choice(LO)
        regs = _reglist(rng, LO, 1)
        ea, base, _ = choose_base_off(rng, 4 * len(regs), 4, 0, 1, 4)
        return Item("ldm", setup(load_const(rn, base)) +
                    [t16(0xC800 | (rn << 8) | _mask(regs), ("ldm", "ldmia"))])
    # 32-bit: BitCount < 2, SP or PC in the list (PC would branch), and
    # wback with Rn in the list are UNPREDICTABLE / avoided.
    load = rng.randrange(2)
    db = k == 3
    w = rng.randrange(2)
    rn = rng.choice(GP)
    regs = _reglist(rng, GP, 2, (rn,) if w else ())
    n = 4 * len(regs)
    if db:
        ea, base, _ = choose_base_off(rng, n, 4, 0, 1, 4)
        base += n
    else:
        ea, base, _ = choose_base_off(rng, n, 4, 0, 1, 4)
    hw1 = (0xE910 if db else 0xE890) if load else (0xE900 if db else 0xE880)
    if db:
        mn = ("ldmdb",) if load else ("stmdb",)
    else:
        mn = ("ldm", "pop") if load else ("stm",)
    return Item("ldm", setup(load_const(rn, base)) + [t32(hw1 | (w << 5) | rn, _mask(regs), mn)])


def _mask(regs):
    m = 0
    for r in regs:
        m |= 1 << r
    return m


def gen_pushpop(rng):
    """PUSH/POP in all three encodings (never PC, never SP in the list)."""
    base = rng.randrange(SCRATCH_BASE + 256, SCRATCH_END - 256, 4)
    segs = set_sp(rng, base)
    for _ in range(rng.randrange(1, 4)):
        k = rng.randrange(6)
        if k == 0:
            regs = _reglist(rng, LO + [LR], 1)
            m = _mask([r for r in regs if r < 8]) | ((LR in regs) << 8)
            segs.append(t16(0xB400 | m, "push"))
        elif k == 1:   # POP 16-bit: low regs only (the P bit would pop PC)
            segs.append(t16(0xBC00 | _mask(_reglist(rng, LO, 1)), "pop"))
        elif k == 2:   # PUSH.W = STMDB SP!: BitCount < 2 UNPREDICTABLE
            segs.append(t32(0xE92D, _mask(_reglist(rng, GP, 2)), ("push", "stmdb")))
        elif k == 3:   # POP.W = LDMIA SP!
            segs.append(t32(0xE8BD, _mask(_reglist(rng, GP, 2)), ("pop", "ldm")))
        elif k == 4:   # PUSH.W single: STR Rt, [SP, #-4]!
            segs.append(t32(0xF84D, (rng.choice(GP) << 12) | 0xD04, ("push", "str")))
        else:          # POP.W single: LDR Rt, [SP], #4
            segs.append(t32(0xF85D, (rng.choice(GP) << 12) | 0xB04, ("pop", "ldr")))
    return Item("pushpop", segs)


CLREX = (0xF3BF, 0x8F2F)


def gen_excl(rng):
    """LDREX{B,H}/STREX{B,H}/CLREX.  Every item leaves the local monitor in
    Open Access state, so items stay independent:
      LDREX ; [fillers not writing Rn] ; STREX   -> store succeeds (0)
      LDREX ; CLREX ; STREX                      -> fails (1)
      STREX (monitor open)                        -> fails (1)
      LDREX ; CLREX
    Avoided: STREX to an address other than the LDREX one, or with a
    different size (IMPLEMENTATION DEFINED / UNPREDICTABLE), and plain stores
    between LDREX and STREX (whether they clear the monitor is
    IMPLEMENTATION DEFINED; QEMU/unicorn additionally compare the value)."""
    size = rng.choice([1, 2, 4])
    rn = rng.choice(GP + [SP]) if size == 4 else rng.choice(GP)   # n == 15 UNPREDICTABLE
    if rn == SP:
        base = rng.randrange(SCRATCH_BASE, SCRATCH_END - 1024, 4)
        off = rng.randrange(0, 256) * 4 if size == 4 else 0
        segs = set_sp(rng, base)
    else:
        if size == 4:
            ea, base, off = choose_base_off(rng, 4, 4, 1020, +1, 4, 4)
        else:
            base, off = rand_ea(rng, size, size), 0
        segs = setup(load_const(rn, base))

    def ldrex(rt):
        if size == 4:
            return t32(0xE850 | rn, (rt << 12) | 0xF00 | (off >> 2), "ldrex")
        return t32(0xE8D0 | rn, (rt << 12) | (0xF4F if size == 1 else 0xF5F), ["ldrexb", "ldrexh"][size - 1])

    def strex(rd, rt):
        if size == 4:
            return t32(0xE840 | rn, (rt << 12) | (rd << 8) | (off >> 2), "strex")
        return t32(0xE8C0 | rn, (rt << 12) | (0xF40 if size == 1 else 0xF50) | rd,
                   ["strexb", "strexh"][size - 1])

    # LDREX: BadReg(t).  STREX: BadReg(d) || BadReg(t) || d == n || d == t.
    rt = pick(rng, GP, (rn,))            # keep Rn intact for the STREX
    rt2 = pick(rng, GP)
    rd = pick(rng, GP, (rn, rt2))
    k = rng.randrange(4)
    if k == 0:
        segs.append(ldrex(rt))
        for _ in range(rng.randrange(3)):
            segs += filler(rng, frozenset({rn, SP}))
        segs.append(strex(rd, rt2))
    elif k == 1:
        segs += [ldrex(rt), t32(*CLREX, "clrex"), strex(rd, rt2)]
    elif k == 2:
        segs.append(strex(rd, rt2))
    else:
        segs += [ldrex(rt), t32(*CLREX, "clrex")]
    return Item("excl", segs)


def gen_tbb(rng):
    """TBB/TBH [PC, Rm] or [Rn, Rm] (Rn holding the table address), table
    right after the instruction, every target a landing pad instruction that
    follows the table.  TBB/TBH only ever index inside their table."""
    half = rng.randrange(2)
    n = rng.randrange(1, 6)
    nland = rng.randrange(1, 5)
    targets = [rng.randrange(nland) for _ in range(n)]
    idx = rng.randrange(n)
    land = [alu16(rng) for _ in range(nland)]
    use_pc = rng.random() < 0.6
    rm = rng.choice(GP)
    rn = PC if use_pc else pick(rng, GP, (rm,))   # n == 13 and BadReg(m) UNPREDICTABLE

    def build(addr):
        segs = [enc_movw(rm, idx)]
        if not use_pc:
            segs.append(enc_movw(rn, 0))                     # patched below
        tb_at = addr + seglen(segs)
        tb_pc = tb_at + 4
        tsize = n * (2 if half else 1)
        tsize += tsize & 1
        land_at = tb_pc + tsize
        offs, a = [], land_at
        for l in land:
            offs.append(a)
            a += seglen(l)
        entries = [(offs[t] - tb_pc) // 2 for t in targets]
        if half:
            table = b"".join(struct.pack("<H", e) for e in entries)
        else:
            table = bytes(entries) + (b"\x00" if n & 1 else b"")
        if not use_pc:
            segs[1] = enc_movw(rn, tb_pc)
            if tb_pc >> 16:
                raise AssertionError("code too large for TBB register base")
        tb = t32(0xE8D0 | rn, 0xF000 | (half << 4) | rm, ["tbb", "tbh"][half])
        out = setup(segs) + [tb, data(table)]
        for l in land:
            out += l
        return out
    return Item("tbb", builder=build)


def gen_branch(rng):
    """Forward branches over 0-3 filler instructions inside the item:
    B<c>.N, B.N, B<c>.W, B.W, BL, CBZ, CBNZ; plus small backward loops."""
    k = rng.randrange(8)
    if k == 7:
        return gen_loop(rng)
    nskip = rng.randrange(1 if k >= 5 else 0, 4)
    skipped = []
    for _ in range(nskip):
        skipped += filler(rng)
    sk = seglen(skipped)
    cond = rng.randrange(14)
    if k == 0:
        br = [enc_bcond16(cond, sk - 2)]
    elif k == 1:
        br = [enc_b16(sk - 2)]
    elif k == 2:
        br = [enc_bcond32(cond, sk)]
    elif k == 3:
        br = [enc_b32(sk)]
    elif k == 4:
        br = [enc_bl(sk)]
    else:
        # CBZ/CBNZ: forward only, offset = i:imm5:'0' (0..126); not in IT
        rn = rng.choice(LO)
        nz = rng.randrange(2)
        off = sk - 2
        br = []
        if rng.random() < 0.5:
            br = setup([t16(0x2000 | (rn << 8) | rng.choice([0, 0, 1, 0x80]), "mov")])
        br.append(t16(0xB100 | (nz << 11) | ((off >> 6) << 9) | (((off >> 1) & 31) << 3) | rn,
                      ["cbz", "cbnz"][nz]))
    return Item("branch", br + skipped)


def gen_loop(rng):
    """MOVS rc,#n ; body (fillers not writing rc) ; SUBS rc,#1 ; BNE body."""
    rc = rng.choice(LO)
    count = rng.randrange(1, 5)
    body = []
    for _ in range(rng.randrange(1, 4)):
        body += filler(rng, frozenset({rc}))
    body.append(t16(0x3800 | (rc << 8) | 1, "sub"))
    back = -(seglen(body) + 4)
    if rng.random() < 0.7:
        body.append(enc_bcond16(1, back))
    else:
        body.append(enc_bcond32(1, back))
    return Item("branch", setup([t16(0x2000 | (rc << 8) | count, "mov")]) + body)


def it_mask(firstcond, conds_tail):
    """IT mask for an IT block whose 2nd..nth instructions are 'then'
    (True) / 'else' (False)."""
    fc0 = firstcond & 1
    bits = [fc0 if t else fc0 ^ 1 for t in conds_tail]
    mask = 0
    for i, b in enumerate(bits):
        mask |= b << (3 - i)
    mask |= 1 << (3 - len(bits))
    return mask


def gen_it(rng):
    """IT blocks with 1-4 instructions, all conditions and masks.  Contents
    are 16-bit ALU instructions (which stop setting flags inside IT) and
    32-bit data processing; optionally the last one is a B.N/B.W over 1-2
    fillers following the block.  AL (1110) is only used with an all-'then'
    mask (else would need condition 1111: UNPREDICTABLE)."""
    firstcond = rng.randrange(15)
    n = rng.randrange(1, 5)
    tail = [True] * (n - 1) if firstcond == 14 else [rng.random() < 0.5 for _ in range(n - 1)]
    mask = it_mask(firstcond, tail)
    segs = [t16(0xBF00 | (firstcond << 4) | mask, "it")]
    body = []
    for i in range(n):
        if rng.random() < 0.6:
            body.append(alu16(rng, in_it=True))
        else:
            body.append(filler(rng))
    after = []
    if rng.random() < 0.25:
        for _ in range(rng.randrange(1, 3)):
            after += filler(rng)
        sk = seglen(after)
        body[-1] = [enc_b16(sk - 2)] if rng.random() < 0.6 else [enc_b32(sk)]
    for b in body:
        segs += b
    return Item("it", segs + after)


PSR_READ = [0, 1, 2, 3, 5, 6, 7, 8, 16, 20]  # APSR IAPSR EAPSR XPSR IPSR EPSR IEPSR MSP PRIMASK CONTROL
CONTROL = 20


def gen_psr(rng):
    """MSR APSR_nzcvq / APSR_g / APSR_nzcvqg (to APSR, IAPSR, EAPSR or XPSR:
    only the APSR part is writable) and MRS Rd, <APSR family / MSP /
    PRIMASK / CONTROL>.  PSP is UNKNOWN at reset so it is never read.
    MSR with mask == 00, or mask != 10 and SYSm > 3, is UNPREDICTABLE."""
    if rng.random() < 0.5:
        mask = rng.choice([2, 2, 1, 3])
        sysm = 0 if rng.random() < 0.6 else rng.randrange(1, 4)
        return Item("psr", [enc_msr_apsr(rng.choice(GP), mask=mask, sysm=sysm)])
    sysm = rng.choice(PSR_READ)
    rd = rng.choice(GP)
    if sysm == CONTROL:
        # Once an FP instruction ran, unicorn also sets CONTROL bit 3 (ARMv8-M's SFPA,
        # absent on ARMv7-M): keep only nPRIV, SPSEL and FPCA.  AND Rd, Rd, #7.
        return Item("psr", [enc_mrs(rd, sysm), t32(0xF000 | rd, (rd << 8) | 7, "and")])
    return Item("psr", [enc_mrs(rd, sysm)])


def gen_hint(rng):
    """NOP, NOP.W, SEV, DSB/DMB/ISB SY, PLD/PLI (all addressing forms).

    Not generated: YIELD -- a NOP-compatible hint on ARMv7-M, but unicorn
    2.x stops with UC_ERR_INSN_INVALID on it (QEMU's EXCP_YIELD exit is not
    handled); WFI/WFE -- may sleep until an event/interrupt."""
    k = rng.randrange(8)
    if k == 0:
        return Item("hint", [t16(0xBF00, "nop")])
    if k == 1:
        return Item("hint", [t32(0xF3AF, 0x8000, "nop")])
    if k == 2:
        return Item("hint", [t16(0xBF40, "sev")])
    if k <= 4:
        # DSB/DMB/ISB SY (other option values are reserved on ARMv7-M)
        j = rng.randrange(3)
        return Item("hint", [t32(0xF3BF, [0x8F4F, 0x8F5F, 0x8F6F][j], ["dsb", "dmb", "isb"][j])])
    # PLD / PLI: hints, never fault, whatever the address (so no setup).
    # They are the Rt == 1111 forms of LDRB / LDRSB.
    pli = rng.randrange(2)
    base = 0xF910 if pli else 0xF810
    mn = ["pld", "pli"][pli]
    rn = rng.choice(GP)
    form = rng.randrange(4)
    if form == 0:     # [Rn, #imm12]
        return Item("hint", [t32(base | 0x80 | rn, 0xF000 | rng.randrange(4096), mn)])
    if form == 1:     # [Rn, #-imm8]
        return Item("hint", [t32(base | rn, 0xFC00 | rng.randrange(256), mn)])
    if form == 2:     # [Rn, Rm, LSL #0-3]; BadReg(m) UNPREDICTABLE
        return Item("hint", [t32(base | rn, 0xF000 | (rng.randrange(4) << 4) | rng.choice(GP), mn)])
    # literal [PC, #+/-imm12]
    return Item("hint", [t32(base | (rng.randrange(2) << 7) | PC, 0xF000 | rng.randrange(4096), mn)])


def gen_sp(rng):
    """SP arithmetic: ADD/SUB SP,SP,#imm (16/32-bit, word multiples so SP
    stays aligned) and ADD/SUB Rd, SP, #imm reads."""
    k = rng.randrange(5)
    if k == 0:
        sub = rng.randrange(2)
        return Item("sp", [t16(0xB000 | (sub << 7) | rng.randrange(128), ["add", "sub"][sub])])
    if k == 1:   # ADDW/SUBW SP, SP, #imm12 (multiple of 4)
        sub = rng.randrange(2)
        imm = rng.randrange(1024) * 4
        return Item("sp", [t32(0xF20D | (sub * 0xA0) | ((imm >> 11) << 10),
                               (((imm >> 8) & 7) << 12) | (SP << 8) | (imm & 0xFF), ["addw", "subw"][sub])])
    if k == 2:   # ADD{S}.W / SUB{S}.W SP, SP, #const with const % 4 == 0
        while True:
            imm12 = modimm(rng)
            if expand_modimm(imm12) % 4 == 0:
                break
        op = rng.choice([8, 13])
        return Item("sp", [enc_dp_modimm(op, rng.randrange(2), SP, SP, imm12, "add" if op == 8 else "sub")])
    if k == 3:   # ADD{S}.W / SUB{S}.W Rd, SP, #const
        op = rng.choice([8, 13])
        return Item("sp", [enc_dp_modimm(op, rng.randrange(2), SP, rng.choice(GP), modimm(rng),
                                         "add" if op == 8 else "sub")])
    # CMP/CMN.W SP, #const
    op = rng.choice([8, 13])
    return Item("sp", [enc_dp_modimm(op, 1, SP, PC, modimm(rng), "cmn" if op == 8 else "cmp")])


def observe_apsr(rng) -> list:
    """MRS Rx, APSR (or IAPSR/EAPSR/XPSR, which read the same APSR bits in
    Thread mode): keeps GE and Q of this point in a register, since a later
    GE-setting instruction overwrites GE and Q is sticky."""
    return [enc_mrs(rng.choice(GP), rng.choice([0, 0, 1, 2, 3]))]


def set_apsr(rng, mask: int, value: int) -> list:
    """MOVW/MOVT Rx, value ; MSR APSR_<mask>, Rx  (the MSR is tested too)."""
    rx = rng.choice(GP)
    return setup(load_const(rx, value)) + [enc_msr_apsr(rx, mask=mask, sysm=rng.choice([0, 0, 1, 2, 3]))]


def gen_parallel(rng):
    """1-2 parallel add/subtract instructions, then sometimes SEL (on the GE
    just written, if the op was an S/U one) and MRS APSR to record GE."""
    segs = parallel(rng)
    if rng.random() < 0.25:
        segs += parallel(rng)
    if rng.random() < 0.3:
        segs.append(enc_sel(rng.choice(GP), rng.choice(GP), rng.choice(GP)))
    if rng.random() < 0.4:
        segs += observe_apsr(rng)
    return Item("parallel", segs)


def gen_sel(rng):
    """GE set by MSR APSR_g / APSR_nzcvqg or by an S/U parallel op, then SEL
    Rd, Rn, Rm (Rn and Rm sometimes given distinct byte patterns)."""
    if rng.random() < 0.5:
        segs = set_apsr(rng, rng.choice([1, 3]), rng.getrandbits(32))
    else:
        segs = parallel(rng, prefixes=GE_PREFIXES)
    rd, rn, rm = rng.choice(GP), rng.choice(GP), rng.choice(GP)
    if rng.random() < 0.5 and rn != rm:
        segs += setup(load_const(rn, 0x11223344 if rng.random() < 0.5 else rng.getrandbits(32)) +
                      load_const(rm, 0xAABBCCDD if rng.random() < 0.5 else rng.getrandbits(32)))
    segs.append(enc_sel(rd, rn, rm))
    if rng.random() < 0.3:
        segs += observe_apsr(rng)
    return Item("sel", segs)


Q_BIT = 1 << 27


def gen_qarith(rng):
    """QADD/QSUB/QDADD/QDSUB; half the time Q is cleared first (MSR
    APSR_nzcvq{g} with random NZCV) and APSR read back afterwards, so that
    this item's saturation is visible even though Q is sticky."""
    segs = []
    clear = rng.random() < 0.5
    if clear:
        segs += set_apsr(rng, rng.choice([2, 3]), rng.getrandbits(32) & ~Q_BIT)
    segs += qarith(rng)
    if clear or rng.random() < 0.3:
        segs += observe_apsr(rng)
    return Item("qarith", segs)


FAMILIES = {
    # name: (weight, generator)
    "alu16": (8, gen_alu16),
    "dpimm": (4, _single("dpimm", dp_modimm)),
    "dpplain": (2, _single("dpplain", dp_plain)),
    "dpreg": (4, _single("dpreg", dp_shifted)),
    "shiftreg": (2, _single("shiftreg", shift_reg)),
    "mul": (2, _single("mul", multiply)),
    "div": (2, _single("div", divide)),
    "misc": (2, _single("misc", misc32)),
    "bitfield": (2, _single("bitfield", bitfield)),
    "extend": (2, lambda rng: Item("extend", extend32(rng) if rng.random() < 0.6 else ext16(rng))),
    "sat": (2, _single("sat", saturate)),
    "ldst": (4, gen_ldst),
    "ldst16": (3, gen_ldst16),
    "literal": (2, gen_literal),
    "ldrd": (2, gen_ldrd),
    "ldm": (2, gen_ldm),
    "pushpop": (2, gen_pushpop),
    "excl": (2, gen_excl),
    "tbb": (1, gen_tbb),
    "branch": (3, gen_branch),
    "it": (3, gen_it),
    "psr": (1, gen_psr),
    "hint": (1, gen_hint),
    "sp": (1, gen_sp),
    # DSP extension
    "parallel": (3, gen_parallel),
    "sel": (1, gen_sel),
    "dspext": (2, _single("dspext", dsp_extend)),
    "qarith": (2, gen_qarith),
    "dspmul": (3, lambda rng: gen_q_item("dspmul", dsp_multiply)(rng)),
    "dsplong": (2, _single("dsplong", dsp_long)),
    "dsppack": (2, lambda rng: gen_q_item("dsppack", dsp_pack)(rng)),
}


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

INIT_REGS = GP   # r0-r12, lr


@dataclass
class Case:
    seed: int
    items: list
    init_regs: dict               # reg number -> value
    init_flags: int               # APSR bits 31..27 (NZCVQ) and 19..16 (GE)
    scratch: bytes
    families: tuple = ()
    init_fp: tuple = ()           # s0-s31 (empty: the case uses no FP family)
    init_fpscr: int = 0

    def with_items(self, items) -> "Case":
        return Case(self.seed, list(items), self.init_regs, self.init_flags, self.scratch, self.families,
                    self.init_fp, self.init_fpscr)

    def prologue(self) -> list:
        segs = fpgen.fp_prologue(self.init_fp, self.init_fpscr) if self.init_fp else []
        segs += [enc_movw(0, self.init_flags & 0xFFFF, "prologue"),
                enc_movt(0, self.init_flags >> 16, "prologue"),
                enc_msr_apsr(0, "prologue", mask=0b11)]   # APSR_nzcvqg
        for r in INIT_REGS:
            v = self.init_regs[r]
            segs += [enc_movw(r, v & 0xFFFF, "prologue"), enc_movt(r, v >> 16, "prologue")]
        return segs

    def layout(self):
        """[(address, Seg, item_index or None)] and the BKPT address."""
        out = []
        addr = CODE_BASE
        for s in self.prologue():
            out.append((addr, s, None))
            addr += len(s.data)
        for i, it in enumerate(self.items):
            for s in it.build(addr):
                out.append((addr, s, i))
                addr += len(s.data)
        out.append((addr, t16(BKPT0, "bkpt", "end"), None))
        return out, addr

    def code(self):
        lay, end = self.layout()
        return b"".join(s.data for _, s, _ in lay), end


def parse_families(spec: str):
    """'all', 'alu16,ldst', or with removals: 'all,-it' / '-it,-tbb'."""
    if spec in ("all", "", None):
        return tuple(FAMILIES)
    toks = [f.strip() for f in spec.split(",") if f.strip()]
    add = [t for t in toks if not t.startswith("-")]
    sub = [t[1:] for t in toks if t.startswith("-")]
    bad = [f for f in add + sub if f not in FAMILIES and f != "all"]
    if bad:
        raise ValueError(f"unknown famil{'ies' if len(bad) > 1 else 'y'} {', '.join(bad)}; "
                         f"known: {', '.join(FAMILIES)}")
    base = list(FAMILIES) if (not add or "all" in add) else add
    fams = tuple(dict.fromkeys(f for f in base if f not in sub))
    if not fams:
        raise ValueError("no families left")
    return fams


def generate_case(seed: int, length: int = 40, families=None) -> Case:
    rng = random.Random(seed)
    fams = tuple(families) if families else tuple(FAMILIES)
    init_regs = {r: rand_value(rng) for r in INIT_REGS}
    init_flags = rng.randrange(32) << 27
    scratch = rng.randbytes(SCRATCH_SIZE)
    weights = [FAMILIES[f][0] for f in fams]
    items = []
    for _ in range(length):
        fam = rng.choices(fams, weights)[0]
        items.append(FAMILIES[fam][1](rng))
    # drawn last, so that the items of a seed do not depend on it
    init_flags |= rng.randrange(16) << 16
    init_fp, init_fpscr = (), 0
    if any(f in fpgen.FP_FAMILIES for f in fams):
        init_fp = tuple(fpgen.rand_float(rng) for _ in range(32))
        init_fpscr = fpgen.rand_fpscr(rng)
    return Case(seed, items, init_regs, init_flags, scratch, fams, init_fp, init_fpscr)


# The floating-point families live in fpgen.py, which uses the helpers above.
import fpgen  # noqa: E402

FAMILIES.update(fpgen.FP_FAMILIES)
