import pytest

from .factories import TitleRuleFactory, cluster_with_voters


@pytest.fixture
def setup(db):
    return cluster_with_voters()


@pytest.fixture
def rule(db):
    return TitleRuleFactory()
