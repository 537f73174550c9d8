"""The scripts the tests are run with: scripts/test_summary.py, the counts that end scripts/test.sh."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

CTEST = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="t" tests="4" failures="1" disabled="0" skipped="1">
  <testcase name="A.a" classname="A.a" status="run"><system-out>ok</system-out></testcase>
  <testcase name="A.b" classname="A.b" status="run"/>
  <testcase name="A.c" classname="A.c" status="fail"><failure message="Failed"/></testcase>
  <testcase name="A.d" classname="A.d" status="notrun"><skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/></testcase>
</testsuite>
"""

PYTEST = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="0" skipped="3" tests="6">
  <testcase classname="t" name="a"/>
  <testcase classname="t" name="b"><error message="fixture failed"/></testcase>
  <testcase classname="t" name="c"><skipped type="pytest.skip" message="no corpus"/></testcase>
  <testcase classname="t" name="d"><skipped type="pytest.xfail" message="issue 11"/></testcase>
  <testcase classname="t" name="e"><skipped type="pytest.xfail" message="issue 11"/></testcase>
  <testcase classname="t" name="f"><properties/></testcase>
</testsuite></testsuites>
"""


def summary(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "test_summary.py"), *args],
        check=False,
        capture_output=True,
        text=True,
    )


def test_summary_counts_each_suite_and_fails_on_a_failure(tmp_path: Path) -> None:
    (tmp_path / "cpp.xml").write_text(CTEST, encoding="utf-8")
    (tmp_path / "python.xml").write_text(PYTEST, encoding="utf-8")
    out = summary(f"C++ (GoogleTest)={tmp_path / 'cpp.xml'}", f"Python (pytest)={tmp_path / 'python.xml'}")
    assert out.stdout.splitlines() == [
        "== summary",
        "C++ (GoogleTest): 2 passed, 1 failed, 1 skipped",
        "Python (pytest): 2 passed, 1 failed, 1 skipped, 2 xfailed",
    ]
    assert out.returncode == 1


def test_summary_is_0_when_nothing_failed_and_1_when_a_suite_did_not_run(tmp_path: Path) -> None:
    (tmp_path / "ok.xml").write_text(CTEST.replace('<failure message="Failed"/>', ""), encoding="utf-8")
    out = summary(f"C++={tmp_path / 'ok.xml'}")
    assert (out.stdout, out.returncode) == ("== summary\nC++: 3 passed, 0 failed, 1 skipped\n", 0)
    out = summary(f"C++={tmp_path / 'ok.xml'}", f"Python={tmp_path / 'none.xml'}")
    assert out.stdout.splitlines()[-1] == f"Python: did not run (no {tmp_path / 'none.xml'})"
    assert out.returncode == 1
