from django.urls import path

from khuyencong.projects.views import projects as views

app_name = "projects"

urlpatterns = [
    path("", views.project_list_view, name="project_list"),
    path("xuat-excel/", views.project_export, name="project_export"),
    path("viec-can-lam/", views.inbox_view, name="inbox"),
    path("tao-moi/", views.project_create_view, name="project_create"),
    path("<int:pk>/", views.project_detail_view, name="project_detail"),
    path("<int:pk>/sua/", views.project_edit_view, name="project_edit"),
    path("<int:pk>/thao-tac/<str:name>/", views.project_transition_view, name="project_transition"),
    path("<int:pk>/tai-lieu/", views.attachment_upload_view, name="attachment_upload"),
    path("<int:pk>/tai-lieu/<int:attachment_id>/", views.attachment_download_view, name="attachment_download"),
    path("<int:pk>/tai-lieu/<int:attachment_id>/go/", views.attachment_remove_view, name="attachment_remove"),
]
