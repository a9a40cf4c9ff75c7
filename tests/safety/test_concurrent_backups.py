"""Four backups started at the same moment each get their own temporary file and name;
temporary files left by dead backups and restores are cleared."""
import subprocess
import sys
import time
from pathlib import Path

from registry_app.services.cases import editing as cases
from registry_app.services.maintenance.backups import backup_before, backup_folder, open_with_backup
from registry_app.storage.integrity import check_sqlite_file

from .forked import output_of

BACKUP_AT_SIGNAL = '''
import time
from datetime import datetime
from pathlib import Path
from registry_app.storage.backup import backup_sqlite


def backup_at_signal(registry, folder, go, ready):
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.005)
    print(backup_sqlite(Path(registry), Path(folder), "manual", datetime(2025, 6, 30, 14, 30)))
'''


def test_four_backups_at_once_all_succeed_with_distinct_files(registry, make_case, tmp_path, forks):
    for n in range(30):
        cases.create_case(registry, make_case(f"B-{n:02d}"))
    folder, go = tmp_path / "backups", tmp_path / "go"
    forks.define(BACKUP_AT_SIGNAL)  # four processes forked from one that imported the app
    ready = [tmp_path / f"ready-{n}" for n in range(4)]
    children = [forks.start(tmp_path / f"backup-{n}", "backup_at_signal", str(registry.path),
                            str(folder), str(go), str(ready[n])) for n in range(4)]
    deadline = time.monotonic() + 60
    while not all(path.exists() for path in ready) and time.monotonic() < deadline:
        time.sleep(0.01)  # until all four are waiting for the signal
    go.touch()
    codes = [forks.reap(child)[0] for child in children]
    results = [output_of(tmp_path / f"backup-{n}") for n in range(4)]
    assert codes == [0] * 4, results
    made = sorted(Path(out.strip()) for out, _ in results)
    assert len(set(made)) == 4 and sorted(folder.iterdir()) == made
    assert all(check_sqlite_file(path).cases == 30 for path in made)


def test_leftovers_of_dead_backups_and_restores_are_cleared(registry, make_case):
    cases.create_case(registry, make_case("B-1"))
    folder = backup_folder(registry.path)
    folder.mkdir(parents=True)
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = folder / ".registry-backup-copy.4194999-0bad.partial"
        running = folder / f".registry-backup-copy.{living.pid}-0f0f.partial"
        old_style = folder / "registry-backup-2025-06-29-100000-manual.partial"
        for path in (dead, running, old_style):
            path.write_bytes(b"half a copy")
        backup_before(registry, "manual")
        assert running.exists() and not dead.exists() and not old_style.exists()
    finally:
        living.kill()
        living.wait()
    staged = registry.path.with_name(f".{registry.path.name}.restoring")
    staged.write_bytes(b"half a restore")
    registry.close()
    open_with_backup(str(registry.path), backup_on_start=False).close()
    assert not staged.exists()
