"""Reading the XML inside an uploaded zip (.docx, .xlsx) as a hostile file: streamed, never whole.

`iterparse(zf, member, inflated, refuse)` decompresses `member` chunk by chunk, adding the bytes
actually produced to `inflated["bytes"]` (a zip's declared sizes can lie) and calling `refuse()`
(which raises) once they pass `inflated["limit"]`; lxml parses the stream with no DTD, no entity
resolution and no network (XXE and entity expansion have nothing to work with), comments and
processing instructions dropped. Callers clear elements as they finish with them.
"""
from __future__ import annotations

import io
import zipfile
from typing import Callable


class _Inflating(io.RawIOBase):
    def __init__(self, raw, inflated: dict, refuse: Callable[[], None]):
        self.raw, self.inflated, self.refuse = raw, inflated, refuse

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.raw.read(len(buffer))
        self.inflated["bytes"] = self.inflated.get("bytes", 0) + len(chunk)
        if self.inflated["bytes"] > self.inflated["limit"]:
            self.refuse()
        buffer[:len(chunk)] = chunk
        return len(chunk)


def iterparse(zf: zipfile.ZipFile, member: str, inflated: dict, refuse: Callable[[], None], **kw):
    from lxml import etree
    stream = io.BufferedReader(_Inflating(zf.open(member), inflated, refuse), buffer_size=65536)
    return etree.iterparse(stream, load_dtd=False, no_network=True, resolve_entities=False, huge_tree=False,
                           remove_comments=True, remove_pis=True, **kw)
