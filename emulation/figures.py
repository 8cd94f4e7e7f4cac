"""Figures a cluster or region reports as its own for a year (số liệu Khu vực báo cáo).

A region's year-end report states totals of its own — "hòa giải thành công 2.754/3.247 vụ việc,
đạt tỷ lệ 85%", "27.430 hội nghị, cuộc tuyên truyền", "hơn 1,8 triệu lượt người" — compiled by
its head from the members' reports. They are not the sum of the members' pledges in this
system (which hold only what each pledged) and must print as the report states them, so they are
kept apart: the figure, the total it is a share of (for a rate), and the wording the report uses
for it, shown back exactly.

A figure may be the region's total of one of the common targets its members pledged
(``target_number``, the target's number in the cluster's regular campaign of the year): the
cluster's report then prints this figure on that target's row, as stated, instead of the sum of
the members' values, which is another number (the members' pledges are not what they received).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .models import Cluster


class ReportedFigure(models.Model):
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="reported_figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("indicator"), max_length=255, help_text=_('e.g. "Hòa giải thành công"'))
    value = models.DecimalField(_("figure"), max_digits=16, decimal_places=2)
    of_total = models.DecimalField(
        _("out of"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a rate: the whole it is a share of."),
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    stated_as = models.CharField(
        _("as the report states it"),
        max_length=120,
        blank=True,
        help_text=_('The report\'s own wording of the figure or its rate, e.g. "đạt tỷ lệ 85%", "hơn 1,8 triệu".'),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    target_number = models.PositiveSmallIntegerField(
        _("common target no."),
        null=True,
        blank=True,
        help_text=_(
            "The number of the common target of the cluster's regular campaign this figure is the total of, if "
            "any: the report prints this figure on that target's row instead of the sum of the members' values."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure reported by the cluster")
        verbose_name_plural = _("figures reported by the cluster")
        ordering = ["cluster", "year", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="reported_figure_not_negative"),
            models.CheckConstraint(
                condition=models.Q(of_total__isnull=True) | models.Q(of_total__gt=0), name="reported_total_positive"
            ),
            models.UniqueConstraint(
                fields=["cluster", "year", "target_number"],
                condition=models.Q(target_number__isnull=False),
                name="one_reported_figure_per_target",
                violation_error_message=_("The cluster already reports a figure for this target in this year."),
            ),
        ]

    def __str__(self):
        return f"{self.label} — {self.cluster} ({self.year})"

    @property
    def rate(self):
        """The share in percent when a total is given (exact; rounded only for display)."""
        if self.of_total:
            return self.value * Decimal(100) / self.of_total
        return None
