#!/bin/sh
# float/qemu-check.sh BUILD_DIR - runs the float/DSP test programs on QEMU
# (mps2-an386, Cortex-M4 with FPv4-SP) and checks them.  Used by
# `make qemu-check-float`.  Logs: BUILD_DIR/qemu-logs/float-<name>.log
#
#   - every program exits 0 with its PASS line (fpscr: FPSCR corner cases)
#   - libm: the hard-float output equals float/libm.expected (recorded from
#     QEMU; `make float-expected` rewrites it), and its exact-arithmetic part
#     equals the soft-float build's
#   - printf_float: hard- and soft-float outputs are byte-identical (newlib
#     and picolibc)
#   - dsp: the firmware's checksum lines equal the host build's (build/host/dsp)

set -u

BUILD=${1:-build}
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${TIMEOUT:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$BUILD" && pwd)
LOGS=$BUILD/qemu-logs
mkdir -p "$LOGS"

failures=0
passes=0
ok() { passes=$((passes + 1)); echo "ok    $1"; }
bad() {
    failures=$((failures + 1))
    echo "FAIL  $1: $2"
    [ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/      | /' "$3" | tail -n 15
}

# run NAME (relative to build/float, without .elf); sets $log and $status
run() {
    log="$LOGS/float-$(echo "$1" | tr / -).log"
    timeout "$TIMEOUT" "$QEMU" -M mps2-an386 -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -kernel "$BUILD/float/$1.elf" \
        </dev/null >"$log" 2>&1
    status=$?
}

for name in libm libm_soft printf_float printf_float_soft picolibc/printf_float \
            picolibc/printf_float_soft fpscr dsp; do
    test=$(basename "$name" .elf | sed 's/_soft$//')
    run "$name"
    want=0
    if [ "$status" -ne "$want" ]; then
        bad "float/$name" "exit status $status, expected $want" "$log"
    elif [ "$want" -eq 0 ] && ! grep -qxF "PASS $test" "$log"; then
        bad "float/$name" "missing 'PASS $test'" "$log"
    else
        ok "float/$name"
    fi
done

L=$LOGS/float
if cmp -s "$L-libm.log" "$HERE/libm.expected"; then ok "libm output = float/libm.expected"
else bad "libm output" "differs from float/libm.expected"; diff "$HERE/libm.expected" "$L-libm.log" | head -20; fi

exact() { grep -E '^(  |libm: arithmetic|libm: exact)' "$1"; }
if [ "$(exact "$L-libm.log")" = "$(exact "$L-libm_soft.log")" ]; then ok "libm exact arithmetic: hard = soft"
else bad "libm exact arithmetic" "hard- and soft-float differ"; fi

for p in "" picolibc-; do
    if cmp -s "$L-${p}printf_float.log" "$L-${p}printf_float_soft.log"; then ok "${p}printf_float: hard = soft"
    else bad "${p}printf_float" "hard- and soft-float outputs differ"; fi
done

if [ -x "$BUILD/host/dsp" ] && [ "$(grep ' checksum ' "$L-dsp.log")" = "$("$BUILD/host/dsp" | grep ' checksum ')" ]; then
    ok "dsp checksums = host reference"
else
    bad "dsp checksums" "differ from build/host/dsp" "$L-dsp.log"
fi

echo "qemu-check-float: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
