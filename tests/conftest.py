"""Root of the test tree. Holding a conftest puts ``tests/`` on ``sys.path``, so the support
modules beside this file (``conformance``, ``corpus_data``) import from every test folder."""
