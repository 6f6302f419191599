from django.urls import path

from khuyencong.training.views import classes as views
from khuyencong.training.views import transplants as views_transplants

app_name = "training"

urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("lop/moi/", views.class_create, name="class_create"),
    path("lop/<int:pk>/", views.class_detail, name="class_detail"),
    path("lop/<int:pk>/sua/", views.class_edit, name="class_edit"),
    path("lop/<int:pk>/ket-thuc/", views.class_close, name="class_close"),
    path("lop/<int:pk>/hoc-vien/them/", views.trainee_add, name="trainee_add"),
    path("lop/<int:pk>/hoc-vien/dan/", views.roster_paste, name="roster_paste"),
    path("lop/<int:pk>/hoc-vien/nhap-tep/", views.roster_import, name="roster_import"),
    path("lop/<int:pk>/hoc-vien/hoan-thanh/", views.roster_completion, name="roster_completion"),
    path("lop/<int:pk>/hoc-vien/<int:trainee_pk>/sua/", views.trainee_edit, name="trainee_edit"),
    path("lop/<int:pk>/hoc-vien/<int:trainee_pk>/xoa/", views.trainee_remove, name="trainee_remove"),
    path("lop/<int:pk>/theo-doi/", views.follow_up_add, name="follow_up_add"),
    path("can-theo-doi/", views.follow_ups_due, name="follow_ups_due"),
    path("nhap/", views.import_file, name="import_file"),  # old address: now the import framework's pages
    path("cay-nghe/", views_transplants.transplant_list, name="transplant_list"),
    path("cay-nghe/moi/", views_transplants.transplant_new, name="transplant_create"),
    path("cay-nghe/<int:pk>/", views_transplants.transplant_detail, name="transplant_detail"),
    path("cay-nghe/<int:pk>/kiem-tra/", views_transplants.check_add, name="check_add"),
]
