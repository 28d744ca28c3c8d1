"""Layout: from the print HTML to pages, engine-neutral outside ``weasy/``."""
