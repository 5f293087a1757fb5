"""Errors that say what went wrong, where, and what to do next.

Exit codes of the command line: 0 fine, 1 the data does not conform, 2 usage or internal error.
"""

from __future__ import annotations

from pathlib import Path


class AfgldError(Exception):
    """Base class of every error afgld raises on purpose."""

    exit_code = 2


class MappingError(AfgldError):
    """A fact file is malformed or says something the seed does not support."""

    exit_code = 1

    def __init__(self, path: Path | str, line: int | None, problem: str, hint: str = "") -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.hint = hint
        where = f"{self.path}:{line}" if line else str(self.path)
        message = f"{where}: {problem}"
        if hint:
            message += f"\n  hint: {hint}"
        super().__init__(message)

    def relative_to(self, root: Path) -> MappingError:
        """The same problem, its path shown relative to ``root`` when it lies inside it."""
        path, root = self.path.resolve(), root.resolve()
        if not path.is_relative_to(root):
            return self
        return MappingError(path.relative_to(root), self.line, self.problem, self.hint)


class NotConformingError(AfgldError):
    """The graph does not conform; ``report`` lists every problem found."""

    exit_code = 1

    def __init__(self, report: object) -> None:
        self.report = report
        super().__init__(str(report))


class BuildError(AfgldError):
    """A build artefact is missing, partial or corrupt."""


class ConfigError(AfgldError):
    """A setting has a value afgld cannot use."""


class InvalidSearch(AfgldError):
    """A search, look-up or reconciliation request that cannot be answered as asked."""


class BatchTooLarge(InvalidSearch):
    """A reconciliation batch holds more queries than the service answers at once (413)."""


class SearchTimedOut(AfgldError):
    """A search or reconciliation batch ran past its time limit and was stopped."""


class FactFilesError(AfgldError):
    """Every problem found in the fact files, so a curator can fix them in one pass."""

    exit_code = 1

    def __init__(self, problems: list[MappingError]) -> None:
        self.problems = problems
        count = len(problems)
        lines = [str(p) for p in problems]
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the fact files:\n" + "\n".join(lines)
        )
