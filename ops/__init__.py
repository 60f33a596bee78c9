"""Operating Alku: start and stop its processes, evaluate the NLU model."""
