"""The local SQLite store with its audit trail, the export and the central merge.

Core code: no Qt. The GUI, the CLI and the tests all go through :class:`Store`.
"""

from .export import ExportResult
from .merge import MergeResult, merge_exports
from .schema import SCHEMA_VERSION, default_db_path
from .store import (
    STATUS_LABELS,
    STATUSES,
    Applied,
    AuditRecord,
    ImportResult,
    IssueInfo,
    Store,
    TableInfo,
    open_store,
)

__all__ = [
    "Applied", "AuditRecord", "ExportResult", "ImportResult", "IssueInfo", "MergeResult", "SCHEMA_VERSION",
    "STATUSES", "STATUS_LABELS", "Store", "TableInfo", "default_db_path", "merge_exports", "open_store",
]
