"""Limits the app enforces that a configuration file also states, read from that one place.

The upload limit lives in `.streamlit/config.toml` (`server.maxUploadSize`, in MB): Streamlit's
upload box refuses bigger files and says the limit; the task and plan upload checks read the same
value here, so the two never disagree. Read with tomllib so the CLI needs no Streamlit.
"""
from __future__ import annotations

import tomllib

from chiso import paths

CONFIG = paths.ROOT / ".streamlit" / "config.toml"
DEFAULT_UPLOAD_MB = 5


def upload_mb() -> int:
    try:
        return int(tomllib.loads(CONFIG.read_text(encoding="utf-8"))["server"]["maxUploadSize"])
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError):
        return DEFAULT_UPLOAD_MB


UPLOAD_BYTES = upload_mb() * 1024 * 1024
