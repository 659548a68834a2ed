#!/usr/bin/env bash
# Regenerates SensorTraces/ (see SensorTraces/README.md for what each file is).
# Needs espeak-ng (apt-get install espeak-ng) for the spoken keywords, python3 for the Edge
# Impulse JSON, and a built tinyemu (swift build) for everything else:
# the traces are made with tinyemu's own generators, resampler and noise models, with fixed
# seeds, so running this again gives the same bytes (espeak-ng 1.51 for the keywords).
set -euo pipefail
cd "$(dirname "$0")/.."
tinyemu="${TINYEMU:-.build/debug/tinyemu}"
[ -x "$tinyemu" ] || { echo "make-sensor-traces: build tinyemu first (swift build), or set TINYEMU" >&2; exit 1; }
command -v espeak-ng >/dev/null || { echo "make-sensor-traces: espeak-ng is missing (apt-get install espeak-ng)" >&2; exit 1; }
out=SensorTraces
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$out/keywords" "$out/background" "$out/imu" "$out/environment"

# Spoken keywords: espeak-ng speaks at 22.05 kHz; tinyemu's band-limited resampler takes them
# to the 16 kHz of a PDM microphone, one second each (as in the Speech Commands dataset).
for word in yes no up down left right on off stop go; do
    espeak-ng -v en-us -s 140 -w "$scratch/$word.wav" "$word"
    "$tinyemu" sensors render --sensor "mic=$scratch/$word.wav" --rate 16kHz --duration 1s -o "$out/keywords/$word.wav"
done

# Background noise: pink noise (an office's broadband hiss), and mains hum (50 Hz and its
# harmonics) with that hiss mixed in 20 dB below.
"$tinyemu" sensors render --sensor mic=pink,amp=0.1 --seed 1 --duration 3s -o "$out/background/pink.wav"
"$tinyemu" sensors render --sensor mic=sine,freq=50Hz+100Hz+150Hz+250Hz,amp=0.2 \
    --noise "mic:mix=$out/background/pink.wav@20dB" --seed 2 --duration 3s -o "$out/background/hum.wav"

# IMU gestures at the LSM9DS1's 119 Hz, with a little sensor noise so they look recorded.
imu_noise="imu:sigma=0.01g,sigma=0.3dps,sigma=0.2uT,bias.gx=0.8dps,drift=0.05dps"
for shape in ring wing slope; do
    "$tinyemu" sensors render --sensor "imu=gesture,shape=$shape,period=2s" --noise "$imu_noise" --seed 3 \
        --duration 2s -o "$out/imu/$shape.csv"
done
"$tinyemu" sensors render --sensor imu=rest,axis=z --noise "$imu_noise" --seed 4 --duration 2s -o "$out/imu/rest.csv"
"$tinyemu" sensors render --sensor imu=shake,freq=6Hz,amp=1.5g --noise "$imu_noise" --seed 5 --duration 2s -o "$out/imu/shake.csv"
python3 Tools/csv-to-edge-impulse.py "$out/imu/ring.csv" "$out/imu/ring.json"

# A room warming up over ten minutes, one reading a second.
"$tinyemu" sensors render --sensor temperature=ramp,from=19C,to=23C,over=10min --noise temperature:sigma=0.05C,bits=16,fullscale=128C \
    --seed 6 --duration 600s -o "$out/environment/temperature.csv"

# Camera frames, 96×96 as a person-detection model takes them: colour bars (PPM), a checker
# board (PNG), and a folder of five grey frames of a bright box crossing a dark scene, as a
# slightly noisy camera sees it (a sequence for camera=SensorTraces/camera/box/).
mkdir -p "$out/camera/box"
"$tinyemu" sensors render --sensor camera=pattern,kind=bars,colour --duration 200ms -o "$scratch/bars.ppm"
mv "$scratch/bars-0000.ppm" "$out/camera/bars.ppm"
"$tinyemu" sensors render --sensor camera=pattern,kind=checker --duration 200ms -o "$scratch/checker.png"
mv "$scratch/checker-0000.png" "$out/camera/checker.png"
"$tinyemu" sensors render --sensor camera=pattern,kind=box --noise camera:pixel=3,blur=0.7 --seed 8 --duration 1s \
    -o "$out/camera/box/frame.pgm"
# Two pictures of clean against noisy, to show what the noise models do.
mkdir -p "$out/plots"
"$tinyemu" sensors render --sensor "mic=$out/keywords/yes.wav" --noise "mic:mix=$out/background/hum.wav@10dB,bits=10" \
    --seed 9 --plot "$out/plots/yes-hum-10dB.svg"
"$tinyemu" sensors render --sensor "imu=$out/imu/ring.json" --noise imu:gain=1.02,bias.gz=5dps,drift=2dps,sigma=0.05g,spike.az=0.01,spike-size.az=0.8g \
    --seed 9 --plot "$out/plots/ring-variation.svg"
echo "make-sensor-traces: done"
