"""Alku's web console: the public service directory now; advisors' inbox and editors later."""
