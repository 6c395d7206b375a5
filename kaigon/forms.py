"""Pages that show a form put a KaigonError on it with one helper."""

from django import forms

from kaigon.errors import KaigonError


def form_add_error(form: forms.BaseForm, error: KaigonError) -> None:
    """Show `error` on `form`: each field error on its field, the rest on top.

    Errors for a field the form does not have (non_field_errors, or a
    service's own name for an input) and an error without fields go on top.
    """
    fields = error.field_messages()
    if not fields:
        form.add_error(None, forms.ValidationError(error.message, code=error.code))
        return
    for name, messages in fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, forms.ValidationError(message, code=error.code))
