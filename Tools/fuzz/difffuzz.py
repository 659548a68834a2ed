#!/usr/bin/env python3
"""Differential fuzzer: tinyemu vs unicorn on random ARMv7-M Thumb-2 code
(base ISA, DSP extension and FPv4-SP floating point).

    python3 Tools/fuzz/difffuzz.py --seeds 1-500 [--length 40]
        [--family all|alu16,ldst,...] [-j 2] [--tinyemu PATH]
        [--keep-failures DIR] [--unicorn-only] [--stats]

Exit status: 0 all seeds match, 1 some seed mismatched, 2 harness error.
See README.md next to this file.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import thumbgen as tg  # noqa: E402

try:
    import capstone
    import unicorn
    from unicorn import arm_const as A
except ImportError as e:  # pragma: no cover
    print(f"difffuzz: {e}; install with `pip install unicorn capstone`", file=sys.stderr)
    sys.exit(2)

REPO_ROOT = Path(__file__).resolve().parents[2]
FLASH_SIZE = 1 << 20
RAM_SIZE = 256 << 10
RAM_BASE = 0x20000000
FLAG_MASK = 0xF8000000          # N Z C V Q
GE_MASK = 0x000F0000            # APSR.GE[3:0] (DSP extension)
MAX_INSNS = 100000
REG_KEYS = [f"r{i}" for i in range(13)] + ["sp", "lr", "pc"]
UC_REGS = [getattr(A, f"UC_ARM_REG_R{i}") for i in range(13)] + \
          [A.UC_ARM_REG_SP, A.UC_ARM_REG_LR, A.UC_ARM_REG_PC]
FP_KEYS = [f"s{i}" for i in range(32)] + ["fpscr"]
UC_FP_REGS = [getattr(A, f"UC_ARM_REG_S{i}") for i in range(32)] + [A.UC_ARM_REG_FPSCR]
# The prologue of FP cases grants CP10/CP11 in CPACR; unicorn models no system control
# space, so a page of plain RAM takes the store.
SCS_PAGE = 0xE000E000


class HarnessError(Exception):
    pass


@dataclass
class State:
    regs: dict = field(default_factory=dict)   # REG_KEYS -> int
    xpsr: int = 0
    mem: bytes = b""
    error: str = ""                            # non-empty: run failed
    fp: dict = field(default_factory=dict)     # FP_KEYS -> int


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

def run_unicorn(case: tg.Case, check: bool = False) -> State:
    """Run the case in unicorn.  With check=True also verify that execution
    only touches the scratch area / inline data and only executes
    instruction starts (generator self-check)."""
    code, end = case.code()
    uc = unicorn.Uc(unicorn.UC_ARCH_ARM, unicorn.UC_MODE_THUMB | unicorn.UC_MODE_MCLASS)
    if hasattr(A, "UC_CPU_ARM_CORTEX_M4"):
        uc.ctl_set_cpu_model(A.UC_CPU_ARM_CORTEX_M4)
    uc.mem_map(tg.CODE_BASE, FLASH_SIZE)
    uc.mem_map(RAM_BASE, RAM_SIZE)
    uc.mem_map(SCS_PAGE, 0x1000)
    uc.mem_write(tg.CODE_BASE, code)
    uc.mem_write(tg.SCRATCH_BASE, case.scratch)
    uc.reg_write(A.UC_ARM_REG_SP, tg.INITIAL_SP)
    problems = []
    if check:
        lay, _ = case.layout()
        starts = {a for a, s, _ in lay if s.kind == "insn"}
        data_ranges = [(a, a + len(s.data)) for a, s, _ in lay if s.kind == "data"]

        def on_code(u, addr, size, _):
            if addr not in starts and len(problems) < 5:
                problems.append(f"executed 0x{addr:08x}, not an instruction start")

        def on_mem(u, access, addr, size, value, _):
            if tg.SCRATCH_BASE <= addr and addr + size <= tg.SCRATCH_END:
                return
            if addr == 0xE000ED88 and access == unicorn.UC_MEM_WRITE and case.init_fp:
                return   # the prologue's CPACR write
            if access == unicorn.UC_MEM_READ and any(lo <= addr and addr + size <= hi
                                                     for lo, hi in data_ranges):
                return
            if len(problems) < 5:
                kind = "read" if access == unicorn.UC_MEM_READ else "write"
                pc = u.reg_read(A.UC_ARM_REG_PC)
                problems.append(f"{kind} of {size} bytes at 0x{addr:08x} (pc 0x{pc:08x}) "
                                f"outside scratch/inline data")
        uc.hook_add(unicorn.UC_HOOK_CODE, on_code)
        uc.hook_add(unicorn.UC_HOOK_MEM_READ | unicorn.UC_HOOK_MEM_WRITE, on_mem)
    st = State()
    try:
        uc.emu_start(tg.CODE_BASE | 1, end, count=MAX_INSNS)
    except unicorn.UcError as e:
        st.error = f"unicorn: {e} at pc 0x{uc.reg_read(A.UC_ARM_REG_PC):08x}"
    st.regs = {k: uc.reg_read(r) & 0xFFFFFFFF for k, r in zip(REG_KEYS, UC_REGS)}
    st.xpsr = uc.reg_read(A.UC_ARM_REG_XPSR)
    st.fp = {k: uc.reg_read(r) & 0xFFFFFFFF for k, r in zip(FP_KEYS, UC_FP_REGS)}
    st.mem = bytes(uc.mem_read(tg.SCRATCH_BASE, tg.SCRATCH_SIZE))
    if not st.error and st.regs["pc"] != end:
        st.error = f"unicorn stopped at pc 0x{st.regs['pc']:08x}, not at BKPT 0x{end:08x}"
    if not st.error and problems:
        st.error = "; ".join(problems)
    return st


def tinyemu_cmd(binary, code_file, scratch_file, dump_file, report_file):
    return [str(binary), "run", str(code_file), "--platform", "nano33",
            "--load-address", "0", "--initial-sp", f"0x{tg.INITIAL_SP:08x}",
            "--initial-pc", f"0x{tg.CODE_BASE | 1:x}",
            "--load-data", f"0x{tg.SCRATCH_BASE:08x}:{scratch_file}",
            "--memory-dump", f"0x{tg.SCRATCH_BASE:08x}:{tg.SCRATCH_SIZE}:{dump_file}",
            "--report", str(report_file), "--quiet", "--max-instructions", str(MAX_INSNS)]


def _int(v):
    return int(v, 0) if isinstance(v, str) else int(v)


def preflight(binary: Path):
    """Run an empty case (prologue + BKPT) once; raise HarnessError if
    tinyemu cannot run it at all (e.g. it lacks one of the options)."""
    case = tg.generate_case(0, 0)
    got = run_tinyemu(case, binary)
    if got.error:
        raise HarnessError(f"tinyemu cannot run an empty test case: {got.error}\n  command: "
                           + " ".join(tinyemu_cmd(binary, "case.bin", "scratch.bin", "out.bin",
                                                  "report.json")))


def write_case_files(case: tg.Case, d: Path):
    code, _ = case.code()
    (d / "case.bin").write_bytes(code)
    (d / "scratch.bin").write_bytes(case.scratch)


def run_tinyemu(case: tg.Case, binary: Path, timeout: float = 60) -> State:
    with tempfile.TemporaryDirectory(prefix="difffuzz-") as tmp:
        d = Path(tmp)
        write_case_files(case, d)
        cmd = tinyemu_cmd(binary, d / "case.bin", d / "scratch.bin", d / "out.bin", d / "report.json")
        st = State()
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            st.error = f"tinyemu timed out after {timeout} s"
            return st
        except OSError as e:
            raise HarnessError(f"cannot run {binary}: {e}")
        tail = (p.stderr or b"").decode(errors="replace").strip().splitlines()[-3:]
        try:
            report = json.loads((d / "report.json").read_text())
            regs = report["registers"]
            st.regs = {k: _int(regs[k]) & 0xFFFFFFFF for k in REG_KEYS}
            st.xpsr = _int(regs["xpsr"]) & 0xFFFFFFFF
            fpu = report["fpu"]
            st.fp = {k: _int(fpu[k]) & 0xFFFFFFFF for k in FP_KEYS}
        except (OSError, ValueError, KeyError, TypeError) as e:
            st.error = (f"tinyemu exit {p.returncode}, no usable report ({type(e).__name__}: {e})"
                        + (f"; stderr: {' | '.join(tail)}" if tail else ""))
            return st
        try:
            st.mem = (d / "out.bin").read_bytes()
        except OSError:
            st.error = f"tinyemu exit {p.returncode}: memory dump missing"
        return st


# --------------------------------------------------------------------------
# Comparing and reporting
# --------------------------------------------------------------------------

def flags_str(x):
    return "".join(c.upper() if x >> b & 1 else c for c, b in zip("nzcvq", (31, 30, 29, 28, 27)))


def ge_str(x):
    """APSR.GE[3:0] as a bit string, GE3 first."""
    return f"0b{(x >> 16) & 15:04b}"


def compare(exp: State, got: State) -> list:
    """List of human-readable differences (empty when equal)."""
    if got.error:
        return [got.error]
    out = []
    for k in REG_KEYS:
        if exp.regs[k] != got.regs[k]:
            out.append(f"{k:>5}: expected 0x{exp.regs[k]:08x}  got 0x{got.regs[k]:08x}")
    for k in FP_KEYS:
        if exp.fp.get(k) != got.fp.get(k):
            e, g = exp.fp.get(k, 0), got.fp.get(k, 0)
            out.append(f"{k:>5}: expected 0x{e:08x}  got 0x{g:08x}")
    if (exp.xpsr ^ got.xpsr) & FLAG_MASK:
        out.append(f"flags: expected {flags_str(exp.xpsr)}  got {flags_str(got.xpsr)}")
    if (exp.xpsr ^ got.xpsr) & GE_MASK:
        out.append(f"   ge: expected {ge_str(exp.xpsr)}  got {ge_str(got.xpsr)}")
    if exp.mem != got.mem:
        if len(got.mem) != len(exp.mem):
            out.append(f"  mem: dump has {len(got.mem)} bytes, expected {len(exp.mem)}")
        runs, i, n = [], 0, min(len(exp.mem), len(got.mem))
        while i < n:
            if exp.mem[i] != got.mem[i]:
                j = i
                while j < n and (exp.mem[j] != got.mem[j] or (j + 1 < n and exp.mem[j + 1] != got.mem[j + 1])):
                    j += 1
                runs.append((i, j))
                i = j
            i += 1
        for lo, hi in runs[:8]:
            hi = max(hi, lo + 1)
            a = tg.SCRATCH_BASE + lo
            rng = f"0x{a:08x}" if hi - lo == 1 else f"0x{a:08x}..0x{a + hi - lo - 1:08x}"
            e, g = exp.mem[lo:hi][:16].hex(" "), got.mem[lo:hi][:16].hex(" ")
            more = " ..." if hi - lo > 16 else ""
            out.append(f"  mem {rng}: expected {e}{more}  got {g}{more}")
        if len(runs) > 8:
            out.append(f"  mem: {len(runs) - 8} more differing ranges")
    return out


_CS = None


def cs():
    global _CS
    if _CS is None:
        _CS = capstone.Cs(capstone.CS_ARCH_ARM, capstone.CS_MODE_THUMB | capstone.CS_MODE_MCLASS)
    return _CS


def disassemble(case: tg.Case, with_prologue=False) -> list:
    lay, end = case.layout()
    lines = []
    if not with_prologue:
        first = next((a for a, s, i in lay if s.role != "prologue"), end)
        regs = " ".join(f"{tg.REG_NAMES[r]}={case.init_regs[r]:#x}" for r in tg.INIT_REGS)
        lines.append(f"  {0:08x}..{first - 1:08x}  prologue: {regs} flags={flags_str(case.init_flags)}"
                     f" ge={ge_str(case.init_flags)} sp={tg.INITIAL_SP:#x}")
        lay = [e for e in lay if e[1].role != "prologue"]
    cur_item = None
    k = 0
    while k < len(lay):
        addr, seg, item = lay[k]
        if item is not None and item != cur_item:
            cur_item = item
            lines.append(f"  ; item {item}: {case.items[item].family}")
        if seg.kind == "data":
            lines.append(f"    {addr:08x}: {seg.data.hex(' ')}  ; inline data")
            k += 1
            continue
        # disassemble the run of consecutive instructions in one go, so that
        # capstone tracks IT blocks
        run = []
        while k < len(lay) and lay[k][1].kind == "insn":
            run.append(lay[k])
            k += 1
        blob = b"".join(s.data for _, s, _ in run)
        insns = {i.address: i for i in cs().disasm(blob, run[0][0])}
        for a, s, it in run:
            if it is not None and it != cur_item:
                cur_item = it
                lines.append(f"  ; item {it}: {case.items[it].family}")
            ins = insns.get(a)
            hexw = " ".join(s.data[j:j + 2][::-1].hex() for j in range(0, len(s.data), 2))
            text = f"{ins.mnemonic:<8} {ins.op_str}" if ins else "<capstone: undecodable>"
            tag = {"setup": "   ; setup", "end": "   ; end marker"}.get(s.role, "")
            lines.append(f"    {a:08x}: {hexw:<10} {text}{tag}")
    return lines


def check_capstone(case: tg.Case) -> list:
    """Every instruction segment must decode to one instruction of its size."""
    errs = []
    lay, _ = case.layout()
    for a, s, _ in lay:
        if s.kind != "insn":
            continue
        got = list(cs().disasm(s.data, a))
        if len(got) != 1 or got[0].size != len(s.data):
            errs.append(f"capstone cannot decode {s.data.hex()} at 0x{a:08x} (expected {s.mnem})")
    return errs


# --------------------------------------------------------------------------
# Shrinking
# --------------------------------------------------------------------------

def shrink(case: tg.Case, fails, budget=400):
    """Delete items (prologue and BKPT stay) while `fails(case)` holds."""
    items = list(case.items)
    runs = 0
    chunk = max(1, len(items) // 2)
    while True:
        progress = False
        i = 0
        while i < len(items) and runs < budget:
            cand = items[:i] + items[i + chunk:]
            runs += 1
            if fails(case.with_items(cand)):
                items = cand
                progress = True
            else:
                i += chunk
        if runs >= budget:
            break
        if chunk == 1:
            if not progress:
                break
        else:
            chunk = max(1, chunk // 2)
    return case.with_items(items), runs


# --------------------------------------------------------------------------
# Per-seed worker
# --------------------------------------------------------------------------

@dataclass
class Opts:
    length: int
    families: tuple
    tinyemu: str
    unicorn_only: bool
    keep: str
    stats: bool


def family_stats(case: tg.Case):
    fam = collections.Counter(it.family for it in case.items)
    mn = collections.Counter()
    lay, _ = case.layout()
    for _, s, _ in lay:
        if s.kind == "insn" and s.role == "test":
            ins = list(cs().disasm(s.data, 0))
            if ins:
                mn[ins[0].mnemonic.split(".")[0]] += 1
    return fam, mn


def work(seed: int, o: Opts):
    """Returns (seed, status, text, stats); status in ok/mismatch/error."""
    try:
        case = tg.generate_case(seed, o.length, o.families)
        stats = family_stats(case) if o.stats else None
        if o.unicorn_only:
            errs = check_capstone(case)
            st = run_unicorn(case, check=True)
            if st.error:
                errs.append(st.error)
            if errs:
                text = [f"=== GENERATOR ERROR seed {seed} ==="] + [f"  {e}" for e in errs]
                text += disassemble(case)
                return seed, "error", "\n".join(text), stats
            return seed, "ok", "", stats
        exp = run_unicorn(case)
        if exp.error:
            return seed, "error", f"=== GENERATOR ERROR seed {seed} ===\n  {exp.error}\n" + \
                "\n".join(disassemble(case)), stats
        got = run_tinyemu(case, Path(o.tinyemu))
        diffs = compare(exp, got)
        if not diffs:
            return seed, "ok", "", stats
        return seed, "mismatch", report_mismatch(case, exp, got, diffs, o), stats
    except HarnessError as e:
        return seed, "error", f"=== HARNESS ERROR seed {seed} ===\n  {e}", None
    except Exception as e:  # generator bug: report it, keep going
        import traceback
        return seed, "error", f"=== HARNESS ERROR seed {seed} ===\n" + traceback.format_exc(), None


def report_mismatch(case, exp, got, diffs, o: Opts) -> str:
    binary = Path(o.tinyemu)

    def fails(c):
        e = run_unicorn(c)
        if e.error:
            return False
        return bool(compare(e, run_tinyemu(c, binary)))

    small, runs = shrink(case, fails)
    s_exp = run_unicorn(small)
    s_got = run_tinyemu(small, binary)
    s_diffs = compare(s_exp, s_got)
    code, end = case.code()
    out = [f"=== MISMATCH seed {case.seed} ({len(case.items)} items, {len(code)} bytes of code) ==="]
    out.append("differences (expected = unicorn, got = tinyemu):")
    out += [f"  {d}" for d in diffs]
    out.append("case:")
    out += disassemble(case)
    out.append(f"minimised: {len(small.items)} of {len(case.items)} items ({runs} shrink runs)")
    out += disassemble(small)
    out.append("minimised differences:")
    out += [f"  {d}" for d in s_diffs] if s_diffs else ["  (none on re-run: flaky?)"]
    if o.keep:
        d = Path(o.keep) / f"seed{case.seed}"
        d.mkdir(parents=True, exist_ok=True)
        write_case_files(small, d)
        (d / "expected.json").write_text(json.dumps(
            {"registers": {**s_exp.regs, "xpsr": s_exp.xpsr}, "fpu": s_exp.fp}, indent=1) + "\n")
        (d / "expected_mem.bin").write_bytes(s_exp.mem)
        (d / "full_case.bin").write_bytes(code)
        (d / "disasm.txt").write_text("\n".join(disassemble(small, with_prologue=True)) + "\n")
        cmd = tinyemu_cmd(binary, d / "case.bin", d / "scratch.bin", d / "out.bin", d / "report.json")
        (d / "repro.sh").write_text("#!/bin/sh\n" + " ".join(cmd) + "\n")
        out.append(f"reproduce: sh {d / 'repro.sh'}   (files in {d})")
    else:
        out.append("reproduce: python3 Tools/fuzz/difffuzz.py --seeds "
                   f"{case.seed} --length {o.length} --keep-failures DIR")
    return "\n".join(out)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

def parse_seeds(spec: str):
    seeds = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            a, b = int(a, 0), int(b, 0)
            if b < a:
                raise ValueError(f"empty seed range {part}")
            seeds.extend(range(a, b + 1))
        else:
            seeds.append(int(part, 0))
    if not seeds:
        raise ValueError("no seeds")
    return seeds


def default_tinyemu():
    for cfg in ("release", "debug"):
        p = REPO_ROOT / ".build" / cfg / "tinyemu"
        if p.exists():
            return p
    return REPO_ROOT / ".build" / "release" / "tinyemu"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1-100", help="e.g. 1-500 or 1,5,10-20 (default 1-100)")
    ap.add_argument("--length", type=int, default=40, help="items per case (default 40)")
    ap.add_argument("--family", default="all",
                    help="all, or a comma list of families; '-name' removes one "
                         f"(e.g. --family=all,-it). Families: {','.join(tg.FAMILIES)}")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="parallel workers (default 2)")
    ap.add_argument("--tinyemu", help="tinyemu binary (default .build/release/tinyemu, else .build/debug/tinyemu)")
    ap.add_argument("--keep-failures", metavar="DIR", help="write minimised failing cases here")
    ap.add_argument("--unicorn-only", action="store_true",
                    help="self-check the generator with unicorn+capstone only")
    ap.add_argument("--stats", action="store_true", help="print item/mnemonic counts")
    ap.add_argument("--max-failures", type=int, default=20,
                    help="stop after this many failing seeds (default 20)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    try:
        seeds = parse_seeds(args.seeds)
        fams = tg.parse_families(args.family)
    except ValueError as e:
        print(f"difffuzz: {e}", file=sys.stderr)
        return 2
    if args.length < 0 or args.jobs < 1:
        print("difffuzz: --length must be >= 0 and -j >= 1", file=sys.stderr)
        return 2
    binary = Path(args.tinyemu) if args.tinyemu else default_tinyemu()
    if not args.unicorn_only:
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            print(f"difffuzz: tinyemu binary not found at {binary}.\n"
                  f"  Build it with `swift build -c release` (or `swift build`) in {REPO_ROOT},\n"
                  f"  pass --tinyemu PATH, or use --unicorn-only to check just the generator.",
                  file=sys.stderr)
            return 2
        binary = binary.resolve()
    o = Opts(args.length, fams, str(binary), args.unicorn_only, args.keep_failures, args.stats)
    if not args.unicorn_only:
        try:
            preflight(binary)
        except HarnessError as e:
            print(f"difffuzz: {e}", file=sys.stderr)
            return 2

    t0 = time.time()
    counts = collections.Counter()
    failing = []
    fam_tot, mn_tot = collections.Counter(), collections.Counter()
    fn = functools.partial(work, o=o)
    if args.jobs == 1:
        results = map(fn, seeds)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=args.jobs)
        results = pool.map(fn, seeds, chunksize=1 if not args.unicorn_only else 8)
    try:
        for seed, status, text, stats in results:
            counts[status] += 1
            if stats:
                fam_tot.update(stats[0])
                mn_tot.update(stats[1])
            if status != "ok":
                failing.append(seed)
                print(text, flush=True)
                print(flush=True)
                if len(failing) >= args.max_failures:
                    print(f"difffuzz: stopping after {len(failing)} failing seeds", file=sys.stderr)
                    break
    except KeyboardInterrupt:
        print("difffuzz: interrupted", file=sys.stderr)
        counts["error"] += 1
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    dt = time.time() - t0
    if args.stats:
        print("items per family:")
        for f, n in sorted(fam_tot.items(), key=lambda x: -x[1]):
            print(f"  {f:<10} {n}")
        print(f"distinct tested mnemonics: {len(mn_tot)}")
        print("  " + " ".join(f"{m}:{n}" for m, n in sorted(mn_tot.items())))
    mode = "unicorn-only self-check" if args.unicorn_only else "tinyemu vs unicorn"
    print(f"difffuzz ({mode}): {sum(counts.values())} seeds, {counts['ok']} ok, "
          f"{counts['mismatch']} mismatches, {counts['error']} errors in {dt:.1f} s"
          + (f"; failing seeds: {','.join(map(str, failing))}" if failing else ""))
    if counts["error"]:
        return 2
    return 1 if counts["mismatch"] else 0


if __name__ == "__main__":
    sys.exit(main())
