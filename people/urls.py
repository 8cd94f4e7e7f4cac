from django.urls import path

from .transitions import INDIVIDUAL_TITLE, INITIATIVE, TRANSFER
from .views import initiatives, persons, rules, transfers, years

app_name = "people"

urlpatterns = [
    path("", persons.index, name="index"),
    path("units/<slug:slug>/", persons.roster, name="roster"),
    path("units/<slug:slug>/new/", persons.person_new, name="person_new"),
    path("units/<slug:slug>/export/", persons.roster_export, name="roster_export"),
    path("units/<slug:slug>/import/", persons.roster_import, name="roster_import"),
    path("units/<slug:slug>/<int:year>/", years.year_grid, name="year_grid"),
    path("units/<slug:slug>/<int:year>/persons/<int:person_pk>/", years.grid_row, name="grid_row"),
    path("units/<slug:slug>/<int:year>/persons/<int:person_pk>/grade/", years.grade, name="grade"),
    path("units/<slug:slug>/<int:year>/persons/<int:person_pk>/register/", years.register, name="register"),
    path("units/<slug:slug>/<int:year>/council/", years.council_add, name="council_add"),
    path("units/<slug:slug>/<int:year>/initiatives/", initiatives.initiative_list, name="initiative_list"),
    path("units/<slug:slug>/<int:year>/initiatives/new/", initiatives.initiative_new, name="initiative_new"),
    path("initiatives/<int:initiative_pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:initiative_pk>/edit/", initiatives.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:initiative_pk>/evidence/", initiatives.initiative_evidence, name="initiative_evidence"),
    path("council/<int:member_pk>/remove/", years.council_remove, name="council_remove"),
    path("persons/<int:pk>/", persons.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("persons/<int:pk>/end/", persons.posting_end, name="posting_end"),
    path("persons/<int:pk>/transfer/", transfers.transfer_new, name="transfer_new"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("prerequisites/", rules.prerequisite_list, name="prerequisites"),
    path("prerequisites/new/", rules.prerequisite_edit, name="prerequisite_new"),
    path("prerequisites/<int:rule_pk>/", rules.prerequisite_edit, name="prerequisite_edit"),
    path("prerequisites/<int:rule_pk>/delete/", rules.prerequisite_delete, name="prerequisite_delete"),
]

# One URL per action of each machine: people:title_propose, people:transfer_accept …
urlpatterns += [
    path(f"titles/<int:title_pk>/{action}/", years.title_action, {"action": action}, name=f"title_{action}")
    for action in INDIVIDUAL_TITLE
]
urlpatterns += [
    path(
        f"transfers/<int:transfer_pk>/{action}/",
        transfers.transfer_action,
        {"action": action},
        name=f"transfer_{action}",
    )
    for action in TRANSFER
]
urlpatterns += [
    path(
        f"initiatives/<int:initiative_pk>/{action}/",
        initiatives.initiative_action,
        {"action": action},
        name=f"initiative_{action}",
    )
    for action in INITIATIVE
    if action != "edit"  # the edit form has its own page
]
