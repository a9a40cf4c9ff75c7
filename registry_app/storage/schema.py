"""Database tables. Case columns are generated from the field definitions (one definition)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import (Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, String, Table, Text, UniqueConstraint, func)
from sqlalchemy.types import TypeEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..domain.derived import INTERVALS
from ..domain.fields import CASE_FIELDS, CONTACT_FIELDS, IDENTITY_FIELDS, PASS_FIELDS, FieldDef

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQL_TYPES: dict[str, Callable[[], TypeEngine[Any]]] = {
    "text": lambda: Text(), "int": lambda: Integer(), "float": lambda: Float(),
    "date": lambda: Date(), "datetime": lambda: DateTime(), "choice": lambda: String(32),
    "multichoice": lambda: String(255), "yesno": lambda: Boolean(),
}

INDEXED = ("occlusion_site", "rescue_stent", "operator", "territory")
"""Field columns with an index of their own (the procedure date leads ix_cases_window)."""

DERIVED_FLAGS = ("recanalized", "good_outcome_90d", "mortality_90d", "first_pass_effect",
                 "modified_first_pass_effect", "technical_success", "outcome_known")
"""Stored derived yes/no values (computed by mapping.case_columns from domain.derived)."""
INTERVAL_CODES = tuple(code for code, *_ in INTERVALS)
"""Stored derived intervals in minutes (the codes of domain.derived.INTERVALS)."""
SETTLED = ("done", "deceased", "lost", "unknown")
"""Follow-up statuses that do not change with the date (the others are stored as None)."""
STATS_INDEX = ("territory", "deleted_at", "procedure_date", "mt_failed", "rescue_stent",
               "operator", "sich", "reocclusion", "mrs_90d", *DERIVED_FLAGS[:5], "pass_count",
               "followup_settled", "followup_opens", "followup_closes", *INTERVAL_CODES,
               "sich_definition", "occlusion_site")
"""Covering index of the statistics: SQLite aggregates it without reading the wide rows. The
operator follows the day's arm, so the funnels' scan grouped by operator reads it in order;
the sICH definition and the occlusion site cover that scan's histogram and the process
measures (migration 0013)."""
WINDOW_INDEX = ("procedure_date", "id", "deleted_at", "case_number", "registry_id", "operator")
"""Covering index of a period's cases in procedure order (the kept digests' listing, the
operators to letter); it also serves every search by procedure date (migration 0013)."""


def derived_columns() -> list[Column]:
    """The stored derived values the statistics aggregate (refreshed by recompute_derived)."""
    return [*(Column(code, Boolean, nullable=True) for code in DERIVED_FLAGS),
            Column("pass_count", Integer, nullable=True),
            Column("followup_settled", String(16), nullable=True),
            Column("followup_opens", Date, nullable=True),
            Column("followup_closes", Date, nullable=True),
            *(Column(code, Integer, nullable=True) for code in INTERVAL_CODES)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def field_column(fd: FieldDef) -> Column:
    """The SQL column of a field."""
    return Column(fd.code, SQL_TYPES[fd.kind](), nullable=True, index=fd.code in INDEXED)


cases_table = Table(
    "cases", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False, default=1),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
    Column("deleted_at", DateTime, nullable=True),
    Column("deleted_reason", Text, nullable=True),
    Column("mt_failed", Boolean, nullable=True, index=True),
    Column("completeness", Float, nullable=False, default=0.0),
    Column("followup_due", Date, nullable=True, index=True),
    *(field_column(f) for f in CASE_FIELDS if f.code != "case_number"),
    Column("case_number", String(64), nullable=False, unique=True),
    *derived_columns(),
    Index("ix_cases_stats", *STATS_INDEX),
    Index("ix_cases_window", *WINDOW_INDEX),
)
Index("ix_cases_list_order", cases_table.c.procedure_date.desc().nulls_last(),
      cases_table.c.id.desc(), postgresql_where=cases_table.c.deleted_at.is_(None),
      info={"backend": "postgresql"}).ddl_if(dialect="postgresql")
"""The case list's default order (newest first, undated last) among the cases not deleted, on
PostgreSQL: its first page reads 200 index entries instead of sorting every case, and its
count is an index-only scan. (SQLite reads ix_cases_window backwards, without the rows.)"""
TEXT_SEARCHED = ("case_number", "registry_id", "notes", "operator", "stent_device")
"""The case columns the case list's search text is looked for in (lower-cased, anywhere)."""


def _trigram_index(name: str, table: Table, codes) -> Index:
    """PostgreSQL: a trigram GIN index of lower(column) for each column (pg_trgm), which
    answers LIKE '%text%' without reading every row."""
    expressions = [func.lower(table.c[code]).label(f"lower_{code}") for code in codes]
    return Index(name, *expressions, postgresql_using="gin",
                 postgresql_ops={f"lower_{code}": "gin_trgm_ops" for code in codes},
                 info={"backend": "postgresql"}).ddl_if(dialect="postgresql")


