"""Total-fit line breaking of running text: items, the breaker, the hand-off into the tree."""
