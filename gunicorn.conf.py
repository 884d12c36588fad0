"""
gunicorn reads this from the working directory (make run, the Dockerfile, the benches).

The app is loaded once in the master before the workers fork: jieba's dictionary
(1-2 s) is then in memory already, so no visitor's first search waits for it.
"""

preload_app = True


def on_starting(server):
    """
    Refuse to start against a media store that refuses us (home.storage): wrong keys
    or a missing bucket stop the deployment here, with the reason, not at the first upload.
    """
    from home.storage import verify_default_storage

    verify_default_storage()
