#!/usr/bin/env python3
"""Runs the benchmark firmware on a release build of tinyemu and prints MIPS per benchmark and
their geometric mean. Each benchmark runs `--repeat` times and its best run counts (the host is
shared; the best run is the least disturbed one). Checksums are verified against
Tests/Firmware/bench/checksums.txt, so a fast but wrong emulator does not score."""
import argparse
import json
import math
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The first five are integer code; fft and mlp are hard-float (FPv4-SP), conv_int8 uses the DSP
# extension (SMLAD). The geometric mean of the first five is printed too, comparable with the
# figures from before the float/DSP benchmarks existed.
INTEGER_BENCHES = ["crc32", "matmul_int8", "sort", "hash", "strproc"]
BENCHES = INTEGER_BENCHES + ["fft", "mlp", "conv_int8"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tinyemu", default=str(ROOT / ".build/release/tinyemu"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    expected = {}
    for line in (ROOT / "Tests/Firmware/bench/checksums.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "checksum":
            expected[parts[1]] = line.strip()

    results = []
    print(f"{'benchmark':<14}{'instructions':>14}{'MIPS':>10}")
    for name in BENCHES:
        elf = ROOT / f"Tests/Firmware/build/bench/{name}.elf"
        best = 0.0
        for _ in range(args.repeat):
            with tempfile.NamedTemporaryFile(suffix=".json") as report:
                run = subprocess.run(
                    [args.tinyemu, "run", str(elf), "--platform", "nano33", "--timeout", "600s",
                     "--report", report.name, "--quiet"], capture_output=True, text=True)
                data = json.loads(pathlib.Path(report.name).read_text())
            console = data["output"]["console"].strip()
            if run.returncode != 0 or console != expected.get(name):
                print(f"{name}: FAILED (status {run.returncode}, output {console!r}, expected {expected.get(name)!r})")
                return 1
            best = max(best, data["mips"])
        results.append(best)
        print(f"{name:<14}{data['instructions']:>14}{best:>10.1f}")
    geomean = math.exp(sum(math.log(m) for m in results) / len(results))
    integer = results[:len(INTEGER_BENCHES)]
    print(f"{'geometric mean (integer five)':<30}{math.exp(sum(math.log(m) for m in integer) / len(integer)):>8.1f}")
    print(f"{'geometric mean':<28}{geomean:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
