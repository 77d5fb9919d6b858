"""The Pipeline's own behaviour (its stages are tested in their packages)."""

import gc

from tocsin.config import load_config
from tocsin.model import Article
from tocsin.pipeline import Pipeline


def test_the_first_batch_settles_the_heap_once():
    pipeline = Pipeline(load_config(), stages=[])
    article = Article(id="a", text="Police arrested two men in the capital on Monday.", published="2024-05-06")
    gc.unfreeze()
    pipeline.process([article])
    frozen = gc.get_freeze_count()
    assert frozen > 0  # the model and tables are out of the collector's way
    pipeline.process([article])
    assert gc.get_freeze_count() == frozen  # settled once, not per batch
    gc.unfreeze()
