#!/usr/bin/env bash
# Installs what tinyemu's build, demo and tests need and is missing: Debian packages (the ARM
# cross toolchain and C libraries, libelf, libsndfile, libpng, gdb-multiarch for the GDB stub
# tests) and the Python test tools (the unicorn and capstone oracles, pytest).
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

packages=(gcc-arm-none-eabi libnewlib-arm-none-eabi picolibc-arm-none-eabi libelf-dev libsndfile1-dev libpng-dev pkg-config make python3 python3-pip gdb-multiarch)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 -c 'import unicorn, capstone, pytest' 2>/dev/null; then
    echo "setup: installing the Python test tools (unicorn, capstone, pytest)"
    python3 -m pip install --quiet unicorn capstone pytest 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages unicorn capstone pytest
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
