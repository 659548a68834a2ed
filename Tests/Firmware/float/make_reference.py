#!/usr/bin/env python3
"""Generates float/libm_ref.h, the reference table of float/libm.c.

Each case is a newlib libm call on float inputs.  The reference result is
computed with Python's math module in double precision (IEEE binary64 on the
host) and rounded once to float (struct 'f' packing, round-to-nearest-even);
C99 Annex F special cases (NaN, infinities, signed zeros, overflow to
infinity, domain errors) are decided explicitly, because Python's math raises
exceptions there instead of returning them.  The firmware accepts a result
within `tol` ulps of the reference; NaN must be a NaN (any sign or payload),
and infinities and zeros must match exactly, sign included.

    python3 Tests/Firmware/float/make_reference.py   # rewrites libm_ref.h

The output is deterministic (no randomness beyond a fixed-seed LCG).
"""
import math
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
INF = math.inf
NAN = math.nan


def f32(x):
    """Round a Python float (double) to the nearest float; overflow gives infinity."""
    if math.isnan(x) or math.isinf(x):
        return x
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        # struct refuses values beyond FLT_MAX; round-to-nearest gives inf
        # from FLT_MAX + half an ulp up.
        return math.copysign(INF, x)


def bits(x):
    if math.isnan(x):
        return 0x7FC00000
    return struct.unpack("<I", struct.pack("<f", f32(x)))[0]


