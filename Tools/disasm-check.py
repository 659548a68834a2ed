#!/usr/bin/env python3
"""Compare tinyemu's Thumb-2 disassembler (Sources/CortexM/Disassembly) with capstone.

    python3 Tools/disasm-check.py [--random 200000] [--it 20000] [--seed 1] [--no-16]
                                  [--show 3] [--exact] [--threshold 95]

Builds a corpus (every 16-bit encoding, random 32-bit ones biased towards the DSP and FP
groups, and random instructions placed after an `IT <cond>`; each at a random even address),
has the test target disassemble it (DisassemblerTests with TINYEMU_DISASM_DUMP set),
disassembles the same encodings with capstone (Thumb + M-class), and reports how often the two
agree after normalising away pure spelling differences:

  * whitespace, case, `; ...` comments;
  * `.w` / `.n` width qualifiers;
  * register aliases sb/sl/fp/ip = r9-r12;
  * immediates: `#0x1c` = `#28`, and branch targets `#0x1000` = `0x00001000`.

Encodings capstone decodes as something outside ARMv7E-M + FPv4-SP/FPv5 (NEON, ARMv8
FP, v8-M security and v8.1-M instructions, D16-D31) are excluded and counted separately.
Exit status 0 when agreement >= --threshold (default 95%).
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from capstone import CS_ARCH_ARM, CS_MODE_MCLASS, CS_MODE_THUMB, Cs
except ImportError:  # pragma: no cover
    print("disasm-check: needs `pip install capstone`", file=sys.stderr)
    sys.exit(2)

REPO = Path(__file__).resolve().parents[1]
SCRATCH = os.environ.get("TINYEMU_DISASM_SCRATCH", ".build-disasm")

# --------------------------------------------------------------------------- corpus

Item = tuple[str, int, "int | None"]   # encoding, address, IT condition (None: outside IT)


def random32(rng: random.Random) -> str:
    hw1 = rng.randrange(0xE800, 0x10000)
    hw2 = rng.randrange(0x10000)
    roll = rng.random()
    if roll < 0.3:
        # Many groups fix hw2[15:12] = 1111 (register data processing, DSP, misc control).
        hw2 |= 0xF000
    elif roll < 0.5:
        # Floating point: coprocessor space with coprocessor 10/11.
        hw1 = rng.randrange(0xEC00, 0xF000)
        hw2 = (hw2 & ~0x0E00) | 0x0A00
    return f"{hw1:04x}{hw2:04x}"


def corpus(count: int, seed: int, with16: bool, it_count: int) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []
    if with16:
        items += [(f"{hw:04x}", rng.randrange(2, 0x10000, 2), None) for hw in range(0xE800)]
    items += [(random32(rng), rng.randrange(2, 0x10000, 2), None) for _ in range(count)]
    # Inside IT blocks: a random 16-bit or 32-bit instruction after `IT <cond>`.
    for _ in range(it_count):
        enc = f"{rng.randrange(0xE800):04x}" if rng.random() < 0.5 else random32(rng)
        items.append((enc, rng.randrange(2, 0x10000, 2), rng.randrange(14)))
    return items


def key(item: Item) -> str:
    enc, addr, cond = item
    return f"{enc}@{addr:x}" + ("" if cond is None else f"/{cond}")


def halfwords(enc: str) -> bytes:
    value = int(enc, 16)
    if len(enc) == 4:
        return struct.pack("<H", value)
    return struct.pack("<HH", value >> 16, value & 0xFFFF)


def capstone_text(md: Cs, item: Item):
    """Capstone's decode of the item (after a one-instruction IT if it has a condition), or None."""
    enc, addr, cond = item
    if cond is None:
        insns = list(md.disasm(halfwords(enc), addr, 1))
    else:
        it = struct.pack("<H", 0xBF08 | cond << 4)
        insns = list(md.disasm(it + halfwords(enc), addr - 2, 2))[1:]
    if not insns or insns[0].size != len(enc) // 2:
        return None
    return insns[0]


# --------------------------------------------------------------------------- tinyemu side


