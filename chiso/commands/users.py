"""`python -m chiso users` (being built; see its issue)."""


def register(sub):
    p = sub.add_parser("users", help="(chưa hoàn thành / not finished)")
    p.set_defaults(func=lambda args: print("users: chưa hoàn thành (not finished yet)") or 2)
