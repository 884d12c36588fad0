"""The app gunicorn serves: loaded before the workers fork, with the search dictionary in memory."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_gunicorn_loads_the_app_once_with_jiebas_dictionary_before_forking():
    """The first search on each worker took 1-2 s while jieba loaded its dictionary."""
    probe = (
        "import runpy; settings = runpy.run_path('gunicorn.conf.py'); "
        "import config.wsgi, jieba; "
        "print(settings['preload_app'], jieba.dt.initialized)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True"], result.stderr[-2000:]
