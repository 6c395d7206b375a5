"""The search page's parameters (the API validates the same ones)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from boards.models import Board
from search.selectors import QUERY_MAX_LENGTH, PostFilters, SearchType


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(
        choices=[(t.value, t.value) for t in SearchType], required=False
    )
    board = forms.SlugField(label=_("Board"), required=False)
    author = forms.CharField(label=_("Author"), max_length=150, required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    comments = forms.BooleanField(label=_("Also in comments"), required=False)
    page = forms.IntegerField(min_value=1, max_value=500, required=False)

    def clean_q(self) -> str:
        # A longer query is cut, not refused: it is typed or pasted by people.
        return self.cleaned_data["q"].strip()[:QUERY_MAX_LENGTH]

    def clean_board(self) -> Board | None:
        slug = self.cleaned_data["board"]
        if not slug:
            return None
        board = Board.objects.filter(slug=slug).first()
        if board is None:
            raise forms.ValidationError(_("No board with this name."))
        return board

    def clean_author(self) -> User | None:
        username = self.cleaned_data["author"].strip().lstrip("@")
        if not username:
            return None
        author = User.objects.filter(username__iexact=username, is_active=True).first()
        if author is None:
            raise forms.ValidationError(_("No member with this username."))
        return author

    def filters(self) -> PostFilters:
        data = self.cleaned_data
        return PostFilters(
            board=data["board"],
            author=data["author"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            comments=data["comments"],
        )

    def search_type(self) -> SearchType:
        return SearchType(self.cleaned_data["type"] or SearchType.POSTS)
