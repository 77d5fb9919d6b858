"""Event coding: sentences -> Mention records (who did what to whom, when, how many) and Indicators.

Public API: ``EventCoder(config)`` (the pipeline stage ``coder``) and
``police_actions(mentions)`` (IndiaPoliceEvents labels). See README.md in this folder.
"""

from tocsin.coding.coder import EventCoder
from tocsin.coding.police import police_actions

__all__ = ["EventCoder", "police_actions"]
