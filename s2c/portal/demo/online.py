"""What the demo's stand-ins for the agencies' online services show
(``/demo/layanan-online/<name>/``): each is described from the demo services that use it
(what it does, how to use it, what to have ready), so the link on a service page leads
somewhere that reads like the real thing. Never served in production."""

from __future__ import annotations

from dataclasses import dataclass

from . import services_permits_education, services_social, services_vehicles_health

# Demo agency websites (monitored by the status page): the agency whose mandate they show.
WEBSITES = {"situs-bapenda": "bapenda", "situs-dinkes": "dinkes"}


@dataclass(frozen=True)
class OnlineService:
    name: str
    title: str
    agency: str  # agency code
    summary: str
    description: str
    requirements: list[str]
    steps: list[str]
    services: list[tuple[str, str]]  # (code, name) of the services that link here


def _demo_services() -> list[dict]:
    return (
        services_vehicles_health.SERVICES
        + services_vehicles_health.HEALTH
        + services_permits_education.PERMITS
        + services_permits_education.EDUCATION
        + services_social.SERVICES
    )


def online_service(name: str) -> OnlineService | None:
    """The stand-in called ``name``, or None. Its main service is the one delivered only
    online (no office), else the first that links to it."""
    using = [s for s in _demo_services() if s["online"] == name]
    if not using:
        return None
    main = next((s for s in using if not s["content"]["offices"]), using[0])
    content = main["content"]
    return OnlineService(
        name=name,
        title=content["name"],
        agency=main["agency"],
        summary=content["summary"],
        description=content["description"] if content["description"] != content["summary"] else "",
        requirements=list(content["requirements"]),
        steps=list(content["steps"]),
        services=[(s["code"], s["content"]["name"]) for s in using],
    )


def agency_services(agency_code: str) -> list[tuple[str, str]]:
    """(code, name) of the demo services of an agency, for its demo website."""
    return [
        (s["code"], s["content"]["name"]) for s in _demo_services() if s["agency"] == agency_code
    ]
