"""`python -m chiso deck` (being built; see its issue)."""


def register(sub):
    p = sub.add_parser("deck", help="(chưa hoàn thành / not finished)")
    p.set_defaults(func=lambda args: print("deck: chưa hoàn thành (not finished yet)") or 2)
