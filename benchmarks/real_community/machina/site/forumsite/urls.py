from django.contrib import admin
from django.urls import include, path
from machina import urls as machina_urls

from . import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path("account/", include("django.contrib.auth.urls")),
    path("register/", accounts.RegisterView.as_view(), name="register"),
    path("messages/", include("postman.urls", namespace="postman")),
    path("", include(machina_urls)),
]
