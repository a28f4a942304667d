from django.http import HttpResponse


def ok(request):
    return HttpResponse("fine")


def boom(request):
    return HttpResponse(str(1 / int(request.GET.get("divisor", "0"))))


def boom_post(request):
    raise ValueError("could not process order %s" % request.POST.get("order", "?"))
