#!/bin/sh
# qemu-check.sh BUILD_DIR - run every built firmware image on QEMU and check
# its exit status and output.  Used by `make qemu-check`.
#
# QEMU's mps2-an386 is a Cortex-M4 with flash at 0x0 and RAM at 0x20000000,
# like nano33.  Semihosting output from picolibc (SYS_WRITEC) goes to QEMU's
# stderr and newlib's (SYS_WRITE on ":tt") to stdout, so both are captured.
# Logs: BUILD_DIR/qemu-logs/<variant>-<name>.log

set -u

BUILD=${1:-build}
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${TIMEOUT:-20}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-120}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$BUILD" && pwd)
LOGS=$BUILD/qemu-logs
mkdir -p "$LOGS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tinyemu-qemu-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

failures=0
passes=0

# run_qemu ELF LOG STDIN [ARGS...] - runs in the current directory; sets $status
run_qemu() {
    elf=$1; log=$2; input=$3; shift 3
    limit=$TIMEOUT
    case $elf in */bench/*) limit=$BENCH_TIMEOUT ;; esac
    if [ $# -gt 0 ]; then
        timeout "$limit" "$QEMU" -M mps2-an386 -nographic -monitor none -serial none \
            -semihosting-config enable=on,target=native -kernel "$elf" -append "$*" \
            <"$input" >"$log" 2>&1
    else
        timeout "$limit" "$QEMU" -M mps2-an386 -nographic -monitor none -serial none \
            -semihosting-config enable=on,target=native -kernel "$elf" \
            <"$input" >"$log" 2>&1
    fi
    status=$?
}

ok() { passes=$((passes + 1)); echo "ok    $1"; }
bad() {
    failures=$((failures + 1))
    echo "FAIL  $1: $2"
    [ -f "$3" ] && sed 's/^/      | /' "$3" | tail -n 15
}

# expect_status NAME LOG WANT
expect_status() {
    if [ "$status" -ne "$3" ]; then
        bad "$1" "exit status $status, expected $3" "$2"
        return 1
    fi
    return 0
}

# expect_line NAME LOG LINE
expect_line() {
    if ! grep -qxF "$3" "$2"; then
        bad "$1" "missing line '$3'" "$2"
        return 1
    fi
    return 0
}

printf 'hello world\nSecond line, with 123 digits!\n\nmixed CaSe & symbols: {}[]<>\nlast line\n' >"$WORK/stdin.txt"
tr 'a-z' 'A-Z' <"$WORK/stdin.txt" >"$WORK/stdin.expected"
echo "stdin_echo: 5 lines, $(wc -c <"$WORK/stdin.txt" | tr -d ' ') bytes" >>"$WORK/stdin.expected"

for variant in newlib picolibc; do
    for elf in "$BUILD/$variant"/*.elf; do
        [ -f "$elf" ] || continue
        name=$(basename "$elf" .elf)
        id="$variant/$name"
        log="$LOGS/$variant-$name.log"
        case $name in
        hello)
            run_qemu "$elf" "$log" /dev/null
            expect_status "$id" "$log" 0 && expect_line "$id" "$log" "Hello from tinyemu!" && ok "$id"
            ;;
        exitcode)
            run_qemu "$elf" "$log" /dev/null
            expect_status "$id" "$log" 42 && expect_line "$id" "$log" "exitcode: exiting with status 42" && ok "$id"
            ;;
        stdin_echo)
            run_qemu "$elf" "$log" "$WORK/stdin.txt"
            if expect_status "$id" "$log" 0; then
                if cmp -s "$log" "$WORK/stdin.expected"; then ok "$id"; else bad "$id" "output differs from expected" "$log"; fi
            fi
            ;;
        files)
            dir="$WORK/files-$variant"
            mkdir -p "$dir"
            (cd "$dir" && run_qemu "$elf" "$log" /dev/null out.bin && exit $status)
            status=$?
            if expect_status "$id" "$log" 0 && expect_line "$id" "$log" "PASS files"; then
                size=$(wc -c <"$dir/out.bin")
                if [ "$size" -eq 1020 ]; then ok "$id"; else bad "$id" "out.bin has $size bytes, expected 1020" "$log"; fi
            fi
            log2="$LOGS/$variant-$name-noarg.log"
            (cd "$dir" && run_qemu "$elf" "$log2" /dev/null && exit $status)
            status=$?
            expect_status "$id (no argument)" "$log2" 3 && expect_line "$id (no argument)" "$log2" "no file" && ok "$id (no argument)"
            ;;
        *)
            run_qemu "$elf" "$log" /dev/null
            expect_status "$id" "$log" 0 && expect_line "$id" "$log" "PASS $name" && ok "$id"
            ;;
        esac
    done
done

# Benchmarks: exit status 0 and the checksum recorded in bench/checksums.txt.
for elf in "$BUILD"/bench/*.elf; do
    [ -f "$elf" ] || continue
    name=$(basename "$elf" .elf)
    id="bench/$name"
    log="$LOGS/bench-$name.log"
    start=$(date +%s)
    run_qemu "$elf" "$log" /dev/null
    secs=$(($(date +%s) - start))
    expect_status "$id" "$log" 0 || continue
    got=$(grep "^checksum $name " "$log")
    want=$(grep "^checksum $name " "$HERE/bench/checksums.txt" 2>/dev/null)
    if [ -z "$got" ]; then
        bad "$id" "no checksum line" "$log"
    elif [ -n "$want" ] && [ "$got" != "$want" ]; then
        bad "$id" "'$got', expected '$want'" "$log"
    else
        ok "$id ($got, ${secs}s)"
    fi
done

echo "qemu-check: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
