"""The local runner's Python Lambda runtime: one process per function sandbox.

Loads the handler named by _HANDLER from LAMBDA_TASK_ROOT, then answers invocations, one JSON line
each way, on file descriptor 3. The handler's own output goes to stdout/stderr.
"""
import importlib
import json
import os
import socket
import sys
import time
import traceback

ROOT = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
sys.path.insert(0, ROOT)


class Context:
    def __init__(self, request):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = "$LATEST"
        self.invoked_function_arn = request.get("functionArn")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = request.get("requestId")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline = time.time() * 1000 + request.get("timeoutMs", 3000)

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def load_handler():
    spec = os.environ.get("_HANDLER", "index.handler")
    module_name, _, function_name = spec.replace("/", ".").rpartition(".")
    if not module_name:
        raise ValueError(f'Bad handler "{spec}": expected <module>.<function>, e.g. index.handler')
    handler = getattr(importlib.import_module(module_name), function_name, None)
    if not callable(handler):
        raise AttributeError(f'module "{module_name}" has no function "{function_name}"')
    return handler


def error_of(exc):
    return {
        "errorType": type(exc).__name__,
        "errorMessage": str(exc),
        "stackTrace": traceback.format_exception(type(exc), exc, exc.__traceback__)[1:],
    }


def main():
    channel = socket.socket(fileno=3)
    reader = channel.makefile("rb")
    writer = channel.makefile("wb")
    try:
        handler, load_error = load_handler(), None
    except Exception as exc:  # reported with each invocation, as Runtime.ImportModuleError
        handler, load_error = None, exc
    for line in reader:
        request = json.loads(line)
        try:
            if load_error is not None:
                raise load_error
            answer = {"id": request["id"], "result": handler(request["event"], Context(request))}
            payload = json.dumps(answer)
        except Exception as exc:
            error = error_of(exc)
            # What Lambda's Python runtime logs for a failed invocation.
            sys.stderr.write(f"[ERROR] {error['errorType']}: {error['errorMessage']}\n")
            sys.stderr.write("Traceback (most recent call last):\n" + "".join(error["stackTrace"]))
            payload = json.dumps({"id": request["id"], "error": error})
        sys.stdout.flush()
        sys.stderr.flush()
        writer.write(payload.encode("utf-8") + b"\n")
        writer.flush()


if __name__ == "__main__":
    main()
