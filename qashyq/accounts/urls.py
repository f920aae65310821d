"""Pages of accounts under /accounts/ (SEC-1, SEC-4)."""

from django.urls import path

from qashyq.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.signin, name="login"),
    path("login/code/", views.signin_code, name="login_code"),
    path("logout/", views.signout, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/two-factor/", views.profile_totp, name="profile_totp"),
    path("profile/tokens/", views.profile_token_create, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke/", views.profile_token_revoke, name="token_revoke"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("audit/", views.audit_log, name="audit_log"),
]
