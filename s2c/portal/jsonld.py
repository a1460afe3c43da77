"""schema.org data for the public pages: GovernmentService and GovernmentOrganization."""

from __future__ import annotations

import json

from django.urls import reverse


def script(data: dict) -> str:
    """``data`` for a ``<script type="application/ld+json">`` (safe to embed)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


PROVINCE = {"@type": "AdministrativeArea", "name": "Provinsi Sumatera Selatan"}


def _place(office, absolute) -> dict:
    place = {
        "@type": "Place",
        "name": office.name,
        "url": absolute(reverse("portal:office", args=[office.code])),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": office.address,
            "addressRegion": "Sumatera Selatan",
            "addressCountry": "ID",
        },
    }
    if office.region_id:
        place["address"]["addressLocality"] = office.region.display_name
    if office.has_location:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(office.latitude),
            "longitude": float(office.longitude),
        }
    if office.phone:
        place["telephone"] = office.phone
    return place


def organization(agency, absolute) -> dict:
    data = {
        "@type": "GovernmentOrganization",
        "name": agency.name,
        "alternateName": agency.short_name,
        "url": absolute(reverse("portal:agency", args=[agency.code])),
        "areaServed": PROVINCE,
    }
    if agency.website_domain:
        data["sameAs"] = [f"https://{agency.website_domain}/"]
    if agency.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": agency.address,
            "addressRegion": "Sumatera Selatan",
            "addressCountry": "ID",
        }
    if agency.phone:
        data["telephone"] = agency.phone
    if agency.email:
        data["email"] = agency.email
    return data


def government_service(service, offices, absolute) -> dict:
    channels = [
        {"@type": "ServiceChannel", "name": o.name, "serviceLocation": _place(o, absolute)}
        for o in offices
    ]
    if service.online_url:
        channels.append(
            {"@type": "ServiceChannel", "name": "Online", "serviceUrl": service.online_url}
        )
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": service.display_name,
        # The official (Indonesian) name, when the page shows the English one.
        "alternateName": service.name if service.display_name != service.name else None,
        "description": service.display_summary or service.description[:300],
        "url": absolute(service.get_absolute_url()),
        "identifier": service.code,
        "provider": organization(service.agency, absolute),
        "areaServed": PROVINCE,
        "availableChannel": channels,
        "serviceType": ", ".join(e.name for e in service.life_events.all()) or None,
    }
    if service.target_users:
        data["audience"] = {"@type": "Audience", "audienceType": service.target_users}
    if service.is_free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "IDR"}
    elif service.cost_amount is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": str(service.cost_amount),
            "priceCurrency": "IDR",
            **({"description": service.cost} if service.cost else {}),
        }
    elif service.cost:
        data["offers"] = {"@type": "Offer", "description": service.cost, "priceCurrency": "IDR"}
    return {k: v for k, v in data.items() if v is not None}


def agency_page(agency, offices, absolute) -> dict:
    data = {"@context": "https://schema.org", **organization(agency, absolute)}
    if offices:
        data["location"] = [_place(o, absolute) for o in offices]
    elif agency.latitude is not None and agency.longitude is not None:
        data["location"] = {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(agency.latitude),
                "longitude": float(agency.longitude),
            },
        }
    return data
