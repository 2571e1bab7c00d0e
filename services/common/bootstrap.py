"""What every service's composition root shares: settings, logs, one MongoDB client and
database. A service's own bootstrap.py builds on it and adds its unit of work and adapters;
its web app and its worker both call that one function."""
from dataclasses import dataclass, field

from pymongo import MongoClient
from pymongo.database import Database

from .config import Settings
from .logs import setup_logging
from .mongo import client_for


@dataclass
class Base:
    settings: Settings
    client: MongoClient
    db: Database
    extras: dict = field(default_factory=dict)


def base(service: str, settings: Settings | None = None, log_name: str | None = None) -> Base:
    settings = settings or Settings.load(service)
    setup_logging(log_name or service, settings.log_level)
    client = client_for(settings.mongo_url)
    return Base(settings=settings, client=client, db=client[settings.mongo_db])
