"""The rule rows in force between two dates that ministry staff edit on one pair of pages
(``views.rule_rows``): the decisions' legal basis and office, the base salary, the reward
amounts, the public consultation rules and the councils' ballot rules. Each kind is an
entry of ``KINDS``: its model, the fields its form edits and the columns its list shows, besides
what every ``DatedRule`` has (legal basis, dates, unverified, note). A new kind of dated rule is
one more entry."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import modelform_factory
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from emulation.forms import ModelForm, NumberField
from emulation.models import Unit
from emulation.numbers import format_vn_number

from .dossier_forms import _date_widget
from .forms import _helper
from .models import BaseSalary, ConsultationRule, CouncilRule, DecisionBasis, RewardAmount

# What every dated rule row has, edited after the kind's own fields.
DATED = ["legal_basis", "valid_from", "valid_to", "unverified", "note"]
EMPTY = {"title": _("every title"), "level": _("any level")}  # the rows' "Empty: …" help texts


class RuleRowForm(ModelForm):
    """The form of every kind; ``Kind.form`` adds the kind's fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "office" in self.fields:  # the emulation office is one of the Ministry's units
            current = Q(pk=self.instance.office_id) if self.instance.office_id else Q()
            offices = Unit.objects.filter(Q(type=Unit.Type.MINISTRY_UNIT) | Q(is_emulation_office=True) | current)
            self.fields["office"].queryset = offices.order_by("name")
        self.helper = _helper(_("Save"), "save-rule-row")


@dataclass(frozen=True)
class Kind:
    key: str  # the URL names: <key>_list, <key>_new, <key>_edit
    slug: str  # the URL: /awards/rules/<slug>/
    model: type
    columns: list  # the kind's own fields, shown in the list and edited first
    numbers: list = field(default_factory=list)  # fields typed the Vietnamese way (2.340.000; 0,3)

    @property
    def name(self):
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def list_url(self):
        return f"awards:{self.key}_list"

    @property
    def new_url(self):
        return f"awards:{self.key}_new"

    @property
    def edit_url(self):
        return f"awards:{self.key}_edit"

    @cached_property
    def form(self):
        widgets = {"valid_from": _date_widget(), "valid_to": _date_widget(), "grounds": forms.Textarea({"rows": 4})}
        return modelform_factory(
            self.model,
            form=RuleRowForm,
            fields=[*self.columns, *DATED],
            widgets={name: widget for name, widget in widgets.items() if name in self.columns + DATED},
            field_classes=dict.fromkeys(self.numbers, NumberField),
        )

    def headings(self):
        return [capfirst(self.model._meta.get_field(name).verbose_name) for name in self.columns]

    def rows(self):
        """The kind's rows in the model's order, with what the columns show (queries: one)."""
        related = [name for name in self.columns if self.model._meta.get_field(name).many_to_one]
        return self.model.objects.select_related(*related).order_by(*self.model._meta.ordering, "pk")

    def cells(self, row):
        return [self.cell(row, name) for name in self.columns]

    def cell(self, row, name):
        if self.model._meta.get_field(name).choices:
            value = getattr(row, f"get_{name}_display")()
        else:
            value = getattr(row, name)
        if value in (None, ""):
            return EMPTY.get(name, "—")
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_vn_number(value)
        return value


KINDS = {
    kind.key: kind
    for kind in [
        Kind(
            "decision_basis",
            "decision-bases",
            DecisionBasis,
            ["level", "issuing_body", "office", "symbol", "grounds"],
        ),
        Kind("base_salary", "base-salaries", BaseSalary, ["amount"], numbers=["amount"]),
        Kind(
            "reward_amount",
            "reward-amounts",
            RewardAmount,
            ["title", "recipient", "coefficient", "round_up_to"],
            numbers=["coefficient"],
        ),
        Kind("consultation_rule", "consultation-rules", ConsultationRule, ["title", "level", "days"]),
        Kind(
            "council_rule",
            "council-rules",
            CouncilRule,
            ["body", "title", "level", "quorum_percent", "threshold_percent", "threshold_inclusive", "written_votes"],
            numbers=["quorum_percent", "threshold_percent"],
        ),
    ]
}
