"""The runtime's immutable records (``_record.Frozen``) behave as the frozen dataclasses they
replaced: value equality and hash, repr, ``replace``, pickling, no assignment."""

from __future__ import annotations

import pickle

import pytest

from spacegen.runtime._messages import Completed, ErrorInfo, JobStatus, LogMessage, StatusCode
from spacegen.runtime._protocol import Channel


def test_values_compare_and_hash_by_field() -> None:
    a, b = JobStatus(StatusCode.QUEUED, rank=2), JobStatus(StatusCode.QUEUED, 2)
    assert a == b and hash(a) == hash(b) and a != JobStatus(StatusCode.QUEUED, rank=3)
    assert LogMessage("hi") != ErrorInfo("hi")  # other class, never equal
    expected = "LogMessage(message='hi', level='info', title=None, duration=None)"
    assert repr(LogMessage("hi")) == expected


def test_replace_changes_only_the_named_fields() -> None:
    status = JobStatus(StatusCode.QUEUED, rank=2, queue_size=5)
    moved = status.replace(code=StatusCode.PROCESSING, rank=None)
    assert moved == JobStatus(StatusCode.PROCESSING, None, 5)
    assert status.rank == 2  # the original is untouched
    with pytest.raises(TypeError, match="no field 'bogus'"):
        status.replace(bogus=1)


def test_fields_cannot_be_assigned_or_deleted() -> None:
    done = Completed("e1", ["x"])
    with pytest.raises(AttributeError):
        done.data = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del done.event_id
    assert done.cancelled is False and Completed("e2").cancelled is True


def test_records_pickle_and_mapping_defaults_are_per_instance() -> None:
    status = JobStatus(StatusCode.FINISHED, logs=(LogMessage("done", "success"),), outputs=1)
    assert pickle.loads(pickle.dumps(status)) == status
    one, two = Channel("sse", "/a"), Channel("sse", "/b")
    assert one.params == {} and one.params is not two.params
    assert pickle.loads(pickle.dumps(one)) == one


def test_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(TypeError):
        JobStatus()._freeze(1)
