import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from snapshot import snapshot

WRITER = Path(__file__).resolve().parent / "writer.py"


def _run(db, pause="0"):
    return subprocess.Popen([sys.executable, str(WRITER), str(db), pause], stdout=subprocess.PIPE, text=True)


@pytest.mark.slow  # three Python processes; run with -m slow
def test_sigkill_then_restart_equals_clean_run(tmp_path):
    clean = tmp_path / "clean.duckdb"
    assert _run(clean).wait(timeout=300) == 0

    killed = tmp_path / "killed.duckdb"
    proc = _run(killed, "0.02")
    for line in proc.stdout:
        if line.startswith("committed 3"):
            os.kill(proc.pid, signal.SIGKILL)  # lands between or inside a batch transaction
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    partial = snapshot(killed)
    assert 0 < len(partial["articles"]) < len(snapshot(clean)["articles"])

    assert _run(killed).wait(timeout=300) == 0
    assert snapshot(killed) == snapshot(clean)
