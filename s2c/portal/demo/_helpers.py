"""Shorthand for writing demo services."""

UU_PELAYANAN = "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
PERMENPAN = "Peraturan Menteri PANRB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan"
UU_HKPD = (
    "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat "
    "dan Pemerintahan Daerah"
)
VEHICLE_WORDS = "samsat pajak kendaraan bermotor pkb stnk swdkllj motor mobil"


def svc(
    code,
    agency,
    name,
    summary,
    *,
    requirements,
    steps,
    time,
    product,
    legal,
    life,
    offices=(),
    free=True,
    cost="",
    amount=None,
    cost_legal="",
    keywords="",
    target="Masyarakat umum",
    description="",
    online="",
    views=0,
):
    value, unit = time[0], time[1]
    return {
        "code": code,
        "agency": agency,
        "content": {
            "name": name,
            "summary": summary,
            "description": description or summary,
            "keywords": keywords,
            "target_users": target,
            "requirements": list(requirements),
            "steps": list(steps),
            "processing_time_value": value,
            "processing_time_unit": unit,
            "processing_time_note": time[2] if len(time) > 2 else "",
            "is_free": free,
            "cost": "" if free else cost,
            "cost_amount": None if free else amount,
            "cost_legal_basis": "" if free else cost_legal,
            "product": product,
            "legal_basis": "\n".join([*legal, UU_PELAYANAN]),
            "life_events": list(life),
            "offices": list(offices),
        },
        "online": online,
        "views": views,
    }
