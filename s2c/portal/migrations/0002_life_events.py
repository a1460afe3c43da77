"""The life events citizens start from on the home page (editable afterwards)."""

from django.db import migrations

LIFE_EVENTS = [
    # code, name, name_en, description, description_en, icon
    ("kesehatan", "Kesehatan", "Health",
     "Berobat, rumah sakit daerah, jaminan kesehatan dan layanan kesehatan masyarakat.",
     "Treatment, the province's hospitals, health insurance and public health services.",
     "health"),
    ("pendidikan", "Pendidikan", "Education",
     "Sekolah menengah, beasiswa, legalisasi ijazah dan mutasi siswa.",
     "Secondary schools, scholarships, diploma legalisation and school transfers.",
     "education"),
    ("kependudukan", "Administrasi kependudukan", "Population records",
     "Data kependudukan, keluarga berencana dan perlindungan anak.",
     "Population data, family planning and child protection.",
     "people"),
    ("perizinan", "Perizinan dan usaha", "Permits and business",
     "Izin usaha dan penanaman modal melalui pelayanan terpadu satu pintu.",
     "Business licences and investment permits through the one-stop service.",
     "permit"),
    ("kendaraan-pajak", "Kendaraan dan pajak", "Vehicles and tax",
     "Pajak kendaraan bermotor, perpanjangan STNK, balik nama dan Samsat.",
     "Motor vehicle tax, STNK renewal, change of ownership and Samsat.",
     "vehicle"),
    ("pariwisata", "Pariwisata dan budaya", "Tourism and culture",
     "Destinasi, event, usaha pariwisata dan cagar budaya.",
     "Destinations, events, tourism businesses and cultural heritage.",
     "tourism"),
    ("pekerjaan", "Pekerjaan", "Employment",
     "Kartu pencari kerja, pelatihan kerja, hubungan industrial dan transmigrasi.",
     "Job-seeker cards, vocational training, industrial relations and transmigration.",
     "work"),
    ("bantuan-sosial", "Bantuan sosial", "Social aid",
     "Bantuan sosial, rehabilitasi sosial dan perlindungan bagi yang membutuhkan.",
     "Social assistance, social rehabilitation and protection for those in need.",
     "aid"),
    ("bencana", "Bencana dan keadaan darurat", "Disasters and emergencies",
     "Informasi bencana, bantuan darurat, dan kebakaran hutan dan lahan.",
     "Disaster information, emergency relief, and forest and land fires.",
     "disaster"),
]


def create(apps, schema_editor):
    LifeEvent = apps.get_model("portal", "LifeEvent")
    for order, (code, name, name_en, desc, desc_en, icon) in enumerate(LIFE_EVENTS, start=1):
        LifeEvent.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": desc,
                "description_en": desc_en,
                "icon": icon,
                "order": order * 10,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("portal", "LifeEvent").objects.filter(
        code__in=[row[0] for row in LIFE_EVENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