def run_tinyemu(items: list[Item]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "encodings.txt"
        path.write_text("".join(key(item) + "\n" for item in items))
        env = dict(os.environ, TINYEMU_DISASM_DUMP=str(path))
        cmd = ["swift", "test", "--scratch-path", SCRATCH,
               "--filter", "CortexMTests.DisassemblerTests/testDumpForCapstoneComparison"]
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        out = Path(str(path) + ".out")
        if proc.returncode != 0 or not out.exists():
            sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
            sys.exit("disasm-check: swift test failed")
        result = {}
        for line in out.read_text().splitlines():
            k, _, text = line.partition("\t")
            result[k] = text
        return result


# --------------------------------------------------------------------------- comparison

ALIASES = {"sb": "r9", "sl": "r10", "fp": "r11", "ip": "r12"}
HEX = re.compile(r"(-?)0x([0-9a-f]+)")


def normalise(text: str) -> str:
    text = text.split(";")[0].strip().lower()
    text = re.sub(r"\s+", " ", text)
    mnemonic, _, operands = text.partition(" ")
    mnemonic = re.sub(r"\.[wn]$", "", mnemonic)
    mnemonic = mnemonic.replace(".w.", ".")
    operands = re.sub(r"\b(sb|sl|fp|ip)\b", lambda m: ALIASES[m.group(1)], operands)
    operands = HEX.sub(lambda m: str(int(m.group(1) + m.group(2), 16)), operands)
    operands = operands.replace("#", "")
    return f"{mnemonic} {operands}".strip()


# Capstone decodes a superset of ARMv7E-M; these are not part of what we claim.
FOREIGN_EXACT = {
    "hlt", "sevl", "esb", "csdb", "ssbb", "pssbb", "sg", "tt", "ttt", "tta", "ttat", "vlldm", "vlstm",
    "bxns", "blxns", "dcps1", "dcps2", "dcps3", "hvc", "smc", "eret", "setend", "setpan", "bxj", "pldw",
    "ldrexd", "strexd", "vmovx", "vins", "vjcvt", "lctp", "clrm", "vscclrm", "wls", "dls", "le", "letp",
    "wlstp", "dlstp", "bf", "bfl", "bfx", "bflx", "bfcsel", "csel", "csinc", "csinv", "csneg", "cset",
    "csetm", "cinc", "cinv", "cneg", "pac", "pacbti", "aut", "autg", "bti", "bxaut", "pacg", "clrbhb",
}
FOREIGN_PREFIX = re.compile(
    r"^(lda|stl|crc32|sha1|sha256|aes|vsel|vmaxnm|vminnm|vrint|vcvt[anpm]\.|vdup|vld[1-4]|vst[1-4]|vcmla|"
    r"vcadd|vfmal|vfmsl|vsdot|vudot|vmmla|vusdot|vsudot|vfmat|vfmab|vldr\.16|vstr\.16|vmov\.f16|vmov\.16|"
    r"vmov\.8|vmov\.[us]8|vmov\.[us]16|srs|rfe|sqrshr|uqrshl|sqshl|uqshl|srshr|urshr|asrl|lsll|lsrl)")


def foreign(enc: str, mnemonic: str, op_str: str) -> str | None:
    """Why capstone's decode is outside ARMv7E-M + FP, or None if it is in scope."""
    if len(enc) == 8:
        hw1, hw2 = int(enc[:4], 16), int(enc[4:], 16)
        if hw1 & 0xEF00 == 0xEF00:
            return "Advanced SIMD data processing"
        if hw1 & 0xFF10 == 0xF900:
            return "Advanced SIMD load/store"
        if hw1 & 0xFC00 == 0xFC00 and (hw2 >> 9) & 7 == 0b101:
            return "ARMv8 FP (coprocessor 10/11, T2 forms)"
        if hw1 == 0xF3DE and op_str.startswith("pc, lr"):
            return "SUBS PC, LR (A/R profile)"
    base = re.sub(r"\.w$", "", mnemonic)
    if base in FOREIGN_EXACT or FOREIGN_PREFIX.match(base):
        return f"non-v7E-M instruction {re.split(r'[.]', mnemonic)[0]}"
    if re.search(r"\b(d(1[6-9]|2[0-9]|3[01])|q[0-9]+)\b", op_str):
        return "D16-D31 / Q registers"
    if re.search(r"(msplim|psplim|_ns\b|fpcxt|\bvpr\b|\bp0\b|fpscr_nzcvqc)", op_str):
        return "ARMv8-M system registers"
    if re.search(r"\.(f16|bf16)\b", mnemonic) and not re.match(r"^vcvt[bt]\.f(16|32)\.f(16|32)$", mnemonic):
        return "half-precision (ARMv8.2 / f64<->f16)"
    return None


CONDITIONS = ["eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"]


def strip_condition(mnemonic: str, cond: int | None) -> str:
    """Capstone's mnemonic without the IT condition it inserted (`vldreq.16` -> `vldr.16`)."""
    if cond is None:
        return mnemonic
    head, dot, tail = mnemonic.partition(".")
    if head.endswith(CONDITIONS[cond]):
        head = head[: -len(CONDITIONS[cond])]
    return head + dot + tail


def it_permitted(enc: str) -> bool:
    """False for encodings ARMv7-M forbids inside an IT block: B<c>, CBZ/CBNZ, IT, MOVS Rd, Rm."""
    hw1 = int(enc[:4], 16)
    if len(enc) == 4:
        return not (0xD000 <= hw1 < 0xDE00 or hw1 & 0xF500 == 0xB100 or (hw1 & 0xFF00 == 0xBF00 and hw1 & 15)
                    or hw1 < 0x0040)
    hw2 = int(enc[4:], 16)
    return not (hw1 & 0xF800 == 0xF000 and hw2 & 0xD000 == 0x8000 and (hw1 >> 7) & 7 != 7)


def cs_imm(value: int) -> str:
    return f"#0x{value:x}" if value > 9 else f"#{value}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--random", type=int, default=200000, help="random 32-bit encodings (default 200000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-16", action="store_true", help="skip the exhaustive 16-bit sweep")
    ap.add_argument("--it", type=int, default=20000, help="random instructions inside IT blocks (default 20000)")
    ap.add_argument("--show", type=int, default=3, help="examples per difference category")
    ap.add_argument("--exact", action="store_true", help="also list differences before normalisation")
    ap.add_argument("--only-ours", action="store_true", help="list examples of encodings only we decode")
    ap.add_argument("--threshold", type=float, default=95.0)
    args = ap.parse_args()

    items = corpus(args.random, args.seed, not args.no_16, args.it)
    mine = run_tinyemu(items)
    md = Cs(CS_ARCH_ARM, CS_MODE_THUMB | CS_MODE_MCLASS)

    compared = agreed = exact = 0
    it_compared = it_agreed = 0
    excluded: collections.Counter[str] = collections.Counter()
    only_ours: collections.Counter[str] = collections.Counter()
    only_ours_examples: dict[str, list[str]] = collections.defaultdict(list)
    diffs: dict[str, list[str]] = collections.defaultdict(list)
    exact_diffs: dict[str, list[str]] = collections.defaultdict(list)
    for item in items:
        enc, addr, cond = item
        text = mine[key(item)]
        cs = capstone_text(md, item)
        if cs is None:
            if not text.startswith(".inst") and cond is None:
                only_ours[text.split(" ")[0]] += 1
                only_ours_examples[text.split(" ")[0]].append(f"{key(item)}: `{text}`")
            continue
        reason = foreign(enc, strip_condition(cs.mnemonic, cond), cs.op_str) or (cond is not None and not it_permitted(enc) and
                                                             "not permitted in an IT block (UNPREDICTABLE)")
        if reason:
            excluded[reason] += 1
            continue
        theirs = f"{cs.mnemonic} {cs.op_str}".strip()
        compared += 1
        it_compared += cond is not None
        if normalise(text) == normalise(theirs):
            agreed += 1
            it_agreed += cond is not None
            ours_plain = text.split(" ;")[0]
            ours_cs = re.sub(r"(?<![-#\w])0x([0-9a-f]{8})\b", lambda m: cs_imm(int(m.group(1), 16)), ours_plain)
            theirs_plain = re.sub(r"\b(sb|sl|fp|ip)\b", lambda m: ALIASES[m.group(1)], theirs)
            if ours_cs == theirs_plain:
                exact += 1
            else:
                exact_diffs[cs.mnemonic].append(f"{key(item)}: ours `{ours_plain}` capstone `{theirs}`")
        else:
            diffs[cs.mnemonic].append(f"{key(item)}: ours `{text}` capstone `{theirs}`")

    print(f"corpus: {len(items)} encodings ({0 if args.no_16 else 0xE800} 16-bit, {args.random} random 32-bit,"
          f" {args.it} inside IT blocks)")
    print(f"excluded (capstone decodes, not ARMv7E-M+FP): {sum(excluded.values())}")
    for reason, n in excluded.most_common():
        print(f"    {n:7}  {reason}")
    print(f"decoded by us but not by capstone: {sum(only_ours.values())}"
          f" (top: {', '.join(f'{k} {v}' for k, v in only_ours.most_common(12))})")
    if args.only_ours:
        for mnemonic, n in only_ours.most_common():
            print(f"  {n:6}  {mnemonic}: {'; '.join(only_ours_examples[mnemonic][: args.show])}")
    pct = 100.0 * agreed / max(compared, 1)
    print(f"compared: {compared}, agree after normalisation: {agreed} ({pct:.2f}%),"
          f" byte-identical modulo register aliases/branch-target format: {exact};"
          f" inside IT blocks {it_agreed}/{it_compared}")
    for mnemonic, lines in sorted(diffs.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(lines):6}  {mnemonic}")
        for line in lines[: args.show]:
            print(f"            {line}")
    if args.exact:
        print("spelling differences (agree after normalisation):")
        for mnemonic, lines in sorted(exact_diffs.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(lines):6}  {mnemonic}")
            for line in lines[: args.show]:
                print(f"            {line}")
    return 0 if pct >= args.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
