"""
gunicorn reads this from the working directory (make run, the Dockerfile, the benches).

The app is loaded once in the master before the workers fork: jieba's dictionary
(1-2 s) is then in memory already, so no visitor's first search waits for it.
"""

preload_app = True
