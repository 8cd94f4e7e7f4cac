"""``{{ form|stacked }}``: a form laid out as crispy's Bootstrap 5 pack lays it out, rendered
in Python for the pages with many fields (the vote's set-up)."""

from django import forms
from django.template import Context, Template


class Sample(forms.Form):
    place = forms.CharField(label="Địa điểm", help_text="Nơi họp")
    kind = forms.ChoiceField(label="Hình thức", choices=[("a", "A"), ("b", "B")])
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea, required=False)
    final = forms.BooleanField(label="Đạt đúng ngưỡng", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Không lưu được.")


def render(form):
    return Template("{% load emulation %}{{ form|stacked }}").render(Context({"form": form}))


def test_every_field_has_its_label_control_class_and_help():
    html = render(Sample(initial={"version": 3}))
    assert '<label for="id_place" class="form-label">Địa điểm<span class="asteriskField">*</span></label>' in html
    assert 'class="form-control"' in html and 'aria-describedby="id_place_helptext"' in html
    assert '<div id="id_place_helptext" class="form-text">Nơi họp</div>' in html
    assert '<select name="kind" class="form-select"' in html
    assert '<textarea name="note"' in html and 'for="id_note" class="form-label">Ghi chú</label>' in html
    assert '<div class="form-check"><input type="checkbox" name="final" class="form-check-input"' in html
    assert '<input type="hidden" name="version" value="3"' in html


def test_errors_are_shown_beside_the_field_and_above_the_form():
    form = Sample(data={"place": "", "kind": "z", "version": "1"})
    html = render(form)
    assert html.startswith('<div class="alert alert-danger">Không lưu được.</div>')
    assert 'class="form-control is-invalid"' in html and 'class="form-select is-invalid"' in html
    assert html.count('class="invalid-feedback d-block"') == 2


def test_what_the_user_typed_comes_back_as_typed():
    html = render(Sample(data={"place": "Thành phố Pleiku <b>", "kind": "a"}))
    assert 'value="Thành phố Pleiku &lt;b&gt;"' in html
