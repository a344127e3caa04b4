"""The native half of ``nianbao`` (Rust, PyO3). Use the functions of the
``nianbao`` package; these are its building blocks."""

from typing import Any, Dict, Iterator, List, Optional, Tuple

__version__: str

class ConversionError(Exception):
    """A file nianbao cannot convert.

    >>> try:
    ...     nianbao.convert(b"not a report", name="x.txt")
    ... except nianbao.ConversionError as e:
    ...     print(e.code, e.path)
    """

    code: str
    """A short stable code, as in ``nianbao/error/v1`` records: ``not_a_report``,
    ``corrupt_pdf``, ``scanned``, ``encrypted``, ``io`` …"""
    path: str
    """The file's path (or the ``name`` given with bytes)."""
    message: str
    """What is wrong, without the path."""

class NativeReport:
    """A converted report held on the Rust side (for ``to_pandas``)."""

class Records(Iterator[Tuple[Dict[str, Any], Optional[NativeReport]]]):
    """The records of a batch, in input order, as they are converted."""

    def __iter__(self) -> "Records": ...
    def __next__(self) -> Tuple[Dict[str, Any], Optional[NativeReport]]: ...

def convert_path(path: str) -> Tuple[Dict[str, Any], NativeReport]:
    """Converts the file at ``path`` as ``nianbao convert PATH`` does."""

def convert_bytes(data: bytes, name: str) -> Tuple[Dict[str, Any], NativeReport]:
    """Converts ``data``, reported under the path ``name``."""

def convert_many(sources: List[str], jobs: int = 0, panel: bool = False) -> Records:
    """Expands ``sources`` as the CLI does and converts them on ``jobs``
    threads (0: all cores); ``panel``: the panel warnings at the end too."""

def tables(name: str, data: Optional[bytes] = None) -> Dict[str, Any]:
    """The ``nianbao tables --json`` document of the file ``name`` (or of
    ``data``, reported under ``name``)."""

def schema() -> Dict[str, Any]:
    """The JSON Schema of a report."""

def rows(records: List[Any], kind: str = "wide", lang: str = "zh") -> Tuple[List[str], List[List[Any]]]:
    """``(columns, rows)`` of the wide, long or checks layout."""
