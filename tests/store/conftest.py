"""Multi-article fixtures: tests/fixtures/multi/*.json, ingested through kg.ingest + the Store.

The articles tell three stories (dates in the file names, which is also the ingest order):

- the mayor of Hamedan, «سید مسعود حسینی», quoted in four articles as «سید مسعود حسینی،
  شهردار همدان», «دکتر مسعود حسینی، شهردار همدان», «حسینی، شهردار همدان» and plain
  «شهردار همدان»; the city council chairman as «رئیس شورای اسلامی شهر همدان» and later
  «رئیس شورای شهر همدان»;
- two mayors called «رضایی»: «علی رضایی، شهردار تبریز» (and later «رضایی، شهردار تبریز»)
  and «رضایی، شهردار اصفهان»;
- the mayor of Arak replaced: «احمد کریمی» (2023-11-20), a title-only article (2024-02-01),
  «مهدی نوری» (2024-12-15), a title-only article (2025-01-10).
"""

from __future__ import annotations

import pytest
from multi_fixture import ingest_items

from kg.ingest import Ingested


@pytest.fixture(scope="session")
def items() -> list[Ingested]:
    """The fixture articles, extracted and mapped (in file-name order = date order)."""
    return ingest_items()


@pytest.fixture
def store(items):
    from kg.store import Store

    with Store() as st:
        for item in items:
            st.replace_article(item.graph)
        yield st
