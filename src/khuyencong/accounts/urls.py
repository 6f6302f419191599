from django.contrib.auth.views import LogoutView
from django.urls import path

from khuyencong.accounts.views import auth as views
from khuyencong.accounts.views import profile

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("ho-so/", profile.profile, name="profile"),
    path("ho-so/khoa-api/<int:pk>/thu-hoi/", profile.token_revoke_view, name="token_revoke"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
