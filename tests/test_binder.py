"""The repository stays a valid repo2docker (Binder, JupyterHub) configuration."""

import subprocess
import sys
from pathlib import Path

from thaw.paths import ROOT


def test_repo2docker_accepts_the_repository():
    repo2docker = Path(sys.executable).parent / "jupyter-repo2docker"
    result = subprocess.run([str(repo2docker), "--no-build", "--no-run", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "python=3.11" in output or "python 3.11" in output.lower(), "runtime.txt not honoured"
    assert "requirements.txt" in output


def test_requirements_are_fully_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line in ("-e .", "-r requirements.txt"):
                continue
            assert "==" in line, f"{name}: '{line}' is not pinned with =="
