"""The stub against a raw socket: what gdb never sends. Bad checksums are NAKed and the retry
answered, malformed and unknown packets get an error or the empty reply, and nothing a client
sends stops tinyemu from serving (checked by a real gdb session at the end of each test)."""
import random
import time

from conftest import RawClient, run_gdb


def finish_with_gdb(emu, elf):
    """The stub still works: gdb attaches, runs the firmware to its end."""
    assert emu.alive()
    out = run_gdb(emu.port, elf, "break main", "continue", "continue")
    assert "Breakpoint 1, main (argc=1, argv=0x" in out, out
    assert "exited normally" in out, out
    status, _, _ = emu.wait()
    assert status == 0


def test_bad_checksum_is_naked_and_the_retry_answered(firmware, emulator):
    emu = emulator(firmware["debugme"])
    client = RawClient(emu.port)
    client.send_raw(b"$qAttached#00")
    assert client.read_ack() == b"-"
    client.send_raw(b"$qAttached#zz")                # not even hex
    assert client.read_ack() == b"-"
    assert client.command(b"qAttached") == b"1"
    # A NAK of our reply makes the stub send it again.
    client.send_raw(client.frame(b"qC"))
    assert client.read_ack() == b"+"
    while client.read_byte() != b"$":
        pass
    client.buffer = b""
    client.send_raw(b"-")
    assert client.read_packet() == b"QC1"
    client.close()
    finish_with_gdb(emu, firmware["debugme"])


def test_malformed_and_unknown_packets(firmware, emulator):
    emu = emulator(firmware["debugme"])
    client = RawClient(emu.port)
    replies = {}
    for payload in [b"", b"Q", b"qUnknownQuery", b"vUnknown", b"Y", b"\x00\xff", b"m", b"mzz,4", b"m0,",
                    b"m,4", b"m123456789,4", b"mffffffff,4", b"m30000000,4", b"mfffffffc,100000000",
                    b"M0,4:zz", b"M20000000,2:00", b"M20000000,4:0011", b"X20000000,4:ab", b"X0,1",
                    b"Xfffffffe,8:12345678", b"g0", b"G00", b"p", b"pzz", b"p1000", b"pffffffffffff", b"P0",
                    b"P0=1", b"Pf=zzzzzzzz", b"P99=00000000", b"Z9,0,2", b"Z0,0", b"Z0,zz,2", b"Z0,30000000,2",
                    b"Z1,0,7", b"Z2,fffffff0,100", b"Z2,0,0", b"z0,1234,2", b"Cxx", b"Sxx;zz", b"czz",
                    b"vCont", b"vCont;", b"vCont;q", b"vCont;rzz", b"vCont;c:5", b"vFlashErase:zz",
                    b"vFlashErase:20000000,4", b"vFlashErase:fff00000,200000", b"vFlashWrite:20000000:ab",
                    b"vFlashWrite:zz", b"vFlashWrite:0:}", b"qXfer:features:read:other.xml:0,100",
                    b"qXfer:features:read:target.xml:zz", b"qXfer:features:read:target.xml:ffffff,10",
                    b"qXfer:memory-map:read:x:0,10", b"qRcmd,zz", b"qRcmd,", b"qRcmd,6e6f2073756368"]:
        replies[payload] = client.command(payload)
        if payload == b"qRcmd,6e6f2073756368":
            assert b"unknown monitor command 'no such'" in client.console
    assert replies[b""] == b""
    assert replies[b"qUnknownQuery"] == b"" and replies[b"vUnknown"] == b"" and replies[b"Y"] == b""
    for payload in [b"m", b"mzz,4", b"m0,", b"m,4", b"m123456789,4", b"m30000000,4", b"M0,4:zz",
                    b"M20000000,2:00", b"X20000000,4:ab", b"Xfffffffe,8:12345678", b"G00", b"p", b"pzz",
                    b"p1000", b"pffffffffffff", b"P0", b"P0=1", b"Pf=zzzzzzzz", b"P99=00000000", b"Z0,0",
                    b"Z0,zz,2", b"Z0,30000000,2", b"Z1,0,7", b"Z2,fffffff0,100", b"Z2,0,0", b"Cxx", b"Sxx;zz",
                    b"czz", b"vCont;", b"vCont;q", b"vCont;rzz", b"vCont;c:5", b"vFlashErase:zz",
                    b"vFlashErase:20000000,4", b"vFlashErase:fff00000,200000", b"vFlashWrite:20000000:ab",
                    b"vFlashWrite:zz", b"vFlashWrite:0:}", b"qXfer:features:read:other.xml:0,100",
                    b"qXfer:features:read:target.xml:zz", b"qXfer:memory-map:read:x:0,10", b"qRcmd,zz"]:
        assert replies[payload].startswith(b"E"), (payload, replies[payload])
    assert replies[b"mffffffff,4"].startswith(b"E")            # unmapped
    assert len(replies[b"mfffffffc,100000000"]) in (2, 3)       # huge length: capped, unmapped → error
    assert replies[b"M20000000,4:0011"].startswith(b"E")
    assert replies[b"Z9,0,2"] == b""                            # unknown breakpoint type: unsupported
    assert replies[b"z0,1234,2"] == b"OK"                       # removing what is not there is fine
    assert replies[b"qXfer:features:read:target.xml:ffffff,10"] == b"l"
    assert replies[b"qRcmd,6e6f2073756368"] == b"OK"
    # Big reads are capped, not refused, and never read past the end of RAM.
    big = client.command(b"m20000000,1000000")
    assert len(big) == 2 * 0x2000
    end = client.command(b"m2003fff0,100")
    assert len(end) == 2 * 0x10
    client.close()
    finish_with_gdb(emu, firmware["debugme"])


