"""Run ``listingpreview`` in a child process and measure it: exit code, output, seconds, peak memory.

The child imports the package first, so the seconds are those of the command itself (not Python's start-up).
The budget is on CPU seconds (all threads): a shared CI machine running other jobs stretches wall time but not
the work done, so the bound holds without flaking; wall time is bounded too (:data:`WALL`), which catches a
hang that burns no CPU (a blocking read, a lock). The peak memory is the child's whole resident set
(``VmHWM`` where Linux has it, else ``ru_maxrss`` from ``wait4``), imports included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

SECONDS = 2.0  # any single content file under the size cap is checked and built in under 2 s ...
MIB = 300  # ... and 300 MiB
WALL = 30.0  # wall seconds: generous for a loaded machine, far below what a hang or a quadratic step takes

_CHILD = r"""
import json, sys, time
import listingpreview.pipeline, listingpreview.cli, listingpreview.reports, listingpreview.serve  # warm imports
timing, argv = sys.argv[1], sys.argv[2:]
started, cpu = time.perf_counter(), time.process_time()
code = 0
try:
    listingpreview.cli.main(argv, prog_name="listingpreview")
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
peak = None
try:  # this process's own high-water mark; ru_maxrss would include the parent's at fork (Linux keeps it over exec)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
with open(timing, "w") as f:
    json.dump({"seconds": time.process_time() - cpu, "wall": time.perf_counter() - started, "peak_kib": peak}, f)
sys.exit(code)
"""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float  # CPU
    wall: float
    peak_mib: float
    argv: tuple[str, ...] = ()

    @property
    def output(self) -> str:
        return self.out + self.err

    def within_budget(self) -> None:
        report = os.environ.get("HOSTILE_REPORT")  # a file to collect every measurement in (one JSON per line)
        if report:
            with open(report, "a") as f:
                test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
                f.write(json.dumps({"test": test, "argv": self.argv[:1], "cpu_s": round(self.seconds, 3),
                                    "wall_s": round(self.wall, 3), "peak_mib": round(self.peak_mib)}) + "\n")
        assert "Traceback" not in self.output, self.output[-3000:]
        assert self.seconds < SECONDS, f"took {self.seconds:.2f} CPU s (budget {SECONDS} s)"
        assert self.wall < WALL, f"took {self.wall:.1f} s of wall time"
        assert self.peak_mib < MIB, f"peak {self.peak_mib:.0f} MiB (budget {MIB} MiB)"

    def diagnostics(self) -> list[dict]:
        """The diagnostics of ``check --format json``."""
        return json.loads(self.out)["diagnostics"]


def run(tmp_path: Path, *argv: str, env: dict | None = None, timeout: float = 120) -> Run:
    """``listingpreview *argv`` in a child process; output captured, time and memory measured."""
    timing = tmp_path / f".timing-{os.getpid()}-{len(list(tmp_path.iterdir()))}.json"
    out, err = tmp_path / ".child-out", tmp_path / ".child-err"
    child_env = dict(os.environ) | (env or {})
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(timing), *argv], stdout=o, stderr=e,
                                env=child_env)
        killer = threading.Timer(timeout, proc.kill)  # a hang fails the test instead of hanging the suite
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    t = json.loads(timing.read_text()) if timing.exists() else {"seconds": float("inf"), "wall": float("inf")}
    peak_kib = t.get("peak_kib") or usage.ru_maxrss
    return Run(proc.returncode, out.read_text(errors="replace"), err.read_text(errors="replace"), t["seconds"],
               t["wall"], peak_kib / 1024, argv)


def find(diags: list[dict], code: str, **want) -> dict:
    """The one diagnostic with ``code`` whose fields contain ``want`` (``message`` and ``hint`` as substrings)."""
    hits = [d for d in diags if d["code"] == code
            and all((v in d[k]) if k in ("message", "hint") else d[k] == v for k, v in want.items())]
    assert len(hits) == 1, (code, want, [(d["code"], d["file"], d["field"], d["message"][:120]) for d in diags])
    return hits[0]
