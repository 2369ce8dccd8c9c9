"""Sign-up as in machina's example project: username, e-mail, password twice; the new member is
signed in at once (no e-mail verification, no age question, no CAPTCHA)."""

from django import forms
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.views.generic import CreateView


class RegisterForm(UserCreationForm):
    email = forms.EmailField(label="Email address", required=True)

    class Meta:
        model = User
        fields = ("username", "email")


class RegisterView(CreateView):
    template_name = "registration/register.html"
    form_class = RegisterForm
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        login(self.request, self.object, backend="django.contrib.auth.backends.ModelBackend")
        return response
