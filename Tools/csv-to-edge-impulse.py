#!/usr/bin/env python3
"""Converts a tinyemu IMU CSV trace (time[s], ax[g] ... gz[dps]) into Edge Impulse's
data-acquisition JSON (accX... in m/s2, gyrX... in deg/s), unsigned ("alg": "none"), as an
example of the format tinyemu reads. Usage: csv-to-edge-impulse.py IN.csv OUT.json"""
import csv
import json
import sys

G = 9.80665
NAMES = {"ax": ("accX", "m/s2", G), "ay": ("accY", "m/s2", G), "az": ("accZ", "m/s2", G),
         "gx": ("gyrX", "deg/s", 1.0), "gy": ("gyrY", "deg/s", 1.0), "gz": ("gyrZ", "deg/s", 1.0)}


def main(source, target):
    with open(source, newline="") as handle:
        rows = list(csv.reader(handle))
    header = [cell.split("[")[0] for cell in rows[0]]
    columns = [(index, NAMES[name]) for index, name in enumerate(header) if name in NAMES]
    times = [float(row[0]) for row in rows[1:]]
    interval_ms = round((times[1] - times[0]) * 1000, 6)
    values = [[round(float(row[index]) * scale, 6) for index, (_, _, scale) in columns] for row in rows[1:]]
    document = {
        "protected": {"ver": "v1", "alg": "none", "iat": 0},
        "signature": "0" * 64,
        "payload": {
            "device_name": "tinyemu",
            "device_type": "TINYEMU_GENERATED",
            "interval_ms": interval_ms,
            "sensors": [{"name": name, "units": units} for _, (name, units, _) in columns],
            "values": values,
        },
    }
    with open(target, "w") as handle:
        json.dump(document, handle, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
