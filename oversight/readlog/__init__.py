"""The read log (who opened, printed or exported what) and identity (names, pseudonyms, named access)."""
