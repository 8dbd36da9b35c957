"""pytest: the app's cloud assembly ($CDK_OUT, default cdk.out) served by the local runner for the session."""
import contextlib
import json
import os
import signal
import subprocess
import time

import pytest


@pytest.fixture(scope="session")
def local_app(tmp_path_factory):
    """Runs `npx cdk-cognito-protected-http-api local` on the assembly; yields its endpoints file, parsed."""
    work = tmp_path_factory.mktemp("local-app")
    endpoints, log = work / "local-endpoints.json", open(work / "local.log", "w")
    command = ["npx", "--no", "cdk-cognito-protected-http-api", "local", "--app", os.environ.get("CDK_OUT", "cdk.out"),
               "--port", "0", "--endpoints", str(endpoints), "--quiet"]
    # In its own process group with the runner, moto and the Lambda workers: all stopped together below.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline, app = time.monotonic() + 300, None  # the first start installs moto (about a minute)
        while app is None:
            if process.poll() is not None or time.monotonic() > deadline:
                how = "timed out" if process.returncode is None else f"exited with {process.returncode}"
                pytest.fail(f"{' '.join(command)} {how}:\n{(work / 'local.log').read_text()}")
            time.sleep(0.2)
            with contextlib.suppress(OSError, ValueError):  # not written yet, or not whole
                app = json.loads(endpoints.read_text())
        yield app
    finally:  # SIGTERM to the group (the runner stops moto and its workers), SIGKILL to any left after 5 s
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
            for _ in range(50):
                process.poll()  # reaps npx
                os.killpg(process.pid, 0)  # ProcessLookupError: none left
                time.sleep(0.1)
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
