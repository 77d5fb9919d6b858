"""Writes a many-batch invented corpus into a store, printing a line after each committed batch.

Run as a subprocess by test_kill_restart.py: ``python writer.py DB``.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dedupe"))

from factory import corpus, variants  # noqa: E402

from tocsin.config import load_config  # noqa: E402
from tocsin.model import Rejection  # noqa: E402
from tocsin.store import Store  # noqa: E402


def main(db: str, pause: float) -> None:
    docs = corpus() + variants(24)
    with Store(db, load_config(environ={}, user_file=None)) as store:
        done = store.done_origins()
        todo = [d for d in docs if d.article.origin not in done]
        for start in range(0, len(todo), 3):
            batch = todo[start:start + 3]
            rejections = [Rejection(origin=f"{d.article.origin}/attachment", status="skipped", code="T201",
                                    reason="too short") for d in batch if d.article.id < "4"]
            store.write_batch(batch, rejections)
            print(f"committed {start // 3}", flush=True)
            time.sleep(pause)
    print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)