def test_garbage_floods_and_run_length_encoding(firmware, emulator):
    emu = emulator(firmware["debugme"])
    client = RawClient(emu.port)
    rng = random.Random(6)
    # Noise between packets is ignored; an over-long packet is refused with '-'.
    client.send_raw(bytes(rng.randrange(256) for _ in range(5000)).replace(b"$", b"").replace(b"\x03", b""))
    client.send_raw(b"$" + b"a" * 100_000 + b"#00")
    assert client.read_ack() == b"-"
    # Run-length encoding: "0* " is the 0 and three more.
    assert client.command(b"m20000* ,4") == client.command(b"m20000000,4")
    client.send_raw(client.frame(b"*  "))                   # a repeat with nothing to repeat
    assert client.read_ack() == b"-"
    # Random packets with good checksums: every one gets a reply, none kills the stub.
    for _ in range(300):
        payload = bytes(rng.choice(b"mMXgGpPZzqQvHT?0123456789abcdef,:;=") for _ in range(rng.randrange(1, 40)))
        if payload[:1] in (b"c", b"s", b"C", b"S", b"k", b"D") or payload.startswith(b"vCont;") or payload.startswith(b"vKill"):
            continue
        client.command(payload)
    client.close()
    # Dropped in the middle of a packet, then a new client.
    client = RawClient(emu.port)
    client.send_raw(b"$qSupported:multiprocess+;swbre")
    client.close()
    time.sleep(0.2)
    finish_with_gdb(emu, firmware["debugme"])


def test_supported_features_and_documents(firmware, emulator):
    emu = emulator(firmware["debugme"])
    client = RawClient(emu.port)
    features = client.command(b"qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=arm").split(b";")
    for feature in [b"qXfer:features:read+", b"qXfer:memory-map:read+", b"swbreak+", b"hwbreak+", b"vContSupported+"]:
        assert feature in features
    size = [f for f in features if f.startswith(b"PacketSize=")][0]
    assert int(size.split(b"=")[1], 16) >= 0x4000
    xml = b""
    while True:
        chunk = client.command(b"qXfer:features:read:target.xml:%x,200" % len(xml))
        xml += chunk[1:]
        if chunk.startswith(b"l"):
            break
    for feature in [b"org.gnu.gdb.arm.m-profile", b"org.gnu.gdb.arm.vfp", b"org.gnu.gdb.arm.m-system"]:
        assert feature in xml
    for register in [b'"d15"', b'"fpscr"', b'"msp"', b'"psp"', b'"primask"', b'"basepri"', b'"faultmask"', b'"control"']:
        assert register in xml
    memory_map = client.command(b"qXfer:memory-map:read::0,1000")
    assert memory_map.startswith(b"l")
    assert b'<memory type="flash" start="0x0" length="0x100000">' in memory_map
    assert b'<memory type="ram" start="0x20000000" length="0x40000"/>' in memory_map
    assert client.command(b"qAttached") == b"1"
    assert client.command(b"qC") == b"QC1"
    assert client.command(b"vCont?").startswith(b"vCont;c;C;s;S;t;r")
    stop = client.command(b"?")
    assert stop.startswith(b"T05") and b"0f:" in stop and b"thread:1;" in stop
    assert client.command(b"QStartNoAckMode") == b"OK"
    client.send_raw(client.frame(b"qAttached"))             # no acks from now on
    assert client.read_packet() == b"1"
    client.send_raw(b"$qAttached#00")                       # bad checksum: ignored without acks
    client.send_raw(client.frame(b"qC"))
    assert client.read_packet() == b"QC1"
    client.close()
    finish_with_gdb(emu, firmware["debugme"])


def test_port_in_use_is_one_error_line_and_125(firmware, emulator):
    import subprocess
    from conftest import tinyemu_binary
    emu = emulator(firmware["debugme"])
    result = subprocess.run([str(tinyemu_binary()), "run", str(firmware["debugme"]), "--platform", "nano33",
                             "--gdb", str(emu.port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 125
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tinyemu: --gdb: cannot listen on 127.0.0.1:") \
        and "in use" in lines[0], result.stderr
    for args, message in [(["--gdb", "nope"], "--gdb: expected [HOST:]PORT"),
                          (["--gdb", "99999"], "--gdb: expected [HOST:]PORT"),
                          (["--wait-for-gdb"], "--wait-for-gdb needs --gdb")]:
        result = subprocess.run([str(tinyemu_binary()), "run", str(firmware["debugme"]), "--platform", "nano33", *args],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 125 and message in result.stderr, result.stderr
    emu.kill()
