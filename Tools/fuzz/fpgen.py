"""Floating-point (FPv4-SP) families for the Thumb-2 test-case generator.

Imported at the end of thumbgen.py, whose helpers it uses.  A case that uses
any of these families gets a longer prologue: CPACR grants CP10/CP11 (the
store goes to plain RAM in unicorn, which models no SCS), then s0-s31 are
loaded with special and random values through VMOV, and FPSCR gets a random
mode (rounding, FZ, DN, AHP) and random cumulative flags through VMSR.

Operands lean on the values where implementations differ: signed zeros,
denormals, infinities, quiet and signalling NaNs with payloads, the largest
and smallest normals, values one ulp either side of rounding boundaries, and
integers near the limits of the conversions.  Results are observed where a
later instruction would overwrite them: an item may store its destination and
FPSCR into the scratch area and then clear the cumulative flags, so every
flag an instruction sets is seen, not only the first one.

Encodings follow the ARMv7-M ARM A6.4-A6.8; the double-precision
data-processing forms are UNDEFINED on FPv4-SP and are not generated.
"""

from __future__ import annotations

import thumbgen as tg
from thumbgen import GP, Item, load_const, pick, setup, t32

CPACR = 0xE000ED88
FPSCR_MODE_BITS = 0x07C00000      # AHP DN FZ RMode
FPSCR_FLAG_BITS = 0x0000009F      # IDC IXC UFC OFC DZC IOC
FPSCR_WRITABLE = 0xF7C0009F

SPECIAL = [
    0x00000000, 0x80000000,                  # +-0
    0x7F800000, 0xFF800000,                  # +-inf
    0x7FC00000, 0xFFC00000, 0x7FC12345,      # quiet NaNs (default, negative, payload)
    0x7F800001, 0xFF812345, 0x7FBFFFFF,      # signalling NaNs
    0x00000001, 0x80000001, 0x007FFFFF,      # denormals (smallest, largest)
    0x807FFFFF, 0x00400000,
    0x00800000, 0x80800000, 0x00800001,      # smallest normals
    0x7F7FFFFF, 0xFF7FFFFF, 0x7F7FFFFE,      # largest normals
    0x3F800000, 0xBF800000, 0x3F800001, 0x3F7FFFFF,   # 1 and its neighbours
    0x3F000000, 0x3FC00000, 0x40200000, 0x40400000,   # 0.5 1.5 2.5 3
    0x4B000000, 0x4B000001, 0x4AFFFFFF,      # 2^23 neighbourhood (integer boundary)
    0x4EFFFFFF, 0x4F000000, 0xCF000000, 0xCF000001,   # 2^31 (S32 limits)
    0x4F7FFFFF, 0x4F800000,                  # 2^32 (U32 limit)
    0x477FE000, 0x477FF000, 0x47800000,      # half-precision max and overflow
    0x33800000, 0x33000000, 0x387FC000,      # half-precision denormal range
    0x1F800000, 0x5F800000, 0x0C000000,      # products that underflow / overflow
]

HALF_SPECIAL = [0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x7D00, 0xFE01, 0x0001,
                0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00, 0xBC00, 0x3555, 0x7FFF]

INT_SPECIAL = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x80000001, 0x00FFFFFF,
               0x01000001, 0x7FFFFFC0, 0x7FFFFF80, 0xFFFF8000, 0x7FFF, 0x8000, 0xFFFF]


def rand_float(rng) -> int:
    """A binary32 bit pattern, weighted towards the interesting corners."""
    r = rng.random()
    if r < 0.35:
        return rng.choice(SPECIAL)
    if r < 0.45:   # a special value nudged by a few ulps
        return (rng.choice(SPECIAL) + rng.randrange(-3, 4)) & tg.MASK32
    if r < 0.60:   # moderate magnitudes: results stay normal and exact-ish
        return (rng.randrange(2) << 31) | (rng.randrange(110, 145) << 23) | rng.getrandbits(23)
    if r < 0.68:   # short mantissas: many results are exact, ties appear
        return (rng.randrange(2) << 31) | (rng.randrange(120, 135) << 23) | (rng.getrandbits(4) << 19)
    if r < 0.76:   # near the bottom of the range: denormal and underflow results
        return (rng.randrange(2) << 31) | (rng.randrange(0, 30) << 23) | rng.getrandbits(23)
    if r < 0.82:   # near the top: overflow
        return (rng.randrange(2) << 31) | (rng.randrange(225, 255) << 23) | rng.getrandbits(23)
    return rng.getrandbits(32)


