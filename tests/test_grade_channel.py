"""The narrow channel between the checker and the student's process (tools/grade_channel.py): data only."""
from __future__ import annotations

import io
import json
import os
import struct

import numpy as np
import pytest

from tools.grade_channel import MAX_DEPTH, ChannelError, Peer, Remote, Unsendable, read_frame, write_frame


def roundtrip(value, strict=True):
    peer, parts = Peer(0, 1, strict), []
    return peer.decode(peer.encode(value, parts), parts)


@pytest.mark.parametrize("value", [None, True, 3, 2.5, float("inf"), 1 + 2j, "text", [1, (2, 3)], {"a": [1.0]},
                                   {1, 2}, np.float64(0.25), np.int32(7), np.arange(6.0).reshape(2, 3),
                                   np.array([True, False])])
def test_plain_data_crosses_unchanged(value):
    got = roundtrip(value)
    assert type(got) is type(value) and (np.array_equal(got, value) if isinstance(value, np.ndarray) else got == value)


def test_objects_cross_by_reference_and_come_back_as_themselves():
    peer = Peer(0, 1, strict=False)
    f = lambda x: x                        # noqa: E731
    parts: list[bytes] = []
    handle = peer.decode(["ref", 5], parts)                 # an object of the other side
    assert isinstance(handle, Remote) and handle == peer.decode(["ref", 5], parts) and handle != 5
    assert peer.decode(peer.encode(f, parts), parts) is not f     # ours, sent: a number the other side holds
    assert peer.encode(handle, parts) == ["yours", 5]


@pytest.mark.parametrize("array", [np.array([object()], dtype=object), np.zeros(2, dtype=[("a", "f4"), ("b", "i4")])])
def test_no_object_or_structured_array_is_read(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    with pytest.raises(ChannelError):
        Peer(0, 1, True).decode(["np", 0], [buf.getvalue()])


def test_a_pickle_is_never_loaded():
    import pickle
    with pytest.raises(ChannelError):
        Peer(0, 1, True).decode(["np", 0], [pickle.dumps(np.ones(2))])


def test_nesting_and_sizes_are_bounded():
    deep: list = []
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(Unsendable):
        roundtrip(deep)
    r, w = os.pipe()
    os.write(w, struct.pack("<II", 1 << 30, 0))             # a header claiming 1 GB of JSON
    with pytest.raises(ChannelError):
        read_frame(r)
    text = b"[" * 100_000 + b"]" * 100_000                    # JSON nested deeper than Python's parser goes
    os.write(w, struct.pack("<II", len(text), 0))
    import threading
    threading.Thread(target=lambda: os.write(w, text)).start()
    with pytest.raises(ChannelError):
        read_frame(r)
    os.close(r)
    os.close(w)


def test_a_frame_roundtrip():
    r, w = os.pipe()
    write_frame(w, {"kind": "x"}, [b"abc"])
    assert read_frame(r) == ({"kind": "x"}, [b"abc"])
    os.close(r)
    os.close(w)


def test_the_trusted_side_gives_no_dunder_frame_code_or_module():
    peer = Peer(0, 1, strict=True)

    def check_function():
        return 1
    rid = peer._register(check_function)
    for name in ("__globals__", "__code__", "__closure__", "f_globals", "gi_frame"):
        with pytest.raises(AttributeError):
            peer.handle("getattr", [rid, name])
    holder = type("Holder", (), {"json": json})()
    with pytest.raises(AttributeError):
        peer.handle("getattr", [peer._register(holder), "json"])
    with pytest.raises(Unsendable):
        roundtrip(json)
