"""Forms of the scoring pages. Numbers are read with ``NumberField`` (24.196, 89,68)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation.files import validate_document
from emulation.forms import CHOOSE, ModelForm, ModelMultipleChoiceField, NumberField
from emulation.models import Cluster, Unit

from . import computation
from .models import CriteriaTable, Criterion


def _helper(label, test_id="save"):
    helper = FormHelper()
    helper.add_input(Submit("save", label, data_testid=test_id))
    return helper


class TableForm(ModelForm):
    total_points = NumberField(label=capfirst(_("total points")), min_value=0.01, max_digits=7, decimal_places=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CriteriaTable
        fields = ["year", "unit_type", "name", "legal_basis", "issued_on", "issuer", "total_points"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["min"] = 2000
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.fields["unit_type"].disabled = True
            self.fields["version"].initial = self.instance.version
        self.helper = _helper(_("Save"), "save-table")


class CriterionForm(ModelForm):
    parent = forms.ModelChoiceField(queryset=Criterion.objects.none(), required=False, label=_("Under"))
    max_points = NumberField(label=capfirst(_("maximum points")), min_value=0, max_digits=7, decimal_places=2)
    target = NumberField(label=capfirst(_("target")), required=False, max_digits=14, decimal_places=4)
    ceiling = NumberField(label=capfirst(_("ceiling when exceeded")), required=False, max_digits=7, decimal_places=2)

    class Meta:
        model = Criterion
        fields = [
            "parent",
            "number",
            "title",
            "max_points",
            "kind",
            "method",
            "input_label",
            "target",
            "ceiling",
            "evidence_required",
            "evidence_hint",
            "note",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Criterion.objects.filter(table=table).exclude(pk=self.instance.pk)
        self.fields["parent"].label_from_instance = lambda node: f"{node.number}. {node.title[:80]}"
        self.fields["target"].help_text = Criterion._meta.get_field("target").help_text
        self.fields["ceiling"].help_text = Criterion._meta.get_field("ceiling").help_text
        # A group (I, II …) or a criterion with sub-criteria is not scored itself: no method to pick.
        method = self.fields["method"]
        method.required = False
        method.choices = [("", _("— none: a group, or a criterion with sub-criteria")), *Criterion.Method.choices]
        if self.instance.pk and self.instance.children.exists():
            self.initial["method"] = ""
        self.helper = _helper(_("Save"), "save-criterion")

    def clean_method(self):
        return self.cleaned_data.get("method") or Criterion.Method.MANUAL

    def clean(self):
        data = super().clean()
        maximum, ceiling = data.get("max_points"), data.get("ceiling")
        if maximum is not None and ceiling is not None and ceiling < maximum:
            self.add_error("ceiling", _("The ceiling cannot be below the maximum points."))
        if data.get("target") is not None and data["target"] <= 0:
            self.add_error("target", _("The target must be greater than 0."))
        return data


class BandForm(forms.Form):
    lower = NumberField(label=capfirst(_("value from")), required=False, max_digits=14, decimal_places=4)
    upper = NumberField(label=capfirst(_("value to")), required=False, max_digits=14, decimal_places=4)
    points = NumberField(label=capfirst(_("points")), required=False, min_value=0, max_digits=7, decimal_places=2)

    def clean(self):
        data = super().clean()
        lower, upper = data.get("lower"), data.get("upper")
        if lower is not None and upper is not None and upper < lower:
            self.add_error("upper", _("“To” cannot be below “from”."))
        if (lower is not None or upper is not None) and data.get("points") is None:
            self.add_error("points", _("Enter the band's points."))
        return data


class BaseBandFormSet(forms.BaseFormSet):
    def rows(self):
        """[(lower, upper, points)] of the filled rows not marked for deletion (after is_valid)."""
        return [
            (f.cleaned_data["lower"], f.cleaned_data["upper"], f.cleaned_data["points"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("points") is not None
        ]


BandFormSet = forms.formset_factory(BandForm, formset=BaseBandFormSet, extra=2, can_delete=True)


class RankBandForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=50, required=False)
    label = forms.CharField(label=capfirst(_("label")), max_length=100, required=False)
    min_total = NumberField(
        label=capfirst(_("minimum total")), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    required = ModelMultipleChoiceField(
        queryset=Criterion.objects.none(),
        required=False,
        label=capfirst(_("criteria that must be fully scored")),
        widget=forms.SelectMultiple(attrs={"size": 3, "class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].queryset = criteria if criteria is not None else Criterion.objects.none()
        self.fields["required"].label_from_instance = lambda node: f"{node.number}. {node.title[:60]}"

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("min_total") is None:
            self.add_error("min_total", _("Enter the minimum total."))
        return data


class BaseRankBandFormSet(forms.BaseFormSet):
    def __init__(self, *args, criteria=None, **kwargs):
        self.criteria = criteria
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "criteria": self.criteria}


RankBandFormSet = forms.formset_factory(RankBandForm, formset=BaseRankBandFormSet, extra=1, can_delete=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Import"), "import-table")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 10 * 1024 * 1024:
            raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": 10})
        return uploaded


class CopyTableForm(forms.Form):
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2000, max_value=2100)


class ReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=Unit.objects.filter(active=True), label=capfirst(_("reviewing unit")), empty_label=CHOOSE
    )
    cluster = forms.ModelChoiceField(
        queryset=Cluster.objects.all(), required=False, label=capfirst(_("cluster")), empty_label=_("All units")
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=capfirst(_("file")), required=False, validators=[validate_document])
    link = forms.URLField(label=capfirst(_("link")), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("link"):
            raise ValidationError(_("Choose a file or enter a link."))
        return data


class CertificationForm(forms.Form):
    certification = forms.FileField(label=capfirst(_("chairman's certification")), validators=[validate_document])


class ReturnForm(forms.Form):
    reason = forms.CharField(label=capfirst(_("reason for returning")), widget=forms.Textarea(attrs={"rows": 2}))


YES_NO_CHOICES = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


class ScorecardForm(forms.Form):
    """The self-scoring grid: per scored criterion the fields its method needs
    (``c<pk>-points`` | ``-value`` | ``-planned`` | ``-answer``) plus ``-note``.
    ``clean`` computes every criterion's points (shown live and saved), and refuses points
    outside [0, max] or a value that does not parse with that field's error."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteria, bands, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [node for node in criteria if node.is_leaf]
        self.bands = bands
        self.computed = {}
        for node in self.criteria:
            entry = entries.get(node.pk)
            prefix = f"c{node.pk}"
            for name, field in self._fields_for(node).items():
                self.fields[f"{prefix}-{name}"] = field
                if entry is not None:
                    self.initial[f"{prefix}-{name}"] = self._initial(entry, name)
            self.fields[f"{prefix}-note"] = forms.CharField(
                label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
            if entry is not None:
                self.initial[f"{prefix}-note"] = entry.note
                self.computed[node.pk] = entry.self_points

    @staticmethod
    def _initial(entry, name):
        if name == "points":
            return entry.self_points
        if name == "answer":
            return "" if entry.answer is None else ("1" if entry.answer else "0")
        return getattr(entry, name)

    @staticmethod
    def _fields_for(node):
        points = {"max_digits": 7, "decimal_places": 2}
        values = {"max_digits": 14, "decimal_places": 4}
        if node.method == computation.MANUAL:
            return {"points": NumberField(label=capfirst(_("points")), required=False, **points)}
        if node.method == computation.YES_NO:
            return {"answer": forms.ChoiceField(label=capfirst(_("achieved")), required=False, choices=YES_NO_CHOICES)}
        fields = {"value": NumberField(label=node.input_label or _("value"), required=False, **values)}
        if node.method == computation.PROPORTIONAL and node.target is None:
            fields["planned"] = NumberField(label=capfirst(_("planned")), required=False, **values)
        return fields

    def rows(self):
        """{criterion pk: {"points", "value", "planned", "answer", "note", "link"}} (after is_valid)."""
        rows = {}
        data = self.cleaned_data
        for node in self.criteria:
            prefix = f"c{node.pk}"
            answer = data.get(f"{prefix}-answer")
            rows[node.pk] = {
                "points": data.get(f"{prefix}-points"),
                "value": data.get(f"{prefix}-value"),
                "planned": data.get(f"{prefix}-planned"),
                "answer": None if answer in (None, "") else answer == "1",
                "note": data.get(f"{prefix}-note", ""),
            }
        return rows

    def clean(self):
        data = super().clean()
        for node in self.criteria:
            prefix = f"c{node.pk}"
            if any(f"{prefix}-{name}" in self.errors for name in ("points", "value", "planned", "answer")):
                self.computed[node.pk] = None
                continue
            answer = data.get(f"{prefix}-answer")
            try:
                self.computed[node.pk] = computation.criterion_points(
                    node,
                    self.bands.get(node.pk, []),
                    points=data.get(f"{prefix}-points"),
                    value=data.get(f"{prefix}-value"),
                    planned=data.get(f"{prefix}-planned"),
                    answer=None if answer in (None, "") else answer == "1",
                )
            except computation.InputError as error:
                self.computed[node.pk] = None
                field = f"{prefix}-{error.field}"
                self.add_error(field if field in self.fields else None, error.message)
        return data


class ReviewForm(forms.Form):
    """The reviewer's grid: ``e<entry pk>-points``, ``-reason``, ``-version`` per entry."""

    def __init__(self, *args, criteria, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        by_pk = {node.pk: node for node in criteria}
        for entry in entries.values():
            node = by_pk[entry.criterion_id]
            prefix = f"e{entry.pk}"
            self.fields[f"{prefix}-points"] = NumberField(
                label=capfirst(_("reviewed points")),
                required=False,
                min_value=0,
                max_value=node.upper_bound,
                max_digits=7,
                decimal_places=2,
            )
            self.fields[f"{prefix}-reason"] = forms.CharField(
                label=capfirst(_("reason for the change")), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
            self.fields[f"{prefix}-version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            self.initial[f"{prefix}-points"] = entry.reviewed_points
            self.initial[f"{prefix}-reason"] = entry.review_reason
            self.initial[f"{prefix}-version"] = entry.version

    def clean(self):
        data = super().clean()
        for entry in self.entries.values():
            prefix = f"e{entry.pk}"
            points = data.get(f"{prefix}-points")
            if points is not None and points != entry.self_points and not (data.get(f"{prefix}-reason") or "").strip():
                self.add_error(f"{prefix}-reason", _("Give the reason for the change."))
        return data

    def rows(self):
        data = self.cleaned_data
        return {
            entry.pk: (
                data.get(f"e{entry.pk}-points"),
                data.get(f"e{entry.pk}-reason", ""),
                data.get(f"e{entry.pk}-version"),
            )
            for entry in self.entries.values()
        }
