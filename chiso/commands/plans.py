"""`python -m chiso plans` (being built; see its issue)."""


def register(sub):
    p = sub.add_parser("plans", help="(chưa hoàn thành / not finished)")
    p.set_defaults(func=lambda args: print("plans: chưa hoàn thành (not finished yet)") or 2)
