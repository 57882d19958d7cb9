"""Statistics: a summary kept per closed record, the dashboard's figures and charts, the CSV exports."""
