"""The read log's middleware: refused requests (400 / 403 / 404) of signed-in users are logged too."""

from ..models import AccessKind
from .services import log

REFUSED = {400: AccessKind.BAD_REQUEST, 403: AccessKind.DENIED, 404: AccessKind.NOT_FOUND}


class AccessLogMiddleware:
    """Logs every refused request of a signed-in user: guessed ids, forbidden posts, forged parameters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = REFUSED.get(response.status_code)
        user = getattr(request, "user", None)
        if kind and user is not None and user.is_authenticated:
            log(request, kind, status=response.status_code)
        return response
