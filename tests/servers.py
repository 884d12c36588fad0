"""
Real servers that tests start on a free loopback port and stop: an HTTP
receiver for webhooks and purges, a Redis whose data survives a restart, and an
S3 API server (moto's) with a bucket set up as the README says.
"""

import contextlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver:
    """
    Records every request; answers each with the next of ``statuses`` (the last
    one repeats), so a test can make it fail a few times and then accept.
    """

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                receiver.requests.append(
                    {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_GET = do_PURGE = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()


class RedisServer:
    """A Redis of the test's own, saving to a folder so ``restart`` brings its old data back."""

    def __init__(self):
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.folder = Path(tempfile.mkdtemp(prefix="kepu-test-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def available(self):
        return Path(self.binary).exists()

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
            + ["--save", "", "--appendonly", "no", "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.1):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def command(self, *words):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port).execute_command(*words)

    def stop_saving(self):
        """Stop it the way a restart does: data written to disk first."""
        # The connection closes as it shuts down, which the client reports as an error.
        with contextlib.suppress(Exception):
            self.command("SHUTDOWN", "SAVE")
        self.process.wait(timeout=10)

    def restart(self):
        return self.start()

    def close(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


class S3Server:
    """
    moto's S3 API server in this process, with an account of its own (an IAM user
    whose keys the site uses) and a bucket whose policy lets anyone read only the
    public prefixes (home.storage.bucket_policy). ``checking_keys`` makes it refuse
    unknown keys as the real service does; ``stop`` is the store going down.
    """

    def __init__(self):
        from moto.server import ThreadedMotoServer

        # moto keeps one account per process: each server's bucket and user have names of their own.
        self.port = free_port()
        self.bucket = self.user = f"kepu-media-{self.port}"
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def client(self, service="s3", **keys):
        import boto3

        keys = keys or {"aws_access_key_id": self.key_id, "aws_secret_access_key": self.secret}
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1", **keys)

    def start(self):
        from home.storage import bucket_policy

        self.server.start()
        self.key_id, self.secret = "setup", "setup"
        iam = self.client("iam")
        iam.create_user(UserName=self.user)
        iam.put_user_policy(
            UserName=self.user,
            PolicyName="media",
            PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
        )
        key = iam.create_access_key(UserName=self.user)["AccessKey"]
        self.key_id, self.secret = key["AccessKeyId"], key["SecretAccessKey"]
        s3 = self.client()
        s3.create_bucket(Bucket=self.bucket)
        s3.put_bucket_policy(Bucket=self.bucket, Policy=bucket_policy(self.bucket))
        return self

    @property
    def environ(self):
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": self.key_id,
            "S3_SECRET_ACCESS_KEY": self.secret,
        }

    def stored(self):
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    @contextlib.contextmanager
    def checking_keys(self):
        import moto.settings

        before = moto.settings.INITIAL_NO_AUTH_ACTION_COUNT
        moto.settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
        try:
            yield
        finally:
            moto.settings.INITIAL_NO_AUTH_ACTION_COUNT = before

    def stop(self):
        self.server.stop()
