"""How a finished ``fmcat`` process ends: at once, after its exit handlers and with
everything it printed delivered; the usual way while another thread still runs."""

from __future__ import annotations

import os
import subprocess
import sys

FINISH = "from fmcat.process import finish\n"
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=BUFFERED,
    )


def test_exit_handlers_run_and_buffered_output_is_delivered():
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "sys.stdout.write('x' * 100000)\n"  # more than one buffer, unflushed
        "sys.stderr.write('to stderr')\n" + FINISH + "finish(3)\n"
    )
    result = _python(code)
    assert result.returncode == 3
    assert result.stdout == "x" * 100000 + "handler ran\n"
    assert result.stderr == "to stderr"


def test_with_another_thread_running_it_exits_the_usual_way():
    code = (
        "import threading, time\n"
        "def late():\n"
        "    time.sleep(0.3)\n"
        "    print('thread finished')\n"
        "threading.Thread(target=late).start()\n" + FINISH + "finish(4)\n"
    )
    result = _python(code)
    assert result.returncode == 4
    assert result.stdout == "thread finished\n"  # joined, as a normal exit joins it


def test_a_reader_gone_before_the_last_flush_is_a_closed_pipe():
    code = (
        "import sys\nsys.stdout.write('y' * 100)\n" + FINISH + "finish(0)\n"
    )  # buffered: the flush at the end meets the closed pipe
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BUFFERED
    )
    assert process.stdout is not None
    process.stdout.close()  # nobody reads
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 141
    assert errors == b""
