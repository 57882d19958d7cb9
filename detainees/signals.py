"""Signals other apps listen to, so custody services need not know about them."""

from django.dispatch import Signal

# Sent inside the writing transaction after a record closes or a closed record gets an entry;
# `record` is the locked, up-to-date record. Oversight keeps its statistics summary with it.
record_changed = Signal()
