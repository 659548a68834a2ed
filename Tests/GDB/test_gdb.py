"""gdb-multiarch in batch mode against `tinyemu run --gdb`: what a developer does."""
import json
import re
import subprocess
import time

import pytest

from conftest import line_of, run_gdb, tinyemu_binary


def frame_line(output, function):
    """Line numbers of every stop gdb printed in `function` ("function (...) at file:LINE")."""
    return [int(m) for m in re.findall(rf"\b{function} \([^)]*\) at \S+:(\d+)", output)]


def test_break_at_main_continue_and_run_to_exit(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"], "break main", "continue", "continue")
    assert "Breakpoint 1, main (argc=1, argv=0x" in out
    assert "[Inferior 1 (Remote target) exited normally]" in out
    status, stdout, _ = emu.wait()
    assert status == 0
    assert "total=49 global=42 counter=3" in stdout


def test_next_step_finish_through_c_functions(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break compute", "continue", "next", "step", "bt", "finish", "next", "step", "finish", "next",
                  "info locals", "kill")
    assert "Breakpoint 1, compute (start=5) at" in out
    # next: to the call of add; step: into add; finish: back with its value.
    assert re.search(rf"^{line_of('call-add')}\s", out, re.M)
    assert f"add (a=5, b=2) at gdb/debugme.c:{line_of('add-body')}" in out
    assert re.search(r"#1 .* in compute \(start=5\) at gdb/debugme.c", out)
    assert re.search(r"#2 .* in main \(argc=1, argv=0x[0-9a-f]+\) at gdb/debugme.c", out)
    assert re.search(rf"0x[0-9a-f]+ in compute \(start=5\) at gdb/debugme.c:{line_of('call-add')}", out)
    assert "Value returned is $1 = 7" in out
    assert f"square (x=7) at gdb/debugme.c:{line_of('square-body')}" in out
    assert "Value returned is $2 = 49" in out
    assert re.search(rf"^{line_of('compute-return')}\s", out, re.M)
    assert "local = 5" in out and "total = 49" in out


def test_info_registers_including_fpu_and_system_registers(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "info registers", "info all-registers",
                  "set $s3 = 2.5", "print $s3", "print $d1", "set $r4 = 0x1234", "print/x $r4",
                  "print/x $msp == $sp", "print $primask", "set $basepri = 0xe0", "print/x $basepri",
                  "print/x $fpscr", "info registers control faultmask psp", "kill")
    for name in ["r0", "r12", "sp", "lr", "pc", "xpsr", "msp", "psp", "primask", "basepri", "faultmask", "control"]:
        assert re.search(rf"^{name}\s+0x[0-9a-f]+", out, re.M), name
    for name in ["d0", "d15", "s0", "s31", "fpscr"]:
        assert re.search(rf"^{name}\s", out, re.M), name
    assert re.search(r"^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <main\+\d+>", out, re.M)
    assert "$1 = 2.5" in out                      # s3 written and read back
    assert "$2 = 8" in out                        # d1 is s3:s2 = 0x40200000:0, the double 8.0
    assert "$3 = 0x1234" in out
    assert "$4 = 0x1" in out
    assert "$5 = 0" in out
    assert "$6 = 0xe0" in out                     # BASEPRI keeps the board's 3 priority bits
    assert "$7 = 0x0" in out


def test_fpu_registers_of_hard_float_firmware(firmware, emulator):
    emu = emulator(firmware["floats"])
    out = run_gdb(emu.port, firmware["floats"],
                  "break scale_by", "continue", "info registers s0 s1 d0 fpscr", "print $s0 * $s1",
                  "finish", "print $s0", "info registers float", "set $s0 = 3.0", "continue")
    assert "Breakpoint 1, scale_by (value=1.5, by=4) at gdb/floats.c" in out
    assert re.search(r"^s0\s+1\.5\s+\(raw 0x3fc00000\)", out, re.M)
    assert re.search(r"^s1\s+4\s+\(raw 0x40800000\)", out, re.M)
    assert re.search(r"^d0\s+\S+\s+\(raw 0x408000003fc00000\)", out, re.M)   # d0 is s1:s0
    assert re.search(r"^fpscr\s+0x0\s", out, re.M)
    assert "$1 = 6" in out
    assert "Value returned is $2 = 6" in out
    assert "$3 = 6" in out
    assert re.search(r"^s0\s+6\s+\(raw 0x40c00000\)", out, re.M)
    assert re.search(r"^d15\s", out, re.M) and re.search(r"^s31\s", out, re.M)
    # The value returned in s0, changed by the debugger before main stores it.
    assert "exited with code 01" in out
    status, stdout, _ = emu.wait()
    assert status == 1 and "result=3" in stdout


def test_print_globals_and_locals_and_set_var(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  f"break debugme.c:{line_of('before-print')}", "continue",
                  "print counter", "print global_value", "print scale", "print total", "print i",
                  "set var global_value = 7", "print global_value", "continue")
    assert "$1 = 3" in out
    assert "$2 = 42" in out
    assert "$3 = 1.5" in out
    assert "$4 = 49" in out
    assert "No symbol \"i\" in current context." in out   # the loop variable is out of scope here
    assert "$5 = 7" in out
    assert "[Inferior 1 (Remote target) exited with code 03]" in out
    status, stdout, _ = emu.wait()
    assert status == 3
    assert "global=7" in stdout


def test_watchpoint_fires_on_the_right_line(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "watch counter", "continue", "bt 1", "continue",
                  "delete", "rwatch global_value", "continue", "kill")
    assert "Hardware watchpoint 2: counter" in out
    assert "Old value = 0\nNew value = 1" in out
    assert "Old value = 1\nNew value = 2" in out
    # gdb reports the stop after the store completed: the line after `counter = counter + 1`.
    lines = frame_line(out, "bump")
    assert lines[:2] == [line_of("bump") + 1] * 2, out
    assert "#0  bump () at gdb/debugme.c" in out
    # A read watchpoint stops where main reads global_value for printf.
    assert "Hardware read watchpoint 3: global_value" in out
    assert "Value = 42" in out
    assert re.search(rf"main \(argc=1, argv=0x[0-9a-f]+\) at gdb/debugme.c:{line_of('main-print') - 1}|"
                     rf"main \(argc=1, argv=0x[0-9a-f]+\) at gdb/debugme.c:{line_of('main-print')}", out)


def test_load_into_flash_then_reset_and_run(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["loadme"], "set debug remote 1", "load", "set debug remote 0",
                  "compare-sections", "monitor reset halt", "continue")
    assert "Loading section .text" in out
    assert "vFlashErase" in out and "vFlashWrite" in out and "vFlashDone" in out
    assert "Section .text, range" in out and "matched." in out and "MIS-MATCHED" not in out   # qCRC
    assert "reset: core halted at Reset_Handler" in out
    assert "[Inferior 1 (Remote target) exited with code 07]" in out
    status, stdout, _ = emu.wait()
    assert status == 7
    assert "the loaded image runs" in stdout
    assert "total=" not in stdout


def test_monitor_reset_halt_stats_and_stopped_time(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "monitor stats", "shell sleep 0.5", "monitor stats",
                  "monitor reset halt", "maintenance flush register-cache", "print $pc",
                  "continue", "monitor help", "kill")
    stats = re.findall(r"instructions: (\d+)\ncycles: (\d+)\nvirtual time: ([\d.]+) s", out)
    assert len(stats) == 2
    assert stats[0] == stats[1], "virtual time moved while the target was halted"
    assert int(stats[0][0]) > 0 and int(stats[0][1]) >= int(stats[0][0])
    assert "reset: core halted at Reset_Handler" in out
    assert re.search(r"\$1 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <Reset_Handler>", out)
    assert out.count("Breakpoint 1, main (argc=1, argv=0x") == 2
    assert "reset, reset halt" in out


def test_detach_resumes_the_firmware(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"], "break compute", "watch counter", "continue", "detach")
    assert "Breakpoint 1, compute" in out
    assert "Detaching from program" in out or "detached" in out
    status, stdout, stderr = emu.wait()
    assert status == 0                               # breakpoints and watchpoints went with the debugger
    assert "counter=3" in stdout
    assert "debugger detached" in stderr


def test_ctrl_c_interrupts_a_running_target_and_time_stops(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "set var spin = 1", "delete",
                  "python import threading, os, signal; threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()",
                  "continue", "print ticks > 10", "monitor stats", "shell sleep 0.3", "monitor stats", "kill")
    assert "Program received signal SIGINT, Interrupt." in out
    assert "$1 = 1" in out                           # SysTick kept firing while it ran
    stats = re.findall(r"cycles: (\d+)", out)
    assert len(stats) == 2 and stats[0] == stats[1]
    status, _, stderr = emu.wait()
    assert status == 137
    assert "killed by the debugger" in stderr


def test_firmware_bkpt_and_single_instruction_steps(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "stepi", "print $pc", "stepi 3", "print $pc", "x/2i $pc", "break square", "continue",
                  "print x", "up", "print total", "kill")
    pcs = [int(m, 16) for m in re.findall(r"\$\d+ = \(void \(\*\)\(\)\) (0x[0-9a-f]+)", out)]
    assert len(pcs) == 2 and pcs[1] > pcs[0]
    assert "Breakpoint 1, square (x=7)" in out
    assert "$3 = 7" in out
    assert "$4 = 7" in out


def test_second_client_is_refused_and_a_dropped_connection_can_reconnect(firmware, emulator):
    from conftest import RawClient
    emu = emulator(firmware["debugme"])
    first = RawClient(emu.port)
    assert first.command(b"qAttached") == b"1"
    second = RawClient(emu.port)
    second.sock.settimeout(5)
    assert second.sock.recv(16) == b""               # closed at once
    second.close()
    assert first.command(b"?").startswith(b"T05")
    first.send_raw(b"$m0,4#")                        # dropped in the middle of a packet
    first.close()
    time.sleep(0.2)
    assert emu.alive()
    out = run_gdb(emu.port, firmware["debugme"], "break main", "continue", "continue")
    assert "Breakpoint 1, main (argc=1, argv=0x" in out
    assert "exited normally" in out
    status, _, stderr = emu.wait()
    assert status == 0
    assert "refused a second debugger connection" in stderr


def test_sleeping_forever_waits_for_ctrl_c(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "set var doze = 1", "delete",
                  "python import threading, os, signal; threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()",
                  "continue", "kill")
    assert "Program received signal SIGINT, Interrupt." in out
    assert re.search(rf"main \(argc=1, argv=0x[0-9a-f]+\) at gdb/debugme.c:{line_of('doze')}", out), out
    status, _, _ = emu.wait()
    assert status == 137


def test_firmware_bkpt_stops_with_sigtrap_and_can_be_skipped(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "set var trap = 1", "continue", "x/i $pc",
                  "set $pc = $pc + 2", "continue")
    assert "Program received signal SIGTRAP, Trace/breakpoint trap." in out
    assert re.search(rf"main \(argc=1, argv=0x[0-9a-f]+\) at gdb/debugme.c:{line_of('trap')}", out), out
    assert "bkpt\t0x0001" in out or "bkpt 0x0001" in out
    assert "exited normally" in out
    assert emu.wait()[0] == 0


def test_lockup_halts_with_sigsegv_and_the_diagnosis(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"],
                  "break main", "continue", "set var crash = 1", "continue", "print/x $xpsr & 0x1ff", "kill")
    assert "Program received signal SIGSEGV, Segmentation fault." in out
    assert "tinyemu: lockup:" in out and "PRECISERR" in out and "BFAR=0xa0000000" in out
    assert "$1 = 0x3" in out                          # halted in the HardFault handler
    assert emu.wait()[0] == 137


def test_lockup_without_a_debugger_ends_the_run_as_usual(firmware, emulator):
    emu = emulator(firmware["debugme"])
    out = run_gdb(emu.port, firmware["debugme"], "break main", "continue", "set var crash = 1", "detach")
    assert "Detaching" in out or "detached" in out
    status, _, stderr = emu.wait()
    assert status == 126
    assert "lockup" in stderr


def test_debugging_does_not_change_the_run(firmware, emulator, tmp_path):
    """Breakpoints, steps, finish and watchpoints leave virtual time, instruction and cycle
    counts, interrupts, output and the instruction trace exactly as in a run without the
    debugger."""
    plain, plain_trace = tmp_path / "plain.json", tmp_path / "plain.trace"
    subprocess.run([str(tinyemu_binary()), "run", str(firmware["debugme"]), "--platform", "nano33",
                    "--report", str(plain), "--reproducible", "--quiet", "--trace", str(plain_trace)],
                   check=True, timeout=60)
    debugged, debugged_trace = tmp_path / "debugged.json", tmp_path / "debugged.trace"
    emu = emulator(firmware["debugme"], "--report", str(debugged), "--reproducible", "--quiet",
                   "--trace", str(debugged_trace))
    out = run_gdb(emu.port, firmware["debugme"],
                  "break compute", "continue", "next", "step", "finish", "stepi", "nexti", "watch counter",
                  "continue", "continue", "delete", "break SysTick_Handler", "continue", "continue", "delete",
                  "print ticks", "continue")
    assert "exited normally" in out, out
    assert emu.wait()[0] == 0
    assert json.loads(debugged.read_text()) == json.loads(plain.read_text())
    # Instruction by instruction the same (a stop at a breakpoint or watchpoint is no instruction).
    assert debugged_trace.read_text() == plain_trace.read_text()


def test_attaching_to_a_running_target_halts_it_where_it_is(firmware, emulator):
    emu = emulator(firmware["debugme"], "--", "spin", wait=False)
    time.sleep(0.5)
    out = run_gdb(emu.port, firmware["debugme"], "print spin", "print ticks > 0", "set var spin = 0", "continue")
    assert re.search(rf"main \(argc=2, argv=0x[0-9a-f]+\) at gdb/debugme.c:(\d+)", out), out
    assert "$1 = 1" in out and "$2 = 1" in out
    assert "exited normally" in out
    status, stdout, _ = emu.wait()
    assert status == 0 and "counter=3" in stdout


def test_a_run_ending_on_its_timeout_is_reported_to_gdb(firmware, emulator):
    emu = emulator(firmware["debugme"], "--timeout", "5ms", "--", "spin")
    out = run_gdb(emu.port, firmware["debugme"], "continue")
    assert "tinyemu: virtual-time limit of 5ms reached" in out
    assert "[Inferior 1 (Remote target) exited with code 0174]" in out    # 124, in gdb's octal
    assert emu.wait()[0] == 124
