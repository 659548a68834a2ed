# tinyemu — the project's entry points. `make demo` and `make test` install what is missing
# first (Tools/setup.sh), so both work on a fresh Debian machine with Swift.

SWIFT   ?= swift
FUZZ_SEEDS ?= 1-1000
SEEDS   ?= 1-5000
JOBS    ?= 2

.PHONY: setup build release firmware demo test unit-tests fuzz-ci fuzz bench clean

setup:
	@Tools/setup.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

firmware:
	$(MAKE) -s -C Tests/Firmware -j$(JOBS) all

# The flagship demo: C programs built with arm-none-eabi-gcc run unchanged on the emulated
# nano33: hello world, a program's exit status, and a CPU-bound kernel with its speed.
demo: setup firmware
	$(SWIFT) build -c release
	.build/release/tinyemu run Tests/Firmware/build/newlib/hello.elf --platform nano33
	.build/release/tinyemu run Tests/Firmware/build/newlib/exitcode.elf --platform nano33; \
	    echo "exit status: $$? (the firmware called exit(42))"
	.build/release/tinyemu run Tests/Firmware/build/bench/crc32.elf --platform nano33 --stats
	@echo "--- a voice-activity front end on the emulated Nano 33 BLE Sense: the spoken word 'yes'"
	@echo "--- reaches it by DMA, clean, then at 0 dB and -5 dB SNR (same seed: same noise every run)"
	.build/release/tinyemu run Tests/Firmware/build/demo/voice_activity.elf --platform nano33 \
	    --sensor mic=SensorTraces/keywords/yes.wav
	.build/release/tinyemu run Tests/Firmware/build/demo/voice_activity.elf --platform nano33 \
	    --sensor mic=SensorTraces/keywords/yes.wav --noise mic:snr=0dB --seed 1 | tail -3
	.build/release/tinyemu run Tests/Firmware/build/demo/voice_activity.elf --platform nano33 \
	    --sensor mic=SensorTraces/keywords/yes.wav --noise mic:snr=-5dB --seed 1 | tail -2

# Everything CI runs: unit and firmware tests (Swift), the GDB stub driven by gdb-multiarch, the
# differential fuzzer on a fixed set of seeds against unicorn, and the benchmarks once (their
# checksums must match QEMU's).
test: setup firmware
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 -m pytest -q Tools/fuzz/test_thumbgen.py
	TINYEMU=.build/debug/tinyemu python3 -m pytest -q Tests/GDB
	$(SWIFT) build -c release
	python3 Tools/fuzz/difffuzz.py --seeds $(FUZZ_SEEDS) -j $(JOBS) --tinyemu .build/release/tinyemu
	python3 Tools/bench.py --repeat 1 --tinyemu .build/release/tinyemu

# As many fuzzer seeds as asked: make fuzz SEEDS=1-100000
fuzz: setup release
	python3 Tools/fuzz/difffuzz.py --seeds $(SEEDS) -j $(JOBS) --tinyemu .build/release/tinyemu

# MIPS per benchmark and the geometric mean, release build.
bench: setup firmware release
	python3 Tools/bench.py --tinyemu .build/release/tinyemu

clean:
	$(MAKE) -s -C Tests/Firmware clean
	rm -rf .build
