from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from wenlan.interop.oaipmh.provider import Provider


@csrf_exempt  # harvesters POST form-encoded requests; nothing is changed by them
def oai(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    query = request.POST if request.method == "POST" else request.GET
    params = {key: query.getlist(key) for key in query}
    base_url = f"{request.scheme}://{request.get_host()}"
    response = Provider(base_url=base_url, params=params).respond()
    return HttpResponse(
        response.body, status=response.status, content_type="text/xml; charset=utf-8"
    )
