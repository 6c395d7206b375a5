"""Placeholder until the document store lands (see kaigon/docstore/base.py)."""


def get_docstore():
    raise NotImplementedError
