"""`python -m chiso tasks` (being built; see its issue)."""


def register(sub):
    p = sub.add_parser("tasks", help="(chưa hoàn thành / not finished)")
    p.set_defaults(func=lambda args: print("tasks: chưa hoàn thành (not finished yet)") or 2)
