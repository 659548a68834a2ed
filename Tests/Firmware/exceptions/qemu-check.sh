#!/bin/sh
# exceptions/qemu-check.sh BUILD_DIR NAME... - run the exception-model tests
# on QEMU mps2-an386; each must print "PASS <name>" and exit with status 0.
# Logs: BUILD_DIR/qemu-logs/exceptions-<name>.log
#
# sleep.c waits for 10,000 SysTick periods of 64,000 core cycles; QEMU's
# mps2-an386 core clock is 25 MHz and QEMU sleeps in real time, so that run
# takes ~26 s and gets SLEEP_TIMEOUT instead of TIMEOUT.
#
# QEMU_XFAIL lists programs that QEMU cannot pass (dwt: QEMU 7.2 models
# neither DEMCR nor the DWT, nor does cycles run; sevonpend: QEMU's WFE
# returns at once; debugmon: QEMU stops at a BKPT instead of raising
# DebugMonitor, so the run times out); they are run and reported, but a FAIL there is
# expected ("xfail") and does not fail the check.

set -u
BUILD=${1:-build}; shift
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${TIMEOUT:-20}
SLEEP_TIMEOUT=${SLEEP_TIMEOUT:-60}
QEMU_XFAIL=${QEMU_XFAIL:-dwt sevonpend cycles debugmon}
LOGS=$BUILD/qemu-logs
mkdir -p "$LOGS"

failures=0
passes=0
xfails=0
for name in "$@"; do
    elf=$BUILD/exceptions/$name.elf
    log=$LOGS/exceptions-$name.log
    limit=$TIMEOUT
    [ "$name" = sleep ] && limit=$SLEEP_TIMEOUT
    timeout "$limit" "$QEMU" -M mps2-an386 -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -kernel "$elf" \
        </dev/null >"$log" 2>&1
    status=$?
    xfail=no
    for x in $QEMU_XFAIL; do [ "$x" = "$name" ] && xfail=yes; done
    if [ "$status" -eq 0 ] && grep -qx "PASS $name" "$log"; then
        passes=$((passes + 1))
        echo "ok    exceptions/$name"
    elif [ $xfail = yes ] && [ "$status" -eq 1 ] && grep -q "^FAIL $name: " "$log"; then
        xfails=$((xfails + 1))
        echo "xfail exceptions/$name (not modelled by QEMU): $(grep "^FAIL $name: " "$log")"
    elif [ $xfail = yes ] && [ "$status" -eq 124 ]; then
        xfails=$((xfails + 1))
        echo "xfail exceptions/$name (not modelled by QEMU): timed out after ${limit}s"
    else
        failures=$((failures + 1))
        if [ "$status" -eq 124 ]; then
            echo "FAIL  exceptions/$name: timed out after ${limit}s"
        else
            echo "FAIL  exceptions/$name: exit status $status"
        fi
        sed 's/^/      | /' "$log" | tail -n 15
    fi
done
echo "exceptions: $passes passed, $xfails expected failures, $failures failed"
[ "$failures" -eq 0 ]