def from_bits(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


FLT_MAX = from_bits(0x7F7FFFFF)
FLT_MIN = from_bits(0x00800000)
DEN_MIN = from_bits(0x00000001)
DEN_MAX = from_bits(0x007FFFFF)
DEN_MID = from_bits(0x00400123)


def lcg_floats(seed, n, lo, hi):
    """Deterministic floats in [lo, hi) from a 32-bit LCG (Numerical Recipes)."""
    out = []
    s = seed
    for _ in range(n):
        s = (1664525 * s + 1013904223) & 0xFFFFFFFF
        out.append(f32(lo + (hi - lo) * (s / 2**32)))
    return out


# --- reference functions: double-precision math + explicit special cases ---

def ref_sin(x):
    if math.isnan(x) or math.isinf(x):
        return NAN
    return math.sin(x)  # keeps -0.0 for -0.0


def ref_cos(x):
    if math.isnan(x) or math.isinf(x):
        return NAN
    return math.cos(x)


def ref_exp(x):
    if math.isnan(x):
        return NAN
    if x == INF:
        return INF
    if x == -INF:
        return 0.0
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def ref_log(x):
    if math.isnan(x) or x < 0:
        return NAN
    if x == 0:
        return -INF
    if x == INF:
        return INF
    return math.log(x)


def is_odd_integer(y):
    return math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0


def ref_pow(x, y):
    # C99 F.9.4.4 in the order the standard lists it.
    if y == 0:
        return 1.0
    if x == 1.0:
        return 1.0
    if math.isnan(x) or math.isnan(y):
        return NAN
    if x == 0:
        if y < 0:
            return math.copysign(INF, x) if is_odd_integer(y) else INF
        return x if is_odd_integer(y) else 0.0
    if x == -1.0 and math.isinf(y):
        return 1.0
    if math.isinf(y):
        if abs(x) < 1:
            return INF if y < 0 else 0.0
        return 0.0 if y < 0 else INF
    if math.isinf(x):
        if x < 0:
            if y < 0:
                return -0.0 if is_odd_integer(y) else 0.0
            return -INF if is_odd_integer(y) else INF
        return 0.0 if y < 0 else INF
    if x < 0 and y != math.floor(y):
        return NAN
    try:
        return math.pow(x, y)
    except OverflowError:
        return -INF if (x < 0 and is_odd_integer(y)) else INF


def ref_sqrt(x):
    if math.isnan(x) or x < 0:
        return NAN
    if x == INF:
        return INF
    return math.sqrt(x)  # sqrt(-0.0) = -0.0


def ref_fabs(x):
    return abs(x) if not math.isnan(x) else NAN


def ref_floor(x):
    if math.isnan(x) or math.isinf(x):
        return x
    r = float(math.floor(x))
    return math.copysign(r, x) if r == 0 else r


def ref_fma(x, y, z):
    # x*y is exact in double (24+24 bits); one double rounding of the sum,
    # then float: differs from a true fused result only on a double-rounding
    # tie, which none of these inputs hits (QEMU's fused VFMA agrees).
    if math.isnan(x) or math.isnan(y) or math.isnan(z):
        return NAN
    p = x * y
    if math.isinf(p) and math.isinf(z) and p != z:
        return NAN
    if (math.isinf(x) or math.isinf(y)) and (x == 0 or y == 0):
        return NAN
    r = p + z
    if r == 0 and p == 0 and z == 0:
        # exact zero sum of zeros: -0 only if both are -0
        return -0.0 if (math.copysign(1, p) < 0 and math.copysign(1, z) < 0) else 0.0
    return r


def ref_fmod(x, y):
    if math.isnan(x) or math.isnan(y) or math.isinf(x) or y == 0:
        return NAN
    if math.isinf(y):
        return x
    return math.fmod(x, y)


# --- inputs ---------------------------------------------------------------

SPECIAL = [0.0, -0.0, DEN_MIN, -DEN_MIN, DEN_MID, DEN_MAX, FLT_MIN, -FLT_MIN, INF, -INF, NAN]

TRIG = SPECIAL + [
    1e-30, -1e-20, 2.0**-12, 0.5, 1.0, -1.0, f32(math.pi / 4), f32(math.pi / 2), f32(-math.pi / 2),
    f32(math.pi), f32(3 * math.pi / 2), 3.0, 10.0, -10.0, 100.0, -100.0, 1000.0, 12345.678,
    f32(1e5), f32(1e6), f32(-3.0e6), f32(1e10), f32(1e20), f32(-1e30), f32(3.0e38), FLT_MAX,
    -FLT_MAX, from_bits(0x4B800000), from_bits(0x4CFFFFFF), from_bits(0x46C90FDB), from_bits(0x5A82A5A4),
] + lcg_floats(1, 24, -20.0, 20.0) + lcg_floats(2, 8, -1e4, 1e4)

EXP = SPECIAL + [
    1e-10, 0.5, 1.0, -1.0, 2.0, f32(math.log(2)), 10.0, -10.0, 20.0, 50.0, 80.0, 88.0,
    f32(88.72283), from_bits(0x42B17217), from_bits(0x42B17218), 88.8, 89.0, 100.0, 1000.0,
    FLT_MAX, -80.0, -87.0, f32(-87.33654), -88.0, -90.0, -100.0, -103.0, -103.97, -104.0, -110.0,
    -1000.0, -FLT_MAX,
] + lcg_floats(3, 24, -30.0, 30.0)

LOG = SPECIAL + [
    1.0, 2.0, 0.5, f32(math.e), 10.0, 0.1, f32(1.0 + 2**-23), f32(1.0 - 2**-24), 1e-10, 1e10, 1e30,
    1e-30, FLT_MAX, 123.456, -1.0, -FLT_MAX, 65536.0, f32(0.75), f32(1.5),
] + lcg_floats(4, 16, 0.0, 1000.0) + lcg_floats(5, 8, 0.0, 2.0)

POW = [
    (2.0, 10.0), (2.0, 0.5), (2.0, -1.0), (2.0, 127.0), (2.0, 128.0), (2.0, -126.0), (2.0, -127.0),
    (2.0, -149.0), (2.0, -150.0), (2.0, -151.0), (10.0, 38.0), (10.0, 39.0), (10.0, -37.0),
    (10.0, -45.0), (10.0, -46.0), (-2.0, 3.0), (-2.0, 4.0), (-2.0, 0.5), (-2.0, 127.0), (-2.0, 129.0),
    (0.0, -1.0), (-0.0, -1.0), (-0.0, -2.0), (0.0, 3.0), (-0.0, 3.0), (-0.0, 2.0), (0.0, -INF),
    (1.0, NAN), (NAN, 0.0), (NAN, -0.0), (1.0, INF), (-1.0, INF), (-1.0, -INF), (NAN, 1.0), (1.5, NAN),
    (INF, -1.0), (INF, 0.5), (-INF, 3.0), (-INF, 2.0), (-INF, -3.0), (-INF, -2.0), (0.5, INF),
    (0.5, -INF), (2.0, INF), (2.0, -INF), (FLT_MAX, 1.0), (FLT_MAX, 2.0), (FLT_MAX, 0.5),
    (FLT_MAX, -1.0), (DEN_MIN, 0.5), (DEN_MAX, 2.0), (FLT_MIN, 0.5), (1.5, 200.0), (1.5, 218.0),
    (1.5, 219.0), (1.0000001, 1e7), (f32(0.9999999), 1e8), (3.0, 80.5), (7.0, -45.0), (0.1, 0.1),
    (f32(math.e), 88.0), (123.456, 7.89), (1e-5, 3.3), (100.0, -19.3), (-8.0, f32(1 / 3)),
    (-3.0, 5.0), (-3.0, -5.0),
] + list(zip(lcg_floats(6, 16, 0.0, 10.0), lcg_floats(7, 16, -10.0, 10.0)))

SQRT = SPECIAL + [
    1.0, 2.0, 3.0, 4.0, 0.25, 0.5, 10.0, 1e-30, 1e30, FLT_MAX, from_bits(0x3F800001), -1.0, -FLT_MAX,
    -1e-40, 16777215.0, 16777216.0,
] + lcg_floats(8, 16, 0.0, 1e6)

FLOOR = SPECIAL + [0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.5, -2.5, 8388607.5, -8388607.5, 16777216.0,
                   FLT_MAX, -FLT_MAX, 1e-30, -1e-30, 123.999, -123.001, from_bits(0x4AFFFFFF)]

FMOD = [(5.5, 2.0), (-5.5, 2.0), (5.5, -2.0), (1e10, 3.0), (FLT_MAX, 7.0), (FLT_MAX, DEN_MIN),
        (0.0, 1.0), (-0.0, 1.0), (1.0, 0.0), (INF, 1.0), (1.0, INF), (-1.0, -INF), (NAN, 1.0),
        (1.0, NAN), (DEN_MAX, DEN_MIN * 3), (f32(math.pi * 1000), f32(math.pi)), (7.0, 7.0),
        (-7.0, 7.0), (1.0, 0.1), (123456.789, 0.001)]

FMA = [(1.5, 2.0, 0.25), (f32(1 + 2**-23), f32(1 - 2**-23), -1.0), (f32(0.1), 10.0, -1.0),
       (FLT_MAX, 2.0, -FLT_MAX), (FLT_MAX, 1.0, FLT_MAX), (2.0**-70, 2.0**-70, 0.0),
       (2.0**-75, 2.0**-75, -0.0), (-0.0, 1.0, -0.0), (0.0, -1.0, 0.0), (INF, 0.0, 1.0),
       (INF, 1.0, -INF), (3.0, f32(1 / 3), -1.0), (DEN_MAX, 2.0, DEN_MIN)] + \
    list(zip(lcg_floats(9, 12, -100.0, 100.0), lcg_floats(10, 12, -100.0, 100.0),
             lcg_floats(11, 12, -1e4, 1e4)))

# name, reference, inputs, tolerance (ulps), arguments, inputs, tolerance (ulps), two arguments
FUNCS = [
    ("sinf", ref_sin, TRIG, 2, False),
    ("cosf", ref_cos, TRIG, 2, False),
    ("expf", ref_exp, EXP, 2, False),
    ("logf", ref_log, LOG, 2, False),
    ("powf", ref_pow, POW, 2, True),
    ("sqrtf", ref_sqrt, SQRT, 0, False),
    ("fabsf", ref_fabs, SPECIAL + [1.5, -1.5, FLT_MAX, -FLT_MAX], 0, False),
    ("floorf", ref_floor, FLOOR, 0, False),
    ("fmodf", ref_fmod, FMOD, 0, True),
    ("fmaf", ref_fma, FMA, 0, 3),
]


def main():
    lines = [
        "/* libm_ref.h - GENERATED by make_reference.py; do not edit.",
        " * Reference results: Python math in double precision, rounded to float;",
        " * C99 Annex F special cases decided explicitly.  See README.md. */",
        "",
    ]
    total = 0
    for fi, (name, ref, inputs, tol, two) in enumerate(FUNCS):
        lines.append(f"/* {name}: {len(inputs)} cases, tolerance {tol} ulp */")
        for inp in inputs:
            args = [f32(a) for a in inp] if two else [f32(inp)]
            r = ref(*args)
            args += [0.0] * (3 - len(args))
            x, y, z = args
            lines.append(f"    {{F_{name.upper()}, {tol}, 0x{bits(x):08x}u, 0x{bits(y):08x}u, 0x{bits(z):08x}u, 0x{bits(f32(r)):08x}u}},")
            total += 1
    body = "\n".join(lines[4:])
    out = "\n".join(lines[:4]) + "\n#define LIBM_REF_COUNT %d\n\nstatic const libm_case libm_ref[LIBM_REF_COUNT] = {\n%s\n};\n" % (total, body)
    (HERE / "libm_ref.h").write_text(out)
    print(f"wrote {HERE / 'libm_ref.h'}: {total} cases")


if __name__ == "__main__":
    main()
