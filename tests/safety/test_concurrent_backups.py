"""Four backups started at the same moment each get their own temporary file and name;
temporary files left by dead backups and restores are cleared."""
import os
import subprocess
import sys
import time
from pathlib import Path

from registry_app.services.cases import editing as cases
from registry_app.services.maintenance.backups import backup_before, backup_folder, open_with_backup
from registry_app.storage.integrity import check_sqlite_file

REPO = Path(__file__).resolve().parents[2]
BACKUP_AT_SIGNAL = '''
import sys, time
from datetime import datetime
from pathlib import Path
from registry_app.storage.backup import backup_sqlite
go = Path(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
print(backup_sqlite(Path(sys.argv[1]), Path(sys.argv[2]), "manual", datetime(2025, 6, 30, 14, 30)))
'''


def test_four_backups_at_once_all_succeed_with_distinct_files(registry, make_case, tmp_path):
    for n in range(30):
        cases.create_case(registry, make_case(f"B-{n:02d}"))
    folder, go = tmp_path / "backups", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = [subprocess.Popen([sys.executable, "-c", BACKUP_AT_SIGNAL, str(registry.path),
                                  str(folder), str(go)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
                for _ in range(4)]
    time.sleep(1.0)  # all four are waiting for the signal
    go.touch()
    results = [child.communicate(timeout=60) for child in children]
    assert [child.returncode for child in children] == [0] * 4, results
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
