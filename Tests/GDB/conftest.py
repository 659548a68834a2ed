"""Fixtures for the GDB stub tests: the test firmware, a tinyemu serving gdb on a free port,
and gdb-multiarch in batch mode. Every process started here is killed at the end of its test,
and every wait has a timeout, so nothing can hang the suite."""
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIRMWARE = ROOT / "Tests/Firmware"
BUILD = FIRMWARE / "build/gdb"
SOURCE = FIRMWARE / "gdb/debugme.c"
GDB = shutil.which("gdb-multiarch")


@pytest.fixture(autouse=True)
def time_limit():
    """No test may take more than three minutes, whatever it waits for."""
    def expired(signum, frame):
        raise TimeoutError("test took longer than 180 s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(180)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def tinyemu_binary() -> pathlib.Path:
    if "TINYEMU" in os.environ:
        return pathlib.Path(os.environ["TINYEMU"])
    for configuration in ("debug", "release"):
        candidate = ROOT / ".build" / configuration / "tinyemu"
        if candidate.exists():
            return candidate
    pytest.skip("no tinyemu build (swift build first, or set TINYEMU)")


@pytest.fixture(scope="session")
def firmware():
    subprocess.run(["make", "-s", "-C", str(FIRMWARE), "gdb"], check=True, timeout=300)
    return {"debugme": BUILD / "debugme.elf", "loadme": BUILD / "loadme.elf", "floats": BUILD / "floats.elf"}


def line_of(marker: str) -> int:
    """The source line of debugme.c carrying the comment LINE:marker."""
    for number, text in enumerate(SOURCE.read_text().splitlines(), start=1):
        if f"LINE:{marker} " in text or text.rstrip().endswith(f"LINE:{marker} */"):
            return number
    raise KeyError(marker)


class Emulator:
    """A `tinyemu run ... --gdb 0` process; `port` is the one it chose."""

    def __init__(self, elf, *extra, wait=True):
        args = [str(tinyemu_binary()), "run", str(elf), "--platform", "nano33", "--gdb", "0"]
        if wait:
            args.append("--wait-for-gdb")
        args += list(extra)
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.process.stderr.readline().decode()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not match:
            self.kill()
            raise AssertionError(f"tinyemu did not start its gdb server: {line!r}")
        self.port = int(match.group(1))

    def wait(self, timeout=30):
        """Exit status, stdout and stderr once tinyemu has ended (killed after `timeout`)."""
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        return self.process.returncode, out.decode(), err.decode()

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=10)


@pytest.fixture
def emulator():
    started = []

    def start(elf, *extra, wait=True):
        instance = Emulator(elf, *extra, wait=wait)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        instance.kill()


def run_gdb(port, elf, *commands, timeout=60):
    """gdb-multiarch -batch against the stub; returns everything it printed."""
    if GDB is None:
        pytest.skip("gdb-multiarch is not installed")
    args = [GDB, "-batch", "-nx", "-ex", "set pagination off", "-ex", "set confirm off",
            "-ex", f"target remote 127.0.0.1:{port}"]
    for command in commands:
        args += ["-ex", command]
    args.append(str(elf))
    result = subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=timeout)
    return result.stdout + result.stderr


class RawClient:
    """A hand-driven RSP client over a socket, for what gdb itself never sends."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def close(self):
        self.sock.close()

    def send_raw(self, data: bytes):
        self.sock.sendall(data)

    @staticmethod
    def frame(payload: bytes) -> bytes:
        return b"$" + payload + b"#" + b"%02x" % (sum(payload) & 0xFF)

    def read_byte(self) -> bytes:
        while not self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        byte, self.buffer = self.buffer[:1], self.buffer[1:]
        return byte

    def read_ack(self) -> bytes:
        return self.read_byte()

    def read_packet(self) -> bytes:
        """The next packet's payload (acknowledged); checks its checksum."""
        while self.read_byte() != b"$":
            pass
        payload = b""
        while True:
            byte = self.read_byte()
            if byte == b"#":
                break
            payload += byte
        checksum = self.read_byte() + self.read_byte()
        assert int(checksum, 16) == sum(payload) & 0xFF, payload
        self.send_raw(b"+")
        return payload

    def command(self, payload: bytes) -> bytes:
        """Sends a packet, expects '+', returns the reply; console output (O packets) before it
        is collected in `console`."""
        self.send_raw(self.frame(payload))
        assert self.read_ack() == b"+"
        self.console = b""
        while True:
            reply = self.read_packet()
            if reply.startswith(b"O") and reply != b"OK":
                self.console += bytes.fromhex(reply[1:].decode())
                continue
            return reply