def rand_fpscr(rng) -> int:
    """A random FPSCR: mode bits (FZ and DN more often than not clear), NZCV, flags."""
    mode = rng.randrange(4) << 22
    if rng.random() < 0.3:
        mode |= 1 << 24   # FZ
    if rng.random() < 0.3:
        mode |= 1 << 25   # DN
    if rng.random() < 0.3:
        mode |= 1 << 26   # AHP
    flags = rng.getrandbits(8) & FPSCR_FLAG_BITS if rng.random() < 0.3 else 0
    return (rng.getrandbits(4) << 28) | mode | flags


# --------------------------------------------------------------------------
# Encodings (S registers are numbered 0-31: Vx = s >> 1, extra bit = s & 1)
# --------------------------------------------------------------------------

def vx(s: int) -> int:
    return s >> 1


def vb(s: int) -> int:
    return s & 1


ARITH = {  # name: (bit 23, bits 21:20, op bit 6)
    "vmla": (0, 0, 0), "vmls": (0, 0, 1), "vnmls": (0, 1, 0), "vnmla": (0, 1, 1),
    "vmul": (0, 2, 0), "vnmul": (0, 2, 1), "vadd": (0, 3, 0), "vsub": (0, 3, 1),
    "vdiv": (1, 0, 0), "vfnms": (1, 1, 0), "vfnma": (1, 1, 1), "vfma": (1, 2, 0), "vfms": (1, 2, 1),
}


def enc_arith(name: str, d: int, n: int, m: int):
    b23, opc, op = ARITH[name]
    hw1 = 0xEE00 | (b23 << 7) | (vb(d) << 6) | (opc << 4) | vx(n)
    hw2 = (vx(d) << 12) | 0xA00 | (vb(n) << 7) | (op << 6) | (vb(m) << 5) | vx(m)
    return t32(hw1, hw2, name)


def enc_other(opc2: int, t: int, d: int, m: int, mn):
    """opc1 = 1x11 with opc3<0> = 1: VMOV reg, VABS, VNEG, VSQRT, VCVT*, VCMP*."""
    hw1 = 0xEEB0 | (vb(d) << 6) | opc2
    hw2 = (vx(d) << 12) | 0xA00 | (t << 7) | 0x40 | (vb(m) << 5) | vx(m)
    return t32(hw1, hw2, mn)


def enc_vmov_imm(d: int, imm8: int):
    hw1 = 0xEEB0 | (vb(d) << 6) | (imm8 >> 4)
    hw2 = (vx(d) << 12) | 0xA00 | (imm8 & 15)
    return t32(hw1, hw2, "vmov")


def enc_vcvt_fixed(to_fixed: int, unsigned: int, size: int, fbits: int, d: int):
    encoded = size - fbits                       # imm4:i
    assert 0 <= encoded <= 31
    opc2 = 0b1010 | (to_fixed << 2) | unsigned
    hw1 = 0xEEB0 | (vb(d) << 6) | opc2
    hw2 = (vx(d) << 12) | 0xA00 | ((1 if size == 32 else 0) << 7) | 0x40 | ((encoded & 1) << 5) | (encoded >> 1)
    return t32(hw1, hw2, "vcvt")


def enc_vmov_core_single(to_core: int, rt: int, s: int):
    # A6.7: VMOV Sn, Rt / VMOV Rt, Sn (Rt 13 or 15 UNPREDICTABLE)
    return t32(0xEE00 | (to_core << 4) | vx(s), (rt << 12) | 0xA10 | (vb(s) << 7), "vmov")


def enc_vmov_scalar(to_core: int, rt: int, dreg: int, half: int):
    # VMOV.32 Dd[x], Rt / VMOV.32 Rt, Dn[x]  (d0-d15 only)
    return t32(0xEE00 | (half << 5) | (to_core << 4) | dreg, (rt << 12) | 0xB10, "vmov")


