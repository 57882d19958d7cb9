"""Monitoring visits: where, when, whom and what a monitor saw; findings follow the inspectors' workflow."""
