from tests.conftest import chaoyang, haidian, home  # noqa: F401  (the project's shared fixtures)
