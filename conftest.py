"""
Fixtures every test can ask for by name, wherever it lives: the site's
(tests/fixtures.py) and each app's (<app>/tests/fixtures.py), so no test
imports a fixture and no fixture is defined twice.
"""

pytest_plugins = [
    "tests.fixtures",
    "events.tests.fixtures",
    "lectures.tests.fixtures",
    "articles.tests.fixtures",
    "registrations.tests.fixtures",
]
