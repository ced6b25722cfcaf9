"""The date the atlas is built or checked on, the same for every step of one build."""

from __future__ import annotations

import datetime
import os


def today() -> str:
    """SOURCE_DATE_EPOCH's day when it is set (builds of one commit repeat exactly), else the
    current day, in UTC, as YYYY-MM-DD."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    else:
        moment = datetime.datetime.now(datetime.UTC)
    return moment.date().isoformat()
