from django.urls import path

from . import views

urlpatterns = [
    path("ok", views.ok),
    path("boom", views.boom),
    path("boom-post", views.boom_post),
]
