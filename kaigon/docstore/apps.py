from django.apps import AppConfig


class DocstoreConfig(AppConfig):
    name = "kaigon.docstore"
    label = "docstore"
    verbose_name = "Document store"
