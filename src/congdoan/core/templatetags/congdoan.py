"""Template helpers: Bootstrap classes on form widgets, masked text."""

from django import forms, template

register = template.Library()


@register.filter
def styled(field):
    """Render a bound field's widget with the Bootstrap class its type needs."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_hidden(field) -> bool:
    return field.is_hidden
