"""Migration 0002 adds limb/coronary columns and leaves existing cerebral cases unchanged."""
from sqlalchemy import text

from registry_app.services.cases.editing import create_case, get_case
from registry_app.services.registry import open_registry
from registry_app.storage.engine import make_engine
from registry_app.storage.migrate import current_revision, head_revision, upgrade


def test_cerebral_case_survives_upgrade_from_0001(tmp_path, make_case, new_registry_file):
    source = open_registry(new_registry_file("new.sqlite3"))
    case_id = create_case(source, make_case(identity={"mrn": "M1"})).case_id
    expected = get_case(source, case_id)
    with source.engine.connect() as conn:
        row = dict(conn.execute(text("SELECT * FROM cases")).mappings().one())
        passes = [dict(r) for r in conn.execute(text("SELECT * FROM passes")).mappings()]
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(old, "0001")
    with old.begin() as conn:
        old_columns = {c[1] for c in conn.execute(text("PRAGMA table_info(cases)"))}
        values = {k: v for k, v in row.items() if k in old_columns}
        conn.execute(text(f"INSERT INTO cases ({', '.join(values)}) VALUES "
                          f"({', '.join(':' + k for k in values)})"), values)
        for p in passes:
            p = {k: v for k, v in p.items() if k not in ("limb_technique", "flow_grade")}
            conn.execute(text(f"INSERT INTO passes ({', '.join(p)}) VALUES ({', '.join(':' + k for k in p)})"), p)
        conn.execute(text("INSERT INTO case_identity (case_id, mrn) VALUES (:i, 'M1')"), {"i": case_id})
    old.dispose()
    upgraded = open_registry(str(tmp_path / "old.sqlite3"))
    assert current_revision(upgraded.engine) == head_revision()  # 0002 and any later step
    after = get_case(upgraded, case_id)
    assert after.clinically_equal(expected)
    assert after.values["rutherford_class"] is None and after.values["territory"] == "cerebral"
