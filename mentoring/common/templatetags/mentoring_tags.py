"""Template helpers shared by every app."""

from django import forms, template
from django.forms import BoundField
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page_number: int) -> str:
    """The current list URL with another page number, keeping the filters."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = str(page_number)
    return f"?{query.urlencode()}"


@register.filter
def bootstrap(field: BoundField) -> str:
    """Renders a form field's widget with the Bootstrap 5 class its kind needs."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        # Django puts a widget's class on the list's container as well as on each box: the boxes are
        # styled by mentoring.css instead.
        return field.as_widget(attrs={"class": "choice-list"})
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs: dict[str, str | bool] = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    return field.as_widget(attrs=attrs)


@register.filter
def ru_plural(value: int | None, forms: str) -> str:
    """A number with the Russian word form it needs: {{ n|ru_plural:"ошибка,ошибки,ошибок" }} gives
    1 ошибка, 3 ошибки, 5 ошибок, 21 ошибка."""
    if value is None:
        return ""
    one, few, many = forms.split(",")
    number = abs(int(value))
    if number % 10 == 1 and number % 100 != 11:
        word = one
    elif number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        word = few
    else:
        word = many
    return f"{value} {word}"


@register.filter
def years(value: int | None) -> str:
    """An age in Russian: 1 год, 3 года, 14 лет, 21 год."""
    return ru_plural(value, "год,года,лет")
