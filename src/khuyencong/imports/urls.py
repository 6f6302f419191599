from django.urls import path

from khuyencong.imports.views import runs as views

app_name = "imports"
urlpatterns = [
    path("lan-nhap/<int:pk>/", views.run_detail, name="run"),
    path("lan-nhap/<int:pk>/dong-loi.xlsx", views.run_rejects, name="run_rejects"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/mau.xlsx", views.template, name="template"),
    path("<slug:kind>/xuat.<str:fmt>", views.export, name="export"),
]
