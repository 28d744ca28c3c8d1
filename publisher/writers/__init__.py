"""Writers: each turns the publication model into one output format."""
