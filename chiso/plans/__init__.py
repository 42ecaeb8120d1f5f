"""Plan import: read a Kế hoạch (Word, PDF, scan, text) and propose its tasks with index links.

    from chiso.plans import parse_plan
    plan = parse_plan("kehoach.pdf")
    plan.number, plan.date, plan.indices, plan.tasks, plan.warnings
"""
from chiso.plans.model import Link, ParsedPlan, ProposedTask
from chiso.plans.parser import parse_plan

__all__ = ["parse_plan", "ParsedPlan", "ProposedTask", "Link"]
