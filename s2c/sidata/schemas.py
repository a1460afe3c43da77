from datetime import datetime
from uuid import UUID

from ninja import Schema


class ItemOut(Schema):
    public_id: UUID
    title: str
    description: str
    agency: str
    created_at: datetime

    @staticmethod
    def resolve_agency(item) -> str:
        return item.agency.code
