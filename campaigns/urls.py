from django.urls import path

from .views import campaigns, cluster, individuals, pledges, progress, rows

app_name = "campaigns"

urlpatterns = [
    path("", campaigns.index, name="index"),
    path("new/", campaigns.campaign_new, name="campaign_new"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("<int:pk>/pledge/", pledges.pledge_create, name="pledge_create"),
    path("pledges/", pledges.pledge_list, name="pledge_list"),
    path("pledges/persons-to-link/", individuals.unlinked, name="individuals_unlinked"),
    path("pledges/persons-to-link/all/", individuals.link_all, name="individuals_link_all"),
    path("pledges/persons-to-link/<int:row_pk>/", individuals.link, name="individuals_link"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/edit/", pledges.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/submit/", pledges.pledge_submit, name="pledge_submit"),
    path("pledges/<int:pk>/accept/", pledges.pledge_accept, name="pledge_accept"),
    path("pledges/<int:pk>/return/", pledges.pledge_return, name="pledge_return"),
    path("pledges/<int:pk>/results/", pledges.pledge_results, name="pledge_results"),
    path("pledges/<int:pk>/assess/", pledges.pledge_assess, name="pledge_assess"),
    path("pledges/<int:pk>/signed-copy/", pledges.pledge_signed_copy, name="pledge_signed_copy"),
    path("pledges/<int:pk>/signed-copy/upload/", pledges.pledge_signed_copy_upload, name="pledge_signed_copy_upload"),
    path("pledges/<int:pk>/progress/", progress.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/return/", progress.progress_return, name="progress_return"),
    path("pledges/<int:pk>/rows/<str:prefix>/", rows.formset_row, name="formset_row"),
    path("campaign-rows/<str:prefix>/", rows.campaign_formset_row, name="campaign_formset_row"),
    path("pledges/<int:pk>/rows/<str:prefix>/removed/", rows.formset_row_removed, name="formset_row_removed"),
    path("clusters/<slug:slug>/", cluster.cluster_overview, name="cluster_overview"),
    path("clusters/<slug:slug>/progress/", progress.cluster_progress, name="cluster_progress"),
    path("clusters/<slug:slug>/remind/", cluster.cluster_remind, name="cluster_remind"),
    path("clusters/<slug:slug>/export.xlsx", cluster.cluster_export, name="cluster_export"),
]
