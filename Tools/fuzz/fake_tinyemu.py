#!/usr/bin/env python3
"""Stand-in for `tinyemu run` built on unicorn, for testing the harness.

Accepts the subset of tinyemu's CLI that difffuzz.py uses, runs the raw
binary until it executes BKPT #0 and writes the report / memory dumps like
tinyemu does (exit status 126, "reason": "lockup").

Set FAKE_TINYEMU_BUG to inject a deliberate bug, so that the mismatch
reporting and shrinking paths can be exercised:
    FAKE_TINYEMU_BUG=udiv          r0 ^= 1 at the end if any UDIV executed
    FAKE_TINYEMU_BUG=HW1/MASK      same, for any 32-bit instruction whose
                                   first halfword & MASK == HW1 (hex)
    FAKE_TINYEMU_BUG=carry         C flag inverted at the end
    FAKE_TINYEMU_BUG=ge            APSR.GE0 inverted at the end
    FAKE_TINYEMU_BUG=mem           first scratch byte inverted in the dump
"""

import argparse
import json
import os
import struct
import sys

import unicorn
from unicorn import arm_const as A

NAMED = {"udiv": (0xFBB0, 0xFFF0), "sdiv": (0xFB90, 0xFFF0)}


def num(s):
    return int(s, 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["run"])
    ap.add_argument("image")
    ap.add_argument("--platform")
    ap.add_argument("--load-address", type=num, default=0)
    ap.add_argument("--initial-sp", type=num)
    ap.add_argument("--initial-pc", type=num)
    ap.add_argument("--load-data", action="append", default=[])
    ap.add_argument("--memory-dump", action="append", default=[])
    ap.add_argument("--report")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--max-instructions", type=num, default=1000000)
    a = ap.parse_args()

    bug = os.environ.get("FAKE_TINYEMU_BUG", "")
    trig = NAMED.get(bug)
    if trig is None and "/" in bug:
        v, m = bug.split("/")
        trig = (int(v, 16), int(m, 16))

    uc = unicorn.Uc(unicorn.UC_ARCH_ARM, unicorn.UC_MODE_THUMB | unicorn.UC_MODE_MCLASS)
    uc.ctl_set_cpu_model(A.UC_CPU_ARM_CORTEX_M4)
    uc.mem_map(0, 1 << 20)
    uc.mem_map(0x20000000, 256 << 10)
    uc.mem_map(0xE000E000, 0x1000)   # takes the FP prologue's CPACR store (unicorn has no SCS)
    with open(a.image, "rb") as f:
        uc.mem_write(a.load_address, f.read())
    for spec in a.load_data:
        addr, path = spec.split(":", 1)
        with open(path, "rb") as f:
            uc.mem_write(num(addr), f.read())
    uc.reg_write(A.UC_ARM_REG_SP, a.initial_sp)
    state = {"hit": False, "bkpt": None}

    def on_code(u, addr, size, _):
        hw = struct.unpack("<H", bytes(u.mem_read(addr, 2)))[0]
        if size == 2 and hw == 0xBE00:
            state["bkpt"] = addr
            u.emu_stop()
        elif size == 4 and trig and (hw & trig[1]) == trig[0]:
            state["hit"] = True

    uc.hook_add(unicorn.UC_HOOK_CODE, on_code)
    reason = "lockup"
    try:
        uc.emu_start(a.initial_pc, 0xFFFFFFFF, count=a.max_instructions)
    except unicorn.UcError as e:
        reason = f"error: {e}"
    if state["bkpt"] is None and reason == "lockup":
        reason = "instruction limit"
    names = [f"r{i}" for i in range(13)] + ["sp", "lr", "pc"]
    regs = [getattr(A, f"UC_ARM_REG_R{i}") for i in range(13)] + \
           [A.UC_ARM_REG_SP, A.UC_ARM_REG_LR, A.UC_ARM_REG_PC]
    out = {n: uc.reg_read(r) & 0xFFFFFFFF for n, r in zip(names, regs)}
    out["xpsr"] = uc.reg_read(A.UC_ARM_REG_XPSR)
    fpu = {f"s{i}": uc.reg_read(getattr(A, f"UC_ARM_REG_S{i}")) & 0xFFFFFFFF for i in range(32)}
    fpu["fpscr"] = uc.reg_read(A.UC_ARM_REG_FPSCR) & 0xFFFFFFFF
    if state["bkpt"] is not None:
        out["pc"] = state["bkpt"]
    if state["hit"]:
        out["r0"] ^= 1
    if bug == "carry":
        out["xpsr"] ^= 1 << 29
    if bug == "ge":
        out["xpsr"] ^= 1 << 16
    for spec in a.memory_dump:
        addr, length, path = spec.split(":", 2)
        mem = bytearray(uc.mem_read(num(addr), num(length)))
        if bug == "mem" and mem:
            mem[0] ^= 0xFF
        with open(path, "wb") as f:
            f.write(mem)
    if a.report:
        with open(a.report, "w") as f:
            json.dump({"reason": reason, "exitCode": 126, "registers": out, "fpu": fpu}, f)
    return 126


if __name__ == "__main__":
    sys.exit(main())
