"""The validation report: every problem, each naming its file, line or node, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field

from afgld.errors import FactFilesError
from afgld.project import Project


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"checked: {', '.join(self.checked)}"] if self.checked else []
        if self.conforms:
            lines.append("conforms: yes")
        else:
            lines.append(f"conforms: no ({len(self.problems)} problems)")
            lines.extend(self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def validate_project(project: Project, base_iri: str) -> Report:
    from afgld.curate.corpus import read_corpus

    report = Report()
    try:
        read_corpus(project)
    except FactFilesError as errors:
        report.problems.extend(str(problem) for problem in errors.problems)
        return report
    report.checked.append("fact files and quotes")
    return report