def enc_vmov_pair(to_core: int, rt: int, rt2: int, m: int, double: bool):
    """Two core registers <-> s(m), s(m+1), or <-> d(m)."""
    if double:
        hw2 = (rt << 12) | 0xB10 | m
    else:
        hw2 = (rt << 12) | 0xA10 | (vb(m) << 5) | vx(m)
    return t32(0xEC40 | (to_core << 4) | rt2, hw2, "vmov")


def enc_vmrs(rt: int):
    return t32(0xEEF1, (rt << 12) | 0x0A10, "vmrs")


def enc_vmsr(rt: int):
    return t32(0xEEE1, (rt << 12) | 0x0A10, "vmsr")


def enc_vldr_vstr(load: int, s: int, rn: int, offset: int, double: bool = False):
    add = 1 if offset >= 0 else 0
    imm8 = abs(offset) // 4
    assert abs(offset) % 4 == 0 and imm8 < 256
    if double:
        hw1 = 0xED00 | (add << 7) | ((s >> 4) << 6) | (load << 4) | rn
        hw2 = ((s & 15) << 12) | 0xB00 | imm8
    else:
        hw1 = 0xED00 | (add << 7) | (vb(s) << 6) | (load << 4) | rn
        hw2 = (vx(s) << 12) | 0xA00 | imm8
    return t32(hw1, hw2, "vldr" if load else "vstr")


def enc_vldm_vstm(load: int, first: int, count: int, rn: int, decrement: bool, writeback: bool, double: bool = False):
    p, u, w = (1, 0, 1) if decrement else (0, 1, int(writeback))
    if double:
        dbit, vd, imm8, size = first >> 4, first & 15, count * 2, 0xB00
    else:
        dbit, vd, imm8, size = vb(first), vx(first), count, 0xA00
    hw1 = 0xEC00 | (p << 8) | (u << 7) | (dbit << 6) | (w << 5) | (load << 4) | rn
    names = ("vldm", "vldmia", "vldmdb", "vpop") if load else ("vstm", "vstmia", "vstmdb", "vpush")
    return t32(hw1, (vd << 12) | size | imm8, names)


def enc_str_imm(rt: int, rn: int, imm12: int):
    return t32(0xF8C0 | rn, (rt << 12) | imm12, "str")


def enc_bic_flags(rd: int):
    # BIC Rd, Rd, #0x9F (modified immediate, no flags): clears IDC IXC UFC OFC DZC IOC
    return t32(0xF020 | rd, (rd << 8) | 0x9F, "bic")


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------

def set_single(rng, s: int, value: int) -> list:
    rt = pick(rng, GP)
    return setup(load_const(rt, value) + [enc_vmov_core_single(0, rt, s)])


def fresh_operands(rng, regs) -> list:
    """Sometimes give the operand registers new values (the prologue's stay otherwise)."""
    segs = []
    for s in dict.fromkeys(regs):
        if rng.random() < 0.6:
            segs += set_single(rng, s, rand_float(rng))
    return segs