_trigram_index("ix_cases_text_search", cases_table, TEXT_SEARCHED)



class CaseRow(Base):
    """A case's clinical values; identifiers live apart in CaseIdentityRow."""

    __table__ = cases_table
    __mapper_args__ = {"version_id_col": cases_table.c.version}
    # The bookkeeping columns and the procedure date, typed (the other field columns are
    # reached by name, with getattr).
    id: Mapped[int]
    version: Mapped[int]
    case_number: Mapped[str]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str]
    deleted_at: Mapped[datetime | None]
    deleted_reason: Mapped[str | None]
    procedure_date: Mapped[date | None]

    passes = relationship("PassRow", order_by="PassRow.pass_number", cascade="all, delete-orphan",
                          passive_deletes=True)
    contacts = relationship("ContactRow", order_by="ContactRow.attempted_at",
                            cascade="all, delete-orphan", passive_deletes=True)
    identity = relationship("CaseIdentityRow", uselist=False, cascade="all, delete-orphan",
                            passive_deletes=True)


def _child_columns(fields: tuple[FieldDef, ...], skip: tuple[str, ...] = ()) -> list[Column]:
    return [field_column(f) for f in fields if f.code not in skip]


class CaseIdentityRow(Base):
    """Local patient identifiers, kept apart so exports and reports can leave them out."""

    __table__ = Table(
        "case_identity", Base.metadata,
        Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        *_child_columns(IDENTITY_FIELDS),
    )
    # The columns the services query by name, typed.
    case_id: Mapped[int]
    mrn: Mapped[str | None]
    patient_name: Mapped[str | None]
    birth_date: Mapped[date | None]
    contact_phone: Mapped[str | None]


class PassRow(Base):
    """One thrombectomy pass."""

    __table__ = Table(
        "passes", Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False,
               index=True),
        Column("pass_number", Integer, nullable=False),
        *_child_columns(PASS_FIELDS, skip=("pass_number",)),
        UniqueConstraint("case_id", "pass_number"),
    )
    case_id: Mapped[int]
    pass_number: Mapped[int]


class ContactRow(Base):
    """One attempt to reach the patient for the 90-day follow-up."""

    __table__ = Table(
        "contact_attempts", Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False,
               index=True),
        *_child_columns(CONTACT_FIELDS),
    )
    case_id: Mapped[int]
    attempted_at: Mapped[datetime | None]


class AuditRow(Base):
    """One recorded change: who, when, which case, which field, old and new value."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[int | None] = mapped_column(Integer)  # ix_audit_case_at serves it
    case_number: Mapped[str | None] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class MetaRow(Base):
    """Registry-wide settings and facts (centre name, definitions, last backup)."""

    __tablename__ = "registry_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SignoffRow(Base):
    """A month whose report was presented and whose cases are locked."""

    __tablename__ = "month_signoffs"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    signed_at: Mapped[datetime] = mapped_column(DateTime)
    signed_by: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(16))
    """'all' (every territory) or 'cerebral' (sign-offs made before schema 0006)."""
    figures: Mapped[str | None] = mapped_column(Text)
    """JSON of the month's key figures at sign-off (signoff.month_figures)."""


class ImportLayoutRow(Base):
    """A remembered column mapping for one spreadsheet layout."""

    __tablename__ = "import_layouts"
    layout_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    mapping_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CaseMergeRow(Base):
    """Two cases of one patient merged: the kept case, the case merged into it (hidden, never
    removed) and both cases' rows as they were before, so the merge can be undone exactly."""

    __tablename__ = "case_merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    merged_at: Mapped[datetime] = mapped_column(DateTime)
    merged_by: Mapped[str] = mapped_column(String(64))
    kept_case_id: Mapped[int] = mapped_column(Integer, index=True)
    merged_case_id: Mapped[int] = mapped_column(Integer, index=True)
    kept_version: Mapped[int] = mapped_column(Integer)
    """The kept case's version right after the merge: a later edit blocks the undo."""
    before: Mapped[str] = mapped_column(Text)
    """JSON of both cases' rows (case, identifiers, passes, contacts) before the merge."""
    reason: Mapped[str | None] = mapped_column(Text)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(64))


class DataQueryRow(Base):
    """An open (or resolved) data query: a consistency rule a saved case breaks, with the
    coordinator's comment; resolved by a note or by an edit that makes the rule pass."""

    __tablename__ = "data_queries"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(String(255))
    """The field code(s) the rule names, comma-separated."""
    message: Mapped[str] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    opened_by: Mapped[str] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(Text)


Index("ix_audit_case_at", AuditRow.case_id, AuditRow.at)
_trigram_index("ix_case_identity_text_search", CaseIdentityRow.__table__, ("mrn", "patient_name"))
