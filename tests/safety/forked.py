"""Test processes forked from one interpreter that imported the application once.

Each forked job is a process of its own (its own registry connection, killed or ended as a
started program would be, with the test's environment), but Python's start-up and the
application's imports (about 0.5 s of CPU per process) are paid once per test instead of
once per process. The server itself never opens a registry: every child starts from the same
untouched state. Children read /dev/null, not the server's commands; every line the test
reads comes through one reader thread with a deadline, so a lost line fails a test instead
of hanging the run.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PRELOADED = '''
import registry_app.cli.commands.demo
import registry_app.cli.main
import registry_app.services.cases.editing
import registry_app.services.demo.generator
import registry_app.services.importing.file_import
import registry_app.services.maintenance.backups
import registry_app.services.registry
import registry_app.storage.backup
'''

SERVER = '''
import json as _json
import os as _os
import sys as _sys
import traceback as _traceback

# One write per line, whatever PYTHONUNBUFFERED says: the server's and its jobs' lines share
# one pipe, and a job killed between the two writes of an unbuffered print ("12", then the
# newline) glued its half line to the server's next answer ("12ended -9").
_sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)


def _exit_code(job, args):
    try:
        result = globals()[job](*args)
    except SystemExit as stop:
        result = stop.code
    except BaseException:
        _traceback.print_exc()
        return 1
    return result if isinstance(result, int) else 0


def _run_child(output, environment, job, args):
    _os.dup2(_os.open(_os.devnull, _os.O_RDONLY), 0)  # the server's commands are not its input
    _os.environ.clear()
    with open(environment) as saved:
        _os.environ.update(_json.load(saved))
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
    if _word == "define":  # the job functions of a test module
        with open(_args[0]) as _source:
            exec(_source.read(), globals())
        print("defined", flush=True)
    elif _word == "start":
        _child = _os.fork()
        if _child == 0:
            _run_child(_args[0], _args[1], _args[2], _args[3:])
        if _args[0] != "-":
            print("pid", _child, flush=True)
    else:  # reap: the child's exit status (negative: the signal that killed it)
        print("ended", _os.waitstatus_to_exitcode(_os.waitpid(int(_args[0]), 0)[1]), flush=True)
'''


READ_DEADLINE = 120
"""Seconds a test waits for the server's next line (the slowest job prints within a few)."""


class Forks:
    """A server of forked jobs. A test defines its job functions (Python source; each takes
    string arguments, an int it returns is the exit status), starts them, and reaps them."""

    def __init__(self, folder: Path):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.folder, self.errors, self.live = folder, folder / "forks.err", set()
        self.numbers = iter(range(1, 10**9))
        with open(self.errors, "w") as errors:
            self.process = subprocess.Popen([sys.executable, "-c", PRELOADED + SERVER],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=errors, text=True, env=env, cwd=REPO)
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read_all, daemon=True,
                                       name="fork-server-lines")
        self.reader.start()

    def _read_all(self) -> None:
        """The server's and its jobs' lines, in order, then '' at the end of the pipe."""
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def readline(self) -> str:
        """The next line from the server or a streamed job: a test fails, never hangs, when
        none comes within READ_DEADLINE seconds."""
        try:
            return self.lines.get(timeout=READ_DEADLINE)
        except queue.Empty:
            raise AssertionError(f"no line from the fork server in {READ_DEADLINE} s (server"
                                 f" {'alive' if self.process.poll() is None else 'ended'},"
                                 f" jobs {sorted(self.live)}): {self.errors.read_text()}"
                                 ) from None

    def _say(self, *words: str) -> None:
        self.process.stdin.write("\t".join(words) + "\n")
        self.process.stdin.flush()

    def _answer(self, expected: str) -> str:
        words = self.readline().split()
        assert words and words[0] == expected, self.errors.read_text()
        return words[1] if len(words) > 1 else ""

    def define(self, source: str) -> None:
        """Make the functions of this Python source available as jobs."""
        path = self.folder / f"jobs-{next(self.numbers)}.py"
        path.write_text(source)
        self._say("define", str(path))
        self._answer("defined")

    def _start(self, output: str, job: str, args: tuple[str, ...]) -> int:
        environment = self.folder / f"env-{next(self.numbers)}.json"
        environment.write_text(json.dumps(dict(os.environ)))  # the test's own, as a started program's
        self._say("start", output, str(environment), job, *args)
        pid = int(self._answer("pid"))
        self.live.add(pid)
        return pid

    def start(self, output: Path, job: str, *args: str) -> int:
        """Fork the job with its output in <output>.out and <output>.err; returns its pid."""
        return self._start(str(output), job, args)

    def stream(self, job: str, *args: str) -> Streamed:
        """Fork the job with its output lines read through the pipe (one such job at a time)."""
        return Streamed(self, self._start("-", job, args))

    def reap(self, pid: int) -> tuple[int, list[str]]:
        """Wait for the job to end: its exit status and the lines it printed meanwhile."""
        self._say("reap", str(pid))
        lines = []
        for line in iter(self.readline, ""):
            if line.startswith("ended "):
                self.live.discard(pid)
                return int(line.split()[1]), lines
            lines.append(line.strip())
        raise AssertionError(f"the fork server died: {self.errors.read_text()}")

    def end_leftovers(self) -> None:
        """Kill and reap the jobs a failed test left running (the server stays usable)."""
        for pid in list(self.live):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap(pid)

    def close(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0, self.errors.read_text()
        self.reader.join(timeout=30)
        self.process.stdout.close()


def output_of(output: Path) -> tuple[str, str]:
    """What the job started with this output path wrote on stdout and stderr."""
    return (Path(f"{output}.out").read_text(), Path(f"{output}.err").read_text())


class Streamed:
    """A forked job whose lines come through the pipe."""

    def __init__(self, forks: Forks, pid: int):
        self.forks, self.pid, self.returncode = forks, pid, None

    def readline(self) -> str:
        """The job's next line; '' once it has ended by itself."""
        line = self.forks.readline()
        return "" if line.startswith("exited ") else line

    def kill_and_read_rest(self, signal_number: int = signal.SIGKILL) -> list[str]:
        os.kill(self.pid, signal_number)
        self.returncode, rest = self.forks.reap(self.pid)
        return rest