def scratch_slot(rng, size: int = 8) -> int:
    return tg.SCRATCH_BASE + 4 * rng.randrange((tg.SCRATCH_SIZE - size) // 4)


def observe(rng, s: int) -> list:
    """Store s and FPSCR to a scratch slot, then sometimes clear the cumulative flags."""
    segs = []
    r = rng.random()
    if r < 0.7:
        base = pick(rng, GP)
        tmp = pick(rng, GP, avoid=(base,))
        segs += setup(load_const(base, scratch_slot(rng)))
        segs += [enc_vldr_vstr(0, s, base, 0), enc_vmrs(tmp), enc_str_imm(tmp, base, 4)]
    elif r < 0.85:
        segs += [enc_vmov_core_single(1, pick(rng, GP), s)]
    if rng.random() < 0.5:
        tmp = pick(rng, GP)
        segs += [enc_vmrs(tmp), enc_bic_flags(tmp), enc_vmsr(tmp)]
    return segs


# --------------------------------------------------------------------------
# Families
# --------------------------------------------------------------------------

def gen_fparith(rng):
    name = rng.choice(list(ARITH))
    d, n, m = (rng.randrange(32) for _ in range(3))
    if rng.random() < 0.2:
        n = m   # squares, x - x
    segs = fresh_operands(rng, (n, m, d) if name[1:3] in ("ml", "nm", "fm", "fn") else (n, m))
    segs.append(enc_arith(name, d, n, m))
    return Item("fparith", segs + observe(rng, d))


UNARY = {"vmov": (0, 0), "vabs": (0, 1), "vneg": (1, 0), "vsqrt": (1, 1)}


def gen_fpunary(rng):
    d, m = rng.randrange(32), rng.randrange(32)
    if rng.random() < 0.25:
        segs = [enc_vmov_imm(d, rng.randrange(256))]
    else:
        name = rng.choice(list(UNARY))
        opc2, t = UNARY[name]
        segs = fresh_operands(rng, (m,)) + [enc_other(opc2, t, d, m, name)]
    return Item("fpunary", segs + observe(rng, d))


def gen_fpcmp(rng):
    d, m = rng.randrange(32), rng.randrange(32)
    e = rng.randrange(2)
    segs = fresh_operands(rng, (d, m))
    if rng.random() < 0.3:
        segs.append(enc_other(5, e, d, 0, ("vcmp", "vcmpe")))      # with #0.0
    else:
        segs.append(enc_other(4, e, d, m, ("vcmp", "vcmpe")))
    # VMRS APSR_nzcv, FPSCR, then sometimes record the flags or FPSCR
    segs.append(enc_vmrs(15))
    if rng.random() < 0.5:
        segs.append(tg.enc_mrs(pick(rng, GP)))
    return Item("fpcmp", segs + observe(rng, d))


def gen_fpcvt(rng):
    d, m = rng.randrange(32), rng.randrange(32)
    k = rng.randrange(5)
    if k == 0:     # F32 -> S32/U32, toward zero or FPSCR-rounded
        segs = fresh_operands(rng, (m,))
        segs.append(enc_other(0xC | rng.randrange(2), rng.randrange(2), d, m, ("vcvt", "vcvtr")))
    elif k == 1:   # S32/U32 -> F32
        segs = set_single(rng, m, rng.choice(INT_SPECIAL) if rng.random() < 0.5 else tg.rand_value(rng))
        segs.append(enc_other(8, rng.randrange(2), d, m, "vcvt"))
    elif k == 2:   # fixed point, in place
        size = rng.choice((16, 32))
        fbits = rng.randrange(0 if size == 16 else 1, size + 1)
        to_fixed = rng.randrange(2)
        if to_fixed:
            segs = fresh_operands(rng, (d,))
        else:
            segs = set_single(rng, d, rng.choice(INT_SPECIAL) if rng.random() < 0.5 else tg.rand_value(rng))
        segs.append(enc_vcvt_fixed(to_fixed, rng.randrange(2), size, fbits, d))
    elif k == 3:   # half -> single (VCVTB/VCVTT.F32.F16)
        halves = [rng.choice(HALF_SPECIAL) if rng.random() < 0.5 else rng.getrandbits(16) for _ in range(2)]
        segs = set_single(rng, m, halves[0] | (halves[1] << 16))
        segs.append(enc_other(2, rng.randrange(2), d, m, ("vcvtb", "vcvtt")))
    else:          # single -> half, into one half of d
        segs = fresh_operands(rng, (m, d))
        segs.append(enc_other(3, rng.randrange(2), d, m, ("vcvtb", "vcvtt")))
    return Item("fpcvt", segs + observe(rng, d))


def gen_fpmov(rng):
    k = rng.randrange(5)
    if k == 0:
        segs = [enc_vmov_core_single(rng.randrange(2), pick(rng, GP), rng.randrange(32))]
    elif k == 1:
        segs = [enc_vmov_scalar(rng.randrange(2), pick(rng, GP), rng.randrange(16), rng.randrange(2))]
    elif k == 2:
        to_core = rng.randrange(2)
        rt, rt2 = tg.pick_n(rng, GP, 2) if to_core else (pick(rng, GP), pick(rng, GP))
        double = rng.random() < 0.5
        segs = [enc_vmov_pair(to_core, rt, rt2, rng.randrange(16) if double else rng.randrange(31), double)]
    elif k == 3:   # a new FPSCR mode mid-stream (VMSR), read back (VMRS)
        rt = pick(rng, GP)
        value = rand_fpscr(rng) if rng.random() < 0.8 else rng.getrandbits(32)
        segs = setup(load_const(rt, value)) + [enc_vmsr(rt)]
        if rng.random() < 0.5:
            segs.append(enc_vmrs(pick(rng, GP)))
    else:
        segs = [enc_vmrs(pick(rng, GP) if rng.random() < 0.7 else 15)]
    return Item("fpmov", segs)


def gen_fpldst(rng):
    k = rng.randrange(4)
    base = pick(rng, GP)
    if k == 0:     # VLDR/VSTR single or double, positive or negative offset
        double = rng.random() < 0.4
        offset = rng.randrange(-255, 256) * 4
        lo = max(tg.SCRATCH_BASE, tg.SCRATCH_BASE - offset)
        hi = min(tg.SCRATCH_END - 8, tg.SCRATCH_END - 8 - offset)
        address = lo + 4 * rng.randrange((hi - lo) // 4 + 1)
        s = rng.randrange(16) if double else rng.randrange(32)
        segs = setup(load_const(base, address)) + [enc_vldr_vstr(rng.randrange(2), s, base, offset, double)]
        return Item("fpldst", segs)
    if k == 1:     # VLDM/VSTM IA (optionally with writeback) or DB with writeback
        double = rng.random() < 0.3
        limit = 16 if double else 32
        first = rng.randrange(limit)
        count = rng.randrange(1, min(16, limit - first) + 1)
        size = count * (8 if double else 4)
        decrement = rng.random() < 0.4
        start = tg.SCRATCH_BASE + 4 * rng.randrange((tg.SCRATCH_SIZE - size) // 4)
        address = start + size if decrement else start
        segs = setup(load_const(base, address))
        segs.append(enc_vldm_vstm(rng.randrange(2), first, count, base, decrement,
                                  decrement or rng.random() < 0.5, double))
        return Item("fpldst", segs)
    if k == 2:     # VPUSH then VPOP of the same number of registers (maybe others)
        double = rng.random() < 0.3
        limit = 16 if double else 32
        count = rng.randrange(1, min(16, limit) + 1)
        first, second = rng.randrange(limit - count + 1), rng.randrange(limit - count + 1)
        segs = tg.set_sp(rng, tg.INITIAL_SP)
        segs += [enc_vldm_vstm(0, first, count, tg.SP, True, True, double),
                 enc_vldm_vstm(1, second, count, tg.SP, False, True, double)]
        return Item("fpldst", segs)
    # store then reload through a different path (VSTR + VLDM)
    s = rng.randrange(31)
    address = scratch_slot(rng, 8)
    segs = setup(load_const(base, address))
    segs += [enc_vldr_vstr(0, s, base, 0), enc_vldr_vstr(0, s + 1, base, 4),
             enc_vldm_vstm(1, rng.randrange(31), 2, base, False, False)]
    return Item("fpldst", segs)


FP_FAMILIES = {
    "fparith": (6, gen_fparith),
    "fpunary": (2, gen_fpunary),
    "fpcmp": (2, gen_fpcmp),
    "fpcvt": (4, gen_fpcvt),
    "fpmov": (2, gen_fpmov),
    "fpldst": (2, gen_fpldst),
}


def fp_prologue(init_fp, init_fpscr) -> list:
    """CPACR = full access to CP10/CP11; s0-s31 = init_fp; FPSCR = init_fpscr (via r0)."""
    segs = [tg.enc_movw(0, CPACR & 0xFFFF, "prologue"), tg.enc_movt(0, CPACR >> 16, "prologue"),
            tg.enc_movw(1, 0, "prologue"), tg.enc_movt(1, 0x00F0, "prologue"),
            enc_str_imm(1, 0, 0)]
    for s, v in enumerate(init_fp):
        segs += [tg.enc_movw(0, v & 0xFFFF, "prologue"), tg.enc_movt(0, v >> 16, "prologue"),
                 enc_vmov_core_single(0, 0, s)]
    segs += [tg.enc_movw(0, init_fpscr & 0xFFFF, "prologue"), tg.enc_movt(0, init_fpscr >> 16, "prologue"),
             enc_vmsr(0)]
    for s in segs:
        s.role = "prologue"
    return segs
