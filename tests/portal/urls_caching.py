"""URLs for the cache's tests: small public views wrapped like the portal's, then the project's own URLs."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from khuyencong.portal.caching import cache_public_page
from khuyencong.portal.selectors import public_articles

_FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Gửi</button></form>')


def news(request):
    titles = " | ".join(public_articles().values_list("title", flat=True))
    return HttpResponse(f"<p>q={request.GET.get('q', '')}</p><p>{titles}</p>")


def with_form(request):
    return HttpResponse(_FORM.render({}, request))


def with_cookie(request):
    response = HttpResponse("<p>xin chào</p>")
    response.set_cookie("kc_visitor", "abc")
    return response


urlpatterns = [
    path("thu-cache/tin/", cache_public_page(news)),
    path("thu-cache/bieu-mau/", cache_public_page(with_form)),
    path("thu-cache/cookie/", cache_public_page(with_cookie)),
    path("", include("khuyencong.urls")),
]
