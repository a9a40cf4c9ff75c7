"""Test processes forked from one interpreter that imported the application once.

Each forked job is a process of its own (its own registry connection, killed or ended as a
started program would be), but Python's start-up and the application's imports (about 0.5 s
of CPU per process) are paid once per test instead of once per process.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SERVER = '''
import os as _os
import sys as _sys
import traceback as _traceback


def _exit_code(job, args):
    try:
        result = globals()[job](*args)
    except SystemExit as stop:
        result = stop.code
    except BaseException:
        _traceback.print_exc()
        return 1
    return result if isinstance(result, int) else 0


def _run_child(output, job, args):
    if output == "-":  # its lines go to the test through the pipe, its pid first
        print("pid", _os.getpid(), flush=True)
    else:
        for fd, suffix in ((1, ".out"), (2, ".err")):
            _os.dup2(_os.open(output + suffix, _os.O_WRONLY | _os.O_CREAT | _os.O_TRUNC, 0o600), fd)
    code = _exit_code(job, args)
    if output == "-":
        print("exited", code)  # ended by itself: the test's readline sees the end
    _sys.stdout.flush()
    _sys.stderr.flush()
    _os._exit(code)


for _line in _sys.stdin:
    _word, *_args = _line.rstrip("\\n").split("\\t")
    if _word == "start":
        _child = _os.fork()
        if _child == 0:
            _run_child(_args[0], _args[1], _args[2:])
        if _args[0] != "-":
            print("pid", _child, flush=True)
    else:  # reap: the child's exit status (negative: the signal that killed it)
        print("ended", _os.waitstatus_to_exitcode(_os.waitpid(int(_args[0]), 0)[1]), flush=True)
'''


class Forks:
    """A server of forked jobs: `jobs` is Python source defining the job functions (each takes
    string arguments; an int it returns is the exit status)."""

    def __init__(self, folder: Path, jobs: str):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.folder, self.errors = folder, folder / "forks.err"
        with open(self.errors, "w") as errors:
            self.process = subprocess.Popen([sys.executable, "-c", jobs + SERVER],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=errors, text=True, env=env, cwd=REPO)

    def _say(self, *words: str) -> None:
        self.process.stdin.write("\t".join(words) + "\n")
        self.process.stdin.flush()

    def _pid(self) -> int:
        word, pid = (self.process.stdout.readline().split() + ["", ""])[:2]
        assert word == "pid", self.errors.read_text()
        return int(pid)

    def start(self, name: str, job: str, *args: str) -> int:
        """Fork the job with its output in <folder>/<name>.out and .err; returns its pid."""
        self._say("start", str(self.folder / name), job, *args)
        return self._pid()

    def stream(self, job: str, *args: str) -> Streamed:
        """Fork the job with its output lines read through the pipe (one such job at a time)."""
        self._say("start", "-", job, *args)
        return Streamed(self, self._pid())

    def reap(self, pid: int) -> tuple[int, list[str]]:
        """Wait for the job to end: its exit status and the lines it printed meanwhile."""
        self._say("reap", str(pid))
        lines = []
        for line in self.process.stdout:
            if line.startswith("ended "):
                return int(line.split()[1]), lines
            lines.append(line.strip())
        raise AssertionError(f"the fork server died: {self.errors.read_text()}")

    def output(self, name: str) -> tuple[str, str]:
        """What the job started as `name` wrote on stdout and stderr."""
        return ((self.folder / f"{name}.out").read_text(), (self.folder / f"{name}.err").read_text())

    def close(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0, self.errors.read_text()
        self.process.stdout.close()


class Streamed:
    """A forked job whose lines come through the pipe."""

    def __init__(self, forks: Forks, pid: int):
        self.forks, self.pid, self.returncode = forks, pid, None

    def readline(self) -> str:
        """The job's next line; '' once it has ended by itself."""
        line = self.forks.process.stdout.readline()
        return "" if line.startswith("exited ") else line

    def kill_and_read_rest(self, signal_number: int) -> list[str]:
        os.kill(self.pid, signal_number)
        self.returncode, rest = self.forks.reap(self.pid)
        return rest
