"""The backup rotation policy: daily, weekly and monthly copies, never the newest, never recent ones."""
from datetime import datetime, timedelta
from pathlib import Path

from registry_app.storage.backup import backup_name, obsolete_backups, parse_backup_time

NOW = datetime(2025, 6, 30, 12, 0)


def backups_at(*times: datetime) -> list[tuple[Path, datetime]]:
    return [(Path(backup_name(t, "start")), t) for t in times]


def kept(files, **limits) -> list[datetime]:
    doomed = set(obsolete_backups(files, NOW, **limits))
    return sorted(t for p, t in files if p not in doomed)


def test_no_backups_nothing_to_delete():
    assert obsolete_backups([], NOW) == []


def test_the_newest_backup_is_always_kept():
    files = backups_at(NOW - timedelta(days=400))
    assert kept(files, keep_daily=0, keep_weekly=0, keep_monthly=0) == [NOW - timedelta(days=400)]


def test_everything_from_the_last_day_is_kept():
    times = [NOW - timedelta(hours=h) for h in (1, 5, 9, 23)]
    assert kept(backups_at(*times), keep_daily=1, keep_weekly=0, keep_monthly=0) == sorted(times)


def test_only_the_newest_of_an_older_day_is_kept():
    day = NOW - timedelta(days=3)
    morning, noon, evening = (day.replace(hour=h) for h in (8, 12, 18))
    assert kept(backups_at(morning, noon, evening), keep_weekly=0, keep_monthly=0) == [evening]


def test_daily_limit_counts_days_that_have_backups():
    days = [NOW - timedelta(days=d) for d in range(2, 12)]
    result = kept(backups_at(*days), keep_daily=7, keep_weekly=0, keep_monthly=0)
    assert result == sorted(days[:7])


def test_weekly_and_monthly_reach_further_back():
    times = [NOW - timedelta(days=d) for d in range(2, 400, 3)]
    result = kept(backups_at(*times))
    weeks = {t.isocalendar()[:2] for t in result}
    months = {(t.year, t.month) for t in result}
    assert len(result) <= 7 + 4 + 12
    assert min(result) < NOW - timedelta(days=300)
    assert len(months) == 12 and len(weeks) >= 4
    newest_by_month = {}
    for t in times:
        newest_by_month[(t.year, t.month)] = max(t, newest_by_month.get((t.year, t.month), t))
    assert set(sorted(newest_by_month.values())[-12:]) <= set(result)


def test_a_registry_left_unused_keeps_its_old_copies():
    """Counting periods with backups, not calendar periods: two years idle loses nothing."""
    old = [datetime(2022, m, 15, 9, 0) for m in range(1, 13)]
    result = kept(backups_at(*old, NOW - timedelta(minutes=5)))
    assert result == old[1:] + [NOW - timedelta(minutes=5)]  # 12 monthly copies, this one included


def test_backups_dated_in_the_future_are_kept():
    future = NOW + timedelta(days=30)
    files = backups_at(future, future + timedelta(hours=1), NOW - timedelta(days=2))
    assert future in kept(files, keep_daily=1, keep_weekly=0, keep_monthly=0)


def test_obsolete_list_is_oldest_first_and_only_contains_given_files():
    times = [NOW - timedelta(days=d, hours=h) for d in range(2, 40) for h in (0, 6)]
    files = backups_at(*times)
    doomed = obsolete_backups(files, NOW)
    order = [parse_backup_time(p) for p in doomed]
    assert order == sorted(order) and set(doomed) <= {p for p, _ in files} and doomed
