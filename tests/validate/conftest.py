"""Fixtures for the SHACL tests: a fresh, valid sample graph per test."""

from __future__ import annotations

import pytest
from validate_samples import Sample, build_sample


@pytest.fixture
def sample() -> Sample:
    return build_sample()
