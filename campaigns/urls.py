from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/pledge/", views.pledge_create, name="pledge_create"),
    path("pledges/", views.pledge_list, name="pledge_list"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/submit/", views.pledge_submit, name="pledge_submit"),
    path("pledges/<int:pk>/accept/", views.pledge_accept, name="pledge_accept"),
    path("pledges/<int:pk>/return/", views.pledge_return, name="pledge_return"),
    path("pledges/<int:pk>/results/", views.pledge_results, name="pledge_results"),
    path("pledges/<int:pk>/assess/", views.pledge_assess, name="pledge_assess"),
    path("pledges/<int:pk>/signed-copy/", views.pledge_signed_copy, name="pledge_signed_copy"),
    path("pledges/<int:pk>/signed-copy/upload/", views.pledge_signed_copy_upload, name="pledge_signed_copy_upload"),
    path("pledges/<int:pk>/rows/<str:prefix>/", views.formset_row, name="formset_row"),
    path("campaign-rows/<str:prefix>/", views.campaign_formset_row, name="campaign_formset_row"),
    path("pledges/<int:pk>/rows/<str:prefix>/removed/", views.formset_row_removed, name="formset_row_removed"),
    path("clusters/<slug:slug>/", views.cluster_overview, name="cluster_overview"),
    path("clusters/<slug:slug>/remind/", views.cluster_remind, name="cluster_remind"),
    path("clusters/<slug:slug>/export.xlsx", views.cluster_export, name="cluster_export"),
]
