"""One entry per submit: the one-time token every create form carries.

The view makes a `Once` from the request and puts it in the form (`{{ once }}`): a fresh
token on GET, the one sent back when the form is shown again with errors. `Once.run` claims
the token and calls the service in one transaction. The claim is an INSERT on the token's
unique index, made first, so a parallel duplicate waits on that index until the first submit
commits and then finds its row; a duplicate, in parallel or later, is sent to the first one's
result and calls nothing. A refused first attempt rolls the claim back with the rest, so the
form can be corrected and sent again with the same token.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import Submission

FIELD = "submit_token"


@dataclass(frozen=True)
class Done:
    """Where to send the user; `result` is the service's answer, None for a repeat."""

    url: str
    result: object = None
    repeat: bool = False


def hidden_input(token=None):
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token or uuid.uuid4())


def _parse(raw):
    try:
        return uuid.UUID(raw)
    except (TypeError, ValueError, AttributeError):
        return None


class Once:
    """The one-time token of one create form, issued for a GET and read back from the POST."""

    def __init__(self, request):
        self.user = request.user
        self.token = _parse(request.POST.get(FIELD)) if request.method == "POST" else uuid.uuid4()

    def __html__(self):
        # A refused token is not rendered again: the corrected form gets a fresh one.
        return hidden_input(self.token)

    __str__ = __html__

    def run(self, action, *, url):
        """Call `action()` unless this token was sent before; `url` is a path, or a function of the result.

        A path known before the call costs one INSERT; a function, an INSERT and an UPDATE.
        Raises ValidationError, writing nothing, for a missing or malformed token or another
        user's; a ValidationError of the service rolls the claim back with everything else.
        """
        if self.token is None:
            raise ValidationError(
                _("This form came without a valid one-time token, so nothing was saved. Check it and send it again.")
            )
        claimed = False
        try:
            with transaction.atomic():
                target = url if isinstance(url, str) else ""
                # The first statement: a parallel duplicate waits on the unique index until this commits.
                submission = Submission.objects.create(token=self.token, user=self.user, result_url=target)
                claimed = True
                result = action()
                if not target:
                    target = url(result)
                    Submission.objects.filter(pk=submission.pk).update(result_url=target)
        except IntegrityError:
            if claimed:  # the service's own, not the token's
                raise
            return self._repeat()
        return Done(url=target, result=result)

    def _repeat(self):
        first = Submission.objects.filter(token=self.token).values("user_id", "result_url").first()
        if first is None or first["user_id"] != self.user.pk:
            self.token = None
            raise ValidationError(
                _("This form was opened by another user, so nothing was saved. Check it and send it again.")
            )
        return Done(url=first["result_url"], repeat=True)
