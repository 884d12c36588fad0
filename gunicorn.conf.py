"""
gunicorn reads this from the working directory (make run, the Dockerfile, the benches).

The app is loaded once in the master before the workers fork: jieba's dictionary
(1-2 s) is then in memory already, so no visitor's first search waits for it.
"""

import gc

preload_app = True


def on_starting(server):
    """
    Refuse to start against a media store that refuses us (home.storage): wrong keys
    or a missing bucket stop the deployment here, with the reason, not at the first upload.
    """
    from home.storage import verify_default_storage

    verify_default_storage()


def pre_fork(server, worker):
    """
    Objects loaded before the fork (the app, jieba's dictionary) are shared with the
    workers until something writes to their memory, and the garbage collector writes
    to every object it visits: frozen, it leaves them alone, so they stay shared.
    """
    gc.freeze()
